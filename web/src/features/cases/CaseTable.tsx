/**
 * The table of cases that 办件查询 and 统一出件 both show: case number (a link), item and
 * department, applicant, status and outcome, due date with its warning, and on wide screens visits
 * and received at; long names end in an ellipsis and the page's own columns stay fixed at the right. A
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

/** What the columns need on a 1366-pixel screen; the visits and received-at columns join from 1600 pixels up. */
const baseWidth = 860;

export function CaseTable({ cases, loading, rowTestId, onOpen, selectedId, extraColumns = [], pagination, emptyText }: CaseTableProps) {
  const { t, formatDateTime } = useI18n();

  /** The selected case is highlighted instead of its warning colour. */
  function rowTint(c: CaseSummary) {
    return selectedId && c.id === selectedId ? { background: '#e6f4ff' } : warningRowStyle(c.warning);
  }

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.col.caseNo'),
      key: 'caseNo',
      width: 190,
      render: (_, c) => (
        <Link to={casePath(c.id)} onClick={(e) => e.stopPropagation()}>
          {c.caseNo}
        </Link>
      ),
    },
    {
      title: t('cases.col.item'),
      key: 'item',
      minWidth: 200,
      ellipsis: true,
      render: (_, c) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: c.itemName }} style={{ display: 'block' }}>
            {c.itemName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
            {c.departmentName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('cases.col.applicant'),
      key: 'applicant',
      width: 170,
      ellipsis: true,
      render: (_, c) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: c.applicantName }} style={{ display: 'block' }}>
            {c.applicantName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
            {c.applicantRef}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('cases.col.status'),
      key: 'status',
      width: 140,
      render: (_, c) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          <OutcomeTag outcome={c.outcome} />
        </Space>
      ),
    },
    { title: t('cases.col.due'), key: 'due', width: 160, render: (_, c) => <DueDate date={c.dueDate} warning={c.warning} /> },
    { title: t('cases.col.visits'), key: 'visits', width: 90, responsive: ['xxl'], render: (_, c) => <VisitsTag visits={c.visits} /> },
    { title: t('cases.col.receivedAt'), key: 'received', width: 160, responsive: ['xxl'], render: (_, c) => formatDateTime(c.receivedAt) },
    // A page's own columns (issuance's button) stay in sight at the right edge, tinted as their row.
    ...extraColumns.map((column) => ({ fixed: 'right' as const, onCell: (c: CaseSummary) => ({ style: rowTint(c) }), ...column })),
  ];
  const extraWidth = extraColumns.reduce((sum, column) => sum + (typeof column.width === 'number' ? column.width : 0), 0);

  return (
    <Table<CaseSummary>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={cases}
      loading={loading}
      tableLayout="fixed"
      scroll={{ x: baseWidth + extraWidth }}
      onRow={(c) =>
        rowProps(`${rowTestId}-${c.caseNo}`, {
          ...(selectedId === undefined ? {} : { 'aria-selected': c.id === selectedId }),
          style: { cursor: 'pointer', ...rowTint(c) },
          onClick: () => onOpen(c),
        })
      }
      pagination={pagination}
      locale={{ emptyText }}
    />
  );
}
