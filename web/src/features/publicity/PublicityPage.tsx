/**
 * `/gongshi` and `/gongshi/:centerId`: a service center's public page (公示), for anyone (no
 * sign-in). The picker lists the centers by level; a center's page shows where and when it opens,
 * twelve months of figures (from the rollups), the licences granted and the assistance list in its
 * period (masked by the server: a person by surname only, never an ID number, phone or address),
 * and the items it handles, each linked to its guide.
 */
import { Button, Card, Col, Collapse, Empty, Grid, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n.tsx';
import { PublicLinks } from '../../shared/PublicLinks.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { guidePaths } from '../guide/paths.ts';
import { useDocumentTitle } from '../hall-public/hooks.ts';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { formatRate } from '../quality-public/model.ts';
import { byDepartment, publicityApi, publicityPaths, type CenterPublicity, type ListedAssistance, type MonthFigures, type PublicityCenter, type PublishedLicence } from './model.ts';

const css = `
.gs-page { min-height: 100vh; display: flex; flex-direction: column; background: #f3f5f9; }
.gs-header { background: #8c1d18; color: #fff; }
.gs-header-inner { max-width: 1120px; margin: 0 auto; padding: 10px 16px; display: flex; align-items: center; gap: 10px; box-sizing: border-box; }
.gs-brand { margin-right: auto; font-size: 18px; font-weight: 600; letter-spacing: 1px; color: #fff; }
.gs-main { flex: 1; width: 100%; max-width: 1120px; margin: 0 auto; padding: 16px 16px 32px; box-sizing: border-box; }
.gs-title.ant-typography { font-size: 22px; margin: 0 0 4px; }
.gs-section { margin-top: 14px; }
.gs-meta { color: #4a5a70; display: flex; flex-wrap: wrap; gap: 4px 20px; }
.gs-stat .ant-statistic-content { font-size: 24px; }
.gs-hint { font-size: 12px; color: #5b6b82; margin-bottom: 8px; }
.gs-levels h2.ant-typography { font-size: 16px; margin: 16px 0 8px; }
.gs-centers { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 10px; }
.gs-centers a { display: block; background: #fff; border: 1px solid #dfe5ee; border-radius: 8px; padding: 10px 12px; color: #1f2d3d; }
.gs-centers a:hover { border-color: #8c1d18; }
.gs-centers small { display: block; color: #5b6b82; margin-top: 2px; }
.gs-items { list-style: none; margin: 0; padding: 0; }
.gs-items li { padding: 6px 0; border-bottom: 1px dashed #e5e9f0; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.gs-items li:last-child { border-bottom: none; }
.gs-entries { list-style: none; margin: 0; padding: 0; }
.gs-entries li { padding: 8px 0; border-bottom: 1px solid #eef1f5; }
.gs-entries li:last-child { border-bottom: none; }
.gs-entries b { font-size: 15px; margin-right: 8px; }
.gs-entries small { display: block; color: #5b6b82; margin-top: 2px; }
.gs-footer { text-align: center; color: #5b6b82; font-size: 12px; padding: 12px 16px 24px; }
@media (max-width: 480px) {
  .gs-title.ant-typography { font-size: 19px; }
  .gs-brand { font-size: 16px; }
  .gs-main { padding: 12px 10px 24px; }
  .gs-stat .ant-statistic-content { font-size: 20px; }
}
`;

const levels = ['city', 'town', 'village'] as const;

function Frame({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="gs-page">
      <style>{css}</style>
      <header className="gs-header">
        <div className="gs-header-inner">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Link to={publicityPaths.index} className="gs-brand">
            {t('publicity.brand')}
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <main className="gs-main">{children}</main>
      <footer className="gs-footer">
        <PublicLinks />
        <div style={{ marginTop: 8 }}>{t('publicity.privacy')}</div>
      </footer>
    </div>
  );
}

function CenterPicker({ centers }: { centers: PublicityCenter[] }) {
  const { t } = useI18n();
  return (
    <div className="gs-levels" data-testid="publicity-centers">
      {levels.map((level) => {
        const here = centers.filter((c) => c.level === level);
        if (here.length === 0) return null;
        return (
          <section key={level}>
            <Typography.Title level={2}>{t(`publicity.level.${level}` as MessageKey)}</Typography.Title>
            <div className="gs-centers">
              {here.map((c) => (
                <Link key={c.id} to={publicityPaths.center(c.id)}>
                  {c.name}
                  <small>{c.address || c.regionName}</small>
                </Link>
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}

function Figures({ figures }: { figures: MonthFigures[] }) {
  const { t } = useI18n();
  const latest = figures.at(-1);
  const columns: TableColumnsType<MonthFigures> = [
    { title: t('publicity.month'), dataIndex: 'month', key: 'month', fixed: 'left', width: 86 },
    { title: t('publicity.received'), dataIndex: 'received', key: 'received', align: 'right' },
    { title: t('publicity.concluded'), dataIndex: 'concluded', key: 'concluded', align: 'right' },
    { title: t('publicity.onTime'), key: 'onTime', align: 'right', render: (_, f) => formatRate(f.onTimeRate) },
    { title: t('publicity.zeroVisit'), key: 'zero', align: 'right', render: (_, f) => formatRate(f.zeroVisitRate) },
    { title: t('publicity.oneVisit'), key: 'one', align: 'right', render: (_, f) => formatRate(f.atMostOneVisitRate) },
    { title: t('publicity.satisfaction'), key: 'satisfaction', align: 'right', render: (_, f) => (f.ratings > 0 ? `${formatRate(f.satisfactionRate)} (${f.ratings})` : '—') },
  ];
  return (
    <Card size="small" title={t('publicity.figures')} className="gs-section" data-testid="publicity-figures">
      <div className="gs-hint">{t('publicity.figuresIntro')}</div>
      {latest ? (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          {(
            [
              ['publicity.concluded', String(latest.concluded), 'publicity-concluded'],
              ['publicity.onTime', formatRate(latest.onTimeRate), 'publicity-on-time'],
              ['publicity.zeroVisit', formatRate(latest.zeroVisitRate), 'publicity-zero-visit'],
              ['publicity.oneVisit', formatRate(latest.atMostOneVisitRate), 'publicity-one-visit'],
            ] as const
          ).map(([key, value, testId]) => (
            <Col key={key} xs={12} md={6}>
              <Card size="small" className="gs-stat">
                <Statistic title={`${t(key)} · ${t('publicity.thisMonth', { month: latest.month })}`} value={value} valueRender={(node) => <span data-testid={testId}>{node}</span>} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      <Table<MonthFigures> size="small" rowKey="month" columns={columns} dataSource={[...figures].reverse()} pagination={false} scroll={{ x: 640 }} />
    </Card>
  );
}

/** On a phone, entries as short blocks (the holder first) instead of a table to scroll sideways. */
function Entries<T>({ rows, empty, render }: { rows: T[]; empty: string; render: (row: T) => React.ReactNode }) {
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <ul className="gs-entries">
      {rows.map((row, i) => (
        // Published entries carry no id (none is public); the list is redrawn whole, so the position is the key.
        <li key={i}>{render(row)}</li>
      ))}
    </ul>
  );
}

function Licences({ centerId, first }: { centerId: string; first: CenterPublicity['licences'] }) {
  const { t } = useI18n();
  const narrow = Grid.useBreakpoint().md === false;
  // The cursors of the older pages opened, newest first; empty: the first page (from the page's own answer).
  const [cursors, setCursors] = useState<string[]>([]);
  const older = useResource<CenterPublicity>(cursors.length > 0 ? publicityApi.center(centerId, cursors.at(-1)) : null);
  const page = cursors.length === 0 ? first : older.data?.licences;
  const columns: TableColumnsType<PublishedLicence> = [
    { title: t('publicity.concludedOn'), dataIndex: 'concludedOn', key: 'day', width: 110 },
    { title: t('publicity.item'), dataIndex: 'itemName', key: 'item' },
    { title: t('publicity.result'), dataIndex: 'resultName', key: 'result' },
    { title: t('publicity.holder'), dataIndex: 'holder', key: 'holder' },
    { title: t('publicity.place'), dataIndex: 'place', key: 'place', width: 110 },
  ];
  return (
    <Card size="small" title={t('publicity.licences')} className="gs-section" data-testid="publicity-licences">
      <div className="gs-hint">{t('publicity.licencesIntro')}</div>
      {older.error && !older.data ? <LoadError error={older.error} onRetry={() => void older.reload()} /> : null}
      {narrow ? (
        <Entries
          rows={page?.items ?? []}
          empty={t('publicity.noLicences')}
          render={(r) => (
            <>
              <b>{r.holder}</b>
              {r.itemName}
              <small>
                {r.resultName} · {r.place} · {r.concludedOn}
              </small>
            </>
          )}
        />
      ) : (
        <Table<PublishedLicence>
          size="small"
          rowKey={(r, i) => `${r.concludedOn}-${r.itemCode}-${r.holder}-${i}`}
          columns={columns}
          dataSource={page?.items ?? []}
          loading={cursors.length > 0 && older.loading}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('publicity.noLicences')} /> }}
        />
      )}
      <Space style={{ marginTop: 8 }}>
        {cursors.length > 0 ? <Button onClick={() => setCursors([])}>{t('publicity.newest')}</Button> : null}
        {page?.nextBefore ? (
          <Button data-testid="publicity-older" onClick={() => setCursors((c) => [...c, page.nextBefore!])}>
            {t('publicity.older')}
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}

function Assistance({ rows }: { rows: ListedAssistance[] }) {
  const { t } = useI18n();
  const narrow = Grid.useBreakpoint().md === false;
  const columns: TableColumnsType<ListedAssistance> = [
    { title: t('publicity.village'), dataIndex: 'place', key: 'place' },
    { title: t('publicity.name'), dataIndex: 'name', key: 'name' },
    { title: t('publicity.householdSize'), key: 'size', align: 'right', render: (_, r) => r.householdSize ?? '—' },
    { title: t('publicity.item'), dataIndex: 'itemName', key: 'item' },
    { title: t('publicity.listedUntil'), dataIndex: 'listedUntil', key: 'until', width: 110 },
  ];
  return (
    <Card size="small" title={t('publicity.assistance')} className="gs-section" data-testid="publicity-assistance">
      <div className="gs-hint">{t('publicity.assistanceIntro')}</div>
      {narrow ? (
        <Entries
          rows={rows}
          empty={t('publicity.noAssistance')}
          render={(r) => (
            <>
              <b>{r.name}</b>
              {r.place}
              {r.householdSize ? ` · ${t('publicity.householdSize')} ${r.householdSize}` : ''}
              <small>
                {r.itemName} · {t('publicity.listedUntil')} {r.listedUntil}
              </small>
            </>
          )}
        />
      ) : (
        <Table<ListedAssistance>
          size="small"
          rowKey={(r, i) => `${r.concludedOn}-${r.itemCode}-${r.name}-${i}`}
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('publicity.noAssistance')} /> }}
        />
      )}
    </Card>
  );
}

function Catalog({ catalog }: { catalog: CenterPublicity['catalog'] }) {
  const { t } = useI18n();
  const groups = byDepartment(catalog);
  return (
    <Card size="small" title={`${t('publicity.catalog')} · ${t('publicity.catalogCount', { count: catalog.length })}`} className="gs-section" data-testid="publicity-catalog">
      <div className="gs-hint">{t('publicity.catalogIntro')}</div>
      <Collapse
        size="small"
        items={groups.map((g) => ({
          key: g.department,
          label: `${g.department}(${g.items.length})`,
          children: (
            <ul className="gs-items">
              {g.items.map((item) => (
                <li key={item.implementationCode}>
                  <Link to={guidePaths.item(item.implementationCode)}>{item.name}</Link>
                  {item.publication ? <Tag color="volcano">{t('publicity.published')}</Tag> : null}
                </li>
              ))}
            </ul>
          ),
        }))}
      />
    </Card>
  );
}

function CenterView({ centerId, centers }: { centerId: string; centers: PublicityCenter[] | undefined }) {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const page = useResource<CenterPublicity>(publicityApi.center(centerId));
  if (page.error && !page.data) return <LoadError error={page.error} onRetry={() => void page.reload()} />;
  if (!page.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const { center } = page.data;
  return (
    <div data-testid="publicity-center">
      <Typography.Title level={1} className="gs-title">
        {center.name}
      </Typography.Title>
      <div className="gs-meta">
        {center.address ? (
          <span>
            {t('publicity.address')}:{center.address}
          </span>
        ) : null}
        {center.openingHours ? (
          <span>
            {t('publicity.hours')}:{center.openingHours}
          </span>
        ) : null}
        <span>{t('publicity.asOf', { time: formatDateTime(page.data.asOf) })}</span>
      </div>
      <Space wrap style={{ marginTop: 10 }}>
        <Select
          aria-label={t('publicity.center')}
          data-testid="publicity-center-select"
          style={{ minWidth: 240, maxWidth: '100%' }}
          showSearch={{ optionFilterProp: 'label' }}
          value={center.id}
          options={(centers ?? [center]).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(id: string) => navigate(publicityPaths.center(id))}
        />
        <Link to={`/quality/public?center=${encodeURIComponent(center.id)}`}>{t('publicity.quality')}</Link>
        <Link to={publicityPaths.index}>{t('publicity.allCenters')}</Link>
      </Space>
      <Figures figures={page.data.figures} />
      <Licences key={center.id} centerId={center.id} first={page.data.licences} />
      <Assistance rows={page.data.assistance} />
      <Catalog catalog={page.data.catalog} />
    </div>
  );
}

export default function PublicityPage() {
  const { t } = useI18n();
  const { centerId } = useParams();
  const centers = useResource<PublicityCenter[]>(publicityApi.centers);
  const current = centerId ? centers.data?.find((c) => c.id === centerId) : undefined;
  useDocumentTitle(current ? `${current.name} · ${t('publicity.title')}` : t('publicity.title'));
  return (
    <Frame>
      {centerId ? (
        <CenterView centerId={centerId} centers={centers.data} />
      ) : (
        <>
          <Typography.Title level={1} className="gs-title">
            {t('publicity.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('publicity.pickIntro')}</Typography.Paragraph>
          {centers.error && !centers.data ? <LoadError error={centers.error} onRetry={() => void centers.reload()} /> : null}
          {centers.data ? <CenterPicker centers={centers.data} /> : <Skeleton active />}
        </>
      )}
    </Frame>
  );
}
