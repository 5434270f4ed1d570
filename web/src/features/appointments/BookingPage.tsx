/**
 * `/book` (optional `?center=<id>`): booking an appointment without signing in. The applicant
 * chooses a center and a service (only services with slot templates), a day of the next two weeks
 * and a time with places left, then gives name, ID number and mobile; the answer is a booking code
 * to check in with at the kiosk. The second tab looks a booking up by code and ID number and
 * cancels it before its time. Reads well on a phone.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Popconfirm,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
  type DescriptionsProps,
} from 'antd';
import { CalendarOutlined, ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { appointmentStatusLabels, bookingRules, mainlandMobilePattern, slotKindLabels } from '../../../../src/domain/appointments.ts';
import { isValidResidentId } from '../../../../src/domain/resident-id.ts';
import { isApiError, request } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import {
  appointmentApi,
  bookableClasses,
  chinaDay,
  conflictReason,
  dayLabel,
  defaultCenterId,
  firstBookableDay,
  isoWeekday,
  mayCancel,
  monthDay,
  normalised,
  placesLeft,
  statusColors,
  timeRange,
  weekdayLabels,
  chinaClock,
  type Appointment,
  type PublicCenter,
  type SlotDay,
  type SlotTemplateView,
  type SlotView,
  type TicketClass,
} from './model.ts';

interface PersonForm {
  name: string;
  idNumber: string;
  phone: string;
}

interface LookupForm {
  code: string;
  idNumber: string;
}

const noAuth = { quietUnauthenticated: true } as const;

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <Card style={{ marginBottom: 16 }} styles={{ body: { padding: '16px 16px 20px' } }}>
      <Typography.Title level={2} style={{ fontSize: 17, margin: '0 0 14px', display: 'flex', alignItems: 'center', gap: 8 }}>
        <span
          aria-hidden
          style={{ display: 'inline-flex', width: 24, height: 24, borderRadius: 12, background: '#1f5fbf', color: '#fff', fontSize: 13, alignItems: 'center', justifyContent: 'center' }}
        >
          {n}
        </span>
        {title}
      </Typography.Title>
      {children}
    </Card>
  );
}

/** The center's address and hours, and the booking rules. */
function Rules({ center }: { center: PublicCenter | undefined }) {
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

function DayList({ days, value, onChange }: { days: SlotDay[]; value: string | undefined; onChange(day: string): void }) {
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
            <div style={{ fontSize: 12, color: chosen ? '#fff' : label === 'weekendService' ? '#d46b08' : label === 'holiday' ? '#cf1322' : undefined }}>
              {t(`appointments.book.day.${label}`)}
            </div>
            <div style={{ fontSize: 12, opacity: 0.85 }}>
              {closed ? t('appointments.book.dayClosed') : left > 0 ? t('appointments.book.dayLeft', { n: left }) : t('appointments.book.dayFull')}
            </div>
          </button>
        );
      })}
    </div>
  );
}

function SlotButton({ slot, chosen, onChoose }: { slot: SlotView; chosen: boolean; onChoose(): void }) {
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

function AppointmentFacts({ appointment, centerName }: { appointment: Appointment; centerName: string | undefined }) {
  const { t, pick, formatDateTime } = useI18n();
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: t('appointments.field.code'), children: <Typography.Text strong copyable>{appointment.code}</Typography.Text> },
    {
      key: 'status',
      label: t('appointments.field.status'),
      children: (
        <Tag color={statusColors[appointment.status]} data-testid="appointment-status" data-status={appointment.status}>
          {pick(appointmentStatusLabels[appointment.status])}
        </Tag>
      ),
    },
    ...(centerName ? [{ key: 'center', label: t('appointments.field.center'), children: centerName }] : []),
    { key: 'class', label: t('appointments.field.class'), children: appointment.className },
    { key: 'slot', label: t('appointments.field.slot'), children: `${appointment.day} ${timeRange(appointment.slotStart, appointment.slotEnd)}` },
    { key: 'name', label: t('appointments.field.name'), children: appointment.name },
    { key: 'id', label: t('appointments.field.idMasked'), children: appointment.idMasked },
    { key: 'phone', label: t('appointments.field.phone'), children: appointment.phone },
    ...(appointment.checkedInAt ? [{ key: 'checkedIn', label: t('appointments.field.checkedInAt'), children: formatDateTime(appointment.checkedInAt) }] : []),
  ];
  return <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />;
}

function Booked({ appointment, center, onAgain, onLookup }: { appointment: Appointment; center: PublicCenter | undefined; onAgain(): void; onLookup(): void }) {
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
          <div
            data-testid="booking-code"
            style={{ fontSize: 44, fontWeight: 700, letterSpacing: 10, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', color: '#0f2f5c' }}
          >
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

function BookingPanel({
  centers,
  centerId,
  onCenter,
  onBooked,
}: {
  centers: PublicCenter[];
  centerId: string | undefined;
  onCenter(id: string): void;
  onBooked(appointment: Appointment): void;
}) {
  const { t, pick, errorText } = useI18n();
  const [form] = Form.useForm<PersonForm>();
  const action = useAction();
  const classes = useResource<TicketClass[]>(centerId ? appointmentApi.classes(centerId) : null);
  const templates = useResource<SlotTemplateView[]>(centerId ? appointmentApi.templates(centerId) : null);
  const offered = useMemo(() => bookableClasses(classes.data ?? [], templates.data ?? []), [classes.data, templates.data]);
  const [pickedClass, setPickedClass] = useState<string | undefined>();
  const classCode = offered.some((c) => c.code === pickedClass) ? pickedClass : offered[0]?.code;
  // The day in China when the page opened: the server counts the horizon from it.
  const [today] = useState(() => chinaDay(new Date()));
  const slots = useResource<{ days: SlotDay[] }>(centerId && classCode ? appointmentApi.slots(centerId, { classCode, from: today, days: bookingRules.daysAhead + 1 }) : null);
  const days = slots.data?.days ?? [];
  const [pickedDay, setPickedDay] = useState<string | undefined>();
  const day = firstBookableDay(days, pickedDay);
  const daySlots = days.find((d) => d.day === day)?.slots ?? [];
  const [slotStart, setSlotStart] = useState<string | undefined>();
  const slot = daySlots.find((s) => s.start === slotStart && s.left > 0);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const chooseCenter = (id: string) => {
    onCenter(id);
    setPickedClass(undefined);
    setPickedDay(undefined);
    setSlotStart(undefined);
    setError(null);
  };

  const submit = async (values: PersonForm) => {
    if (!centerId || !classCode || !slot) return;
    setSubmitting(true);
    setError(null);
    try {
      const booked = await action.send<Appointment>(
        'POST',
        appointmentApi.book(centerId),
        { classCode, slotStart: slot.start, name: values.name.trim(), idNumber: normalised(values.idNumber), phone: values.phone.trim() },
        noAuth,
      );
      void slots.reload();
      onBooked(booked);
    } catch (caught) {
      setError(caught);
      if (isApiError(caught) && conflictReason(caught.details) === 'slot_full') {
        setSlotStart(undefined);
        void slots.reload();
      }
    } finally {
      setSubmitting(false);
    }
  };

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
                onChange={(e) => {
                  setPickedClass(e.target.value as string);
                  setPickedDay(undefined);
                  setSlotStart(undefined);
                  setError(null);
                }}
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
              <DayList
                days={days}
                value={day}
                onChange={(d) => {
                  setPickedDay(d);
                  setSlotStart(undefined);
                }}
              />
              {daySlots.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appointments.book.noSlots')} />
              ) : (
                <div data-testid="slots" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(132px, 1fr))', gap: 8, marginTop: 8 }}>
                  {daySlots.map((s) => (
                    <SlotButton key={`${s.classCode}-${s.start}`} slot={s} chosen={s.start === slot?.start} onChoose={() => setSlotStart(s.start)} />
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
                        if (value && value.trim() && !isValidResidentId(normalised(value), today)) throw new Error(t('appointments.book.idInvalid'));
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

function LookupPanel({ centers, initialCode }: { centers: PublicCenter[]; initialCode: string | undefined }) {
  const { t, errorText } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<LookupForm>();
  const cancelAction = useAction();
  const [found, setFound] = useState<{ appointment: Appointment; idNumber: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (initialCode) form.setFieldsValue({ code: initialCode });
  }, [form, initialCode]);

  const lookup = async (values: LookupForm) => {
    setBusy(true);
    setError(null);
    setFound(null);
    const idNumber = normalised(values.idNumber);
    try {
      const appointment = await request<Appointment>('POST', appointmentApi.lookup, { body: { code: normalised(values.code), idNumber }, ...noAuth });
      setFound({ appointment, idNumber });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!found) return;
    setBusy(true);
    setError(null);
    try {
      const appointment = await cancelAction.send<Appointment>('POST', appointmentApi.cancel, { code: found.appointment.code, idNumber: found.idNumber }, noAuth);
      setFound({ appointment, idNumber: found.idNumber });
      void message.success(t('appointments.lookup.cancelled'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const appointment = found?.appointment;
  const centerName = centers.find((c) => c.id === appointment?.centerId)?.name;

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('appointments.lookup.intro')}</Typography.Paragraph>
      <Form<LookupForm> form={form} name="lookup" layout="vertical" onFinish={lookup} requiredMark={false} disabled={busy}>
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="code" label={t('appointments.lookup.code')} rules={[{ required: true, whitespace: true, message: t('appointments.lookup.codeRequired') }]}>
              <Input size="large" maxLength={6} autoComplete="off" placeholder={t('appointments.lookup.codePlaceholder')} style={{ textTransform: 'uppercase', letterSpacing: 2 }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item
              name="idNumber"
              label={t('appointments.book.idNumber')}
              rules={[
                { required: true, whitespace: true, message: t('appointments.book.idRequired') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (value && value.trim() && !isValidResidentId(normalised(value))) throw new Error(t('appointments.book.idInvalid'));
                  },
                },
              ]}
            >
              <Input size="large" maxLength={20} autoComplete="off" placeholder={t('appointments.book.idPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined />} loading={busy && !found} block data-testid="lookup-submit">
          {t('appointments.lookup.submit')}
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={errorText(error)} data-testid="lookup-error" /> : null}
      {appointment ? (
        <div data-testid="lookup-result" style={{ marginTop: 20 }}>
          <AppointmentFacts appointment={appointment} centerName={centerName} />
          {mayCancel(appointment, new Date()) ? (
            <Popconfirm
              title={t('appointments.lookup.cancelConfirm')}
              okText={t('appointments.lookup.cancelOk')}
              cancelText={t('appointments.lookup.keep')}
              okButtonProps={{ danger: true }}
              onConfirm={cancel}
            >
              <Button danger style={{ marginTop: 12 }} loading={busy} data-testid="appointment-cancel">
                {t('appointments.lookup.cancel')}
              </Button>
            </Popconfirm>
          ) : appointment.status === 'booked' ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('appointments.lookup.tooLate')}
            </Typography.Paragraph>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

export default function BookingPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const centers = useResource<PublicCenter[]>(appointmentApi.publicCenters);
  const centerList = centers.data ?? [];
  const centerId = defaultCenterId(centerList, params.get('center'));
  const center = centerList.find((c) => c.id === centerId);
  const [tab, setTab] = useState<'book' | 'lookup'>('book');
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [round, setRound] = useState(0);
  const screens = Grid.useBreakpoint();

  useEffect(() => {
    let previous: string | null = null;
    const timer = window.setTimeout(() => {
      previous = document.title;
      document.title = t('appointments.book.brand');
    });
    return () => {
      window.clearTimeout(timer);
      if (previous !== null) document.title = previous;
    };
  }, [t]);

  const chooseCenter = (id: string) => setParams({ center: id }, { replace: true });

  const bookTab = booked ? (
    <Booked
      appointment={booked}
      center={center}
      onAgain={() => {
        setBooked(null);
        setRound((n) => n + 1);
      }}
      onLookup={() => setTab('lookup')}
    />
  ) : (
    <BookingPanel key={round} centers={centerList} centerId={centerId} onCenter={chooseCenter} onBooked={setBooked} />
  );

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f3f5f9' }}>
      <header style={{ background: '#0f2f5c', color: '#fff' }}>
        <div style={{ maxWidth: 1080, margin: '0 auto', padding: '10px 16px', display: 'flex', alignItems: 'center', gap: 10, boxSizing: 'border-box' }}>
          <img src="/favicon.svg" alt="" width={30} height={30} />
          <span style={{ marginRight: 'auto', lineHeight: 1.2 }}>
            <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 1 }}>{t('appointments.book.brand')}</span>
            <br />
            <span style={{ fontSize: 12, opacity: 0.75 }}>{t('appointments.book.brandSub')}</span>
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main style={{ flex: 1, width: '100%', maxWidth: 1080, margin: '0 auto', padding: '20px 16px 40px', boxSizing: 'border-box' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: '0 0 4px' }}>
          {t('appointments.book.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('appointments.book.intro')}</Typography.Paragraph>
        {centers.error ? <LoadError error={centers.error} onRetry={() => void centers.reload()} /> : null}
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Tabs
              activeKey={tab}
              onChange={(key) => setTab(key as 'book' | 'lookup')}
              items={[
                { key: 'book', label: t('appointments.book.tab.book'), children: centers.loading && !centers.data ? <Skeleton active /> : bookTab },
                { key: 'lookup', label: t('appointments.book.tab.lookup'), children: <LookupPanel centers={centerList} initialCode={booked?.code} /> },
              ]}
            />
          </Col>
          <Col xs={24} lg={8}>
            <div style={{ marginTop: screens.lg ? 62 : 0 }}>
              <Rules center={center} />
            </div>
          </Col>
        </Row>
      </main>
      <footer style={{ textAlign: 'center', color: '#5b6b82', fontSize: 12, padding: '16px 16px 24px' }}>
        <Space split="·">
          <span>{t('layout.footer')}</span>
          <Link to="/guide">{t('appointments.book.guide')}</Link>
        </Space>
      </footer>
    </div>
  );
}
