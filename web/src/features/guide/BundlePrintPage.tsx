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
import { daysText, GuideNotFound, useDocumentTitle } from './parts.tsx';
import { guidePaths } from './paths.ts';
import { PrintChecklist, PrintFrame } from './PrintFrame.tsx';

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
    return <PrintFrame backTo={backTo}>{view.error ? <LoadError error={view.error} onRetry={() => void view.reload()} /> : <Skeleton active paragraph={{ rows: 12 }} />}</PrintFrame>;
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
                <td style={{ whiteSpace: 'nowrap' }}>{limits.isInstant ? t('guide.fact.onTheSpot') : daysText(i18n, limits.promised.days, limits.promised.unit)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <PrintChecklist toBring={toBring} held={held} detail={(m) => <div className="gd-small">{neededByText(i18n, data, m)}</div>} />

      <p className="gd-foot">{t('guide.print.footer', { url: `${window.location.origin}${guidePaths.bundle(code)}` })}</p>
    </PrintFrame>
  );
}
