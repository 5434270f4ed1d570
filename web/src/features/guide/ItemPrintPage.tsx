/**
 * An item's guide on one A4 sheet: the checklist of materials to bring (for the chosen 情形),
 * limits, fees, visits, where and when, and the steps in one line. For the counter to hand out
 * and for applicants who prefer paper.
 */
import { Fragment } from 'react';
import { Skeleton } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { guideApi, isApiError, type ItemVersion } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { caseKindText, onlineDepthText, serviceObjectText, tongbanScopeText } from './labels.ts';
import { formatDay, isHeldByGovernment, knownScenario, materialsFor, timeLimits } from './model.ts';
import { daysText, GuideNotFound, useDocumentTitle } from './parts.tsx';
import { guidePaths } from './paths.ts';
import { PrintChecklist, PrintFrame } from './PrintFrame.tsx';

export default function ItemPrintPage() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const item = useResource<ItemVersion>(guideApi.itemPath(code));
  const content = item.data?.implementationCode === code ? item.data.content : undefined;
  useDocumentTitle(content ? `${content.name} · ${t('guide.print.docTitle')}` : undefined);
  const backTo = guidePaths.item(code) + (params.get('scenario') ? `?scenario=${encodeURIComponent(params.get('scenario') ?? '')}` : '');

  if (item.error && isApiError(item.error) && item.error.status === 404) return <GuideNotFound title={t('guide.notFound.item')} />;

  if (!content || !item.data) {
    return <PrintFrame backTo={backTo}>{item.error ? <LoadError error={item.error} onRetry={() => void item.reload()} /> : <Skeleton active paragraph={{ rows: 12 }} />}</PrintFrame>;
  }

  const scenario = knownScenario(content, params.get('scenario'));
  const materials = materialsFor(content.materials, scenario);
  const toBring = materials.filter((m) => !isHeldByGovernment(m));
  const held = materials.filter(isHeldByGovernment);
  const limits = timeLimits(content);
  const scenarioNames = new Map(content.scenarios.map((s) => [s.code, s.name]));
  const sep = i18n.locale === 'zh' ? '、' : ', ';

  return (
    <PrintFrame backTo={backTo}>
      <header>
        <h1>{content.name}</h1>
        <div className="gd-sheet-sub">
          {content.departmentName} · {t('guide.code', { code: content.implementationCode })}
        </div>
        <div className="gd-sheet-sub">
          {t('guide.print.generated', { version: item.data.version })}
          {item.data.publishedAt ? ` · ${t('guide.print.published', { date: formatDay(item.data.publishedAt) })}` : ''}
        </div>
        {scenario ? <div className="gd-sheet-sub">{t('guide.print.scenario', { name: scenarioNames.get(scenario) ?? scenario })}</div> : null}
      </header>

      <h2>{t('guide.print.facts')}</h2>
      <table className="gd-pairs">
        <tbody>
          <tr>
            <th>{t('guide.fact.caseKind')}</th>
            <td>{pick(caseKindText[content.caseKind])}</td>
            <th>{t('guide.print.promised')}</th>
            <td>{limits.isInstant ? t('guide.fact.onTheSpot') : daysText(i18n, limits.promised.days, limits.promised.unit)}</td>
            <th>{t('guide.print.statutory')}</th>
            <td>{limits.statutory ? daysText(i18n, limits.statutory.days, limits.statutory.unit) : t('guide.print.noStatutory')}</td>
          </tr>
          <tr>
            <th>{t('guide.fact.visits')}</th>
            <td>{content.visitsRequired === 0 ? t('guide.fact.visitsZero') : t('guide.fact.visitsOne')}</td>
            <th>{t('guide.fact.fees')}</th>
            <td>{content.fees.length === 0 ? t('guide.fact.free') : content.fees.map((f) => `${f.name} ${f.amount}`).join(sep)}</td>
            <th>{t('guide.fact.onlineDepth')}</th>
            <td>{pick(onlineDepthText[content.onlineDepth])}</td>
          </tr>
          <tr>
            <th>{t('guide.fact.serviceObjects')}</th>
            <td>{content.serviceObjects.map((o) => pick(serviceObjectText[o])).join(sep)}</td>
            <th>{t('guide.fact.tongban')}</th>
            <td>{pick(tongbanScopeText[content.tongbanScope])}</td>
            <th>{t('guide.section.result')}</th>
            <td>{content.resultName}</td>
          </tr>
        </tbody>
      </table>
      {content.visitsRequired === 1 && content.visitReason ? <p className="gd-small">{t('guide.print.visitReason', { reason: content.visitReason })}</p> : null}

      <h2>{t('guide.section.conditions')}</h2>
      <p>{content.conditions || t('guide.none')}</p>

      <PrintChecklist
        toBring={toBring}
        held={held}
        detail={(m) => (scenario === null && m.scenarios.length > 0 ? <div className="gd-small">{t('guide.scenario.only', { names: m.scenarios.map((c) => scenarioNames.get(c) ?? c).join('、') })}</div> : null)}
      />

      <h2>{t('guide.section.process')}</h2>
      <p className="gd-steps">
        {t('guide.flow.apply')}
        {content.processSteps.map((step, index) => (
          <Fragment key={`${index}-${step.name}`}>
            <span className="gd-arrow">→</span>
            {index + 1}. {step.name}({step.actor}
            {step.days > 0 ? `,${daysText(i18n, step.days, content.promisedUnit)}` : `,${t('guide.flow.sameDay')}`})
          </Fragment>
        ))}
        <span className="gd-arrow">→</span>
        {t('guide.flow.done')}
      </p>

      <h2>{t('guide.section.where')}</h2>
      <table className="gd-pairs">
        <tbody>
          <tr>
            <th>{t('guide.where.location')}</th>
            <td colSpan={3}>{content.location}</td>
          </tr>
          <tr>
            <th>{t('guide.where.hours')}</th>
            <td>{content.hours}</td>
            <th>{t('guide.where.phone')}</th>
            <td style={{ whiteSpace: 'nowrap' }}>{content.phone}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t('guide.section.legalBasis')}</h2>
      <p className="gd-small">{content.legalBasis || t('guide.none')}</p>

      <p className="gd-foot">{t('guide.print.footer', { url: `${window.location.origin}${guidePaths.item(code)}` })}</p>
    </PrintFrame>
  );
}
