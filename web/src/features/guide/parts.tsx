/**
 * Pieces the item and bundle guides share: the key-facts strip, the material list (a table on
 * wide screens, cards on a phone) and the flowchart of the process.
 */
import { useEffect, type ReactNode } from 'react';
import { Button, Grid, Result, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import type { Channel, DayUnit, MaterialRequirement, ProcessStep } from '../../../../src/domain/catalog.ts';
import { guideApi } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { channelText, dayUnitText, materialSourceText } from './labels.ts';
import { fromLicenceLibrary, isHeldByGovernment } from './model.ts';
import { guidePaths } from './paths.ts';

export function VisitTag({ visits }: { visits: 0 | 1 }) {
  const { t } = useI18n();
  return visits === 0 ? <Tag color="green">{t('guide.visits.zero')}</Tag> : <Tag color="orange">{t('guide.visits.one')}</Tag>;
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} style={{ display: 'inline-flex', gap: 6, alignItems: 'center', fontSize: 14, marginBottom: 12 }}>
      <ArrowLeftOutlined /> {children}
    </Link>
  );
}

export function GuideNotFound({ title }: { title: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={title}
      subTitle={t('guide.notFound.detail')}
      extra={
        <Button type="primary" onClick={() => navigate(guidePaths.search)}>
          {t('guide.notFound.back')}
        </Button>
      }
    />
  );
}

/** The page title: the item's name, so a bookmark or a saved PDF says what it is. */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (!title) return;
    // Set after the language provider's own effect, which writes the app's title on every switch;
    // given back on leaving, so the staff screens do not keep a guide's title.
    let previous: string | null = null;
    const timer = window.setTimeout(() => {
      previous = document.title;
      document.title = title;
    });
    return () => {
      window.clearTimeout(timer);
      if (previous !== null) document.title = previous;
    };
  }, [title]);
}

export function Section({ id, title, extra, children }: { id: string; title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="gd-section" aria-labelledby={id}>
      <div style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
        <h2 id={id} className="gd-h2">
          {title}
        </h2>
        {extra}
      </div>
      {children}
    </section>
  );
}

export interface Fact {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  isGood?: boolean;
}

export function FactsStrip({ facts, label }: { facts: Fact[]; label: string }) {
  return (
    <dl className="gd-facts" aria-label={label} style={{ marginBlock: '16px 8px' }}>
      {facts.map((fact) => (
        <div key={fact.label} className={`gd-fact${fact.isGood ? ' good' : ''}`}>
          <dt className="gd-fact-label">{fact.label}</dt>
          <dd className="gd-fact-value" style={{ margin: 0 }}>
            {fact.value}
          </dd>
          {fact.note ? (
            <dd className="gd-fact-note" style={{ margin: 0 }}>
              {fact.note}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

/** `15 个工作日` / `15 working days`. */
export function daysText(i18n: I18n, days: number, unit: DayUnit): string {
  return i18n.t('guide.days', { days, unit: i18n.pick(dayUnitText[unit]) });
}

export function channelsText(i18n: I18n, list: readonly Channel[]): string {
  return list.map((c) => i18n.pick(channelText[c])).join(i18n.locale === 'zh' ? '、' : ', ');
}

/** Where the hall gets a material the applicant need not bring: `证照库调取 居民身份证` / `共享数据获取`. */
export function heldSourceText(i18n: I18n, material: Pick<MaterialRequirement, 'source' | 'licenceType'>): string {
  return material.source === 'licence' ? `${i18n.pick(materialSourceText.licence)} ${material.licenceType ?? ''}`.trim() : i18n.pick(materialSourceText.shared_data);
}

/** Why the applicant need not bring a material: `无需提交 · 政府已有(共享数据获取)`. */
export function heldByGovernmentText(i18n: I18n, material: Pick<MaterialRequirement, 'source' | 'licenceType'>): string {
  return i18n.t('guide.material.held', { from: heldSourceText(i18n, material) });
}

/** When a licence-library material need not be brought: `可由证照库调取,持有电子证照者免交(居民身份证)`. */
export function licenceLibraryText(i18n: I18n, material: Pick<MaterialRequirement, 'licenceType'>): string {
  return i18n.t('guide.material.fromLibrary', { type: material.licenceType ?? '' });
}

export function copiesText(i18n: I18n, material: Pick<MaterialRequirement, 'originals' | 'copies'>): string {
  const parts: string[] = [];
  if (material.originals > 0) parts.push(i18n.t('guide.material.originals', { count: material.originals }));
  if (material.copies > 0) parts.push(i18n.t('guide.material.copies', { count: material.copies }));
  return parts.length > 0 ? parts.join(i18n.locale === 'zh' ? '、' : ', ') : i18n.t('guide.material.noPaper');
}

export function deferralText(i18n: I18n, material: Pick<MaterialRequirement, 'deferrable' | 'deferrableUntil'>): string | null {
  if (!material.deferrable) return null;
  return material.deferrableUntil === 'issuance' ? i18n.t('guide.material.deferrableIssuance') : i18n.t('guide.material.deferrableDecision');
}

export interface MaterialRow extends MaterialRequirement {
  /** Extra lines under the name (which scenarios or member items need it). */
  appliesTo?: ReactNode;
}

function MaterialTags({ material }: { material: MaterialRow }) {
  const i18n = useI18n();
  const deferral = deferralText(i18n, material);
  return (
    <div className="gd-tags" style={{ marginTop: 0 }}>
      {material.required ? <Tag color="red">{i18n.t('guide.material.required')}</Tag> : <Tag>{i18n.t('guide.material.optional')}</Tag>}
      {deferral ? <Tag color="gold">{deferral}</Tag> : null}
    </div>
  );
}

function Downloads({ material }: { material: MaterialRow }) {
  const { t } = useI18n();
  if (!material.templateFileId && !material.sampleFileId) return null;
  return (
    <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', marginTop: 4, fontSize: 13 }}>
      {material.templateFileId ? (
        <a href={guideApi.filePath(material.templateFileId)} download>
          <DownloadOutlined /> {t('guide.material.template')}
        </a>
      ) : null}
      {material.sampleFileId ? (
        <a href={guideApi.filePath(material.sampleFileId)} download>
          <DownloadOutlined /> {t('guide.material.sample')}
        </a>
      ) : null}
    </div>
  );
}

function NameCell({ material }: { material: MaterialRow }) {
  return (
    <>
      <div className="gd-mat-name">{material.name}</div>
      {material.appliesTo ? <div className="gd-meta">{material.appliesTo}</div> : null}
      <Downloads material={material} />
    </>
  );
}

function SourceCell({ material }: { material: MaterialRow }) {
  const i18n = useI18n();
  if (isHeldByGovernment(material)) {
    return (
      <Tag color="green" style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
        {heldByGovernmentText(i18n, material)}
      </Tag>
    );
  }
  if (fromLicenceLibrary(material)) {
    return (
      <Tag color="blue" style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
        {licenceLibraryText(i18n, material)}
      </Tag>
    );
  }
  return <span>{i18n.pick(materialSourceText.applicant)}</span>;
}

/**
 * The materials of an item or bundle. Those the government already holds are shown, greyed, as
 * 无需提交 — seeing what can be left at home matters as much as seeing what to bring.
 */
export function MaterialsView({ materials, label }: { materials: MaterialRow[]; label: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const screens = Grid.useBreakpoint();
  const isNarrow = screens.md === false;

  if (materials.length === 0) return <Typography.Text type="secondary">{t('guide.material.none')}</Typography.Text>;

  if (isNarrow) {
    return (
      <ol aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {materials.map((m, index) => {
          const held = isHeldByGovernment(m);
          return (
            <li key={m.key} className={`gd-mat-card${held ? ' gd-skip' : ''}`}>
              <div style={{ display: 'flex', gap: 8 }}>
                <span className="gd-meta" style={{ minWidth: 18 }}>
                  {index + 1}.
                </span>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <NameCell material={m} />
                  <div style={{ marginTop: 6 }}>{held ? <SourceCell material={m} /> : <MaterialTags material={m} />}</div>
                  {fromLicenceLibrary(m) ? (
                    <div style={{ marginTop: 6 }}>
                      <SourceCell material={m} />
                    </div>
                  ) : null}
                  {held ? null : <div style={{ fontSize: 13, marginTop: 4 }}>{copiesText(i18n, m)}</div>}
                  {m.notes ? (
                    <div className="gd-meta" style={{ marginTop: 4 }}>
                      {m.notes}
                    </div>
                  ) : null}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    );
  }

  const columns: TableColumnsType<MaterialRow> = [
    { title: '#', key: 'index', width: 44, render: (_value, _row, index) => index + 1 },
    { title: t('guide.material.name'), key: 'name', render: (_value, m) => <NameCell material={m} /> },
    {
      title: t('guide.material.requirement'),
      key: 'requirement',
      width: 170,
      render: (_value, m) => (isHeldByGovernment(m) ? <Typography.Text type="secondary">—</Typography.Text> : <MaterialTags material={m} />),
    },
    { title: t('guide.material.count'), key: 'count', width: 150, render: (_value, m) => (isHeldByGovernment(m) ? '—' : copiesText(i18n, m)) },
    {
      title: t('guide.material.sourceNotes'),
      key: 'notes',
      width: '34%',
      render: (_value, m) => (
        <>
          <SourceCell material={m} />
          {m.notes ? (
            <div className="gd-meta" style={{ marginTop: 4 }}>
              {m.notes}
            </div>
          ) : null}
        </>
      ),
    },
  ];
  return <Table<MaterialRow> aria-label={label} size="middle" rowKey="key" pagination={false} columns={columns} dataSource={materials} rowClassName={(m) => (isHeldByGovernment(m) ? 'gd-skip' : '')} />;
}

/** `9 项材料中 4 项无需提交` with what that means, above a material list. */
export function MaterialsSummary({ materials }: { materials: readonly MaterialRequirement[] }) {
  const { t } = useI18n();
  const held = materials.filter(isHeldByGovernment).length;
  const library = materials.filter(fromLicenceLibrary).length;
  return (
    <p style={{ margin: '0 0 12px', lineHeight: 1.7 }}>
      {t('guide.material.summary', { total: materials.length, bring: materials.length - held })}
      {library > 0 ? ` ${t('guide.material.libraryCount', { count: library })}` : null}
      {held > 0 ? (
        <>
          {' '}
          <Tag color="green" style={{ fontSize: 14, paddingBlock: 2 }}>
            {t('guide.material.heldCount', { count: held })}
          </Tag>
          <span className="gd-meta">{t('guide.material.heldExplain')}</span>
        </>
      ) : null}
    </p>
  );
}

/**
 * The process as a flowchart: 申请 → each step (who, how long) → 办结. Vertical, so it reads the
 * same on a phone as on a desk.
 */
export function ProcessFlow({ steps, unit, channels, resultName }: { steps: readonly ProcessStep[]; unit: DayUnit; channels: readonly Channel[]; resultName: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <ol className="gd-flow" aria-label={t('guide.flow.label')}>
      <li>
        <div className="gd-terminal start">
          {t('guide.flow.apply')}
          <small>{channelsText(i18n, channels)}</small>
        </div>
      </li>
      {steps.map((step, index) => (
        <li key={`${index}-${step.name}`}>
          <div className="gd-node">
            <span className="gd-node-no" aria-hidden>
              {index + 1}
            </span>
            <div className="gd-node-body">
              <div className="gd-node-title">
                <span className="gd-node-name">{step.name}</span>
                <span className="gd-node-days">{step.days === 0 ? t('guide.flow.sameDay') : daysText(i18n, step.days, unit)}</span>
              </div>
              <div className="gd-node-actor">{step.actor}</div>
              {step.publicityDays ? (
                <div className="gd-node-desc">
                  <Tag color="purple" style={{ whiteSpace: 'normal' }}>
                    {t('guide.flow.publicity', { days: step.publicityDays })}
                  </Tag>
                </div>
              ) : null}
              {step.description ? <div className="gd-node-desc">{step.description}</div> : null}
            </div>
          </div>
        </li>
      ))}
      <li>
        <div className="gd-terminal end">
          {t('guide.flow.done')}
          {resultName ? <small>{resultName}</small> : null}
        </div>
      </li>
    </ol>
  );
}
