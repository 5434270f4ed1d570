/**
 * API 密钥 for other departments' systems. A new key is shown once, right after it is issued; the
 * server keeps only its hash. Revoking is immediate and cannot be undone. Each key's sharing scope
 * (数据共享: items, fields, rate, expiry) is set here, and the second tab shows what keys read and why.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SettingOutlined, StopOutlined } from '@ant-design/icons';
import { Action, type ApiKey, type IssuedApiKey } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { DepartmentSelect, RegionTreeSelect } from '../../shared/pickers.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import { useAdminRegionFilter } from '../../shared/scope.ts';
import { LoadError } from '../../shared/states.tsx';
import { ReadLog } from './ReadLog.tsx';
import { ScopeModal } from './ScopeModal.tsx';

interface IssueForm {
  name: string;
  departmentId: string | null;
  regionCode: string;
}

export default function ApiKeysPage() {
  const { t, errorText, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const lookup = useOrgLookup();
  const keys = useResource<ApiKey[]>('/api/api-keys');
  const issueModal = useModalState<true>();
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [scoping, setScoping] = useState<ApiKey | null>(null);
  const isSelectable = useAdminRegionFilter(lookup.regions);

  // One action per key: confirming again after a failure retries with the same Idempotency-Key.
  const revokeActions = useRef(new Map<string, Action>());
  const revoke = async (key: ApiKey) => {
    setRevoking(key.id);
    const action = revokeActions.current.get(key.id) ?? new Action();
    revokeActions.current.set(key.id, action);
    try {
      await action.send('DELETE', `/api/api-keys/${key.id}`);
      void message.success(t('apiKey.revoked', { name: key.name }));
      await invalidate('/api/api-keys');
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setRevoking(null);
    }
  };

  const rows = [...(keys.data ?? [])].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));

  const columns: TableColumnsType<ApiKey> = [
    { title: t('apiKey.name'), dataIndex: 'name', key: 'name', render: (name: string) => <strong>{name}</strong> },
    { title: t('apiKey.prefix'), dataIndex: 'prefix', key: 'prefix', width: 160, render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text> },
    { title: t('apiKey.department'), dataIndex: 'departmentId', key: 'department', render: (id: string | null) => (id ? lookup.departmentName(id) : t('grant.allDepartments')) },
    { title: t('apiKey.region'), dataIndex: 'regionCode', key: 'region', width: 120, render: (code: string) => lookup.regionName(code) },
    { title: t('apiKey.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 180, render: (at: string) => formatDateTime(at) },
    {
      title: t('apiKey.status'),
      dataIndex: 'revokedAt',
      key: 'status',
      width: 200,
      render: (revokedAt: string | null) =>
        revokedAt ? (
          <Space size={4} wrap>
            <Tag>{t('apiKey.statusRevoked')}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(revokedAt)}
            </Typography.Text>
          </Space>
        ) : (
          <Tag color="success">{t('apiKey.statusActive')}</Tag>
        ),
    },
    {
      title: t('shared.scope'),
      key: 'scope',
      width: 210,
      render: (_, key) => {
        const expired = key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now();
        return (
          <Space direction="vertical" size={0} data-testid={`scope-${key.name}`}>
            {key.itemCodes.length === 0 || key.fields.length === 0 ? (
              <Typography.Text type="secondary">{t('shared.noScope')}</Typography.Text>
            ) : (
              <span>{t('shared.scopeSummary', { items: key.itemCodes.length, fields: key.fields.length, rate: key.ratePerMinute })}</span>
            )}
            {key.expiresAt ? (
              expired ? (
                <Tag color="warning">{t('shared.expired')}</Tag>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('shared.expiresOn', { at: formatDateTime(key.expiresAt) })}
                </Typography.Text>
              )
            ) : null}
          </Space>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_, key) =>
        key.revokedAt ? null : (
          <Space size={0} wrap>
            <Button size="small" type="link" icon={<SettingOutlined />} onClick={() => setScoping(key)} aria-label={`${t('shared.scope')} ${key.name}`}>
              {t('shared.scope')}
            </Button>
            <Popconfirm
              title={t('apiKey.revokeConfirmTitle', { name: key.name })}
              description={t('apiKey.revokeConfirm')}
              okText={t('apiKey.revoke')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => revoke(key)}
            >
              <Button size="small" type="link" danger icon={<StopOutlined />} loading={revoking === key.id} aria-label={`${t('apiKey.revoke')} ${key.name}`}>
                {t('apiKey.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.apiKeys')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => issueModal.show(true)}>
          {t('apiKey.issue')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('apiKey.intro')}</Typography.Paragraph>
      {keys.error ? <LoadError error={keys.error} onRetry={keys.reload} /> : null}
      <Tabs
        items={[
          {
            key: 'keys',
            label: t('shared.tab.keys'),
            children: <Table<ApiKey> rowKey="id" columns={columns} dataSource={rows} loading={keys.loading} pagination={{ pageSize: 20, hideOnSinglePage: true }} size="middle" scroll={{ x: 1180 }} />,
          },
          { key: 'reads', label: t('shared.tab.reads'), children: <ReadLog keys={rows} /> },
        ]}
      />
      {/* Mounted afresh for each key: a form takes its initial values once. */}
      <ScopeModal key={scoping?.id ?? 'closed'} apiKey={scoping} onClose={() => setScoping(null)} />

      <FormModal<IssueForm>
        open={issueModal.open}
        title={t('apiKey.issue')}
        okText={t('apiKey.issueOk')}
        successMessage={t('apiKey.issued')}
        initialValues={{ departmentId: null }}
        onClose={issueModal.hide}
        onSubmit={async (values, action) => {
          const result = await action.send<IssuedApiKey>('POST', '/api/api-keys', { name: values.name.trim(), departmentId: values.departmentId ?? null, regionCode: values.regionCode });
          setIssued(result);
          await invalidate('/api/api-keys');
        }}
      >
        <Form.Item name="name" label={t('apiKey.name')} extra={t('apiKey.nameHint')} rules={[{ required: true, whitespace: true, message: t('apiKey.nameRequired') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="departmentId" label={t('apiKey.department')} extra={t('apiKey.departmentHint')}>
          <DepartmentSelect placeholder={t('grant.allDepartments')} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('apiKey.region')} rules={[{ required: true, message: t('region.required') }]}>
          <RegionTreeSelect isSelectable={isSelectable} />
        </Form.Item>
      </FormModal>

      <Modal
        open={issued !== null}
        title={t('apiKey.shownOnceTitle')}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        onCancel={() => setIssued(null)}
        footer={
          <Button type="primary" onClick={() => setIssued(null)}>
            {t('apiKey.saved')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('apiKey.shownOnceWarning')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph>{t('apiKey.issuedFor', { name: issued?.apiKey.name ?? '' })}</Typography.Paragraph>
        <Typography.Paragraph code copyable={{ text: issued?.key ?? '', tooltips: [t('common.copy'), t('common.copied')] }} style={{ wordBreak: 'break-all', fontSize: 15 }} data-testid="issued-api-key">
          {issued?.key}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('apiKey.usage')}</Typography.Text>
      </Modal>
    </Card>
  );
}
