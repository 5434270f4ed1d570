/**
 * 差评整改 (`/rectifications`): the department's inbox of bad ratings. Each row shows the rating,
 * the state, the step waited for with its date and a red tag when it has passed; the drawer holds
 * the rating and the forms of 核实与分类, 整改反馈 and 申诉.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Select, Space, Switch, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { rectificationStateLabels, rectificationStates } from '../../../../src/domain/rating.ts';
import { pendingStepLabels } from '../../../../src/domain/rectification.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { rectificationApi, type Rectification } from './model.ts';
import { LevelTag, RectificationDrawer, StateTag, WarningTag } from './RectificationDrawer.tsx';

export function useRectificationColumns(onOpen: (id: string) => void, options: { department?: boolean } = {}): TableColumnsType<Rectification> {
  const { t, pick, formatDateTime } = useI18n();
  const columns: TableColumnsType<Rectification> = [
    { title: t('rect.col.given'), key: 'given', width: 150, render: (_, r) => formatDateTime(r.rating.givenAt) },
    {
      title: t('rect.col.item'),
      key: 'item',
      minWidth: 200,
      render: (_, r) => (
        <div>
          <div>{r.rating.itemName ?? r.rating.itemCode ?? '—'}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.rating.caseNo ?? ''} {r.rating.anonymous ? `· ${t('rect.anonymous')}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('rect.col.level'), key: 'level', width: 110, render: (_, r) => <LevelTag level={r.rating.level} /> },
  ];
  if (options.department) columns.push({ title: t('rect.col.department'), key: 'department', width: 170, render: (_, r) => r.department?.name ?? '—' });
  columns.push(
    { title: t('rect.col.state'), key: 'state', width: 120, render: (_, r) => <StateTag state={r.state} /> },
    {
      title: t('rect.col.step'),
      key: 'step',
      width: 220,
      render: (_, r) =>
        r.pending ? (
          <Space size={4} wrap>
            <span>{pick(pendingStepLabels[r.pending.step])}</span>
            <Typography.Text type={r.late ? 'danger' : 'secondary'}>{t('rect.due', { date: r.pending.due })}</Typography.Text>
            <WarningTag level={r.warning} />
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) => (
        <Button size="small" type={r.possibleActions.length ? 'primary' : 'default'} onClick={() => onOpen(r.id)} data-action="open-rectification">
          {r.possibleActions.length ? t('rect.open') : t('rect.view')}
        </Button>
      ),
    },
  );
  return columns;
}

export default function RectificationsPage() {
  const { t, pick } = useI18n();
  // The home's queues open this list filtered: ?state=… and ?late=true.
  const [params] = useSearchParams();
  const [state, setState] = useState<string | undefined>(params.get('state') ?? undefined);
  const [lateOnly, setLateOnly] = useState(params.get('late') === 'true');
  const [open, setOpen] = useState<string | null>(null);
  const query = new URLSearchParams({ ...(state ? { state } : {}), ...(lateOnly ? { late: 'true' } : {}) }).toString();
  const list = useResource<Rectification[]>(query ? `${rectificationApi.list}?${query}` : rectificationApi.list);
  const columns = useRectificationColumns(setOpen);
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('rect.nav')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('rect.intro')}</Typography.Text>
        </div>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('rect.allStates')}
            aria-label={t('rect.col.state')}
            style={{ width: 160 }}
            value={state}
            onChange={setState}
            options={rectificationStates.map((s) => ({ value: s, label: pick(rectificationStateLabels[s]) }))}
          />
          <Space size={6}>
            <Switch checked={lateOnly} onChange={setLateOnly} aria-label={t('rect.lateOnly')} />
            <span>{t('rect.lateOnly')}</span>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} loading={list.loading}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Rectification>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading && !list.data}
        scroll={{ x: 900 }}
        onRow={(r) => ({ 'data-testid': `rect-row-${r.rating.caseNo ?? r.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('rect.empty') }}
      />
      <RectificationDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
