/**
 * 大厅统计 (`/hall/stats`): a center's tickets over a range of days (the last seven unless chosen):
 * issued, called, served, no-shows and transfers; waiting and service times as median and 90th
 * percentile, per service class, per window and per day; and the tickets waiting longest right
 * now. The center and range are in the address (`?center=…&from=…&to=…`).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Input, Row, Segmented, Space, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { ticketPriorityLabels, type TicketPriority } from '../../../../src/domain/hall.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { CenterSelect, useCenterChoice } from '../appointments/CenterSelect.tsx';
import { chinaClock, chinaDay } from '../appointments/model.ts';
import { Chart } from './Chart.tsx';
import {
  classWaitOption,
  dayTrendOption,
  fillDays,
  formatMinutes,
  lastDays,
  noShowRate,
  rangeProblem,
  statsPath,
  windowServiceOption,
  type ClassFigures,
  type DayRange,
  type Figures,
  type HallStats,
  type LongWait,
  type WindowFigures,
} from './model.ts';

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const presets = { today: 1, week: 7, month: 30 } as const;
type Preset = keyof typeof presets;

const priorityColors: Record<TicketPriority, string> = { green: 'green', appointment: 'blue', normal: 'default' };

function CountCard({ title, value, testId, extra }: { title: string; value: number | undefined; testId: string; extra?: string }) {
  return (
    <Col flex="1 1 110px">
      <Card size="small" styles={{ body: { padding: '12px 16px' } }} style={{ height: '100%' }}>
        <Statistic title={title} value={value ?? '—'} valueRender={(node) => <span data-testid={testId}>{node}</span>} />
        {extra ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {extra}
          </Typography.Text>
        ) : null}
      </Card>
    </Col>
  );
}

function TimeCard({ title, median, p90, testId }: { title: string; median: number | null | undefined; p90: number | null | undefined; testId: string }) {
  const { t } = useI18n();
  return (
    <Col flex="1 1 210px">
      <Card size="small" styles={{ body: { padding: '12px 16px' } }} style={{ height: '100%' }}>
        <Typography.Text type="secondary">{t('hallStats.withUnit', { title, unit: t('hallStats.minutes') })}</Typography.Text>
        <Row gutter={16} style={{ marginTop: 4 }}>
          <Col span={12}>
            <Statistic title={t('hallStats.median')} value={formatMinutes(median)} valueRender={(node) => <span data-testid={`${testId}-median`}>{node}</span>} styles={{ content: { color: '#1f5fbf' } }} />
          </Col>
          <Col span={12}>
            <Statistic title={t('hallStats.p90')} value={formatMinutes(p90)} valueRender={(node) => <span data-testid={`${testId}-p90`}>{node}</span>} styles={{ content: { color: '#d48806' } }} />
          </Col>
        </Row>
      </Card>
    </Col>
  );
}

function ChartCard({ title, testId, empty, children }: { title: string; testId: string; empty: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      <div data-testid={testId} data-empty={empty}>
        {empty ? (
          <div style={{ height: 300, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hallStats.noData')} />
          </div>
        ) : (
          children
        )}
      </div>
    </Card>
  );
}

function figureColumns<T extends Figures>(t: ReturnType<typeof useI18n>['t'], times: 'wait' | 'both'): TableColumnsType<T> {
  const count = (key: keyof Figures, title: string) => ({ title, key, width: 64, align: 'right' as const, render: (_: unknown, r: T) => r[key] ?? '—' });
  const minutes = (key: keyof Figures, title: string) => ({ title, key, width: 88, align: 'right' as const, render: (_: unknown, r: T) => formatMinutes(r[key] as number | null) });
  const columns: TableColumnsType<T> = [
    count('issued', t('hallStats.issued')),
    count('called', t('hallStats.called')),
    count('served', t('hallStats.served')),
    count('noShows', t('hallStats.noShows')),
    count('transfers', t('hallStats.transfers')),
    minutes('waitMedian', t('hallStats.col.waitMedian')),
    minutes('waitP90', t('hallStats.col.waitP90')),
  ];
  if (times === 'both') columns.push(minutes('serviceMedian', t('hallStats.col.serviceMedian')), minutes('serviceP90', t('hallStats.col.serviceP90')));
  return columns;
}

function Report({ stats, range }: { stats: HallStats; range: DayRange }) {
  const { t, pick, formatDateTime } = useI18n();
  const totals = stats.totals;
  const rate = noShowRate(totals);
  const minutes = t('hallStats.minutes');

  const classOption = useMemo(() => classWaitOption(stats.byClass, { median: t('hallStats.median'), p90: t('hallStats.p90'), unit: minutes }), [stats.byClass, t, minutes]);
  const windowOption = useMemo(
    () =>
      windowServiceOption(stats.byWindow, {
        median: t('hallStats.median'),
        p90: t('hallStats.p90'),
        unit: minutes,
        windowLabel: (w) => t('hallStats.window', { number: w.number }),
      }),
    [stats.byWindow, t, minutes],
  );
  const days = useMemo(() => fillDays(stats.byDay, range), [stats.byDay, range]);
  const dayOption = useMemo(
    () =>
      dayTrendOption(days, {
        issued: t('hallStats.issued'),
        served: t('hallStats.served'),
        waitMedian: t('hallStats.waitMedianSeries'),
        count: t('hallStats.people'),
        unit: minutes,
      }),
    [days, t, minutes],
  );

  const classColumns: TableColumnsType<ClassFigures> = [
    {
      title: t('hallStats.col.class'),
      key: 'class',
      fixed: 'left',
      width: 150,
      ellipsis: true,
      render: (_, r) => (
        <Space size={6}>
          <Tag style={{ marginInlineEnd: 0 }}>{r.code}</Tag>
          {r.name}
        </Space>
      ),
    },
    ...figureColumns<ClassFigures>(t, 'both'),
  ];
  const windowColumns: TableColumnsType<WindowFigures> = [
    { title: t('hallStats.col.window'), key: 'window', fixed: 'left', width: 160, ellipsis: true, render: (_, r) => `${t('hallStats.window', { number: r.number })} · ${r.name}` },
    ...figureColumns<WindowFigures>(t, 'both'),
  ];
  const longestColumns: TableColumnsType<LongWait> = [
    { title: t('hallStats.longest.number'), dataIndex: 'number', key: 'number', width: 72, render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    { title: t('hallStats.longest.class'), dataIndex: 'className', key: 'class', ellipsis: true },
    { title: t('hallStats.longest.priority'), key: 'priority', width: 92, render: (_, r) => <Tag color={priorityColors[r.priority]}>{pick(ticketPriorityLabels[r.priority])}</Tag> },
    { title: t('hallStats.longest.issuedAt'), key: 'issuedAt', width: 84, render: (_, r) => <span title={formatDateTime(r.issuedAt)}>{chinaClock(r.issuedAt)}</span> },
    {
      title: t('hallStats.longest.minutes'),
      key: 'minutes',
      width: 84,
      align: 'right',
      render: (_, r) => <Typography.Text type={r.minutes >= 30 ? 'danger' : undefined}>{t('hallStats.longest.minutesValue', { n: r.minutes })}</Typography.Text>,
    },
  ];

  const classMeasured = stats.byClass.some((c) => c.waitMedian !== null || c.waitP90 !== null);

  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="stats-summary">
        <CountCard title={t('hallStats.issued')} value={totals.issued} testId="stats-issued" />
        <CountCard title={t('hallStats.called')} value={totals.called} testId="stats-called" />
        <CountCard title={t('hallStats.served')} value={totals.served} testId="stats-served" />
        <CountCard title={t('hallStats.noShows')} value={totals.noShows} testId="stats-no-shows" extra={rate === null ? undefined : t('hallStats.noShowRate', { n: rate })} />
        <CountCard title={t('hallStats.transfers')} value={totals.transfers} testId="stats-transfers" />
        <TimeCard title={t('hallStats.wait')} median={totals.waitMedian} p90={totals.waitP90} testId="stats-wait" />
        <TimeCard title={t('hallStats.service')} median={totals.serviceMedian} p90={totals.serviceP90} testId="stats-service" />
      </Row>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <ChartCard title={t('hallStats.withUnit', { title: t('hallStats.chart.byClass'), unit: minutes })} testId="chart-by-class" empty={!classMeasured}>
            <Chart option={classOption} label={t('hallStats.chart.byClass')} />
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('hallStats.withUnit', { title: t('hallStats.chart.byWindow'), unit: minutes })} testId="chart-by-window" empty={stats.byWindow.length === 0}>
            <Chart option={windowOption} label={t('hallStats.chart.byWindow')} />
          </ChartCard>
        </Col>
        <Col span={24}>
          <ChartCard title={t('hallStats.chart.byDay')} testId="chart-by-day" empty={days.length === 0}>
            <Chart option={dayOption} height={280} label={t('hallStats.chart.byDay')} />
          </ChartCard>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        {/* The figure tables need about 830 pixels: side by side with the longest waits only from 1600 up. */}
        <Col xs={24} xxl={14}>
          <Card size="small" style={{ height: '100%' }}>
            <Tabs
              size="small"
              items={[
                {
                  key: 'class',
                  label: t('hallStats.table.byClass'),
                  children: (
                    <Table<ClassFigures>
                      rowKey="classId"
                      size="small"
                      columns={classColumns}
                      dataSource={stats.byClass}
                      pagination={false}
                      scroll={{ x: 830 }}
                      data-testid="stats-by-class"
                      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hallStats.noData')} /> }}
                    />
                  ),
                },
                {
                  key: 'window',
                  label: t('hallStats.table.byWindow'),
                  children: (
                    <Table<WindowFigures>
                      rowKey="windowId"
                      size="small"
                      columns={windowColumns}
                      dataSource={[...stats.byWindow].sort((a, b) => a.number - b.number)}
                      pagination={false}
                      scroll={{ x: 830 }}
                      data-testid="stats-by-window"
                      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hallStats.noData')} /> }}
                    />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={10}>
          <Card size="small" title={t('hallStats.longest.title')} style={{ height: '100%' }} data-testid="stats-longest">
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('hallStats.longest.hint')}
            </Typography.Paragraph>
            <Table<LongWait>
              rowKey="id"
              size="small"
              columns={longestColumns}
              dataSource={stats.longestWaiting}
              pagination={false}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hallStats.longest.none')} /> }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

export default function HallStatsPage() {
  const { t } = useI18n();
  const choice = useCenterChoice();
  const [params, setParams] = useSearchParams();
  const [today] = useState(() => chinaDay(new Date()));
  const fallback = lastDays(today, presets.week);
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const range: DayRange = {
    from: fromParam && dayPattern.test(fromParam) ? fromParam : fallback.from,
    to: toParam && dayPattern.test(toParam) ? toParam : fallback.to,
  };
  const problem = rangeProblem(range);
  const stats = useResource<HallStats>(choice.centerId && !problem ? statsPath(choice.centerId, range) : null);
  const preset = (Object.keys(presets) as Preset[]).find((p) => {
    const r = lastDays(today, presets[p]);
    return r.from === range.from && r.to === range.to;
  });
  // The range object changes every render; the report's memos key on its two days.
  const stableRange = useMemo<DayRange>(() => ({ from: range.from, to: range.to }), [range.from, range.to]);

  const setRange = (next: DayRange) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        copy.set('from', next.from);
        copy.set('to', next.to);
        return copy;
      },
      { replace: true },
    );

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap align="start">
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('hallStats.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('hallStats.intro')}</Typography.Text>
          </div>
          <Space wrap>
            <CenterSelect choice={choice} />
            <Segmented<Preset | 'custom'>
              value={preset ?? 'custom'}
              onChange={(p) => {
                if (p !== 'custom') setRange(lastDays(today, presets[p]));
              }}
              options={[
                { value: 'today', label: t('hallStats.range.today') },
                { value: 'week', label: t('hallStats.range.week') },
                { value: 'month', label: t('hallStats.range.month') },
              ]}
            />
            <Space.Compact>
              <Input type="date" aria-label={t('hallStats.from')} data-testid="stats-from" value={range.from} max={today} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} style={{ width: 150 }} />
              <Input type="date" aria-label={t('hallStats.to')} data-testid="stats-to" value={range.to} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} style={{ width: 150 }} />
            </Space.Compact>
            <Button icon={<ReloadOutlined />} loading={stats.loading} onClick={() => void stats.reload()}>
              {t('common.refresh')}
            </Button>
          </Space>
        </Space>
      </Card>
      {choice.centers.error ? <LoadError error={choice.centers.error} onRetry={() => void choice.centers.reload()} /> : null}
      {problem ? <Alert type="warning" showIcon title={t(`hallStats.range.${problem}`)} style={{ marginBottom: 16 }} /> : null}
      {stats.error ? <LoadError error={stats.error} onRetry={() => void stats.reload()} /> : null}
      {stats.data ? <Report stats={stats.data} range={stableRange} /> : stats.loading ? <Card loading /> : null}
    </>
  );
}
