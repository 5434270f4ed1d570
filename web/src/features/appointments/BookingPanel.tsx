/** The booking tab of `/book`: three steps (where and which service, when, who) and the booking sent. */
import type { ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, Radio, Row, Select, Skeleton, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { mainlandMobilePattern } from '../../../../src/domain/appointments.ts';
import { isValidResidentId } from '../../../../src/domain/resident-id.ts';
import { isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadError } from '../../shared/states.tsx';
import { chinaDay, conflictReason, normalised, timeRange, type Appointment, type PublicCenter, type TicketClass } from './model.ts';
import { DayList, SlotButton } from './SlotPicker.tsx';
import { useBooking, type PersonForm } from './useBooking.ts';

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <Card style={{ marginBottom: 16 }} styles={{ body: { padding: '16px 16px 20px' } }}>
      <Typography.Title level={2} style={{ fontSize: 17, margin: '0 0 14px', display: 'flex', alignItems: 'center', gap: 8 }}>
        <span aria-hidden style={{ display: 'inline-flex', width: 24, height: 24, borderRadius: 12, background: '#1f5fbf', color: '#fff', fontSize: 13, alignItems: 'center', justifyContent: 'center' }}>
          {n}
        </span>
        {title}
      </Typography.Title>
      {children}
    </Card>
  );
}

export function BookingPanel({ centers, centerId, onCenter, onBooked }: { centers: PublicCenter[]; centerId: string | undefined; onCenter(id: string): void; onBooked(appointment: Appointment): void }) {
  const { t, pick, errorText } = useI18n();
  const [form] = Form.useForm<PersonForm>();
  const { classes, templates, offered, classCode, today, slots, days, day, daySlots, slot, submitting, error, chooseCenter, chooseClass, chooseDay, chooseSlot, submit } = useBooking({ centerId, onCenter, onBooked });
  const center = centers.find((c) => c.id === centerId);
  const className = (c: TicketClass | undefined) => (c ? pick({ zh: c.name, en: c.nameEn || c.name }) : undefined);
  const loadError = classes.error ?? templates.error;

  return (
    <>
      <Step n={1} title={t('appointments.book.step.where')}>
        <Form layout="vertical" component="div">
          <Form.Item label={t('appointments.book.center')} htmlFor="booking-center" style={{ marginBottom: 12 }}>
            <Select
              id="booking-center"
              size="large"
              data-testid="booking-center"
              value={centerId}
              placeholder={t('appointments.book.centerPick')}
              options={centers.map((c) => ({ value: c.id, label: c.name }))}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={chooseCenter}
            />
          </Form.Item>
          {loadError ? <LoadError error={loadError} onRetry={() => void Promise.all([classes.reload(), templates.reload()])} /> : null}
          <Form.Item label={t('appointments.book.class')} style={{ marginBottom: 0 }}>
            {classes.loading || templates.loading ? (
              <Skeleton.Button active block />
            ) : offered.length === 0 ? (
              <Alert type="info" showIcon title={t('appointments.book.noClasses')} />
            ) : (
              <Radio.Group
                value={classCode}
                onChange={(e) => chooseClass(e.target.value as string)}
                optionType="button"
                buttonStyle="solid"
                size="large"
                style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
                options={offered.map((c) => ({ value: c.code, label: className(c), title: c.code }))}
              />
            )}
          </Form.Item>
        </Form>
      </Step>

      {classCode ? (
        <Step n={2} title={t('appointments.book.step.when')}>
          {slots.error ? <LoadError error={slots.error} onRetry={() => void slots.reload()} /> : null}
          {slots.loading && !slots.data ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : (
            <>
              <DayList days={days} value={day} onChange={chooseDay} />
              {daySlots.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appointments.book.noSlots')} />
              ) : (
                <div data-testid="slots" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(132px, 1fr))', gap: 8, marginTop: 8 }}>
                  {daySlots.map((s) => (
                    <SlotButton key={`${s.classCode}-${s.start}`} slot={s} chosen={s.start === slot?.start} onChoose={() => chooseSlot(s.start)} />
                  ))}
                </div>
              )}
            </>
          )}
        </Step>
      ) : null}

      {classCode ? (
        <Step n={3} title={t('appointments.book.step.who')}>
          {slot ? (
            <Alert
              type="info"
              icon={<CalendarOutlined />}
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="booking-chosen"
              title={`${t('appointments.book.chosen')}:${chinaDay(slot.start)} ${timeRange(slot.start, slot.end)} · ${className(offered.find((c) => c.code === classCode)) ?? classCode}${center ? ` · ${center.name}` : ''}`}
            />
          ) : (
            <Typography.Paragraph type="secondary">{t('appointments.book.pickSlot')}</Typography.Paragraph>
          )}
          <Form<PersonForm> form={form} name="booking" layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="name" label={t('appointments.book.name')} rules={[{ required: true, whitespace: true, message: t('appointments.book.nameRequired') }]}>
                  <Input size="large" maxLength={40} autoComplete="name" placeholder={t('appointments.book.namePlaceholder')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="idNumber"
                  label={t('appointments.book.idNumber')}
                  validateTrigger="onBlur"
                  rules={[
                    { required: true, whitespace: true, message: t('appointments.book.idRequired') },
                    {
                      validator: async (_, value: string | undefined) => {
                        if (value?.trim() && !isValidResidentId(normalised(value), today)) throw new Error(t('appointments.book.idInvalid'));
                      },
                    },
                  ]}
                >
                  <Input size="large" maxLength={20} autoComplete="off" placeholder={t('appointments.book.idPlaceholder')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="phone"
                  label={t('appointments.book.phone')}
                  validateTrigger="onBlur"
                  rules={[
                    { required: true, whitespace: true, message: t('appointments.book.phoneRequired') },
                    { pattern: mainlandMobilePattern, message: t('appointments.book.phoneInvalid') },
                  ]}
                >
                  <Input size="large" maxLength={11} inputMode="numeric" autoComplete="tel" placeholder={t('appointments.book.phonePlaceholder')} />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('appointments.book.privacy')}
            </Typography.Paragraph>
            {error ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                data-testid="booking-error"
                style={{ marginBottom: 16 }}
                title={errorText(error)}
                description={isApiError(error) && conflictReason(error.details) === 'slot_full' ? t('appointments.book.slotGone') : undefined}
              />
            ) : null}
            <Button type="primary" size="large" htmlType="submit" block loading={submitting} disabled={!slot} data-testid="booking-submit">
              {t('appointments.book.submit')}
            </Button>
          </Form>
        </Step>
      ) : null}
    </>
  );
}
