/** A bundle's guide on one A4 sheet: what is done together, the one set of materials, the saving. */
import { Skeleton } from 'antd';
import { useParams } from 'react-router';
import { guideApi, isApiError, type BundleView } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { neededByText } from './bundle.ts';
import { caseKindText } from './labels.ts';
import { isHeldByGovernment, timeLimits } from './model.ts';
import { copiesText, daysText, deferralText, GuideNotFound, heldSourceText, useDocumentTitle } from './parts.tsx';
import { guidePaths } from './paths.ts';
import { Box, PrintFrame } from './PrintFrame.tsx';

export default function BundlePrintPage() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { code = '' } = useParams();
  const view = useResource<BundleView>(guideApi.bundlePath(code));
  const data = view.data?.bundle.code === code ? view.data : undefined;
  useDocumentTitle(data ? `${data.bundle.content.name} · ${t('guide.print.docTitle')}` : undefined);
  const backTo = guidePaths.bundle(code);

  if (view.error && isApiError(view.error) && view.error.status === 404) return <GuideNotFound title={t('guide.notFound.bundle')} />;
  if (!data) {
    return (
      <PrintFrame backTo={backTo}>
        {view.error ? <LoadError error={view.error} onRetry={() => void view.reload()} /> : <Skeleton active paragraph={{ rows: 12 }} />}
      </PrintFrame>
    );
  }

  const content = data.bundle.content;
  const toBring = data.merged.materials.filter((m) => !isHeldByGovernment(m));
  const held = data.merged.materials.filter(isHeldByGovernment);
  return (
    <PrintFrame backTo={backTo}>
      <header>
        <h1>{content.name}</h1>
        <div className="gd-sheet-sub">{t('guide.bundle.leadPrint', { name: content.leadDepartmentName })}</div>
        <div className="gd-sheet-sub">{t('guide.print.generatedBundle')}</div>
      </header>
      <p style={{ marginTop: 6 }}>{content.description}</p>
      <p style={{ marginTop: 4 }}>
        <strong>{t('guide.bundle.saved', { materials: data.merged.saved.materials, fields: data.merged.saved.formFields })}</strong>
        {' · '}
        {t('guide.fact.promised', { limit: daysText(i18n, content.promisedDays, 'working') })}({t('guide.bundle.parallel')})
      </p>

      <h2>{t('guide.bundle.members')}</h2>
      <table>
        <tbody>
          {data.members.map((member, index) => {
            const limits = timeLimits(member.content);
            return (
              <tr key={member.implementationCode}>
                <td style={{ width: '1.5em' }}>{index + 1}</td>
                <td>{member.content.name}</td>
                <td>{member.content.departmentName}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{pick(caseKindText[member.content.caseKind])}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {limits.isInstant ? t('guide.fact.onTheSpot') : daysText(i18n, limits.promised.days, limits.promised.unit)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>{t('guide.print.checklist', { count: toBring.length })}</h2>
      <table>
        <thead>
          <tr>
            <th style={{ width: '1.6em' }} aria-label={t('guide.print.tick')} />
            <th>{t('guide.material.name')}</th>
            <th>{t('guide.material.requirement')}</th>
            <th>{t('guide.material.count')}</th>
            <th>{t('guide.material.notes')}</th>
          </tr>
        </thead>
        <tbody>
          {toBring.map((m) => {
            const deferral = deferralText(i18n, m);
            return (
              <tr key={m.key}>
                <td>
                  <Box />
                </td>
                <td>
                  {m.name}
                  <div className="gd-small">{neededByText(i18n, data, m)}</div>
                </td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {m.required ? t('guide.material.required') : t('guide.material.optional')}
                  {deferral ? <div className="gd-small">{deferral}</div> : null}
                </td>
                <td style={{ whiteSpace: 'nowrap' }}>{copiesText(i18n, m)}</td>
                <td className="gd-small">{m.notes}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {held.length > 0 ? (
        <p className="gd-small" style={{ marginTop: 3 }}>
          <strong>{t('guide.print.held', { count: held.length })}</strong>
          {held.map((m) => `${m.name}(${heldSourceText(i18n, m)})`).join(i18n.locale === 'zh' ? ';' : '; ')}
        </p>
      ) : null}

      <p className="gd-foot">{t('guide.print.footer', { url: `${window.location.origin}${guidePaths.bundle(code)}` })}</p>
    </PrintFrame>
  );
}
