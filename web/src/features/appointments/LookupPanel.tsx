/** The booking page's second tab: a booking looked up by its code and ID number, and cancelled before its time. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Tag, Typography, type DescriptionsProps } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { appointmentStatusLabels } from '../../../../src/domain/appointments.ts';
import { isValidResidentId } from '../../../../src/domain/resident-id.ts';
import { request } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../shared/resource.ts';
import { appointmentApi, mayCancel, normalised, statusColors, timeRange, type Appointment, type PublicCenter } from './model.ts';

interface LookupForm {
  code: string;
  idNumber: string;
}

function AppointmentFacts({ appointment, centerName }: { appointment: Appointment; centerName: string | undefined }) {
  const { t, pick, formatDateTime } = useI18n();
  const items: DescriptionsProps['items'] = [
    {
      key: 'code',
      label: t('appointments.field.code'),
      children: (
        <Typography.Text strong copyable>
          {appointment.code}
        </Typography.Text>
      ),
    },
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

export function LookupPanel({ centers, initialCode }: { centers: PublicCenter[]; initialCode: string | undefined }) {
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
      // Both calls are made signed out: a 401 is an answer to show, not a reason to go to sign-in.
      const appointment = await request<Appointment>('POST', appointmentApi.lookup, { body: { code: normalised(values.code), idNumber }, quietUnauthenticated: true });
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
      const appointment = await cancelAction.send<Appointment>('POST', appointmentApi.cancel, { code: found.appointment.code, idNumber: found.idNumber }, { quietUnauthenticated: true });
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
                    if (value?.trim() && !isValidResidentId(normalised(value))) throw new Error(t('appointments.book.idInvalid'));
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
            <Popconfirm title={t('appointments.lookup.cancelConfirm')} okText={t('appointments.lookup.cancelOk')} cancelText={t('appointments.lookup.keep')} okButtonProps={{ danger: true }} onConfirm={cancel}>
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
