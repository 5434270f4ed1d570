/**
 * `/quality/public`: a service center's monthly 好差评 figures, for anyone (no sign-in): the
 * satisfaction rate, the five levels as bars, bad ratings with rectification on time and the
 * revisit rate, complaints by category and closed on time, and each department's row. The center
 * and month are in the address (`?center=…&month=…`). Counts and rates only: nothing personal.
 */
import { Card, Col, Empty, Input, Row, Select, Skeleton, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router';
import { Link } from 'react-router';
import { ratingLevelLabels } from '../../../../src/domain/rating.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { Chart } from '../hall-stats/Chart.tsx';
import { useDocumentTitle } from '../hall-public/hooks.ts';
import { hallPublicApi, type PublicCenter } from '../hall-public/model.ts';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { currentMonth, formatRate, isMonth, levelsOption, qualityApi, type QualityFigures, type QualityReport } from './model.ts';

const css = `
.qp-page { min-height: 100vh; display: flex; flex-direction: column; background: #f3f5f9; }
.qp-header { background: #0f2f5c; color: #fff; }
.qp-header-inner { max-width: 1120px; margin: 0 auto; padding: 10px 16px; display: flex; align-items: center; gap: 10px; box-sizing: border-box; }
.qp-brand { margin-right: auto; font-size: 18px; font-weight: 600; letter-spacing: 1px; }
.qp-main { flex: 1; width: 100%; max-width: 1120px; margin: 0 auto; padding: 16px 16px 32px; box-sizing: border-box; }
.qp-title.ant-typography { font-size: 22px; margin: 0 0 4px; }
.qp-pickers { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.qp-pickers label { display: flex; align-items: center; gap: 6px; color: #4a5a70; }
.qp-footer { text-align: center; color: #5b6b82; font-size: 12px; padding: 12px 16px 24px; }
@media (max-width: 480px) {
  .qp-title.ant-typography { font-size: 19px; }
  .qp-pickers label { width: 100%; }
  .qp-pickers .ant-select, .qp-pickers input { flex: 1; }
}
`;

const figuresCss = `
.qp-card { height: 100%; }
.qp-card .ant-statistic-content { font-size: 28px; }
.qp-hint { font-size: 12px; color: #5b6b82; }
.qp-cats { display: grid; grid-template-columns: repeat(5, 1fr); gap: 8px; text-align: center; }
.qp-cat { background: #f7faff; border: 1px solid #d6e0ef; border-radius: 8px; padding: 8px 4px; }
.qp-cat b { display: block; font-size: 22px; color: #0f2f5c; }
.qp-cat span { font-size: 13px; color: #4a5a70; }
@media (max-width: 480px) {
  .qp-cats { grid-template-columns: repeat(3, 1fr); }
  .qp-card .ant-statistic-content { font-size: 24px; }
}
`;

function Figure({ title, value, hint, testId }: { title: string; value: string | number; hint: string; testId: string }) {
  return (
    <Col xs={12} md={6}>
      <Card size="small" className="qp-card">
        <Statistic title={title} value={value} valueRender={(node) => <span data-testid={testId}>{node}</span>} />
        <div className="qp-hint">{hint}</div>
      </Card>
    </Col>
  );
}

export function QualityFiguresView({ figures }: { figures: QualityFigures }) {
  const { t, pick } = useI18n();
  const due = figures.rectOnTime + figures.rectLate;
  return (
    <>
      <style>{figuresCss}</style>
      <Row gutter={[12, 12]}>
        <Figure title={t('quality.satisfaction')} value={formatRate(figures.satisfactionRate)} hint={t('quality.satisfactionHint', { satisfied: figures.satisfied, total: figures.total })} testId="quality-satisfaction" />
        <Figure title={t('quality.ratings')} value={figures.total} hint={t('quality.ratingsHint', { defaults: figures.defaults, excluded: figures.excluded })} testId="quality-total" />
        <Figure
          title={t('quality.rectOnTime')}
          value={formatRate(figures.rectOnTimeRate)}
          hint={`${t('quality.bad')} ${figures.bad};${t('quality.rectOnTimeHint', { onTime: figures.rectOnTime, due, closed: figures.rectClosed })}`}
          testId="quality-rect"
        />
        <Figure title={t('quality.revisitRate')} value={formatRate(figures.revisitRate)} hint={t('quality.revisitHint', { revisited: figures.revisited, realNameBad: figures.realNameBad })} testId="quality-revisit" />
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('quality.levels')} className="qp-card" data-testid="quality-levels">
            {figures.total === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.noRatings')} style={{ margin: '24px 0' }} />
            ) : (
              <Chart option={levelsOption(figures, (level) => pick(ratingLevelLabels[level]))} height={190} testId="quality-levels-chart" label={t('quality.levels')} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={`${t('quality.complaints')} · ${t('quality.complaintsTotal', { total: figures.complaintsTotal })}`} className="qp-card">
            <div className="qp-cats" data-testid="quality-complaints">
              {(['consultation', 'help', 'complaint', 'report', 'urgent'] as const).map((key) => (
                <div key={key} className="qp-cat">
                  <b>{figures.complaints[key]}</b>
                  <span>{t(`quality.category.${key}`)}</span>
                </div>
              ))}
            </div>
            <Statistic style={{ marginTop: 12 }} title={t('quality.closedOnTime')} value={formatRate(figures.complaintsClosedOnTimeRate)} valueRender={(node) => <span data-testid="quality-closed-on-time">{node}</span>} />
            <div className="qp-hint">{t('quality.closedHint', { closed: figures.complaintsClosed, onTime: figures.complaintsClosedOnTime, overdue: figures.complaintsOverdueOpen })}</div>
          </Card>
        </Col>
      </Row>
    </>
  );
}

type DepartmentRow = QualityReport['departments'][number];

function DepartmentTable({ report }: { report: QualityReport }) {
  const { t } = useI18n();
  const columns: TableColumnsType<DepartmentRow> = [
    { title: t('quality.department'), dataIndex: 'name', key: 'name' },
    { title: t('quality.ratings'), key: 'total', align: 'right', render: (_, r) => r.figures.total },
    { title: t('quality.satisfaction'), key: 'satisfaction', align: 'right', render: (_, r) => formatRate(r.figures.satisfactionRate) },
    { title: t('quality.bad'), key: 'bad', align: 'right', render: (_, r) => r.figures.bad },
    { title: t('quality.rectOnTime'), key: 'rect', align: 'right', render: (_, r) => formatRate(r.figures.rectOnTimeRate) },
    { title: t('quality.complaints'), key: 'complaints', align: 'right', render: (_, r) => r.figures.complaintsTotal },
    { title: t('quality.closedOnTime'), key: 'closed', align: 'right', render: (_, r) => formatRate(r.figures.complaintsClosedOnTimeRate) },
  ];
  return (
    <Table<DepartmentRow>
      size="small"
      rowKey={(r) => r.departmentId ?? 'none'}
      columns={columns}
      dataSource={report.departments}
      pagination={false}
      scroll={{ x: 640 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.noRatings')} /> }}
    />
  );
}

export default function QualityPublicPage() {
  const { t } = useI18n();
  useDocumentTitle(t('quality.public.title'));
  const [params, setParams] = useSearchParams();
  const centers = useResource<PublicCenter[]>(hallPublicApi.centersPath);
  const month = isMonth(params.get('month')) ? params.get('month')! : currentMonth();
  const center = centers.data?.find((c) => c.id === params.get('center')) ?? centers.data?.[0];
  const figures = useResource<QualityReport>(center ? qualityApi.publicFigures(center.regionCode, month) : null);
  const set = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="qp-page">
      <style>{css}</style>
      <header className="qp-header">
        <div className="qp-header-inner">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="qp-brand">{t('quality.public.brand')}</span>
          <LanguageSwitch />
        </div>
      </header>
      <main className="qp-main">
        <Typography.Title level={1} className="qp-title">
          {center ? `${center.name} · ${month}` : t('quality.public.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {t('quality.public.intro')}
        </Typography.Paragraph>
        <div className="qp-pickers">
          <label>
            {t('quality.center')}
            <Select
              aria-label={t('quality.center')}
              data-testid="quality-center"
              style={{ minWidth: 220 }}
              value={center?.id}
              loading={centers.loading}
              options={(centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onChange={(id: string) => set('center', id)}
            />
          </label>
          <label>
            {t('quality.month')}
            <Input type="month" aria-label={t('quality.month')} data-testid="quality-month" style={{ width: 170 }} value={month} max={currentMonth()} onChange={(e) => isMonth(e.target.value) && set('month', e.target.value)} />
          </label>
        </div>
        {centers.error && !centers.data ? <LoadError error={centers.error} onRetry={() => void centers.reload()} /> : null}
        {figures.error && !figures.data ? <LoadError error={figures.error} onRetry={() => void figures.reload()} /> : null}
        {!figures.data && !figures.error ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
        {figures.data ? (
          <div data-testid="quality-public">
            <QualityFiguresView figures={figures.data.totals} />
            <Card size="small" title={t('quality.byDepartment')} style={{ marginTop: 12 }}>
              <DepartmentTable report={figures.data} />
            </Card>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
              <b>{t('quality.definitions')}:</b>
              {t('quality.definitionsText')}
            </Typography.Paragraph>
          </div>
        ) : null}
      </main>
      <footer className="qp-footer">
        <Link to="/hall">{t('hallPublic.index.title')}</Link> · <Link to="/guide">{t('hallPublic.index.guide')}</Link> · <Link to={center ? `/gongshi/${encodeURIComponent(center.id)}` : '/gongshi'}>{t('public.publicity')}</Link>
      </footer>
    </div>
  );
}
