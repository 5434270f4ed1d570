/**
 * 统一出件 (`/issuance`): concluded cases waiting for their result to be handed over, oldest first.
 * Choosing one opens it below (the same case detail as everywhere): deferred materials still to
 * collect, then the delivery options (window, express, e-licence, online). A delivered case stays
 * open here so the clerk can archive it. The chosen case is in the address (`?case=<id>`), so a
 * reload keeps it.
 */
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { CaseDetail } from '../cases/CaseDetail.tsx';
import { casePath, type CaseSummary, type CaseView } from '../cases/model.ts';
import { CaseStatusTag, DueDate, OutcomeTag, VisitsTag, rowProps, warningRowStyle } from '../cases/tags.tsx';

export default function IssuancePage() {
  const { t, formatDateTime } = useI18n();
  const queue = useResource<CaseSummary[]>('/api/issuance');
  const [params, setParams] = useSearchParams();
  const selected = params.get('case');
  const [current, setCurrent] = useState<CaseView | null>(null);
  const { data: rows, reload } = queue;

  const select = (id: string | null) => {
    setCurrent(null);
    setParams(id ? { case: id } : {}, { replace: false });
  };

  const onChanged = useCallback(
    (view: CaseView) => {
      setCurrent(view);
      // The case left the queue (delivered) or its row is stale: refresh the list.
      const row = rows?.find((r) => r.id === view.id);
      if (!row || row.status !== view.status || row.visits !== view.visits) void reload();
    },
    [rows, reload],
  );

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
      width: 200,
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
      width: 150,
      render: (_, c) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          <OutcomeTag outcome={c.outcome} />
        </Space>
      ),
    },
    { title: t('cases.col.due'), key: 'due', width: 180, render: (_, c) => <DueDate date={c.dueDate} warning={c.warning} /> },
    { title: t('cases.col.visits'), key: 'visits', width: 100, render: (_, c) => <VisitsTag visits={c.visits} /> },
    { title: t('cases.col.receivedAt'), key: 'received', width: 170, render: (_, c) => formatDateTime(c.receivedAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, c) => (
        <Button
          size="small"
          type={c.id === selected ? 'default' : 'primary'}
          onClick={(e) => {
            e.stopPropagation();
            select(c.id);
          }}
        >
          {t('issuance.open')}
        </Button>
      ),
    },
  ];

  const deferred = current?.materials.filter((m) => m.state === 'deferred') ?? [];

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('issuance.nav')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('issuance.intro')}</Typography.Text>
          </div>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} loading={queue.loading}>
            {t('common.refresh')}
          </Button>
        </Space>
        {queue.error ? <LoadError error={queue.error} onRetry={reload} /> : null}
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows ?? []}
          loading={queue.loading && !rows}
          scroll={{ x: 1300 }}
          onRow={(c) =>
            rowProps(`issuance-row-${c.caseNo}`, {
              'aria-selected': c.id === selected,
              style: { cursor: 'pointer', ...(c.id === selected ? { background: '#e6f4ff' } : warningRowStyle(c.warning)) },
              onClick: () => select(c.id),
            })
          }
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('issuance.empty')} /> }}
        />
      </Card>

      {selected ? (
        <div data-testid="issuance-selected">
          <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('issuance.selected')}
            </Typography.Title>
            <Button icon={<CloseOutlined />} onClick={() => select(null)}>
              {t('issuance.close')}
            </Button>
          </Space>
          {current && current.id === selected && deferred.length > 0 && current.status === 'concluded' ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="issuance-deferred"
              title={t('issuance.deferredFirst')}
              description={deferred.map((m) => `${m.name}${m.deferredDue ? `(${t('issuance.promisedBy', { date: m.deferredDue })})` : ''}`).join('、')}
            />
          ) : null}
          {current && current.id === selected && current.status === 'delivered' && current.available.includes('archive') ? (
            <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('issuance.deliveredArchive')} />
          ) : null}
          <CaseDetail key={selected} caseId={selected} onChanged={onChanged} />
        </div>
      ) : null}
    </>
  );
}
