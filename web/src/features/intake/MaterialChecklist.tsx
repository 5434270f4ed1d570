/**
 * Step 3: the material check, one row per material the item (情形) or bundle asks for. Each row is
 * one choice: 已提交 / 证照库调取 (only when the applicant holds the licence: then it is chosen
 * already — 一次都不要再交) / 共享数据获取 / 容缺后补 (deferrable materials, with the day the
 * applicant commits to) / 缺少. Arrow keys move within a row, Tab to the next.
 */
import { Button, Input, Radio, Select, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { materialStateLabels, type MaterialState } from '../../../../src/domain/case-process.ts';
import { useI18n } from '../../i18n.tsx';
import type { HeldLicence } from './api.ts';
import { defaultDeferredDue, dueInRange, licenceNumberText, licencesFor, stateChoices, type ChecklistSummary, type DueRange, type IntakeMaterial, type MarkDraft } from './model.ts';

export interface MaterialChecklistProps {
  materials: IntakeMaterial[];
  marks: ReadonlyMap<string, MarkDraft | null>;
  licences: readonly HeldLicence[];
  today: string;
  /** The days a deferred material may be promised for (the server's limit). */
  dueRange: DueRange;
  summary: ChecklistSummary;
  /** Rows the server pointed at in its last answer. */
  flagged: ReadonlySet<string>;
  /** For a bundle: member item names by code. */
  memberNames?: ReadonlyMap<string, string>;
  onMark(key: string, mark: MarkDraft): void;
  onRestProvided(): void;
}

const stateColors: Record<MaterialState, string> = { provided: '#f6ffed', licence: '#e6f4ff', shared_data: '#e6f4ff', deferred: '#fff7e6', missing: '#fff1f0' };

export function MaterialChecklist({ materials, marks, licences, today, dueRange, summary, flagged, memberNames, onMark, onRestProvided }: MaterialChecklistProps) {
  const { t } = useI18n();
  if (materials.length === 0) return <Typography.Text type="secondary">{t('intake.materials.none')}</Typography.Text>;
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 10 }}>
        <Typography.Text data-testid="materials-progress">{t('intake.materials.progress', { marked: summary.markedCount, total: materials.length })}</Typography.Text>
        <Button size="small" icon={<CheckOutlined />} onClick={onRestProvided} disabled={summary.unmarked.length === 0} data-testid="materials-rest-provided">
          {t('intake.materials.restProvided')}
        </Button>
      </div>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }} aria-label={t('intake.step.materials')}>
        {materials.map((material, index) => (
          <MaterialRow
            key={material.key}
            index={index}
            material={material}
            mark={marks.get(material.key) ?? null}
            held={licencesFor(material, licences, today)}
            today={today}
            dueRange={dueRange}
            flagged={flagged.has(material.key)}
            memberNames={memberNames}
            onMark={(mark) => onMark(material.key, mark)}
          />
        ))}
      </ol>
    </div>
  );
}

interface RowProps {
  index: number;
  material: IntakeMaterial;
  mark: MarkDraft | null;
  held: HeldLicence[];
  today: string;
  dueRange: DueRange;
  flagged: boolean;
  memberNames?: ReadonlyMap<string, string>;
  onMark(mark: MarkDraft): void;
}

function MaterialRow({ index, material, mark, held, today, dueRange, flagged, memberNames, onMark }: RowProps) {
  const { t, pick } = useI18n();
  const choices = stateChoices(material, held);
  const sep = t('intake.listSeparator');
  const nameId = `material-name-${material.key}`;

  const choose = (state: MaterialState) => {
    if (state === 'licence') onMark({ state, licenceId: held[0]?.id });
    else if (state === 'deferred') onMark({ state, deferredDue: mark?.deferredDue ?? defaultDeferredDue(dueRange) });
    else onMark({ state });
  };

  const dueOk = mark?.state === 'deferred' && mark.deferredDue !== undefined && dueInRange(mark.deferredDue, dueRange);
  const copies: string[] = [];
  if (material.originals > 0) copies.push(t('intake.materials.originals', { count: material.originals }));
  if (material.copies > 0) copies.push(t('intake.materials.copies', { count: material.copies }));

  return (
    <li
      data-testid={`material-row-${material.key}`}
      data-state={mark?.state ?? 'unmarked'}
      data-required={String(material.required)}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '8px 16px',
        alignItems: 'flex-start',
        padding: '10px 12px',
        border: `1px solid ${flagged ? '#ff4d4f' : '#e3e8ef'}`,
        borderLeft: `4px solid ${flagged ? '#ff4d4f' : mark ? '#1f5fbf' : material.required ? '#faad14' : '#d9d9d9'}`,
        borderRadius: 6,
        background: mark ? stateColors[mark.state] : '#fff',
      }}
    >
      <div style={{ flex: '1 1 280px', minWidth: 0 }}>
        <Typography.Text strong id={nameId}>
          {index + 1}. {material.name}
        </Typography.Text>{' '}
        <Tag color={material.required ? 'red' : 'default'} style={{ marginInlineEnd: 4 }}>
          {material.required ? t('intake.materials.required') : t('intake.materials.optional')}
        </Tag>
        {copies.length > 0 ? <Tag style={{ marginInlineEnd: 4 }}>{copies.join(sep)}</Tag> : null}
        {material.source === 'licence' ? <Tag color="blue">{t('intake.materials.fromLicence', { type: material.licenceType ?? '' })}</Tag> : null}
        {material.source === 'shared_data' ? <Tag color="blue">{pick(materialStateLabels.shared_data)}</Tag> : null}
        {material.deferrable ? <Tag color="orange">{material.deferrableUntil === 'issuance' ? t('intake.materials.deferrableIssuance') : t('intake.materials.deferrableDecision')}</Tag> : null}
        {material.notes ? (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {material.notes}
            </Typography.Text>
          </div>
        ) : null}
        {material.neededBy && memberNames ? (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('intake.materials.neededBy', { names: material.neededBy.map((code) => memberNames.get(code) ?? code).join(sep) })}
            </Typography.Text>
          </div>
        ) : null}
        {flagged ? (
          <div>
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('intake.materials.flagged')}
            </Typography.Text>
          </div>
        ) : null}
      </div>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 6, alignItems: 'flex-start' }}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          size="middle"
          name={`material-${material.key}`}
          aria-labelledby={nameId}
          value={mark?.state ?? null}
          onChange={(e) => choose(e.target.value as MaterialState)}
          options={choices.map((state) => ({ value: state, label: pick(materialStateLabels[state]) }))}
        />
        {mark?.state === 'licence' && held.length > 1 ? (
          <Select
            size="small"
            style={{ minWidth: 260 }}
            value={mark.licenceId}
            onChange={(licenceId: string) => onMark({ state: 'licence', licenceId })}
            options={held.map((l) => ({ value: l.id, label: `${l.name} ${licenceNumberText(l)}` }))}
            aria-label={t('intake.materials.whichLicence')}
          />
        ) : null}
        {mark?.state === 'licence' && held.length === 1 ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`material-licence-${material.key}`}>
            {t('intake.materials.licence', { name: held[0]!.name, number: licenceNumberText(held[0]!) })}
          </Typography.Text>
        ) : null}
        {mark?.state === 'deferred' ? (
          <div>
            <label style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
              <Typography.Text type={dueOk ? undefined : 'danger'}>{t('intake.materials.due')}</Typography.Text>
              <Input
                type="date"
                size="small"
                min={today}
                max={dueRange.latest ?? undefined}
                value={mark.deferredDue ?? ''}
                onChange={(e) => onMark({ state: 'deferred', deferredDue: e.target.value || undefined })}
                status={dueOk ? undefined : 'error'}
                aria-invalid={!dueOk}
                aria-describedby={dueRange.latest ? `material-due-hint-${material.key}` : undefined}
                style={{ width: 160 }}
                data-testid={`material-due-${material.key}`}
                data-latest={dueRange.latest ?? ''}
              />
            </label>
            {dueRange.latest ? (
              <Typography.Text type={dueOk ? 'secondary' : 'danger'} style={{ fontSize: 12 }} id={`material-due-hint-${material.key}`} data-testid={`material-due-hint-${material.key}`}>
                {t(dueOk ? 'intake.materials.dueLatest' : 'intake.materials.dueOutOfRange', { today, latest: dueRange.latest })}
              </Typography.Text>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}
