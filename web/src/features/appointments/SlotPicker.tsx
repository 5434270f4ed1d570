/** Step 2 of booking: the days of the horizon (with places left, or closed) and the times of the chosen day. */
import { Button, Tag } from 'antd';
import { slotKindLabels } from '../../../../src/domain/appointments.ts';
import { useI18n } from '../../i18n.tsx';
import { chinaClock, dayLabel, isoWeekday, monthDay, placesLeft, timeRange, weekdayLabels, type SlotDay, type SlotView } from './model.ts';

export function DayList({ days, value, onChange }: { days: SlotDay[]; value: string | undefined; onChange(day: string): void }) {
  const { t, pick } = useI18n();
  return (
    <div role="radiogroup" aria-label={t('appointments.book.step.when')} style={{ display: 'flex', gap: 8, overflowX: 'auto', padding: '2px 2px 8px' }}>
      {days.map((d) => {
        const chosen = d.day === value;
        const label = dayLabel(d);
        const left = placesLeft(d);
        const closed = d.slots.length === 0;
        return (
          <button
            key={d.day}
            type="button"
            role="radio"
            aria-checked={chosen}
            data-testid={`day-${d.day}`}
            onClick={() => onChange(d.day)}
            style={{
              flex: '0 0 auto',
              minWidth: 84,
              padding: '6px 8px',
              borderRadius: 8,
              cursor: 'pointer',
              textAlign: 'center',
              lineHeight: 1.45,
              border: `1px solid ${chosen ? '#1f5fbf' : '#d9dee7'}`,
              background: chosen ? '#1f5fbf' : closed ? '#f5f6f8' : '#fff',
              color: chosen ? '#fff' : closed ? '#98a2b3' : '#1d2939',
            }}
          >
            <div style={{ fontSize: 12 }}>{pick(weekdayLabels[isoWeekday(d.day)]!)}</div>
            <div style={{ fontSize: 16, fontWeight: 600 }}>{monthDay(d.day)}</div>
            <div style={{ fontSize: 12, color: chosen ? '#fff' : label === 'weekendService' ? '#d46b08' : label === 'holiday' ? '#cf1322' : undefined }}>{t(`appointments.book.day.${label}`)}</div>
            <div style={{ fontSize: 12, opacity: 0.85 }}>{closed ? t('appointments.book.dayClosed') : left > 0 ? t('appointments.book.dayLeft', { n: left }) : t('appointments.book.dayFull')}</div>
          </button>
        );
      })}
    </div>
  );
}

export function SlotButton({ slot, chosen, onChoose }: { slot: SlotView; chosen: boolean; onChoose(): void }) {
  const { t, pick } = useI18n();
  const full = slot.left <= 0;
  return (
    <Button
      data-testid={`slot-${chinaClock(slot.start)}`}
      type={chosen ? 'primary' : 'default'}
      disabled={full}
      aria-pressed={chosen}
      onClick={onChoose}
      style={{ height: 'auto', padding: '8px 10px', display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2, whiteSpace: 'normal' }}
    >
      <span style={{ fontSize: 16, fontWeight: 600 }}>{timeRange(slot.start, slot.end)}</span>
      <span style={{ fontSize: 12, display: 'flex', gap: 4, alignItems: 'center', flexWrap: 'wrap', justifyContent: 'center' }}>
        {slot.kind !== 'regular' ? (
          <Tag color={slot.kind === 'extended' ? 'purple' : 'orange'} style={{ margin: 0, fontSize: 11, lineHeight: '18px' }}>
            {pick(slotKindLabels[slot.kind])}
          </Tag>
        ) : null}
        <span>{full ? t('appointments.book.slotFull') : t('appointments.book.slotLeft', { n: slot.left })}</span>
      </span>
    </Button>
  );
}
