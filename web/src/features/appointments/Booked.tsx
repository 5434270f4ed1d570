/** What booking answers: the booking code to check in with at the kiosk, the slot, and what to bring in mind. */
import { Button, Card, Descriptions, Result, type DescriptionsProps } from 'antd';
import { bookingRules } from '../../../../src/domain/appointments.ts';
import { useI18n } from '../../i18n.tsx';
import { timeRange, type Appointment, type PublicCenter } from './model.ts';

export function Booked({ appointment, center, onAgain, onLookup }: { appointment: Appointment; center: PublicCenter | undefined; onAgain(): void; onLookup(): void }) {
  const { t } = useI18n();
  const items: DescriptionsProps['items'] = [
    ...(center ? [{ key: 'center', label: t('appointments.field.center'), children: center.name }] : []),
    ...(center?.address ? [{ key: 'address', label: t('appointments.center.address'), children: center.address }] : []),
    { key: 'class', label: t('appointments.field.class'), children: appointment.className },
    { key: 'slot', label: t('appointments.field.slot'), children: <strong>{`${appointment.day} ${timeRange(appointment.slotStart, appointment.slotEnd)}`}</strong> },
    { key: 'name', label: t('appointments.field.name'), children: appointment.name },
    { key: 'id', label: t('appointments.field.idMasked'), children: appointment.idMasked },
  ];
  return (
    <Card data-testid="booking-done">
      <Result
        status="success"
        title={t('appointments.book.done.title')}
        subTitle={t('appointments.book.done.sub', { phone: appointment.phone })}
        style={{ padding: '16px 0 8px' }}
        extra={[
          <Button key="lookup" onClick={onLookup}>
            {t('appointments.book.toLookup')}
          </Button>,
          <Button key="again" type="primary" onClick={onAgain}>
            {t('appointments.book.again')}
          </Button>,
        ]}
      >
        <div style={{ textAlign: 'center', marginBottom: 16 }}>
          <div style={{ color: '#5b6b82' }}>{t('appointments.book.code')}</div>
          <div data-testid="booking-code" style={{ fontSize: 44, fontWeight: 700, letterSpacing: 10, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', color: '#0f2f5c' }}>
            {appointment.code}
          </div>
        </div>
        <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
        <ul style={{ margin: '16px 0 0', paddingLeft: 20, color: '#3b4a60', lineHeight: 1.8 }}>
          <li>{t('appointments.rules.checkIn')}</li>
          <li>{t('appointments.rules.checkInWindow', { minutes: bookingRules.checkInEarlyMinutes })}</li>
          <li>{t('appointments.rules.noShow', { days: bookingRules.noShowWindowDays, n: bookingRules.noShowLimit })}</li>
        </ul>
      </Result>
    </Card>
  );
}
