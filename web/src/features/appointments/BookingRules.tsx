/** The booking page's side column: the chosen center's address, hours and phone, and the booking rules. */
import { Card, Typography } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { bookingRules } from '../../../../src/domain/appointments.ts';
import { useI18n } from '../../i18n.tsx';
import type { PublicCenter } from './model.ts';

/** The center's address and hours, and the booking rules. */
export function BookingRules({ center }: { center: PublicCenter | undefined }) {
  const { t } = useI18n();
  const rules = [
    t('appointments.rules.horizon', { days: bookingRules.daysAhead }),
    t('appointments.rules.perPerson', { n: bookingRules.maxOpenPerPerson }),
    t('appointments.rules.checkIn'),
    t('appointments.rules.checkInWindow', { minutes: bookingRules.checkInEarlyMinutes }),
    t('appointments.rules.cancel'),
    t('appointments.rules.noShow', { days: bookingRules.noShowWindowDays, n: bookingRules.noShowLimit }),
  ];
  return (
    <Card title={t('appointments.rules.title')} size="small" data-testid="booking-rules" style={{ marginBottom: 16 }}>
      {center ? (
        <div style={{ marginBottom: 12, lineHeight: 1.8 }}>
          <Typography.Text strong>{center.name}</Typography.Text>
          {center.address ? (
            <div>
              <EnvironmentOutlined style={{ color: '#5b6b82' }} aria-label={t('appointments.center.address')} /> {center.address}
            </div>
          ) : null}
          {center.openingHours ? (
            <div>
              <ClockCircleOutlined style={{ color: '#5b6b82' }} aria-label={t('appointments.center.hours')} /> {center.openingHours}
            </div>
          ) : null}
          {center.phone ? (
            <div>
              <PhoneOutlined style={{ color: '#5b6b82' }} aria-label={t('appointments.center.phone')} /> {center.phone}
            </div>
          ) : null}
        </div>
      ) : null}
      <ol style={{ margin: 0, paddingLeft: 20, color: '#3b4a60', lineHeight: 1.8 }}>
        {rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ol>
    </Card>
  );
}
