/**
 * 通知管理: the message log (each text, its status, attempts and template version; numbers masked)
 * with the figures sent / retried / failed, and, for administrators, the templates in force. A
 * template is edited in a modal that checks it as it is typed, with the same rules the server
 * applies (src/domain/notification-templates.ts): unknown placeholders, SMS segments, WeChat field
 * limits. Templates apply to the whole platform, so only a grant at the root region saves them.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { checkTemplate, eventInfo, wechatFieldTypes, type NotificationChannel, type NotificationEvent, type WechatField } from '../../../../src/domain/notification-templates.ts';
import type { NotificationFigures, NotificationMessage, NotificationTemplate, NotificationTemplates } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';

const statuses = ['pending', 'sending', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure'] as const;
const statusColor: Record<string, string> = {
  pending: 'default',
  sending: 'processing',
  delivered: 'success',
  'temporary-failure': 'warning',
  'permanent-failure': 'error',
  'technical-failure': 'magenta',
};

interface TemplateForm {
  body: string;
  fields: WechatField[];
  enabled: boolean;
}

function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]));
  return entries.length > 0 ? `?${new URLSearchParams(entries).toString()}` : '';
}

export default function NotificationsPage() {
  const { t } = useI18n();
  const { can } = useStaff();
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('notifications.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('notifications.intro')}</Typography.Paragraph>
      <Tabs items={[{ key: 'messages', label: t('notifications.tab.messages'), children: <MessageLog /> }, ...(can.manageNotifications ? [{ key: 'templates', label: t('notifications.tab.templates'), children: <Templates /> }] : [])]} />
    </Card>
  );
}

function MessageLog() {
  const { t, pick, formatDateTime } = useI18n();
  const [filter, setFilter] = useState<{ status?: string; event?: string; day?: string }>({});
  const messages = useResource<NotificationMessage[]>(`/api/notification-messages${query({ ...filter, limit: '200' })}`);
  const figures = useResource<NotificationFigures>(`/api/notification-messages/figures${query({ event: filter.event, day: filter.day })}`);
  const eventLabel = (event: string) => (event in eventInfo ? pick(eventInfo[event as NotificationEvent].label) : event);

  const columns: TableColumnsType<NotificationMessage> = [
    { title: t('notifications.col.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 160, render: (at: string) => formatDateTime(at) },
    { title: t('notifications.col.event'), dataIndex: 'event', key: 'event', width: 120, render: eventLabel },
    { title: t('notifications.col.recipient'), dataIndex: 'recipient', key: 'recipient', width: 130, render: (r: string) => <Typography.Text code>{r}</Typography.Text> },
    {
      title: t('notifications.col.body'),
      dataIndex: 'body',
      key: 'body',
      render: (body: string) => (
        <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: body }}>
          {body}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('notifications.col.status'),
      key: 'status',
      width: 190,
      render: (_, m) => (
        <Space direction="vertical" size={0}>
          <Tag color={statusColor[m.status]}>{t(`notifications.status.${m.status}` as MessageKey)}</Tag>
          {m.status === 'temporary-failure' ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('notifications.nextAttempt', { at: formatDateTime(m.nextAttemptAt) })}
            </Typography.Text>
          ) : null}
          {m.lastError && m.status !== 'delivered' ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: m.lastError }}>
              {m.lastError}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('notifications.col.attempts'), dataIndex: 'attempts', key: 'attempts', width: 70, align: 'right' },
    { title: t('notifications.col.version'), dataIndex: 'templateVersion', key: 'templateVersion', width: 90, align: 'right', render: (v: number) => `v${v}` },
    { title: t('notifications.col.provider'), dataIndex: 'provider', key: 'provider', width: 90, render: (p: string | null) => p ?? '—' },
  ];

  const f = figures.data;
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {(
          [
            ['notifications.sent', f?.sent, '#389e0d'],
            ['notifications.retried', f?.retried, '#d48806'],
            ['notifications.failed', f?.failed, '#cf1322'],
            ['notifications.total', f?.total, undefined],
          ] as const
        ).map(([key, value, color]) => (
          <Col key={key} xs={12} sm={6}>
            <Card size="small">
              <Statistic title={t(key)} value={value ?? '—'} valueStyle={color ? { color } : undefined} data-testid={`figure-${key.split('.')[1]}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('notifications.filter.status')}
          aria-label={t('notifications.filter.status')}
          style={{ width: 190 }}
          value={filter.status}
          onChange={(status?: string) => setFilter({ ...filter, status })}
          options={statuses.map((s) => ({ value: s, label: t(`notifications.status.${s}` as MessageKey) }))}
        />
        <Select
          allowClear
          placeholder={t('notifications.filter.event')}
          aria-label={t('notifications.filter.event')}
          style={{ width: 160 }}
          value={filter.event}
          onChange={(event?: string) => setFilter({ ...filter, event })}
          options={Object.keys(eventInfo).map((e) => ({ value: e, label: eventLabel(e) }))}
        />
        <Input type="date" aria-label={t('notifications.filter.day')} style={{ width: 160 }} value={filter.day ?? ''} onChange={(e) => setFilter({ ...filter, day: e.target.value || undefined })} />
        <Button
          icon={<ReloadOutlined />}
          loading={messages.loading}
          onClick={() => {
            void messages.reload();
            void figures.reload();
          }}
        >
          {t('common.refresh')}
        </Button>
      </Space>
      {messages.error ? <LoadError error={messages.error} onRetry={messages.reload} /> : null}
      <Table<NotificationMessage>
        rowKey="id"
        columns={columns}
        dataSource={messages.data ?? []}
        loading={messages.loading}
        locale={{ emptyText: t('notifications.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        size="middle"
        scroll={{ x: 1040 }}
      />
    </>
  );
}

function Templates() {
  const { t, pick, formatDateTime } = useI18n();
  const { staff } = useStaff();
  const lookup = useOrgLookup();
  const templates = useResource<NotificationTemplates>('/api/notification-templates');
  const editing = useModalState<NotificationTemplate>();
  // Templates apply everywhere: the server saves them only for a grant at the root region.
  const mayEdit = useMemo(() => staff.grants.some((g) => g.role === 'admin' && g.departmentId === null && lookup.regionByCode.get(g.regionCode)?.parentCode === null), [staff.grants, lookup.regionByCode]);
  const channelLabel = (c: string) => (c === 'sms' || c === 'wechat' ? t(`notifications.channel.${c}`) : c);

  const columns: TableColumnsType<NotificationTemplate> = [
    { title: t('notifications.col.event'), dataIndex: 'event', key: 'event', width: 130, render: (e: string) => pick(eventInfo[e as NotificationEvent]?.label ?? { zh: e, en: e }) },
    { title: t('notifications.col.channel'), dataIndex: 'channel', key: 'channel', width: 110, render: channelLabel },
    {
      title: t('notifications.body'),
      dataIndex: 'body',
      key: 'body',
      render: (body: string, tpl) => (
        <Space direction="vertical" size={2}>
          <Typography.Text>{body}</Typography.Text>
          {tpl.enabled ? null : <Tag>{t('notifications.disabled')}</Tag>}
        </Space>
      ),
    },
    { title: t('notifications.col.length'), key: 'length', width: 120, render: (_, tpl) => t('notifications.lengthValue', { length: tpl.check.length, segments: tpl.check.segments }) },
    { title: t('notifications.col.version'), dataIndex: 'version', key: 'version', width: 90, align: 'right', render: (v: number) => `v${v}` },
    {
      title: t('notifications.col.updatedBy'),
      key: 'updatedAt',
      width: 160,
      render: (_, tpl) => (
        <Space direction="vertical" size={0}>
          <span>{formatDateTime(tpl.updatedAt)}</span>
          {tpl.updatedByName ? <Typography.Text type="secondary">{tpl.updatedByName}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, tpl) => (
        <Tooltip title={mayEdit ? undefined : t('notifications.provinceOnly')}>
          <Button size="small" type="link" icon={<EditOutlined />} disabled={!mayEdit} onClick={() => editing.show(tpl)} aria-label={`${t('notifications.edit')} ${tpl.event}`}>
            {t('notifications.edit')}
          </Button>
        </Tooltip>
      ),
    },
  ];

  return (
    <>
      {mayEdit ? null : <Alert type="info" showIcon title={t('notifications.provinceOnly')} style={{ marginBottom: 12 }} />}
      {templates.error ? <LoadError error={templates.error} onRetry={templates.reload} /> : null}
      <Table<NotificationTemplate> rowKey={(tpl) => `${tpl.event}:${tpl.channel}`} columns={columns} dataSource={templates.data?.templates ?? []} loading={templates.loading} pagination={false} size="middle" scroll={{ x: 960 }} />
      <TemplateModal template={editing.subject} open={editing.open} onClose={editing.hide} />
    </>
  );
}

function TemplateModal({ template, open, onClose }: { template: NotificationTemplate | null; open: boolean; onClose(): void }) {
  const { t, pick, locale } = useI18n();
  const [draft, setDraft] = useState<TemplateForm | null>(null);
  if (!template) return null;
  const event = template.event as NotificationEvent;
  const channel = template.channel as NotificationChannel;
  const info = eventInfo[event];
  const initial: TemplateForm = { body: template.body, fields: template.fields as WechatField[], enabled: template.enabled };
  const current = draft ?? initial;
  const check = checkTemplate({ event, channel, body: current.body ?? '', fields: current.fields ?? [] });
  const problemsOf = (field: string) => check.problems.filter((p) => p.field === field).map((p) => (locale === 'zh' ? p.message.zh : p.message.en));
  const names = Object.keys(info.placeholders)
    .map((n) => `{${n}}`)
    .join(' ');

  return (
    <FormModal<TemplateForm, unknown>
      open={open}
      width={640}
      title={t('notifications.editTitle', { event: pick(info.label), channel: t(`notifications.channel.${channel}`) })}
      successMessage={t('notifications.saved')}
      initialValues={initial}
      onClose={() => {
        setDraft(null);
        onClose();
      }}
      onSubmit={async (values, action) => {
        await action.send('PUT', `/api/notification-templates/${event}/${channel}`, { body: values.body, fields: values.fields ?? [], enabled: values.enabled });
        await invalidate('/api/notification-templates');
      }}
      testId="template-modal"
    >
      {(form) => (
        <>
          <Form.Item
            name="body"
            label={t('notifications.body')}
            extra={t('notifications.bodyHint', { names })}
            validateStatus={problemsOf('body').length > 0 ? 'error' : undefined}
            help={problemsOf('body').length > 0 ? problemsOf('body').join(';') : undefined}
            rules={[{ validator: () => (problemsOf('body').length > 0 ? Promise.reject(new Error(problemsOf('body').join(';'))) : Promise.resolve()) }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} onChange={() => setDraft(form.getFieldsValue(true) as TemplateForm)} data-testid="template-body" />
          </Form.Item>
          {channel === 'wechat' ? (
            <Form.Item label={t('notifications.fields')}>
              <Form.List name="fields">
                {(items, { add, remove }) => (
                  <>
                    {items.map((item, index) => {
                      const fieldProblems = [...problemsOf(`fields.${index}.key`), ...problemsOf(`fields.${index}.value`)];
                      return (
                        <Space key={item.key} align="start" wrap style={{ display: 'flex', marginBottom: 8 }}>
                          <Form.Item name={[item.name, 'key']} noStyle>
                            <Input placeholder={t('notifications.fieldKey')} style={{ width: 150 }} onChange={() => setDraft(form.getFieldsValue(true) as TemplateForm)} />
                          </Form.Item>
                          <Form.Item name={[item.name, 'type']} noStyle>
                            <Select style={{ width: 160 }} options={wechatFieldTypes.map((v) => ({ value: v, label: v }))} onChange={() => setDraft(form.getFieldsValue(true) as TemplateForm)} />
                          </Form.Item>
                          <Form.Item name={[item.name, 'value']} noStyle>
                            <Input placeholder={t('notifications.fieldValue')} style={{ width: 200 }} status={fieldProblems.length > 0 ? 'error' : undefined} onChange={() => setDraft(form.getFieldsValue(true) as TemplateForm)} />
                          </Form.Item>
                          <MinusCircleOutlined
                            onClick={() => {
                              remove(item.name);
                              setDraft(form.getFieldsValue(true) as TemplateForm);
                            }}
                          />
                          {fieldProblems.length > 0 ? <Typography.Text type="danger">{fieldProblems.join(';')}</Typography.Text> : null}
                        </Space>
                      );
                    })}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => {
                        add({ key: `thing${items.length + 1}`, type: 'thing', value: '' });
                        setDraft(form.getFieldsValue(true) as TemplateForm);
                      }}
                    >
                      {t('notifications.addField')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Form.Item>
          ) : null}
          <Form.Item name="enabled" label={t('notifications.enabled')} valuePropName="checked">
            <Switch onChange={() => setDraft(form.getFieldsValue(true) as TemplateForm)} />
          </Form.Item>
          <Card size="small" title={t('notifications.preview')} data-testid="template-preview">
            <Typography.Paragraph style={{ marginBottom: 4 }}>{check.preview}</Typography.Paragraph>
            {channel === 'wechat'
              ? check.fields.map((f) => (
                  <div key={f.key}>
                    <Typography.Text type="secondary">{f.key}:</Typography.Text> {f.value}
                  </div>
                ))
              : null}
            <Typography.Text type={check.segments > 5 ? 'danger' : 'secondary'}>{t('notifications.lengthValue', { length: check.length, segments: check.segments })}</Typography.Text>
          </Card>
        </>
      )}
    </FormModal>
  );
}
