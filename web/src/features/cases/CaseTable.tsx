/**
 * The table of cases that 办件查询 and 统一出件 both show: case number (a link), item and
 * department, applicant, status and outcome, due date with its warning, visits, received at. A
 * row opens its case (`onOpen`); a page adds its own columns after these (`extraColumns`), e.g.
 * issuance's "open" button. Each row has `data-testid="<rowTestId>-<caseNo>"`.
 *
 * @example
 * <CaseTable cases={result.cases} rowTestId="case-row" onOpen={(c) => navigate(casePath(c.id))} pagination={…} emptyText="…" />
 */
import type { ReactNode } from 'react';
import { Space, Table, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { casePath, type CaseSummary } from './model.ts';
import { CaseStatusTag, DueDate, OutcomeTag, VisitsTag, rowProps, warningRowStyle } from './tags.tsx';

export interface CaseTableProps {
  cases: readonly CaseSummary[];
  loading: boolean;
  /** Prefix of each row's test id. */
  rowTestId: string;
  onOpen(summary: CaseSummary): void;
  /** The case shown beside the table, highlighted (instead of its warning colour). */
  selectedId?: string | null;
  extraColumns?: TableColumnsType<CaseSummary>;
  pagination: TablePaginationConfig | false;
  emptyText: ReactNode;
}

const baseWidth = 1250;

export function CaseTable({ cases, loading, rowTestId, onOpen, selectedId, extraColumns = [], pagination, emptyText }: CaseTableProps) {
  const { t, formatDateTime } = useI18n();

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.col.caseNo'),
      key: 'caseNo',
      width: 210,
      render: (_, c) => (
        <Link to={casePath(c.id)} onClick={(e) => e.stopPropagation()}>
          {c.caseNo}
        </Link>
      ),
    },
    {
      title: t('cases.col.item'),
      key: 'item',
      minWidth: 220,
      render: (_, c) => (
        <div>
          <div>{c.itemName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.departmentName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('cases.col.applicant'),
      key: 'applicant',
      width: 190,
      render: (_, c) => (
        <div>
          <div>{c.applicantName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.applicantRef}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('cases.col.status'),
      key: 'status',
      width: 160,
      render: (_, c) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          <OutcomeTag outcome={c.outcome} />
        </Space>
      ),
    },
    { title: t('cases.col.due'), key: 'due', width: 180, render: (_, c) => <DueDate date={c.dueDate} warning={c.warning} /> },
    { title: t('cases.col.visits'), key: 'visits', width: 90, render: (_, c) => <VisitsTag visits={c.visits} /> },
    { title: t('cases.col.receivedAt'), key: 'received', width: 160, render: (_, c) => formatDateTime(c.receivedAt) },
    ...extraColumns,
  ];
  const extraWidth = extraColumns.reduce((sum, column) => sum + (typeof column.width === 'number' ? column.width : 0), 0);

  return (
    <Table<CaseSummary>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={cases}
      loading={loading}
      scroll={{ x: baseWidth + extraWidth }}
      onRow={(c) =>
        rowProps(`${rowTestId}-${c.caseNo}`, {
          ...(selectedId === undefined ? {} : { 'aria-selected': c.id === selectedId }),
          style: { cursor: 'pointer', ...(selectedId && c.id === selectedId ? { background: '#e6f4ff' } : warningRowStyle(c.warning)) },
          onClick: () => onOpen(c),
        })
      }
      pagination={pagination}
      locale={{ emptyText }}
    />
  );
}
