/**
 * 办理过程: the case's append-only action log in order — what was done, by whom, through which
 * channel, when, the status it led to, and the words that went with it (opinion, reason, legal
 * basis, delivery...).
 */
import { Space, Tag, Timeline, Typography } from 'antd';
import { useI18n, type I18n } from '../../i18n.tsx';
import { actionLabel, channelLabel, deliveryMethodLabels, materialStateLabels, pausedKindLabels, statusLabel } from './labels.ts';
import type { CaseActionRecord, CaseMaterial, DeliveryMethod, MaterialState } from './model.ts';

const red = ['refuse', 'reject', 'reject_on_spot', 'terminate', 'withdraw', 'clock.red', 'task.reject'];
const green = ['accept', 'conclude', 'decide_on_spot', 'deliver', 'archive', 'task.approve'];
const orange = ['request_correction', 'suspend', 'return_to_applicant', 'task.return_previous', 'clock.yellow'];

function colourOf(entry: CaseActionRecord): string {
  if (red.includes(entry.action)) return 'red';
  if (green.includes(entry.action)) return 'green';
  if (orange.includes(entry.action)) return 'orange';
  if (entry.actorKind === 'system') return 'gray';
  return 'blue';
}

type Words = Pick<I18n, 't' | 'pick'>;

function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

/**
 * The words of an action's payload worth reading, as "label: value" pieces. Ids and codes the
 * reader cannot use (task ids, the clerk's name again) are left out; material keys become names.
 */
export function payloadSummary(entry: CaseActionRecord, materials: readonly CaseMaterial[], words: Words): string[] {
  const { t, pick } = words;
  const p = entry.payload ?? {};
  const nameOf = (key: unknown) => (typeof key === 'string' ? (materials.find((m) => m.key === key)?.name ?? key) : String(key));
  const parts: string[] = [];
  const add = (label: string, value: string | null) => {
    if (value) parts.push(`${label}:${value}`);
  };
  if (entry.action.startsWith('task.') || entry.taskId) {
    add(t('cases.payload.department'), str(p.department));
  }
  add(t('cases.payload.assignee'), str(p.assignee));
  add(t('cases.payload.opinion'), str(p.opinion));
  add(t('cases.payload.reason'), str(p.reason));
  add(t('cases.payload.legalBasis'), str(p.legalBasis));
  add(t('cases.payload.procedure'), str(p.procedure));
  add(t('cases.payload.note'), str(p.note));
  if (Array.isArray(p.missing) && p.missing.length > 0) add(t('cases.payload.missing'), p.missing.map(nameOf).join('、'));
  if (Array.isArray(p.materials) && p.materials.length > 0) {
    const marks = p.materials
      .filter((m): m is { key: string; state: string } => typeof m === 'object' && m !== null && typeof (m as { key?: unknown }).key === 'string')
      .map((m) => {
        const state = Object.hasOwn(materialStateLabels, m.state) ? pick(materialStateLabels[m.state as MaterialState]) : m.state;
        return `${nameOf(m.key)}(${state})`;
      });
    add(t('cases.payload.materials'), marks.join('、'));
  }
  if (typeof p.key === 'string') add(t('cases.payload.material'), nameOf(p.key));
  if (typeof p.method === 'string') {
    add(t('cases.payload.method'), Object.hasOwn(deliveryMethodLabels, p.method) ? pick(deliveryMethodLabels[p.method as DeliveryMethod]) : p.method);
  }
  if (p.express && typeof p.express === 'object') {
    const e = p.express as Record<string, unknown>;
    add(t('cases.payload.express'), [str(e.company), str(e.trackingNo), str(e.address)].filter(Boolean).join(' '));
  }
  if (Array.isArray(p.licences) && p.licences.length > 0) add(t('cases.payload.licences'), p.licences.map(String).join('、'));
  if (typeof p.inPerson === 'boolean') add(t('cases.payload.inPerson'), p.inPerson ? t('cases.yes') : t('cases.no'));
  if (typeof p.kind === 'string' && (p.kind === 'correction' || p.kind === 'special')) add(t('cases.payload.pause'), pick(pausedKindLabels[p.kind]));
  if (typeof p.pausedDays === 'number' && p.pausedDays > 0) add(t('cases.payload.pausedDays'), String(p.pausedDays));
  if (entry.action === 'resume' || entry.action.startsWith('clock.')) add(t('cases.payload.dueDate'), str(p.dueDate));
  add(t('cases.payload.stage'), entry.action === 'next_stage' ? str(p.stage) : null);
  add(t('cases.payload.parentCaseNo'), str(p.parentCaseNo));
  if (p.viaAgent === true) parts.push(t('cases.payload.viaAgent'));
  return parts;
}

export function CaseTimeline({ entries, materials }: { entries: readonly CaseActionRecord[]; materials: readonly CaseMaterial[] }) {
  const { t, pick, formatDateTime } = useI18n();
  return (
    <div data-testid="case-timeline">
      <Timeline
        items={entries.map((entry) => {
          const summary = payloadSummary(entry, materials, { t, pick });
          const changed = entry.fromStatus !== null && entry.fromStatus !== entry.toStatus;
          return {
            key: entry.seq,
            color: colourOf(entry),
            content: (
              <div data-testid={`timeline-${entry.seq}`} data-action={entry.action}>
                <Space size={6} wrap>
                  <Typography.Text strong>{pick(actionLabel(entry.action))}</Typography.Text>
                  {changed ? (
                    <Typography.Text type="secondary">
                      {pick(statusLabel(entry.fromStatus!))} → {pick(statusLabel(entry.toStatus))}
                    </Typography.Text>
                  ) : entry.fromStatus === null ? (
                    <Typography.Text type="secondary">→ {pick(statusLabel(entry.toStatus))}</Typography.Text>
                  ) : null}
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(entry.at)} · {entry.actorKind === 'system' && entry.actorName === 'system' ? t('cases.timeline.system') : entry.actorName}
                  </Typography.Text>{' '}
                  <Tag style={{ fontSize: 11, lineHeight: '16px', marginInlineEnd: 0 }}>{pick(channelLabel(entry.channel))}</Tag>
                </div>
                {summary.length > 0 ? (
                  <Typography.Paragraph style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: true, symbol: t('cases.more') }}>
                    {summary.join(';')}
                  </Typography.Paragraph>
                ) : null}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
