/**
 * 预约管理 (`/hall/appointments`): a center's bookings of one day (China time; today unless
 * chosen) with their check-in state, and the slot templates that open times for booking. Guides,
 * front desks and supervisors read; administrators add and retire templates. The center and the
 * day are in the address (`?center=…&day=…&tab=templates`), so a reload keeps them.
 */
import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Alert, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined, StopOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { appointmentStatusLabels, appointmentStatuses, slotKindLabels, slotKinds, timePattern, type AppointmentStatus, type SlotKind } from '../../../../src/domain/appointments.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { CenterSelect, useCenterChoice } from './CenterSelect.tsx';
import {
  addDays,
  appointmentApi,
  chinaClock,
  chinaDay,
  formatWeekdays,
  slotsPerDay,
  sortAppointments,
  sortTemplates,
  statusColors,
  statusCounts,
  templateProblems,
  timeRange,
  weekdayLabels,
  type Appointment,
  type SlotTemplateView,
  type TemplateInput,
  type TicketClass,
} from './model.ts';

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

const kindColors: Record<SlotKind, string> = { regular: 'blue', extended: 'purple', weekend: 'orange' };

function DayTab({ centerId, day }: { centerId: string; day: string }) {
  const { t, pick, formatDateTime } = useI18n();
  const list = useResource<Appointment[]>(appointmentApi.ofDay(centerId, day));
  const rows = useMemo(() => sortAppointments(list.data ?? []), [list.data]);
  const counts = statusCounts(rows);

  const columns: TableColumnsType<Appointment> = [
    {
      title: t('appointments.field.slot'),
      key: 'slot',
      width: 110,
      render: (_, a) => <Typography.Text strong>{timeRange(a.slotStart, a.slotEnd)}</Typography.Text>,
    },
    {
      title: t('appointments.field.class'),
      key: 'class',
      width: 140,
      render: (_, a) => (
        <Space size={6}>
          <Tag style={{ marginInlineEnd: 0 }}>{a.classCode}</Tag>
          {a.className}
        </Space>
      ),
    },
    { title: t('appointments.field.name'), dataIndex: 'name', key: 'name', width: 100 },
    { title: t('appointments.field.idMasked'), dataIndex: 'idMasked', key: 'id', width: 170, render: (v: string) => <span style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>{v}</span> },
    { title: t('appointments.field.phone'), dataIndex: 'phone', key: 'phone', width: 120 },
    {
      title: t('appointments.field.code'),
      dataIndex: 'code',
      key: 'code',
      width: 100,
      render: (code: string) => (
        <Typography.Text code copyable={{ text: code }}>
          {code}
        </Typography.Text>
      ),
    },
    {
      title: t('appointments.field.status'),
      key: 'status',
      width: 100,
      filters: appointmentStatuses.map((s) => ({ text: pick(appointmentStatusLabels[s]), value: s })),
      onFilter: (value, a) => a.status === value,
      render: (_, a) => (
        <Tag color={statusColors[a.status]} data-status={a.status}>
          {pick(appointmentStatusLabels[a.status])}
        </Tag>
      ),
    },
    {
      title: t('appointments.field.checkedInAt'),
      key: 'checkedIn',
      width: 90,
      render: (_, a) => (a.checkedInAt ? <span title={formatDateTime(a.checkedInAt)}>{chinaClock(a.checkedInAt)}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('appointments.field.bookedAt'), key: 'bookedAt', render: (_, a) => formatDateTime(a.bookedAt) },
  ];

  const shown: { key: AppointmentStatus | 'total'; title: string; color?: string }[] = [
    { key: 'total', title: t('appointments.count.total') },
    { key: 'booked', title: pick(appointmentStatusLabels.booked), color: '#1f5fbf' },
    { key: 'checked_in', title: pick(appointmentStatusLabels.checked_in), color: '#389e0d' },
    { key: 'no_show', title: pick(appointmentStatusLabels.no_show), color: '#cf1322' },
    { key: 'cancelled', title: pick(appointmentStatusLabels.cancelled), color: '#8c8c8c' },
  ];

  return (
    <>
      {list.error ? <LoadError error={list.error} onRetry={() => void list.reload()} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="appointment-counts">
        {shown.map((s) => (
          <Col key={s.key} flex="1 1 140px">
            <Card size="small" styles={{ body: { padding: '10px 14px' } }}>
              <Statistic title={s.title} value={counts[s.key]} styles={{ content: { color: s.color } }} data-testid={`count-${s.key}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Table<Appointment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.loading}
        scroll={{ x: 1000 }}
        onRow={(a) => ({ 'data-testid': `appointment-row-${a.code}`, style: a.status === 'cancelled' ? { opacity: 0.6 } : undefined }) as HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appointments.emptyDay')} /> }}
      />
    </>
  );
}

function TemplateForm({ classes }: { classes: TicketClass[] }) {
  const { t, pick } = useI18n();
  const form = Form.useFormInstance<TemplateInput>();
  const kind = Form.useWatch('kind', form);
  // Weekend service (5+X) keeps only Saturday and Sunday ticked.
  const onKind = (next: SlotKind) => {
    if (next !== 'weekend') return;
    const rest = ((form.getFieldValue('weekdays') as number[] | undefined) ?? []).filter((d) => d >= 6);
    form.setFieldValue('weekdays', rest.length > 0 ? rest : [6]);
  };
  const timeRules = [{ required: true, pattern: timePattern, message: t('appointments.tpl.form.timeInvalid') }];
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="classCode" label={t('appointments.tpl.form.class')} rules={[{ required: true, message: t('appointments.tpl.form.classRequired') }]}>
            <Select options={classes.map((c) => ({ value: c.code, label: `${c.code} · ${pick({ zh: c.name, en: c.nameEn || c.name })}` }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="kind" label={t('appointments.tpl.form.kind')} rules={[{ required: true }]}>
            <Select options={slotKinds.map((k) => ({ value: k, label: pick(slotKindLabels[k]) }))} onChange={onKind} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="weekdays"
        label={t('appointments.tpl.form.weekdays')}
        dependencies={['kind']}
        rules={[
          { required: true, type: 'array', min: 1, message: t('appointments.tpl.form.weekdaysRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: number[] | undefined) => {
              if (getFieldValue('kind') === 'weekend' && (value ?? []).some((d) => d < 6)) throw new Error(t('appointments.tpl.problem.weekendOnRestDays'));
            },
          }),
        ]}
      >
        <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: pick(weekdayLabels[d]!), disabled: kind === 'weekend' && d < 6 }))} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="startTime" label={t('appointments.tpl.form.startTime')} rules={timeRules}>
            <Input placeholder="09:00" maxLength={5} inputMode="numeric" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="endTime"
            label={t('appointments.tpl.form.endTime')}
            dependencies={['startTime', 'slotMinutes']}
            rules={[
              ...timeRules,
              ({ getFieldValue }) => ({
                validator: async (_, value: string | undefined) => {
                  const startTime = getFieldValue('startTime') as string | undefined;
                  const slotMinutes = getFieldValue('slotMinutes') as number | undefined;
                  if (!value || !startTime || !timePattern.test(value) || !timePattern.test(startTime) || !slotMinutes) return;
                  const problem = templateProblems({ kind: 'regular', weekdays: [], startTime, endTime: value, slotMinutes })[0];
                  if (problem) throw new Error(t(`appointments.tpl.problem.${problem}`));
                },
              }),
            ]}
          >
            <Input placeholder="11:30" maxLength={5} inputMode="numeric" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="slotMinutes" label={t('appointments.tpl.form.slotMinutes')} rules={[{ required: true, message: t('appointments.tpl.form.numberRequired') }]}>
            <InputNumber min={5} max={240} step={5} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="capacity" label={t('appointments.tpl.form.capacity')} rules={[{ required: true, message: t('appointments.tpl.form.numberRequired') }]}>
            <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldsValue }) => {
          const v = getFieldsValue(true) as Partial<TemplateInput>;
          if (!v.startTime || !v.endTime || !v.slotMinutes || !v.capacity || !timePattern.test(v.startTime) || !timePattern.test(v.endTime)) return null;
          const n = slotsPerDay({ startTime: v.startTime, endTime: v.endTime, slotMinutes: v.slotMinutes });
          if (n === 0) return null;
          return <Alert type="info" showIcon title={t('appointments.tpl.form.preview', { n, capacity: v.capacity, total: n * v.capacity })} data-testid="template-preview" />;
        }}
      </Form.Item>
    </>
  );
}

function TemplatesTab({ centerId, canManage }: { centerId: string; canManage: boolean }) {
  const { t, pick, locale, errorText } = useI18n();
  const { message } = App.useApp();
  const templates = useResource<SlotTemplateView[]>(appointmentApi.templates(centerId));
  const classes = useResource<TicketClass[]>(appointmentApi.classes(centerId));
  const rows = useMemo(() => sortTemplates(templates.data ?? []), [templates.data]);
  const classByCode = useMemo(() => new Map((classes.data ?? []).map((c) => [c.code, c])), [classes.data]);
  const activeClasses = useMemo(() => (classes.data ?? []).filter((c) => c.active), [classes.data]);
  const modal = useModalState<'new'>();
  const retireAction = useAction();
  const [retiring, setRetiring] = useState<string | null>(null);

  const retire = async (template: SlotTemplateView) => {
    setRetiring(template.id);
    try {
      await retireAction.send('DELETE', appointmentApi.template(centerId, template.id));
      void message.success(t('appointments.tpl.retired'));
      await templates.reload();
    } catch (caught) {
      void message.error(errorText(caught));
    } finally {
      setRetiring(null);
    }
  };

  const className = (code: string) => {
    const c = classByCode.get(code);
    return c ? pick({ zh: c.name, en: c.nameEn || c.name }) : code;
  };

  const columns: TableColumnsType<SlotTemplateView> = [
    {
      title: t('appointments.tpl.col.class'),
      key: 'class',
      width: 170,
      render: (_, tpl) => (
        <Space size={6}>
          <Tag style={{ marginInlineEnd: 0 }}>{tpl.classCode}</Tag>
          {className(tpl.classCode)}
        </Space>
      ),
    },
    { title: t('appointments.tpl.col.kind'), key: 'kind', width: 140, render: (_, tpl) => <Tag color={kindColors[tpl.kind]}>{pick(slotKindLabels[tpl.kind])}</Tag> },
    { title: t('appointments.tpl.col.weekdays'), key: 'weekdays', width: 200, render: (_, tpl) => formatWeekdays(tpl.weekdays, locale) },
    { title: t('appointments.tpl.col.hours'), key: 'hours', width: 130, render: (_, tpl) => `${tpl.startTime}–${tpl.endTime}` },
    { title: t('appointments.tpl.col.slotMinutes'), key: 'slotMinutes', width: 110, render: (_, tpl) => t('appointments.tpl.minutes', { n: tpl.slotMinutes }) },
    { title: t('appointments.tpl.col.capacity'), key: 'capacity', width: 110, render: (_, tpl) => t('appointments.tpl.people', { n: tpl.capacity }) },
    { title: t('appointments.tpl.col.perDay'), key: 'perDay', width: 110, render: (_, tpl) => slotsPerDay(tpl) },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, tpl) => (
        <Popconfirm title={t('appointments.tpl.retireConfirm')} okText={t('appointments.tpl.retire')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => retire(tpl)}>
          <Button size="small" type="link" danger icon={<StopOutlined />} loading={retiring === tpl.id} data-testid={`template-retire-${tpl.id}`}>
            {t('appointments.tpl.retire')}
          </Button>
        </Popconfirm>
      ),
    });
  }

  return (
    <>
      {(templates.error ?? classes.error) ? <LoadError error={templates.error ?? classes.error} onRetry={() => void Promise.all([templates.reload(), classes.reload()])} /> : null}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap align="start">
        <Typography.Text type="secondary" style={{ maxWidth: 820, display: 'block' }}>
          {t('appointments.tpl.hint')}
          {canManage ? null : ` ${t('appointments.tpl.readOnly')}`}
        </Typography.Text>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => modal.show('new')} data-testid="template-add">
            {t('appointments.tpl.add')}
          </Button>
        ) : null}
      </Space>
      <Table<SlotTemplateView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={templates.loading}
        scroll={{ x: 1000 }}
        pagination={false}
        onRow={(tpl) => ({ 'data-testid': `template-row-${tpl.classCode}-${tpl.kind}-${tpl.startTime}` }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appointments.tpl.empty')} /> }}
      />
      {canManage ? (
        <FormModal<TemplateInput>
          open={modal.open}
          title={t('appointments.tpl.addTitle')}
          okText={t('appointments.tpl.add')}
          width={600}
          successMessage={t('appointments.tpl.added')}
          initialValues={{ classCode: activeClasses[0]?.code, kind: 'regular', weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '11:30', slotMinutes: 30, capacity: 4 }}
          onSubmit={async (values, action) => {
            await action.send('POST', appointmentApi.templates(centerId), {
              ...values,
              startTime: values.startTime.trim(),
              endTime: values.endTime.trim(),
              weekdays: [...values.weekdays].sort((a, b) => a - b),
            });
            await templates.reload();
          }}
          onClose={modal.hide}
        >
          <TemplateForm classes={activeClasses} />
        </FormModal>
      ) : null}
    </>
  );
}

export default function AppointmentsPage() {
  const { t } = useI18n();
  const { can } = useStaff();
  const choice = useCenterChoice();
  const [params, setParams] = useSearchParams();
  const [today] = useState(() => chinaDay(new Date()));
  const requestedDay = params.get('day');
  const day = requestedDay && dayPattern.test(requestedDay) ? requestedDay : today;
  const tab = params.get('tab') === 'templates' ? 'templates' : 'day';

  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  const setDay = (value: string) => setParam('day', value && dayPattern.test(value) && value !== today ? value : null);

  const dayList = useResource<Appointment[]>(choice.centerId ? appointmentApi.ofDay(choice.centerId, day) : null);
  const templates = useResource<SlotTemplateView[]>(choice.centerId ? appointmentApi.templates(choice.centerId) : null);

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap align="start">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('appointments.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('appointments.intro')}</Typography.Text>
        </div>
        <Space wrap>
          <CenterSelect choice={choice} />
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label={t('appointments.prevDay')} onClick={() => setDay(addDays(day, -1))} />
            <Input type="date" aria-label={t('appointments.day')} data-testid="appointments-day" value={day} onChange={(e) => setDay(e.target.value || today)} style={{ width: 150 }} />
            <Button icon={<RightOutlined />} aria-label={t('appointments.nextDay')} onClick={() => setDay(addDays(day, 1))} />
          </Space.Compact>
          <Button onClick={() => setDay(today)} disabled={day === today}>
            {t('appointments.today')}
          </Button>
          <Button icon={<ReloadOutlined />} loading={dayList.loading || templates.loading} onClick={() => void Promise.all([dayList.reload(), templates.reload()])} aria-label={t('common.refresh')}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Space>
      {choice.centers.error ? <LoadError error={choice.centers.error} onRetry={() => void choice.centers.reload()} /> : null}
      {choice.centerId ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => setParam('tab', key === 'templates' ? 'templates' : null)}
          items={[
            { key: 'day', label: t('appointments.tab.day'), children: <DayTab centerId={choice.centerId} day={day} /> },
            { key: 'templates', label: t('appointments.tab.templates'), children: <TemplatesTab centerId={choice.centerId} canManage={can.manageAppointments} /> },
          ]}
        />
      ) : choice.centers.loading ? null : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
