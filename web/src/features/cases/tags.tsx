/**
 * The small coloured marks every case screen uses: status, outcome, the yellow / red clock warning,
 * a due date with its warning, pauses, task and material states, and the visit count.
 *
 * @example
 * <CaseStatusTag status={c.status} /> <DueDate date={c.dueDate} warning={c.warning} />
 */
import type { CSSProperties, HTMLAttributes } from 'react';
import { Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n.tsx';
import { caseStatusLabels, materialStateLabels, outcomeLabels, pausedKindLabels, taskStatusLabels, warningLabels } from './labels.ts';
import type { CaseStatus, MaterialState, Outcome, TaskStatus, WarningLevel } from './model.ts';

const statusColors: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  needs_correction: 'orange',
  accepted: 'cyan',
  in_review: 'blue',
  suspended: 'purple',
  concluded: 'green',
  delivered: 'geekblue',
  archived: 'default',
  refused: 'red',
  withdrawn: 'default',
  terminated: 'volcano',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { pick } = useI18n();
  const label = caseStatusLabels[status] ?? { zh: status, en: status };
  return (
    <Tag color={statusColors[status] ?? 'default'} data-status={status} style={{ marginInlineEnd: 0 }}>
      {pick(label)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: Outcome | null }) {
  const { pick } = useI18n();
  if (!outcome) return null;
  return (
    <Tag color={outcome === 'approved' ? 'success' : 'error'} data-outcome={outcome} style={{ marginInlineEnd: 0 }}>
      {pick(outcomeLabels[outcome])}
    </Tag>
  );
}

/** Yellow (due soon) or red (overdue); nothing for "on time" unless `showNone`. */
export function WarningTag({ level, showNone = false }: { level: WarningLevel; showNone?: boolean }) {
  const { pick } = useI18n();
  if (level === 'none' && !showNone) return null;
  const color = level === 'red' ? 'error' : level === 'yellow' ? 'warning' : 'default';
  return (
    <Tag color={color} icon={level === 'none' ? undefined : <ClockCircleOutlined />} data-warning={level} style={{ marginInlineEnd: 0 }}>
      {pick(warningLabels[level])}
    </Tag>
  );
}

/** Row background of a warned case in a table (red overdue, yellow due soon). */
export function warningRowStyle(level: WarningLevel): CSSProperties | undefined {
  if (level === 'red') return { background: '#fff1f0' };
  if (level === 'yellow') return { background: '#fffbe6' };
  return undefined;
}

/** A due date with its warning; a dash when there is none (not accepted yet). */
export function DueDate({ date, warning }: { date: string | null; warning: WarningLevel }) {
  if (!date) return <Typography.Text type="secondary">—</Typography.Text>;
  const colour = warning === 'red' ? '#cf1322' : warning === 'yellow' ? '#d48806' : undefined;
  return (
    <Space size={4} wrap>
      <span style={{ color: colour, fontWeight: warning === 'none' ? undefined : 600 }}>{date}</span>
      <WarningTag level={warning} />
    </Space>
  );
}

/** `kind` as the inbox sends it (a string there): a kind this screen does not know shows nothing. */
export function PausedTag({ kind, days }: { kind: string | null; days?: number }) {
  const { pick, t } = useI18n();
  if (kind !== 'correction' && kind !== 'special') return null;
  return (
    <Tag color="purple" icon={<PauseCircleOutlined />} data-paused={kind} style={{ marginInlineEnd: 0 }}>
      {pick(pausedKindLabels[kind])}
      {days ? ` · ${t('cases.pausedDays', { days })}` : ''}
    </Tag>
  );
}

const taskColors: Record<TaskStatus, string> = {
  pending: 'gold',
  claimed: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'orange',
  skipped: 'default',
  cancelled: 'default',
};

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={taskColors[status]} data-task-status={status} style={{ marginInlineEnd: 0 }}>
      {pick(taskStatusLabels[status])}
    </Tag>
  );
}

const materialColors: Record<MaterialState, string> = {
  provided: 'success',
  licence: 'cyan',
  shared_data: 'geekblue',
  deferred: 'warning',
  missing: 'error',
};

export function MaterialStateTag({ state }: { state: MaterialState }) {
  const { pick } = useI18n();
  return (
    <Tag color={materialColors[state]} data-material-state={state} style={{ marginInlineEnd: 0 }}>
      {pick(materialStateLabels[state])}
    </Tag>
  );
}

/** 跑动次数: green at zero, blue at one, orange above the promise of at most one visit. */
export function VisitsTag({ visits }: { visits: number }) {
  const { t } = useI18n();
  const color = visits === 0 ? 'green' : visits === 1 ? 'blue' : 'orange';
  return (
    <Tag color={color} data-visits={visits} style={{ marginInlineEnd: 0 }}>
      {visits === 0 ? t('cases.visits.zero') : t('cases.visits.count', { visits })}
    </Tag>
  );
}

/** Props of a table row with a stable test id (`case-row-<caseNo>`) for the browser tests. */
export function rowProps(testId: string, attributes: HTMLAttributes<HTMLElement> = {}): HTMLAttributes<HTMLElement> {
  return Object.assign({ 'data-testid': testId }, attributes);
}
