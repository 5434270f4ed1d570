/**
 * 一件事: several items applied for together with one form and one set of materials. The page
 * says what is done together, how much less the applicant hands in and fills in, and lists the
 * merged materials with the items that need each.
 */
import { useMemo } from 'react';
import { Alert, Button, Skeleton, Tag } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { guideApi, isApiError, producedByRegistration, type BundleView } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { neededByText } from './bundle.ts';
import { caseKindText } from './labels.ts';
import { timeLimits } from './model.ts';
import { BackLink, daysText, FactsStrip, GuideNotFound, MaterialsSummary, MaterialsView, Section, useDocumentTitle, VisitTag, type MaterialRow } from './parts.tsx';
import { guidePaths } from './paths.ts';

export default function BundlePage() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const view = useResource<BundleView>(guideApi.bundlePath(code));
  const data = view.data?.bundle.code === code ? view.data : undefined;
  useDocumentTitle(data ? `${data.bundle.content.name} · ${t('guide.search.title')}` : undefined);

  const materials = useMemo<MaterialRow[]>(() => (data ? data.merged.materials.map((m) => ({ ...m, appliesTo: neededByText(i18n, data, m) })) : []), [data, i18n]);

  const produced = data ? producedByRegistration(data) : undefined;

  if (view.error && isApiError(view.error) && view.error.status === 404) return <GuideNotFound title={t('guide.notFound.bundle')} />;

  const content = data?.bundle.content;
  return (
    <div className="gd-page">
      <BackLink to={guidePaths.search}>{t('guide.backToSearch')}</BackLink>
      {view.error ? <LoadError error={view.error} onRetry={() => void view.reload()} /> : null}
      {!data && !view.error ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {data && content ? (
        <>
          <div className="gd-title" style={{ display: 'flex', gap: 16, justifyContent: 'space-between', alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <div style={{ minWidth: 0, flex: '1 1 420px' }}>
              <h1>
                {content.name}{' '}
                <Tag color="purple" style={{ verticalAlign: 'middle' }}>
                  {t('guide.bundle.tag')}
                </Tag>
              </h1>
              {content.aliases.length > 0 ? (
                <div className="gd-meta" style={{ marginTop: 4 }}>
                  {t('guide.aliases', { names: content.aliases.join('、') })}
                </div>
              ) : null}
              <div style={{ marginTop: 6 }}>
                {t('guide.bundle.lead')}
                <strong>{content.leadDepartmentName}</strong>
              </div>
            </div>
            <Button icon={<PrinterOutlined />} size="large" onClick={() => navigate(guidePaths.bundlePrint(code))}>
              {t('guide.print.button')}
            </Button>
          </div>
          <p className="gd-text" style={{ marginTop: 12 }}>
            {content.description}
          </p>

          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            title={<strong style={{ fontSize: 16 }}>{t('guide.bundle.saved', { materials: data.merged.saved.materials, fields: data.merged.saved.formFields })}</strong>}
            description={t('guide.bundle.savedDetail', {
              items: data.members.length,
              materials: data.merged.materials.length,
              materialsAlone: data.merged.separately.materials,
              fields: data.merged.formFields.length,
              fieldsAlone: data.merged.separately.formFields,
            })}
          />

          <FactsStrip
            label={t('guide.fact.label')}
            facts={[
              { label: t('guide.fact.timeLimit'), value: t('guide.fact.promised', { limit: daysText(i18n, content.promisedDays, 'working') }), note: t('guide.bundle.parallel'), isGood: true },
              { label: t('guide.bundle.items'), value: t('guide.bundle.itemCount', { count: content.itemCodes.length }) },
              { label: t('guide.bundle.form'), value: t('guide.bundle.fieldCount', { count: data.merged.formFields.length }), note: t('guide.bundle.oneForm') },
              { label: t('guide.bundle.materials'), value: t('guide.bundle.materialCount', { count: data.merged.materials.length }), note: t('guide.bundle.oneSet') },
            ]}
          />

          {data.missing.length > 0 ? <Alert type="warning" showIcon title={t('guide.bundle.missing', { codes: data.missing.join('、') })} style={{ marginTop: 8 }} /> : null}

          <Section id="gd-members" title={t('guide.bundle.members')}>
            <ol style={{ margin: 0, paddingLeft: 22, lineHeight: 1.9 }}>
              {data.members.map((member) => {
                const limits = timeLimits(member.content);
                return (
                  <li key={member.implementationCode}>
                    <Link to={guidePaths.item(member.implementationCode)}>{member.content.name}</Link>
                    <span className="gd-meta">
                      {' · '}
                      {member.content.departmentName} · {limits.isInstant ? t('guide.fact.onTheSpot') : t('guide.fact.promised', { limit: daysText(i18n, limits.promised.days, limits.promised.unit) })}
                    </span>{' '}
                    <Tag color={member.content.caseKind === 'instant' ? 'cyan' : 'blue'}>{pick(caseKindText[member.content.caseKind])}</Tag>
                    <VisitTag visits={member.content.visitsRequired} />
                  </li>
                );
              })}
            </ol>
          </Section>

          <Section id="gd-materials" title={t('guide.bundle.mergedMaterials')}>
            {produced ? <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="bundle-produced" title={t('guide.bundle.produced', { member: produced.member, things: produced.things.join('、') })} /> : null}
            <MaterialsSummary materials={data.merged.materials} />
            <MaterialsView materials={materials} label={t('guide.bundle.mergedMaterials')} />
          </Section>
        </>
      ) : null}
    </div>
  );
}
