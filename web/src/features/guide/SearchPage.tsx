/**
 * 办事指南 search: one big box that searches as you type (names, aliases, pinyin, initials, sound-alike
 * characters: the server's one search, as the front desk's picker), a few filters, the matching
 * 一件事 bundles and items in one list by relevance, and all the bundles alongside. The query lives in the address, so a result
 * list can be shared and the back button returns to it.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Empty, Input, Pagination, Select, Skeleton, Switch, Tag, Typography } from 'antd';
import { Link, useLocation, useSearchParams } from 'react-router';
import { channels, serviceObjects, type Channel, type ServiceObject } from '../../../../src/domain/catalog.ts';
import { mergeRankedHits } from '../../../../src/domain/hit-order.ts';
import { api, guideApi, type Bundle, type ItemSearchResult, type ItemSummary } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { caseKindText, channelText, serviceObjectText } from './labels.ts';
import { useDocumentTitle, VisitTag } from './parts.tsx';
import { guidePaths } from './paths.ts';

const pageSize = 20;
const typingPause = 250;

interface Filters {
  q: string;
  departmentId: string | undefined;
  serviceObject: ServiceObject | undefined;
  channel: Channel | undefined;
  zeroVisit: boolean;
  page: number;
}

function readFilters(params: URLSearchParams): Filters {
  const serviceObject = params.get('object');
  const channel = params.get('channel');
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q') ?? '',
    departmentId: params.get('department') || undefined,
    serviceObject: (serviceObjects as readonly string[]).includes(serviceObject ?? '') ? (serviceObject as ServiceObject) : undefined,
    channel: (channels as readonly string[]).includes(channel ?? '') ? (channel as Channel) : undefined,
    zeroVisit: params.get('zeroVisit') === 'true',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function writeFilters(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.departmentId) params.set('department', filters.departmentId);
  if (filters.serviceObject) params.set('object', filters.serviceObject);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.zeroVisit) params.set('zeroVisit', 'true');
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

interface Search {
  result: ItemSearchResult | undefined;
  loading: boolean;
  error: unknown;
}

/** The results of the current filters; the previous list stays on screen while the next one loads. */
function useItemSearch(filters: Filters, attempt: number): Search {
  const [search, setSearch] = useState<Search>({ result: undefined, loading: true, error: undefined });
  const { q, departmentId, serviceObject, channel, zeroVisit, page } = filters;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button: a new attempt searches again
  useEffect(() => {
    const controller = new AbortController();
    setSearch((previous) => ({ ...previous, loading: true }));
    guideApi.searchItems({ q: q || undefined, departmentId, serviceObject, channel, zeroVisit, limit: pageSize, offset: (page - 1) * pageSize }, controller.signal).then(
      (result) => setSearch({ result, loading: false, error: undefined }),
      (error: unknown) => {
        if (!controller.signal.aborted) setSearch((previous) => ({ ...previous, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [q, departmentId, serviceObject, channel, zeroVisit, page, attempt]);
  return search;
}

/**
 * Departments that have published items. `GET /api/departments` is for staff, so the options come
 * from the public item list itself, page by page (a county catalog is a few hundred items).
 */
function useGuideDepartments(): { value: string; label: string }[] {
  const [departments, setDepartments] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    const found = new Map<string, string>();
    const load = async () => {
      const limit = 100;
      for (let offset = 0, total = 1; offset < total && offset < 3000; offset += limit) {
        const page = await api.get<ItemSearchResult>(guideApi.itemsPath({ limit, offset }), { signal: controller.signal, quietUnauthenticated: true });
        total = page.total;
        for (const item of page.items) found.set(item.departmentId, item.departmentName);
        setDepartments(new Map(found));
      }
    };
    // Without the list the filter simply offers no departments; the search itself still works.
    load().catch(() => undefined);
    return () => controller.abort();
  }, []);
  return useMemo(() => [...departments].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN')), [departments]);
}

function ResultCard({ item, back }: { item: ItemSummary; back: string }) {
  const { pick, locale } = useI18n();
  return (
    <Link to={guidePaths.item(item.implementationCode)} state={{ back }} className="gd-result" aria-label={item.name}>
      <h3 className="gd-result-name">{item.name}</h3>
      <div className="gd-meta">
        {item.departmentName} · {item.serviceObjects.map((o) => pick(serviceObjectText[o])).join(locale === 'zh' ? '、' : ', ')}
      </div>
      <div className="gd-tags">
        <Tag color={item.caseKind === 'instant' ? 'cyan' : 'blue'}>{pick(caseKindText[item.caseKind])}</Tag>
        <VisitTag visits={item.visitsRequired} />
        {item.channels.map((c) => (
          <Tag key={c} variant="outlined">
            {pick(channelText[c])}
          </Tag>
        ))}
      </div>
    </Link>
  );
}

function BundleResultCard({ bundle }: { bundle: Bundle }) {
  const { t } = useI18n();
  return (
    <Link to={guidePaths.bundle(bundle.code)} className="gd-result" aria-label={bundle.content.name}>
      <h3 className="gd-result-name">{bundle.content.name}</h3>
      <div className="gd-meta">{t('guide.bundles.summary', { count: bundle.content.itemCodes.length, days: bundle.content.promisedDays })}</div>
      <div className="gd-tags">
        <Tag color="orange">{t('guide.bundles.title')}</Tag>
      </div>
    </Link>
  );
}

type ResultHit = { kind: 'item'; name: string; rank: number; item: ItemSummary } | { kind: 'bundle'; name: string; rank: number; bundle: Bundle };

/** The page's hits: the matching bundles (first page only) and items, in one order of relevance. */
function resultHits(result: ItemSearchResult): ResultHit[] {
  return mergeRankedHits<ResultHit>([
    ...result.bundles.map((bundle): ResultHit => ({ kind: 'bundle', name: bundle.content.name, rank: bundle.rank, bundle })),
    ...result.items.map((item): ResultHit => ({ kind: 'item', name: item.name, rank: item.rank, item })),
  ]);
}

function BundleList() {
  const { t } = useI18n();
  const bundles = useResource<Bundle[]>(guideApi.bundlesPath);
  return (
    <section className="gd-section" aria-labelledby="gd-bundles-title" style={{ marginTop: 0 }}>
      <h2 id="gd-bundles-title" className="gd-h2">
        {t('guide.bundles.title')}
      </h2>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('guide.bundles.intro')}
      </Typography.Paragraph>
      {bundles.error ? <LoadError error={bundles.error} onRetry={() => void bundles.reload()} /> : null}
      {bundles.loading && !bundles.data ? <Skeleton active /> : null}
      {bundles.data?.length === 0 ? <Empty description={t('guide.bundles.none')} /> : null}
      {bundles.data?.map((b) => (
        <Link key={b.code} to={guidePaths.bundle(b.code)} className="gd-bundle">
          <div className="gd-bundle-name">{b.content.name}</div>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0', fontSize: 13 }}>
            {b.content.description}
          </Typography.Paragraph>
          <div className="gd-meta">{t('guide.bundles.summary', { count: b.content.itemCodes.length, days: b.content.promisedDays })}</div>
        </Link>
      ))}
    </section>
  );
}

export default function SearchPage() {
  const { t, pick } = useI18n();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [text, setText] = useState(filters.q);
  const [attempt, setAttempt] = useState(0);
  const search = useItemSearch(filters, attempt);
  const departments = useGuideDepartments();
  useDocumentTitle(`${t('guide.search.title')} · ${t('app.title')}`);

  // Any change but paging starts again at the first page. Built on the address as it is when the
  // change lands, so a search that fires after the typing pause keeps a filter chosen meanwhile.
  const update = (change: Partial<Filters>) => {
    setParams((current) => writeFilters({ ...readFilters(current), page: 1, ...change }), { replace: true });
  };

  // The address changed from outside (back button, a shared link): show its words in the box.
  useEffect(() => {
    setText((current) => (current.trim() === filters.q ? current : filters.q));
  }, [filters.q]);

  // Search as you type, once the typing pauses.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only typing starts the pause; a changed filter or URL must not restart it
  useEffect(() => {
    const next = text.trim();
    if (next === filters.q) return;
    const timer = window.setTimeout(() => update({ q: next }), typingPause);
    return () => window.clearTimeout(timer);
  }, [text]);

  const hasFilters = Boolean(filters.departmentId || filters.serviceObject || filters.channel || filters.zeroVisit);
  const result = search.result;
  const found = result ? result.total + result.bundles.length : 0;
  const back = `${location.pathname}${location.search}`;

  return (
    <>
      <div className="gd-hero">
        <div className="gd-page" style={{ paddingTop: 0, paddingBottom: 0 }}>
          <h1>{t('guide.search.title')}</h1>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 14 }}>
            {t('guide.search.intro')}
          </Typography.Paragraph>
          <div className="gd-search">
            <Input.Search
              size="large"
              allowClear
              value={text}
              maxLength={100}
              aria-label={t('guide.search.label')}
              placeholder={t('guide.search.placeholder')}
              enterButton={t('guide.search.button')}
              onChange={(event) => setText(event.target.value)}
              onSearch={(value) => update({ q: value.trim() })}
            />
          </div>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 13 }}>
            {t('guide.search.hint')}
          </Typography.Text>
          <div className="gd-filters" role="group" aria-label={t('guide.filter.label')}>
            <Select
              aria-label={t('guide.filter.department')}
              placeholder={t('guide.filter.allDepartments')}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={filters.departmentId}
              options={departments}
              onChange={(value: string | undefined) => update({ departmentId: value })}
              style={{ minWidth: 200 }}
            />
            <Select
              aria-label={t('guide.filter.serviceObject')}
              placeholder={t('guide.filter.allObjects')}
              allowClear
              value={filters.serviceObject}
              options={serviceObjects.map((o) => ({ value: o, label: pick(serviceObjectText[o]) }))}
              onChange={(value: ServiceObject | undefined) => update({ serviceObject: value })}
            />
            <Select
              aria-label={t('guide.filter.channel')}
              placeholder={t('guide.filter.allChannels')}
              allowClear
              value={filters.channel}
              options={channels.map((c) => ({ value: c, label: pick(channelText[c]) }))}
              onChange={(value: Channel | undefined) => update({ channel: value })}
            />
            <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8, whiteSpace: 'nowrap' }}>
              <Switch checked={filters.zeroVisit} onChange={(checked) => update({ zeroVisit: checked })} />
              {t('guide.filter.zeroVisit')}
            </label>
          </div>
        </div>
      </div>

      <div className="gd-page">
        <div className="gd-grid">
          <section aria-labelledby="gd-results-title" aria-busy={search.loading}>
            <h2 id="gd-results-title" style={{ fontSize: 15, fontWeight: 400, margin: '0 0 10px', color: '#5b6b82' }}>
              {result ? (filters.q ? t('guide.results.found', { total: found, q: filters.q }) : t('guide.results.all', { total: result.total })) : t('common.loading')}
            </h2>
            {search.error ? <LoadError error={search.error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
            {!result && search.loading ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
            {result && found === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span>{t('guide.results.emptyTitle')}</span>} style={{ background: '#fff', padding: 24, borderRadius: 8, margin: 0 }}>
                <Alert type="info" showIcon title={t('guide.results.emptyHint')} style={{ textAlign: 'left' }} />
                {hasFilters ? (
                  <Typography.Link onClick={() => update({ departmentId: undefined, serviceObject: undefined, channel: undefined, zeroVisit: false })} style={{ display: 'inline-block', marginTop: 12 }}>
                    {t('guide.filter.clear')}
                  </Typography.Link>
                ) : null}
              </Empty>
            ) : null}
            <div role="list" aria-label={t('guide.results.list')} style={{ opacity: search.loading && result ? 0.6 : 1 }}>
              {result
                ? resultHits(result).map((hit) =>
                    hit.kind === 'bundle' ? (
                      <div role="listitem" key={`bundle-${hit.bundle.code}`} data-kind="bundle">
                        <BundleResultCard bundle={hit.bundle} />
                      </div>
                    ) : (
                      <div role="listitem" key={hit.item.implementationCode} data-kind="item">
                        <ResultCard item={hit.item} back={back} />
                      </div>
                    ),
                  )
                : null}
            </div>
            {result && result.total > pageSize ? (
              <Pagination
                align="center"
                simple
                current={filters.page}
                pageSize={pageSize}
                total={result.total}
                showSizeChanger={false}
                onChange={(page) => {
                  setParams(writeFilters({ ...filters, page }));
                  window.scrollTo({ top: 0 });
                }}
                style={{ marginTop: 12 }}
              />
            ) : null}
          </section>
          <BundleList />
        </div>
      </div>
    </>
  );
}
