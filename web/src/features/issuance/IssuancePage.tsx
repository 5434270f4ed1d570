/**
 * 统一出件 (`/issuance`): concluded cases waiting for their result to be handed over, oldest first.
 * Choosing one opens it below (the same case detail as everywhere): deferred materials still to
 * collect, then the delivery options (window, express, e-licence, online). A delivered case stays
 * open here so the clerk can archive it. The chosen case is in the address (`?case=<id>`), so a
 * reload keeps it.
 */
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Empty, Space, Typography, type TableColumnsType } from 'antd';
import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { CaseDetail } from '../cases/CaseDetail.tsx';
import { CaseTable } from '../cases/CaseTable.tsx';
import type { CaseSummary, CaseView } from '../cases/model.ts';

export default function IssuancePage() {
  const { t } = useI18n();
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

  const openColumn: TableColumnsType<CaseSummary> = [
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
        <CaseTable
          cases={rows ?? []}
          loading={queue.loading && !rows}
          rowTestId="issuance-row"
          selectedId={selected}
          onOpen={(c) => select(c.id)}
          extraColumns={openColumn}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          emptyText={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('issuance.empty')} />}
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
          {current && current.id === selected && current.status === 'delivered' && current.available.includes('archive') ? <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('issuance.deliveredArchive')} /> : null}
          <CaseDetail key={selected} caseId={selected} onChanged={onChanged} />
        </div>
      ) : null}
    </>
  );
}
