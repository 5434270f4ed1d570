/**
 * 好差评督办 (`/quality`): the supervisor's (and the center's front desk's) ratings desk. Tabs:
 * 差评整改 (the month's figures: bad ratings, late ones in red, the real-name revisit share with the
 * anonymous ones apart, rectified on time; and every task of the region), 回访 (reported real-name
 * ratings waiting for the call: the drawer records the result and the re-rating), 申诉复核 (the
 * departments' appeals; a supervisor upholds or rejects with a note).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Col, Form, Input, Radio, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { appealReasonLabels, ratingLevelLabels } from '../../../../src/domain/rating.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { rectificationApi, thisMonthInChina, type RatingAppeal, type Rectification, type RectificationFigures } from './model.ts';
import { RectificationDrawer } from './RectificationDrawer.tsx';
import { useRectificationColumns } from './RectificationsPage.tsx';

/** `count` months back from `month` (YYYY-MM), newest first. */
function lastMonths(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

export default function QualityPage() {
  const { t } = useI18n();
  // The home's queues open a tab: ?tab=revisit (回访) or ?tab=appeals (申诉复核).
  const [params] = useSearchParams();
  const [tab, setTab] = useState(['revisit', 'appeals'].includes(params.get('tab') ?? '') ? params.get('tab')! : 'overview');
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('quality.nav')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('quality.intro')}</Typography.Text>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        style={{ marginTop: 8 }}
        items={[
          { key: 'overview', label: t('quality.tab.overview'), children: <Overview onOpen={setOpen} /> },
          { key: 'revisit', label: t('quality.tab.revisit'), children: <Revisits onOpen={setOpen} /> },
          { key: 'appeals', label: t('quality.tab.appeals'), children: <Appeals onOpen={setOpen} /> },
        ]}
      />
      <RectificationDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

function Overview({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useI18n();
  const [month, setMonth] = useState(thisMonthInChina());
  const figures = useResource<RectificationFigures>(rectificationApi.figures(month));
  const list = useResource<Rectification[]>(rectificationApi.list);
  const columns = useRectificationColumns(onOpen, { department: true });
  const f = figures.data;
  const late = (list.data ?? []).filter((r) => r.late);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space>
        <span>{t('quality.month')}</span>
        <Select value={month} onChange={setMonth} options={lastMonths(thisMonthInChina(), 12).map((m) => ({ value: m, label: m }))} style={{ width: 120 }} aria-label={t('quality.month')} />
      </Space>
      {figures.error ? <LoadError error={figures.error} onRetry={figures.reload} /> : null}
      <Row gutter={[16, 16]} data-testid="quality-figures">
        <Col xs={12} lg={4}>
          <Statistic title={t('quality.total')} value={f?.total ?? 0} loading={!f} />
        </Col>
        <Col xs={12} lg={4}>
          <Statistic title={t('quality.late')} value={f?.late ?? 0} loading={!f} styles={{ content: { color: f?.late ? '#cf1322' : undefined } }} />
        </Col>
        <Col xs={12} lg={5}>
          <Statistic title={t('quality.revisitShare')} value={percent(f?.revisitShare ?? null) ?? t('quality.none')} suffix={f?.revisitShare !== null && f ? '%' : undefined} loading={!f} />
          {f ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="revisit-share">
              {t('quality.revisitShareHint', { revisited: f.revisited, realName: f.realName })}
            </Typography.Text>
          ) : null}
        </Col>
        <Col xs={12} lg={5}>
          <Statistic title={t('quality.onTime')} value={percent(f?.onTimeShare ?? null) ?? t('quality.none')} suffix={f?.onTimeShare !== null && f ? '%' : undefined} loading={!f} />
          {f ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('quality.onTimeHint', { onTime: f.reportedOnTime, reported: f.reported })}
            </Typography.Text>
          ) : null}
        </Col>
        <Col xs={12} lg={3}>
          <Statistic title={t('quality.anonymous')} value={f?.anonymous ?? 0} loading={!f} />
        </Col>
        <Col xs={12} lg={3}>
          <Statistic title={t('quality.excluded')} value={f?.excluded ?? 0} loading={!f} />
        </Col>
      </Row>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Rectification>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={[...late, ...(list.data ?? []).filter((r) => !r.late)]}
        loading={list.loading && !list.data}
        scroll={{ x: 1050 }}
        onRow={(r) => ({ 'data-testid': `quality-row-${r.rating.caseNo ?? r.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('rect.empty') }}
      />
    </Space>
  );
}

function Revisits({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useI18n();
  const list = useResource<Rectification[]>(`${rectificationApi.list}?state=reported`);
  const columns = useRectificationColumns(onOpen, { department: true });
  const toCall = (list.data ?? []).filter((r) => !r.rating.anonymous);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('quality.toRevisit')}</Typography.Paragraph>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Rectification>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={toCall}
        loading={list.loading && !list.data}
        scroll={{ x: 1050 }}
        onRow={(r) => ({ 'data-testid': `revisit-row-${r.rating.caseNo ?? r.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('rect.empty') }}
      />
    </>
  );
}

function Appeals({ onOpen }: { onOpen(id: string): void }) {
  const { t, pick, formatDateTime } = useI18n();
  const { can } = useStaff();
  const [which, setWhich] = useState<'pending' | 'all'>('pending');
  const list = useResource<RatingAppeal[]>(which === 'pending' ? `${rectificationApi.appeals}?state=pending` : rectificationApi.appeals);
  const decide = useModalState<RatingAppeal>();
  const columns: TableColumnsType<RatingAppeal> = [
    {
      title: t('quality.col.filed'),
      key: 'filed',
      width: 200,
      render: (_, a) => (
        <div>
          <div>{a.department?.name ?? '—'}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.filedBy.name} · {formatDateTime(a.filedAt)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('rect.col.item'),
      key: 'rating',
      width: 190,
      render: (_, a) => (
        <Space size={4} wrap>
          <Tag color="red">{pick(ratingLevelLabels[a.ratingLevel])}</Tag>
          <span>{a.caseNo ?? ''}</span>
        </Space>
      ),
    },
    { title: t('quality.col.reason'), key: 'reason', width: 140, render: (_, a) => pick(appealReasonLabels[a.reason]) },
    {
      title: t('quality.col.statement'),
      key: 'statement',
      minWidth: 220,
      render: (_, a) => (
        <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: a.statement }}>
          {a.statement}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('quality.col.verdict'),
      key: 'verdict',
      width: 200,
      render: (_, a) => (
        <div>
          <Tag color={a.state === 'upheld' ? 'purple' : a.state === 'rejected' ? 'default' : 'processing'}>{t(`quality.appeal.${a.state}`)}</Tag>
          {a.decisionNote ? (
            <Typography.Paragraph style={{ margin: '4px 0 0', fontSize: 12 }} ellipsis={{ rows: 2, tooltip: a.decisionNote }}>
              {a.decisionNote}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, a) => (
        <Space size={4}>
          {a.rectificationId ? (
            <Button size="small" onClick={() => onOpen(a.rectificationId!)}>
              {t('rect.view')}
            </Button>
          ) : null}
          {a.state === 'pending' && can.decideAppeals ? (
            <Button size="small" type="primary" onClick={() => decide.show(a)} data-action="decide-appeal">
              {t('rect.decide')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Segmented
        value={which}
        onChange={(v) => setWhich(v as 'pending' | 'all')}
        options={[
          { value: 'pending', label: t('quality.appealsPending') },
          { value: 'all', label: t('quality.appealsAll') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<RatingAppeal>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading && !list.data}
        scroll={{ x: 1100 }}
        onRow={(a) => ({ 'data-testid': `appeal-row-${a.caseNo ?? a.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('quality.emptyAppeals') }}
      />
      <FormModal<{ verdict: 'upheld' | 'rejected'; note: string }>
        open={decide.open}
        title={t('rect.decide')}
        okText={t('rect.decide')}
        successMessage={t('rect.decideOk')}
        initialValues={{ verdict: 'upheld' }}
        onClose={decide.hide}
        testId="decide-modal"
        onSubmit={async (values, action) => {
          try {
            await action.send('POST', rectificationApi.decide(decide.subject!.id), values);
          } finally {
            void invalidate(rectificationApi.appeals, rectificationApi.list);
          }
        }}
      >
        {decide.subject ? (
          <Typography.Paragraph type="secondary">
            {pick(appealReasonLabels[decide.subject.reason])}:{decide.subject.statement}
          </Typography.Paragraph>
        ) : null}
        <Form.Item name="verdict" rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="upheld">{t('rect.uphold')}</Radio>
            <Radio value="rejected">{t('rect.reject')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('rect.decisionNote')} rules={[{ required: true, whitespace: true, message: t('rect.decisionNoteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
