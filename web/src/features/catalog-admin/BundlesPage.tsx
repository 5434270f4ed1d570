/**
 * 一件事: bundles of related items done with one form, one set of materials and one process.
 * The guide merges the members' forms and materials; here administrators choose the members.
 */
import { useMemo } from 'react';
import { Button, Card, Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, ExportOutlined, PlusOutlined } from '@ant-design/icons';
import type { BundleContent } from '../../../../src/domain/catalog.ts';
import type { AdminBundle, AdminItemSummary, BundleStatus } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';

interface BundleForm {
  code: string;
  name: string;
  aliases: string[];
  description: string;
  itemCodes: string[];
  promisedDays: number;
  leadDepartmentName: string;
  status: BundleStatus;
}

const bundleStatuses: BundleStatus[] = ['draft', 'published', 'retired'];
const statusColor: Record<BundleStatus, string> = { draft: 'processing', published: 'success', retired: 'default' };

export default function BundlesPage() {
  const { t, formatDateTime } = useI18n();
  const list = useResource<AdminBundle[]>('/api/admin/bundles');
  const items = useResource<AdminItemSummary[]>('/api/admin/items');
  const { departments } = useOrgLookup();
  const modal = useModalState<AdminBundle | 'new'>();
  const editing = modal.subject !== 'new' ? modal.subject : null;

  const itemName = useMemo(() => new Map((items.data ?? []).map((i) => [i.implementationCode, i.name])), [items.data]);
  const itemOptions = useMemo(() => (items.data ?? []).map((i) => ({ value: i.implementationCode, label: `${i.name}(${i.implementationCode})` })), [items.data]);
  const departmentOptions = useMemo(() => [...new Set(departments.map((d) => d.name))].map((name) => ({ value: name, label: name })), [departments]);

  const columns: TableColumnsType<AdminBundle> = [
    { title: t('catalogAdmin.bundle.code'), dataIndex: 'code', key: 'code', width: 140, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      title: t('catalogAdmin.bundle.name'),
      key: 'name',
      width: 200,
      render: (_, b) => (
        <>
          <Typography.Text strong>{b.content.name}</Typography.Text>
          {b.content.aliases.length > 0 ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {b.content.aliases.join('、')}
              </Typography.Text>
            </div>
          ) : null}
        </>
      ),
    },
    {
      title: t('catalogAdmin.bundle.items'),
      key: 'items',
      render: (_, b) => (
        <Space size={[4, 4]} wrap>
          {b.content.itemCodes.map((code) => (
            <Tag key={code} title={code} color={itemName.has(code) ? undefined : 'error'}>
              {itemName.get(code) ?? code}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('catalogAdmin.bundle.promisedDays'), key: 'days', width: 100, render: (_, b) => t('catalogAdmin.bundle.days', { days: b.content.promisedDays }) },
    { title: t('catalogAdmin.bundle.lead'), key: 'lead', width: 130, render: (_, b) => b.content.leadDepartmentName },
    {
      title: t('catalogAdmin.bundle.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (status: BundleStatus, b) => (
        <>
          <Tag color={statusColor[status]}>{t(`catalogAdmin.bundle.status.${status}`)}</Tag>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} title={`${t('catalogAdmin.bundle.updatedAt')} ${formatDateTime(b.updatedAt)}`}>
              {formatDateTime(b.updatedAt).slice(0, 10)}
            </Typography.Text>
          </div>
        </>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, b) => (
        <Space size={0}>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => modal.show(b)} aria-label={`${t('common.edit')} ${b.content.name}`}>
            {t('common.edit')}
          </Button>
          {b.status === 'published' ? (
            <Button size="small" type="link" icon={<ExportOutlined />} href={`/guide/bundles/${b.code}`} target="_blank" rel="noopener">
              {t('catalogAdmin.bundle.publicPage')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('catalogAdmin.nav.bundles')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => modal.show('new')}>
          {t('catalogAdmin.bundle.create')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('catalogAdmin.bundle.hint')}</Typography.Paragraph>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AdminBundle> rowKey="code" columns={columns} dataSource={list.data ?? []} loading={list.loading} pagination={{ pageSize: 20, hideOnSinglePage: true }} size="middle" scroll={{ x: 1040 }} />

      <FormModal<BundleForm>
        open={modal.open}
        width={720}
        title={editing ? t('catalogAdmin.bundle.editOf', { name: editing.content.name }) : t('catalogAdmin.bundle.create')}
        initialValues={editing ? { ...editing.content, status: editing.status } : { aliases: [], description: '', itemCodes: [], promisedDays: 5, status: 'draft' }}
        onClose={modal.hide}
        onSubmit={async (values, action) => {
          const content: BundleContent = {
            code: values.code.trim(),
            name: values.name.trim(),
            aliases: values.aliases ?? [],
            description: (values.description ?? '').trim(),
            itemCodes: values.itemCodes,
            promisedDays: values.promisedDays,
            leadDepartmentName: values.leadDepartmentName,
          };
          await action.send('PUT', `/api/bundles/${content.code}`, { content, status: values.status });
          await invalidate('/api/admin/bundles');
        }}
      >
        <Space align="start" style={{ display: 'flex' }} wrap>
          <Form.Item
            name="code"
            label={t('catalogAdmin.bundle.code')}
            style={{ width: 220 }}
            rules={[
              { required: true, message: t('catalogAdmin.keyRequired') },
              { pattern: /^[0-9A-Za-z-]{2,64}$/, message: t('catalogAdmin.bundle.codePattern') },
            ]}
          >
            <Input disabled={editing !== null} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="name" label={t('catalogAdmin.bundle.name')} style={{ width: 420 }} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.nameRequired') }, { max: 200 }]}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item name="aliases" label={t('catalogAdmin.item.aliases')} extra={t('catalogAdmin.item.aliasesHint')}>
          <Select mode="tags" tokenSeparators={[',', ',', '、']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="itemCodes" label={t('catalogAdmin.bundle.items')} extra={t('catalogAdmin.bundle.itemsHint')} rules={[{ required: true, type: 'array', min: 2, message: t('catalogAdmin.bundle.itemsMin') }]}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={itemOptions} loading={items.loading} placeholder={t('catalogAdmin.bundle.itemsPick')} />
        </Form.Item>
        <Space align="start" style={{ display: 'flex' }} wrap>
          <Form.Item name="promisedDays" label={t('catalogAdmin.bundle.promisedDaysLong')} style={{ width: 220 }} rules={[{ required: true, message: t('catalogAdmin.numberRequired') }]}>
            <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="leadDepartmentName" label={t('catalogAdmin.bundle.lead')} style={{ width: 420 }} rules={[{ required: true, message: t('catalogAdmin.item.departmentRequired') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={departmentOptions} placeholder={t('catalogAdmin.item.departmentPick')} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('catalogAdmin.bundle.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item name="status" label={t('catalogAdmin.bundle.status')} extra={t('catalogAdmin.bundle.statusHint')}>
          <Radio.Group optionType="button" options={bundleStatuses.map((s) => ({ value: s, label: t(`catalogAdmin.bundle.status.${s}`) }))} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
