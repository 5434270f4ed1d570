/** A clock of a complaint as a coloured tag: green with time left, orange due soon, red overdue, blue stopped in time. */
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../i18n.tsx';
import type { Clock } from './model.ts';

const colours = { ok: 'green', due_soon: 'orange', overdue: 'red', done: 'blue' } as const;

export function clockText(t: ReturnType<typeof useI18n>['t'], clock: Clock, kind: 'whole' | 'step'): string {
  if (clock.stoppedAt) {
    if (kind === 'whole') return t(clock.overdue ? 'complaints.clock.late' : 'complaints.clock.onTime');
    return t(clock.overdue ? 'complaints.clock.stepLate' : 'complaints.clock.stepDone');
  }
  if (clock.overdue) return clock.workingDaysOverdue > 0 ? t('complaints.clock.overdueDays', { n: clock.workingDaysOverdue }) : t('complaints.clock.overdueHours', { h: Math.abs(Math.round(clock.hoursLeft)) });
  if (clock.workingDaysLeft === 0) return t('complaints.clock.today', { h: Math.max(0, Math.round(clock.hoursLeft)) });
  return t('complaints.clock.left', { n: clock.workingDaysLeft });
}

/** A due time ends a day at 24:00; shown as that day's 23:59 so the day reads right. */
export function dueShown(formatDateTime: (iso: string) => string, dueAt: string): string {
  return formatDateTime(new Date(new Date(dueAt).getTime() - 60_000).toISOString());
}

export function ClockTag({ clock, kind, testId }: { clock: Clock | null; kind: 'whole' | 'step'; testId?: string }) {
  const { t, formatDateTime } = useI18n();
  if (!clock) return <Tag data-testid={testId}>{t('complaints.clock.none')}</Tag>;
  const tone = clock.stoppedAt && kind === 'step' && !clock.overdue ? 'done' : clock.tone;
  return (
    <Tooltip title={t('complaints.clock.due', { at: dueShown(formatDateTime, clock.dueAt) })}>
      <Tag color={colours[tone]} data-testid={testId} data-tone={tone}>
        {clockText(t, clock, kind)}
      </Tag>
    </Tooltip>
  );
}
