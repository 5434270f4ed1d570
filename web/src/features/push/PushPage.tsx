/**
 * 数据推送: a department administrator's webhook subscriptions (events, items, URL, active), the
 * signing secret shown once on create and rotate, and one subscription's delivery log with its dead
 * letters (重新推送) and a replay from a date and time. The rules are the server's (docs/PUSH.md);
 * the form offers only what it accepts: the departments the user manages, the event families.
 */
import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Grid, Input, List, Modal, Popconfirm, Segmented, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { isWithinRegion } from '../../../../src/domain/region.ts';
import { pushDeliveryStateLabels, pushTopicFamilies, pushTopicFamilyLabels, type PushDeliveryState } from '../../../../src/domain/push.ts';
import { Action, type PushDelivery, type PushDeliveryPage, type PushReplay, type PushSubscription, type PushSubscriptionList, type PushSubscriptionWithSecret } from '../../api.ts';
import { grantsWith } from '../../app/capabilities.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';

interface SubscriptionForm {
  departmentId: string;
  name: string;
  url: string;
  topics: string[];
  itemCodes: string[];
  active: boolean;
}

const listPath = '/api/push-subscriptions';
const stateColor: Record<PushDeliveryState, string> = { pending: 'processing', delivered: 'success', dead: 'error' };

export default function PushPage() {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const { staff } = useStaff();
  // A phone gets each subscription as a card: a table of six columns would scroll sideways.
  const phone = !Grid.useBreakpoint().md;
  const lookup = useOrgLookup();
  const list = useResource<PushSubscriptionList>(listPath);
  const editor = useModalState<PushSubscription | null>();
  const [secret, setSecret] = useState<PushSubscriptionWithSecret | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const actions = useRef(new Map<string, Action>());
  const actionFor = (key: string) => {
    const found = actions.current.get(key) ?? new Action();
    actions.current.set(key, found);
    return found;
  };

  // The departments the user may subscribe for: their push.manage grants' department, or every one in the grant's region.
  const departments = useMemo(() => {
    const grants = grantsWith(staff.grants, 'push.manage');
    return lookup.departments.filter((d) => {
      const path = lookup.regionByCode.get(d.regionCode)?.path;
      return grants.some((g) => {
        const grantPath = lookup.regionByCode.get(g.regionCode)?.path;
        return path !== undefined && grantPath !== undefined && isWithinRegion(path, grantPath) && (g.departmentId === null || g.departmentId === d.id);
      });
    });
  }, [staff.grants, lookup]);

  const topicOptions = pushTopicFamilies.map((family) => ({ value: `${family}.*`, label: `${t('push.family', { label: pick(pushTopicFamilyLabels[family]) })} ${family}.*` }));
  const topicLabel = (topic: string) => {
    const family = pushTopicFamilies.find((f) => `${f}.*` === topic);
    return family ? pick(pushTopicFamilyLabels[family]) : topic;
  };

  const rotate = async (s: PushSubscription) => {
    try {
      setSecret(await actionFor(`rotate:${s.id}`).send<PushSubscriptionWithSecret>('POST', `${listPath}/${s.id}/rotate-secret`));
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const remove = async (s: PushSubscription) => {
    try {
      await actionFor(`delete:${s.id}`).send('DELETE', `${listPath}/${s.id}`);
      if (selected === s.id) setSelected(null);
      void message.success(t('push.deleted'));
      await invalidate(listPath);
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const columns: TableColumnsType<PushSubscription> = [
    {
      title: t('push.col.name'),
      key: 'name',
      render: (_, s) => (
        <Space direction="vertical" size={0}>
          <strong>{s.name}</strong>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.departmentName}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('push.col.url'), dataIndex: 'url', key: 'url', render: (url: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{url}</Typography.Text> },
    {
      title: t('push.col.topics'),
      dataIndex: 'topics',
      key: 'topics',
      render: (topics: string[]) => (
        <Space size={[4, 4]} wrap>
          {topics.map((topic) => (
            <Tag key={topic}>{topicLabel(topic)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('push.col.items'),
      dataIndex: 'itemCodes',
      key: 'items',
      render: (codes: string[]) =>
        codes.length === 0 ? (
          <Typography.Text type="secondary">{t('push.allItems')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {codes.map((code) => (
              <Tag key={code}>{code}</Tag>
            ))}
          </Space>
        ),
    },
    { title: t('push.col.active'), dataIndex: 'active', key: 'active', width: 90, render: (active: boolean) => (active ? <Tag color="success">{t('push.active')}</Tag> : <Tag>{t('push.paused')}</Tag>) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 370,
      render: (_, s) => actionsOf(s),
    },
  ];

  function actionsOf(s: PushSubscription) {
    return (
      <Space size={0} wrap>
        <Button size="small" type="link" icon={<UnorderedListOutlined />} onClick={() => setSelected(s.id)}>
          {t('push.log')}
        </Button>
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => editor.show(s)} aria-label={`${t('push.edit')} ${s.name}`}>
          {t('common.edit')}
        </Button>
        <Popconfirm title={t('push.rotate')} description={t('push.rotateConfirm')} okText={t('push.rotate')} cancelText={t('common.cancel')} onConfirm={() => rotate(s)}>
          <Button size="small" type="link" icon={<KeyOutlined />}>
            {t('push.rotate')}
          </Button>
        </Popconfirm>
        <Popconfirm title={t('push.deleteConfirm', { name: s.name })} okText={t('push.delete')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => remove(s)}>
          <Button size="small" type="link" danger>
            {t('push.delete')}
          </Button>
        </Popconfirm>
      </Space>
    );
  }

  const items = list.data?.items ?? [];
  const chosen = items.find((s) => s.id === selected) ?? null;
  const editing = editor.subject;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('push.title')}
          </Typography.Title>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => editor.show(null)} disabled={departments.length === 0}>
            {t('push.new')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary">{t('push.intro')}</Typography.Paragraph>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        {phone ? (
          <List<PushSubscription>
            dataSource={items}
            loading={list.loading}
            renderItem={(s) => (
              <List.Item key={s.id} style={{ display: 'block', background: s.id === selected ? '#e6f4ff' : undefined, paddingInline: 8 }}>
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <strong>{s.name}</strong>
                    {s.active ? <Tag color="success">{t('push.active')}</Tag> : <Tag>{t('push.paused')}</Tag>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.departmentName}
                  </Typography.Text>
                  <Typography.Text style={{ wordBreak: 'break-all' }}>{s.url}</Typography.Text>
                  <Space size={[4, 4]} wrap>
                    {s.topics.map((topic) => (
                      <Tag key={topic}>{topicLabel(topic)}</Tag>
                    ))}
                    {s.itemCodes.length === 0 ? <Typography.Text type="secondary">{t('push.allItems')}</Typography.Text> : s.itemCodes.map((code) => <Tag key={code}>{code}</Tag>)}
                  </Space>
                  {actionsOf(s)}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<PushSubscription>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={list.loading}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            size="middle"
            scroll={{ x: 1000 }}
            rowClassName={(s) => (s.id === selected ? 'ant-table-row-selected' : '')}
          />
        )}
      </Card>

      {chosen ? <DeliveryLog subscription={chosen} /> : <Alert type="info" showIcon title={t('push.pickOne')} />}

      <FormModal<SubscriptionForm>
        open={editor.open}
        title={editing ? t('push.edit') : t('push.new')}
        okText={t('common.save')}
        successMessage={t('push.saved')}
        initialValues={
          editing
            ? { departmentId: editing.departmentId, name: editing.name, url: editing.url, topics: editing.topics, itemCodes: editing.itemCodes, active: editing.active }
            : { departmentId: departments.length === 1 ? departments[0]!.id : undefined, topics: ['case.*'], itemCodes: [], active: true }
        }
        onClose={editor.hide}
        onSubmit={async (values, action) => {
          const body = { name: values.name.trim(), url: values.url.trim(), topics: values.topics, itemCodes: values.itemCodes ?? [], active: values.active };
          if (editing) {
            await action.send('PATCH', `${listPath}/${editing.id}`, body);
          } else {
            const created = await action.send<PushSubscriptionWithSecret>('POST', listPath, { ...body, departmentId: values.departmentId });
            setSecret(created);
            setSelected(created.subscription.id);
          }
          await invalidate(listPath);
        }}
      >
        <Form.Item name="departmentId" label={t('push.field.department')} rules={[{ required: true, message: t('push.required') }]}>
          <Select disabled={editing !== null} options={departments.map((d) => ({ value: d.id, label: `${d.name} · ${lookup.regionName(d.regionCode)}` }))} notFoundContent={t('push.noDepartment')} />
        </Form.Item>
        <Form.Item name="name" label={t('push.field.name')} extra={t('push.field.nameHint')} rules={[{ required: true, whitespace: true, message: t('push.required') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="url" label={t('push.field.url')} extra={t('push.field.urlHint')} rules={[{ required: true, whitespace: true, message: t('push.required') }, { max: 500 }]}>
          <Input placeholder="https://" inputMode="url" />
        </Form.Item>
        <Form.Item name="topics" label={t('push.field.topics')} extra={t('push.field.topicsHint')} rules={[{ required: true, message: t('push.required') }]}>
          <Select mode="tags" options={topicOptions} tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Form.Item name="itemCodes" label={t('push.field.items')} extra={t('push.field.itemsHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="active" label={t('push.field.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FormModal>

      <Modal
        open={secret !== null}
        title={t('push.secretTitle')}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('push.secretSaved')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('push.secretWarning')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph strong>{secret?.subscription.name}</Typography.Paragraph>
        <Typography.Paragraph code copyable={{ text: secret?.secret ?? '', tooltips: [t('common.copy'), t('common.copied')] }} style={{ wordBreak: 'break-all', fontSize: 15 }} data-testid="push-secret">
          {secret?.secret}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('push.secretUsage')}</Typography.Text>
      </Modal>
    </Space>
  );
}

/** One subscription's deliveries, newest event first, with the counts by state, 重新推送 and the replay. */
function DeliveryLog({ subscription }: { subscription: PushSubscription }) {
  const { t, pick, errorText, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [state, setState] = useState<PushDeliveryState | 'all'>('all');
  const [from, setFrom] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const base = `${listPath}/${subscription.id}/deliveries`;
  const path = `${base}?limit=100${state === 'all' ? '' : `&state=${state}`}`;
  const page = useResource<PushDeliveryPage>(path);
  const actions = useRef(new Map<string, Action>());
  const actionFor = (key: string) => {
    const found = actions.current.get(key) ?? new Action();
    actions.current.set(key, found);
    return found;
  };
  const refresh = () => invalidate(base);

  const redeliver = async (d: PushDelivery) => {
    setBusy(d.id);
    try {
      await actionFor(d.id).send('POST', `${base}/${d.id}/redeliver`);
      void message.success(t('push.redelivered'));
      await refresh();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  const replay = async () => {
    if (!from) {
      void message.warning(t('push.replayNeedTime'));
      return;
    }
    setBusy('replay');
    try {
      const result = await actionFor('replay').send<PushReplay>('POST', `${listPath}/${subscription.id}/replay`, { from: new Date(from).toISOString() });
      void message.success(t('push.replayed', { pending: result.pending }));
      await refresh();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  const counts = page.data?.byState;
  const columns: TableColumnsType<PushDelivery> = [
    { title: t('push.d.occurredAt'), dataIndex: 'occurredAt', key: 'occurredAt', width: 170, render: (at: string) => formatDateTime(at) },
    { title: t('push.d.topic'), dataIndex: 'topic', key: 'topic', render: (topic: string) => <Typography.Text code>{topic}</Typography.Text> },
    { title: t('push.d.item'), dataIndex: 'itemCode', key: 'item', render: (code: string | null) => code ?? '—' },
    { title: t('push.d.state'), dataIndex: 'state', key: 'state', width: 130, render: (s: PushDeliveryState) => <Tag color={stateColor[s]}>{pick(pushDeliveryStateLabels[s])}</Tag> },
    { title: t('push.d.attempts'), dataIndex: 'attempts', key: 'attempts', width: 70 },
    {
      title: t('push.d.result'),
      key: 'result',
      render: (_, d) => resultOf(d),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, d) =>
        d.state === 'dead' ? (
          <Button size="small" icon={<SendOutlined />} loading={busy === d.id} onClick={() => redeliver(d)}>
            {t('push.redeliver')}
          </Button>
        ) : null,
    },
  ];

  function resultOf(d: PushDelivery) {
    return (
      <Space direction="vertical" size={0}>
        {d.lastStatus !== null || d.lastError ? <Typography.Text type={d.state === 'delivered' ? undefined : 'danger'}>{d.lastError ?? `HTTP ${d.lastStatus}`}</Typography.Text> : null}
        {d.state === 'pending' ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('push.d.next', { at: formatDateTime(d.nextAttemptAt) })}
          </Typography.Text>
        ) : null}
        {d.deliveredAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('push.d.deliveredAt', { at: formatDateTime(d.deliveredAt) })}
          </Typography.Text>
        ) : null}
      </Space>
    );
  }

  return (
    <Card
      title={t('push.logFor', { name: subscription.name })}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void refresh()} aria-label={t('common.refresh')}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Segmented<PushDeliveryState | 'all'>
          value={state}
          onChange={setState}
          options={[
            { value: 'all', label: `${t('push.state.all')} ${counts ? counts.pending + counts.delivered + counts.dead : ''}` },
            { value: 'pending', label: `${t('push.state.pending')} ${counts?.pending ?? ''}` },
            { value: 'delivered', label: `${t('push.state.delivered')} ${counts?.delivered ?? ''}` },
            { value: 'dead', label: `${t('push.state.dead')} ${counts?.dead ?? ''}` },
          ]}
          style={{ maxWidth: '100%', overflowX: 'auto' }}
        />
        <Space wrap>
          <Typography.Text>{t('push.replayFrom')}</Typography.Text>
          <Input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 220 }} aria-label={t('push.replayFrom')} />
          <Button onClick={replay} loading={busy === 'replay'}>
            {t('push.replay')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('push.replayHint')}
          </Typography.Text>
        </Space>
        {page.error ? <LoadError error={page.error} onRetry={page.reload} /> : null}
        {phone ? (
          <List<PushDelivery>
            dataSource={page.data?.items ?? []}
            loading={page.loading}
            pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
            renderItem={(d) => (
              <List.Item key={d.id} style={{ display: 'block' }}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text code>{d.topic}</Typography.Text>
                    <Tag color={stateColor[d.state]}>{pick(pushDeliveryStateLabels[d.state])}</Tag>
                    <Typography.Text type="secondary">×{d.attempts}</Typography.Text>
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(d.occurredAt)}
                    {d.itemCode ? ` · ${d.itemCode}` : ''}
                  </Typography.Text>
                  {resultOf(d)}
                  {d.state === 'dead' ? (
                    <Button size="small" icon={<SendOutlined />} loading={busy === d.id} onClick={() => redeliver(d)}>
                      {t('push.redeliver')}
                    </Button>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<PushDelivery> rowKey="id" columns={columns} dataSource={page.data?.items ?? []} loading={page.loading} pagination={{ pageSize: 20, hideOnSinglePage: true }} size="small" scroll={{ x: 900 }} />
        )}
      </Space>
    </Card>
  );
}
