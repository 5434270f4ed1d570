/**
 * One item's guide: what it takes, what to bring (for the applicant's own 情形), how it runs,
 * where to go. Seed 002: applicants make extra trips mostly because they did not know what to
 * bring, so the material list comes right after the conditions, and what the government already
 * holds is said plainly.
 */
import { useMemo } from 'react';
import { Alert, Button, Collapse, Empty, Radio, Skeleton, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ServiceItemContent } from '../../../../src/domain/catalog.ts';
import { guideApi, isApiError, type Bundle, type ItemVersion } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { caseKindText, exerciseLevelText, itemTypeText, onlineDepthText, resultKindText, serviceObjectText, tongbanScopeText } from './labels.ts';
import { formatDay, knownScenario, materialsFor, timeLimits } from './model.ts';
import { BackLink, channelsText, daysText, FactsStrip, GuideNotFound, MaterialsSummary, MaterialsView, ProcessFlow, Section, useDocumentTitle, type Fact, type MaterialRow } from './parts.tsx';
import { guidePaths } from './paths.ts';

/** The facts an applicant weighs first: how long, how many trips, online or not, what it costs. */
export function itemFacts(i18n: I18n, item: ServiceItemContent): Fact[] {
  const { t, pick } = i18n;
  const limits = timeLimits(item);
  const statutory = limits.statutory ? t('guide.fact.statutory', { limit: daysText(i18n, limits.statutory.days, limits.statutory.unit) }) : t('guide.fact.noStatutory');
  const saving = limits.saving ? t('guide.fact.saving', { limit: daysText(i18n, limits.saving.days, limits.saving.unit) }) : null;
  return [
    {
      label: t('guide.fact.timeLimit'),
      value: limits.isInstant ? t('guide.fact.onTheSpot') : t('guide.fact.promised', { limit: daysText(i18n, limits.promised.days, limits.promised.unit) }),
      note: saving ? `${statutory} · ${saving}` : statutory,
      isGood: limits.isInstant || limits.saving !== null,
    },
    {
      label: t('guide.fact.caseKind'),
      value: pick(caseKindText[item.caseKind]),
      note: item.caseKind === 'instant' ? t('guide.fact.instantNote') : t('guide.fact.promisedNote'),
    },
    {
      label: t('guide.fact.visits'),
      value: item.visitsRequired === 0 ? t('guide.fact.visitsZero') : t('guide.fact.visitsOne'),
      note: item.visitsRequired === 0 ? t('guide.fact.visitsZeroNote') : item.visitReason,
      isGood: item.visitsRequired === 0,
    },
    { label: t('guide.fact.onlineDepth'), value: pick(onlineDepthText[item.onlineDepth]) },
    {
      label: t('guide.fact.fees'),
      value: item.fees.length === 0 ? t('guide.fact.free') : t('guide.fact.charged'),
      note: item.fees.length === 0 ? undefined : item.fees.map((f) => `${f.name} ${f.amount}`).join(i18n.locale === 'zh' ? ';' : '; '),
      isGood: item.fees.length === 0,
    },
    { label: t('guide.fact.tongban'), value: pick(tongbanScopeText[item.tongbanScope]) },
    { label: t('guide.fact.channels'), value: <span style={{ fontSize: 14 }}>{channelsText(i18n, item.channels)}</span> },
    { label: t('guide.fact.serviceObjects'), value: item.serviceObjects.map((o) => pick(serviceObjectText[o])).join(i18n.locale === 'zh' ? '、' : ', ') },
  ];
}

function ScenarioPicker({ item, scenario, onChange }: { item: ServiceItemContent; scenario: string | null; onChange: (code: string | null) => void }) {
  const { t } = useI18n();
  const chosen = item.scenarios.find((s) => s.code === scenario);
  return (
    <div style={{ marginBottom: 14 }}>
      <div style={{ marginBottom: 6, fontWeight: 600 }} id="gd-scenario-label">
        {t('guide.scenario.label')}
      </div>
      <Radio.Group
        aria-labelledby="gd-scenario-label"
        optionType="button"
        buttonStyle="solid"
        value={scenario ?? ''}
        onChange={(event) => onChange((event.target.value as string) || null)}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
        options={[{ value: '', label: t('guide.scenario.all') }, ...item.scenarios.map((s) => ({ value: s.code, label: s.name }))]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 13 }}>
        {chosen ? chosen.description : t('guide.scenario.hint')}
      </Typography.Paragraph>
    </div>
  );
}

export default function ItemPage() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { code = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const item = useResource<ItemVersion>(guideApi.itemPath(code));
  const bundles = useResource<Bundle[]>(guideApi.bundlesPath);
  const back = (location.state as { back?: string } | null)?.back ?? guidePaths.search;
  const content = item.data?.implementationCode === code ? item.data.content : undefined;
  useDocumentTitle(content ? `${content.name} · ${t('guide.search.title')}` : undefined);

  const scenario = content ? knownScenario(content, params.get('scenario')) : null;
  const materials = useMemo<MaterialRow[]>(() => {
    if (!content) return [];
    const names = new Map(content.scenarios.map((s) => [s.code, s.name]));
    return materialsFor(content.materials, scenario).map((m) => ({
      ...m,
      appliesTo: scenario === null && m.scenarios.length > 0 ? t('guide.scenario.only', { names: m.scenarios.map((c) => names.get(c) ?? c).join('、') }) : undefined,
    }));
  }, [content, scenario, t]);

  if (item.error && isApiError(item.error) && item.error.status === 404) return <GuideNotFound title={t('guide.notFound.item')} />;

  const containing = (bundles.data ?? []).filter((b) => b.content.itemCodes.includes(code));
  const setScenario = (next: string | null) => {
    const nextParams = new URLSearchParams(params);
    if (next) nextParams.set('scenario', next);
    else nextParams.delete('scenario');
    setParams(nextParams, { replace: true, state: location.state });
  };

  return (
    <div className="gd-page">
      <BackLink to={back}>{back === guidePaths.search ? t('guide.backToSearch') : t('guide.backToResults')}</BackLink>
      {item.error ? <LoadError error={item.error} onRetry={() => void item.reload()} /> : null}
      {!content && !item.error ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {content && item.data ? (
        <>
          <div className="gd-title" style={{ display: 'flex', gap: 16, justifyContent: 'space-between', alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <div style={{ minWidth: 0, flex: '1 1 420px' }}>
              <h1>{content.name}</h1>
              {content.aliases.length > 0 ? (
                <div className="gd-meta" style={{ marginTop: 4 }}>
                  {t('guide.aliases', { names: content.aliases.join('、') })}
                </div>
              ) : null}
              <div style={{ marginTop: 6 }}>
                <strong>{content.departmentName}</strong>
                <span className="gd-meta">
                  {' · '}
                  {pick(itemTypeText[content.itemType])} · {pick(exerciseLevelText[content.exerciseLevel])}
                </span>
              </div>
              <div className="gd-meta" style={{ marginTop: 2 }}>
                {t('guide.version', { version: item.data.version, date: formatDay(item.data.publishedAt) })} · {t('guide.code', { code: content.implementationCode })}
              </div>
            </div>
            <Button icon={<PrinterOutlined />} size="large" onClick={() => navigate(guidePaths.itemPrint(code, scenario))}>
              {t('guide.print.button')}
            </Button>
          </div>

          <FactsStrip facts={itemFacts(i18n, content)} label={t('guide.fact.label')} />
          {content.delegatedToTowns ? <Alert type="info" showIcon title={t('guide.delegated')} style={{ marginTop: 8 }} /> : null}

          <Section id="gd-conditions" title={t('guide.section.conditions')}>
            <p className="gd-text">{content.conditions || t('guide.none')}</p>
          </Section>

          <Section id="gd-materials" title={t('guide.section.materials')}>
            {content.scenarios.length > 0 ? <ScenarioPicker item={content} scenario={scenario} onChange={setScenario} /> : null}
            <MaterialsSummary materials={materials} />
            <MaterialsView materials={materials} label={t('guide.section.materials')} />
          </Section>

          <Section id="gd-process" title={t('guide.section.process')}>
            {content.processSteps.length > 0 ? (
              <ProcessFlow steps={content.processSteps} unit={content.promisedUnit} channels={content.channels} resultName={content.resultName} />
            ) : (
              <Typography.Text type="secondary">{t('guide.none')}</Typography.Text>
            )}
          </Section>

          <Section id="gd-where" title={t('guide.section.where')}>
            <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', gap: '6px 16px', lineHeight: 1.7 }}>
              <dt className="gd-meta">{t('guide.where.location')}</dt>
              <dd style={{ margin: 0 }}>{content.location || t('guide.none')}</dd>
              <dt className="gd-meta">{t('guide.where.hours')}</dt>
              <dd style={{ margin: 0 }}>{content.hours || t('guide.none')}</dd>
              <dt className="gd-meta">{t('guide.where.phone')}</dt>
              <dd style={{ margin: 0 }}>{content.phone ? <a href={`tel:${content.phone.replace(/[^\d+-]/g, '')}`}>{content.phone}</a> : t('guide.none')}</dd>
            </dl>
          </Section>

          {content.fees.length > 0 ? (
            <Section id="gd-fees" title={t('guide.section.fees')}>
              <Table
                size="small"
                rowKey="name"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={content.fees}
                columns={[
                  { title: t('guide.fee.name'), dataIndex: 'name' },
                  { title: t('guide.fee.amount'), dataIndex: 'amount' },
                  { title: t('guide.fee.basis'), dataIndex: 'basis' },
                ]}
              />
            </Section>
          ) : null}

          <Section id="gd-result" title={t('guide.section.result')}>
            <p className="gd-text">
              {content.resultName || t('guide.none')} <Tag>{pick(resultKindText[content.resultKind])}</Tag>
            </p>
          </Section>

          <Section id="gd-faq" title={t('guide.section.faq')}>
            {content.faq.length > 0 ? (
              <Collapse
                items={content.faq.map((f, index) => ({
                  key: String(index),
                  label: f.question,
                  children: <p className="gd-text">{f.answer}</p>,
                }))}
              />
            ) : (
              <Typography.Text type="secondary">{t('guide.none')}</Typography.Text>
            )}
          </Section>

          <Section id="gd-basis" title={t('guide.section.legalBasis')}>
            <p className="gd-text">{content.legalBasis || t('guide.none')}</p>
          </Section>

          <Section id="gd-bundles" title={t('guide.section.bundles')}>
            {containing.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 20, lineHeight: 2 }}>
                {containing.map((b) => (
                  <li key={b.code}>
                    <Link to={guidePaths.bundle(b.code)}>{b.content.name}</Link>
                    <span className="gd-meta"> · {t('guide.bundles.summary', { count: b.content.itemCodes.length, days: b.content.promisedDays })}</span>
                  </li>
                ))}
              </ul>
            ) : bundles.loading ? (
              <Skeleton active paragraph={{ rows: 1 }} title={false} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('guide.bundles.noneForItem')} style={{ margin: 0 }} />
            )}
          </Section>
        </>
      ) : null}
    </div>
  );
}
