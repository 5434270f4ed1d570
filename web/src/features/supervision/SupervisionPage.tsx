/**
 * 督查驾驶舱 (`/supervision`, permission supervision.read): a region's period figures with their
 * targets and gaps, what is open now, the month-by-month trend and the breakdowns by sub-region
 * (click to drill down; the breadcrumb goes back up), department, item and cause of extra visits.
 * Every number opens the cases behind it in a drawer. The region, period and department are in
 * the address; a grant narrowed to a department sees its own figures (the server narrows).
 */
import { useState } from 'react';
import { App, Alert, Breadcrumb, Button, Card, Col, Drawer, Input, Row, Select, Skeleton, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { api, downloadFile, type Department } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { casePath } from '../cases/model.ts';
import { caseStatusLabels, visitCauseLabels, visitReasonLabels, warningLabels } from '../cases/labels.ts';
import { Chart } from '../hall-stats/Chart.tsx';
import { barOption, formatDays, formatRate, isMonth, monthsBefore, supervisionApi, trendOption, type Breakdown, type BreakdownRow, type DrillFigure, type DrillPage, type Overview, type Period } from './model.ts';

const chinaMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const chinaDay = (at: string | Date) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const chinaMinute = (at: string | Date) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

interface Drill {
  figure: DrillFigure;
  region: string;
  department: string | null;
  item: string | null;
  label: string;
}

export default function SupervisionPage() {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const { staff } = useStaff();
  const [params, setParams] = useSearchParams();
  const firstRegion = staff.grants.find((g) => g.role === 'supervisor' || g.role === 'admin' || g.role === 'reviewer')?.regionCode ?? staff.grants[0]?.regionCode ?? '';
  const to = isMonth(params.get('to')) ? params.get('to')! : chinaMonth();
  const from = isMonth(params.get('from')) ? params.get('from')! : monthsBefore(to, 2);
  const period: Period = { region: params.get('region') ?? firstRegion, from, to, department: params.get('department') };
  const overview = useResource<Overview>(period.region ? supervisionApi.overview(period) : null);
  const byRegion = useResource<Breakdown>(period.region ? supervisionApi.breakdown(period, 'region') : null);
  const byDepartment = useResource<Breakdown>(period.region ? supervisionApi.breakdown(period, 'department') : null);
  const byItem = useResource<Breakdown>(period.region ? supervisionApi.breakdown(period, 'item') : null);
  const byCause = useResource<Breakdown>(period.region ? supervisionApi.breakdown(period, 'cause') : null);
  const departments = useResource<Department[]>('/api/departments');
  const [drill, setDrill] = useState<Drill | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [k, v] of Object.entries(changes)) v === null ? next.delete(k) : next.set(k, v);
        return next;
      },
      { replace: false },
    );
  const searchWith = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    return `?${next.toString()}`;
  };
  const open = (figure: DrillFigure, label: string, at: Partial<Pick<Drill, 'region' | 'department' | 'item'>> = {}) =>
    setDrill({ figure, label, region: at.region ?? period.region, department: at.department ?? period.department, item: at.item ?? null });
  const number = (value: number | string, figure: DrillFigure, label: string, at: Partial<Pick<Drill, 'region' | 'department' | 'item'>> = {}, testId?: string) => (
    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} data-testid={testId} onClick={() => open(figure, label, at)}>
      {value}
    </Button>
  );
  const exportXlsx = async () => {
    setBusy(true);
    try {
      await downloadFile(supervisionApi.exportPath(period), t('supervision.exportName'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const o = overview.data;
  const targetOf = (figure: string) => o?.targets.find((x) => x.figure === figure);
  const targetLine = (figure: string) => {
    const tg = targetOf(figure);
    if (!tg) return <Typography.Text type="secondary">{t('supervision.noTarget')}</Typography.Text>;
    const met = tg.gap !== null && tg.gap >= 0;
    return (
      <Space size={4} wrap>
        <Typography.Text type="secondary">{t('supervision.target', { target: `${tg.target}%` })}</Typography.Text>
        {tg.gap === null ? null : (
          <Tag color={met ? 'green' : 'red'} data-testid={`gap-${figure}`}>
            {t('supervision.gap', { gap: `${tg.gap > 0 ? '+' : ''}${tg.gap}` })}
          </Tag>
        )}
      </Space>
    );
  };
  const kpi = (testId: string, title: string, value: React.ReactNode, foot: React.ReactNode) => (
    <Col xs={12} sm={8} lg={6} xl={4} key={testId}>
      <Card size="small" data-testid={`kpi-${testId}`} style={{ height: '100%' }}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        <div style={{ fontSize: 22, fontWeight: 600, lineHeight: 1.4 }}>{value}</div>
        <div style={{ fontSize: 12 }}>{foot}</div>
      </Card>
    </Col>
  );

  const figureColumns = (at: (row: BreakdownRow) => Partial<Pick<Drill, 'region' | 'department' | 'item'>> | null): TableColumnsType<BreakdownRow> => {
    const drillable = (row: BreakdownRow, value: number, figure: DrillFigure) => {
      const where = at(row);
      return where && value > 0 ? number(value, figure, `${row.label} · ${t(`supervision.figure.${figure}`)}`, where) : value;
    };
    return [
      { title: t('supervision.col.received'), key: 'received', align: 'right', render: (_, r) => drillable(r, r.figures.received, 'received') },
      { title: t('supervision.col.concluded'), key: 'concluded', align: 'right', render: (_, r) => drillable(r, r.figures.concluded, 'concluded') },
      { title: t('supervision.col.zeroVisit'), key: 'zv', align: 'right', render: (_, r) => formatRate(r.figures.zeroVisitRate) },
      { title: t('supervision.col.atMostOne'), key: 'one', align: 'right', render: (_, r) => formatRate(r.figures.atMostOneVisitRate) },
      { title: t('supervision.col.instant'), key: 'instant', align: 'right', render: (_, r) => formatRate(r.figures.instantRate) },
      { title: t('supervision.col.onTime'), key: 'onTime', align: 'right', render: (_, r) => formatRate(r.figures.onTimeRate) },
      { title: t('supervision.col.late'), key: 'late', align: 'right', render: (_, r) => drillable(r, r.figures.late, 'late') },
      { title: t('supervision.col.extra'), key: 'extra', align: 'right', render: (_, r) => drillable(r, r.figures.extraVisits, 'extra_visit') },
      { title: t('supervision.col.avgDays'), key: 'days', align: 'right', render: (_, r) => `${formatDays(r.figures.avgDays)} / ${formatDays(r.figures.avgPromisedDays)} / ${formatDays(r.figures.avgStatutoryDays)}` },
      { title: t('supervision.col.corrections'), key: 'corr', align: 'right', render: (_, r) => drillable(r, r.figures.corrections, 'corrections') },
      { title: t('supervision.col.running'), key: 'running', align: 'right', render: (_, r) => r.live?.running ?? '—' },
      { title: t('supervision.col.yellow'), key: 'yellow', align: 'right', render: (_, r) => (r.live ? drillable(r, r.live.yellow, 'yellow') : '—') },
      { title: t('supervision.col.red'), key: 'red', align: 'right', render: (_, r) => (r.live ? drillable(r, r.live.red, 'red') : '—') },
      { title: t('supervision.col.deferred'), key: 'deferred', align: 'right', render: (_, r) => r.live?.deferred ?? '—' },
    ];
  };
  const nameColumn = (render?: (row: BreakdownRow) => React.ReactNode): TableColumnsType<BreakdownRow>[number] => ({
    title: t('supervision.col.name'),
    key: 'name',
    fixed: 'left',
    width: 160,
    render: (_, r) => (render ? render(r) : r.label),
  });
  const causeLabel = (key: string) => {
    const known = (visitCauseLabels as Record<string, { zh: string; en: string }>)[key] ?? (visitReasonLabels as Record<string, { zh: string; en: string }>)[key];
    return known ? pick(known) : key;
  };
  const table = (testId: string, resource: ReturnType<typeof useResource<Breakdown>>, columns: TableColumnsType<BreakdownRow>) =>
    resource.error && !resource.data ? (
      <LoadError error={resource.error} onRetry={() => void resource.reload()} />
    ) : (
      <Table<BreakdownRow>
        data-testid={testId}
        size="small"
        rowKey={(r) => `${r.kind}:${r.key}`}
        loading={resource.loading && !resource.data}
        columns={columns}
        dataSource={resource.data?.rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    );

  // A grid of one shrinkable column: a wide table scrolls inside its card instead of widening the page (a phone).
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('supervision.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('supervision.intro')}</Typography.Text>
      </div>
      {o ? (
        <Breadcrumb
          data-testid="supervision-trail"
          items={o.trail.map((r, i) => ({
            title: i === o.trail.length - 1 ? <b>{r.name}</b> : <Link to={{ search: searchWith({ region: r.code }) }}>{r.name}</Link>,
          }))}
        />
      ) : null}
      <Space wrap>
        {o && o.children.length > 0 ? (
          <Select
            aria-label={t('supervision.region')}
            placeholder={t('supervision.region')}
            data-testid="supervision-child"
            style={{ width: 180 }}
            value={null}
            options={o.children.map((r) => ({ value: r.code, label: r.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(code: string) => set({ region: code })}
          />
        ) : null}
        <Input type="month" aria-label={t('supervision.from')} data-testid="supervision-from" style={{ width: 150 }} value={from} onChange={(e) => isMonth(e.target.value) && set({ from: e.target.value })} />
        <Input type="month" aria-label={t('supervision.to')} data-testid="supervision-to" style={{ width: 150 }} value={to} onChange={(e) => isMonth(e.target.value) && set({ to: e.target.value })} />
        <Select
          aria-label={t('supervision.department')}
          data-testid="supervision-department"
          style={{ width: 200 }}
          value={period.department ?? ''}
          options={[{ value: '', label: t('supervision.allDepartments') }, ...(departments.data ?? []).filter((d) => !o?.narrowed || byDepartment.data?.rows.some((r) => r.key === d.id)).map((d) => ({ value: d.id, label: d.name }))]}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(id: string) => set({ department: id || null })}
        />
        <Button type="primary" icon={<FileExcelOutlined />} data-testid="supervision-export" loading={busy} disabled={!period.region} onClick={() => void exportXlsx()}>
          {t('supervision.export')}
        </Button>
      </Space>
      {overview.error && !o ? <LoadError error={overview.error} onRetry={() => void overview.reload()} /> : null}
      {!o && !overview.error ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {o ? (
        <>
          {o.narrowed ? <Alert type="info" showIcon message={t('supervision.narrowed')} /> : null}
          <Typography.Text type="secondary" data-testid="supervision-as-of">
            {o.region.name} · {o.from} – {o.to} · {t('supervision.asOf', { date: chinaMinute(o.asOf) })}
          </Typography.Text>
          <Row gutter={[8, 8]}>
            {kpi(
              'received',
              t('supervision.kpi.received'),
              number(o.totals.received, 'received', t('supervision.figure.received'), {}, 'kpi-received-number'),
              number(t('supervision.kpi.of', { n: o.totals.concluded }), 'concluded', t('supervision.figure.concluded')),
            )}
            {kpi('zero-visit', t('supervision.kpi.zeroVisit'), number(formatRate(o.totals.zeroVisitRate), 'not_zero_visit', t('supervision.figure.not_zero_visit')), targetLine('zero_visit_rate'))}
            {kpi('at-most-one', t('supervision.kpi.atMostOne'), number(formatRate(o.totals.atMostOneVisitRate), 'extra_visit', t('supervision.figure.extra_visit')), targetLine('at_most_one_visit_rate'))}
            {kpi('on-time', t('supervision.kpi.onTime'), number(formatRate(o.totals.onTimeRate), 'late', t('supervision.figure.late')), targetLine('on_time_rate'))}
            {kpi('instant', t('supervision.kpi.instant'), number(formatRate(o.totals.instantRate), 'instant', t('supervision.figure.instant')), targetLine('instant_rate'))}
            {kpi('avg-days', t('supervision.kpi.avgDays'), formatDays(o.totals.avgDays), t('supervision.kpi.avgDaysOf', { promised: formatDays(o.totals.avgPromisedDays), legal: formatDays(o.totals.avgStatutoryDays) }))}
            {kpi(
              'red',
              t('supervision.kpi.red'),
              <Typography.Text type={o.live.red > 0 ? 'danger' : undefined}>{number(o.live.red, 'red', t('supervision.figure.red'), {}, 'kpi-red-number')}</Typography.Text>,
              o.live.longestOverdueDays === null ? '—' : <Typography.Text type="danger">{t('supervision.kpi.longest', { days: o.live.longestOverdueDays })}</Typography.Text>,
            )}
            {kpi(
              'yellow',
              t('supervision.kpi.yellow'),
              <Typography.Text type={o.live.yellow > 0 ? 'warning' : undefined}>{number(o.live.yellow, 'yellow', t('supervision.figure.yellow'))}</Typography.Text>,
              `${t('supervision.col.running')} ${o.live.running}`,
            )}
            {kpi('deferred', t('supervision.kpi.deferred'), o.live.deferred, number(t('supervision.kpi.deferredOverdue', { n: o.live.deferredOverdue }), 'deferred_overdue', t('supervision.figure.deferred_overdue')))}
            {kpi('corrections', t('supervision.kpi.corrections'), number(o.totals.corrections, 'corrections', t('supervision.figure.corrections')), `${t('supervision.col.received')} ${o.totals.received}`)}
            {kpi('filings', t('supervision.kpi.filings'), `${o.totals.filingsFiled} / ${o.totals.filingsIncorrect}`, `${o.totals.filingsReviewed} · ${o.totals.filingsReceivedLate}`)}
            {kpi(
              'satisfaction',
              t('supervision.kpi.satisfaction'),
              formatRate(o.quality.satisfactionRate),
              <>
                <div>{t('supervision.kpi.ratings', { n: o.quality.ratings, bad: o.quality.bad })}</div>
                {targetLine('satisfaction_rate')}
              </>,
            )}
            {kpi('complaints', t('supervision.kpi.complaints'), o.quality.complaints, t('supervision.kpi.complaintsOnTime', { rate: formatRate(o.quality.complaintsOnTimeRate) }))}
          </Row>
          <Row gutter={[8, 8]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('supervision.chart.trend')}>
                <Chart
                  testId="chart-trend"
                  label={t('supervision.chart.trend')}
                  height={260}
                  option={trendOption(o, {
                    zeroVisit: t('supervision.kpi.zeroVisit'),
                    atMostOne: t('supervision.kpi.atMostOne'),
                    onTime: t('supervision.kpi.onTime'),
                    instant: t('supervision.kpi.instant'),
                    received: t('supervision.col.received'),
                  })}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('supervision.chart.byDepartment')}>
                <Chart
                  testId="chart-department"
                  label={t('supervision.chart.byDepartment')}
                  height={260}
                  option={barOption(
                    (byDepartment.data?.rows ?? []).map((r) => ({ label: r.label, values: [r.figures.received, r.figures.concluded] })),
                    [t('supervision.col.received'), t('supervision.col.concluded')],
                  )}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('supervision.chart.byItem')}>
                <Chart
                  testId="chart-item"
                  label={t('supervision.chart.byItem')}
                  height={300}
                  option={barOption(
                    (byItem.data?.rows ?? []).filter((r) => r.kind === 'row').map((r) => ({ label: r.label, values: [r.figures.received, r.figures.corrections] })),
                    [t('supervision.col.received'), t('supervision.col.corrections')],
                  )}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('supervision.chart.causes')}>
                <Chart
                  testId="chart-causes"
                  label={t('supervision.chart.causes')}
                  height={300}
                  option={barOption(
                    (byCause.data?.rows ?? []).map((r) => ({ label: causeLabel(r.key), values: [r.figures.extraVisits] })),
                    [t('supervision.col.extra')],
                  )}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small">
            <Tabs
              items={[
                {
                  key: 'region',
                  label: t('supervision.tab.region'),
                  children: table('supervision-regions', byRegion, [
                    nameColumn((r) =>
                      r.kind === 'own' ? (
                        <i>{r.label}</i>
                      ) : (
                        <Link data-testid={`drill-region-${r.key}`} to={{ search: searchWith({ region: r.key }) }}>
                          {r.label}
                        </Link>
                      ),
                    ),
                    ...figureColumns((r) => (r.kind === 'own' ? null : { region: r.key })),
                  ]),
                },
                { key: 'department', label: t('supervision.tab.department'), children: table('supervision-departments', byDepartment, [nameColumn(), ...figureColumns((r) => ({ department: r.key }))]) },
                { key: 'item', label: t('supervision.tab.item'), children: table('supervision-items', byItem, [nameColumn(), ...figureColumns((r) => (r.kind === 'rest' ? null : { item: r.key }))]) },
                {
                  key: 'cause',
                  label: t('supervision.tab.cause'),
                  children: table('supervision-causes', byCause, [
                    { title: t('supervision.col.cause'), key: 'cause', render: (_, r) => causeLabel(r.key) },
                    { title: t('supervision.col.extra'), key: 'extra', align: 'right', render: (_, r) => r.figures.extraVisits },
                  ]),
                },
              ]}
            />
          </Card>
        </>
      ) : null}
      <CasesDrawer drill={drill} period={period} onClose={() => setDrill(null)} />
    </div>
  );
}

function CasesDrawer({ drill, period, onClose }: { drill: Drill | null; period: Period; onClose: () => void }) {
  const { t, pick, errorText } = useI18n();
  const target: Period | null = drill ? { ...period, region: drill.region, department: drill.department } : null;
  const first = useResource<DrillPage>(target && drill ? supervisionApi.cases(target, drill.figure, drill.item, null) : null);
  const [more, setMore] = useState<{ key: string; items: DrillPage['items']; next: string | null }>({ key: '', items: [], next: null });
  const [loading, setLoading] = useState(false);
  const key = target && drill ? supervisionApi.cases(target, drill.figure, drill.item, null) : '';
  const extra = more.key === key ? more : { key, items: [], next: null };
  const items = [...(first.data?.items ?? []), ...extra.items];
  const next = extra.items.length > 0 ? extra.next : (first.data?.next ?? null);
  const loadMore = async () => {
    if (!target || !drill || !next) return;
    setLoading(true);
    try {
      const page = await api.get<DrillPage>(supervisionApi.cases(target, drill.figure, drill.item, next));
      setMore({ key, items: [...extra.items, ...page.items], next: page.next });
    } catch (error) {
      setMore({ key, items: extra.items, next: null });
      void errorText(error);
    } finally {
      setLoading(false);
    }
  };
  type Row = DrillPage['items'][number];
  const columns: TableColumnsType<Row> = [
    { title: t('supervision.cases.caseNo'), key: 'no', fixed: 'left', render: (_, r) => <Link to={casePath(r.id)}>{r.caseNo}</Link> },
    { title: t('supervision.cases.item'), dataIndex: 'itemName', key: 'item', ellipsis: true, width: 180 },
    { title: t('supervision.cases.department'), dataIndex: 'departmentName', key: 'dept', width: 140 },
    { title: t('supervision.cases.applicant'), dataIndex: 'applicantName', key: 'applicant' },
    { title: t('supervision.cases.received'), key: 'received', render: (_, r) => chinaDay(r.receivedAt) },
    { title: t('supervision.cases.due'), dataIndex: 'dueDate', key: 'due', render: (v: string | null) => v ?? '—' },
    { title: t('supervision.cases.concluded'), key: 'concluded', render: (_, r) => (r.concludedAt ? chinaDay(r.concludedAt) : '—') },
    { title: t('supervision.cases.status'), key: 'status', render: (_, r) => pick((caseStatusLabels as Record<string, { zh: string; en: string }>)[r.status] ?? { zh: r.status, en: r.status }) },
    {
      title: t('supervision.cases.warning'),
      key: 'warning',
      render: (_, r) =>
        r.warning === 'red' || r.warning === 'yellow' ? <Tag color={r.warning === 'red' ? 'red' : 'gold'}>{pick((warningLabels as Record<string, { zh: string; en: string }>)[r.warning] ?? { zh: r.warning, en: r.warning })}</Tag> : null,
    },
  ];
  return (
    <Drawer open={drill !== null} onClose={onClose} width="min(960px, 100vw)" title={drill ? t('supervision.cases.title', { what: drill.label }) : ''} destroyOnHidden data-testid="supervision-cases">
      {first.error ? <LoadError error={first.error} onRetry={() => void first.reload()} /> : null}
      <Table<Row>
        data-testid="supervision-cases-table"
        size="small"
        rowKey={(r) => `${r.id}:${r.dueDate}`}
        loading={first.loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('supervision.cases.empty') }}
      />
      {next ? (
        <Button style={{ marginTop: 8 }} loading={loading} onClick={() => void loadMore()} data-testid="supervision-cases-more">
          {t('supervision.cases.more')}
        </Button>
      ) : null}
    </Drawer>
  );
}
