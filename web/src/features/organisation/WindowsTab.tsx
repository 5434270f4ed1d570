/** 窗口: the counters of one service center, optionally dedicated to a department. */
import { useMemo, useState } from 'react';
import { Button, Empty, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { withQuery, type Center, type ServiceWindow } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import type { OrgLookup } from '../../shared/org.ts';
import { DepartmentSelect } from '../../shared/pickers.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import type { OrgScope } from '../../shared/scope.ts';
import { LoadError } from '../../shared/states.tsx';

interface WindowForm {
  number: number;
  name: string;
  departmentId: string | null;
  active: boolean;
}

export function WindowsTab({ lookup, scope }: { lookup: OrgLookup; scope: OrgScope }) {
  const { t } = useI18n();
  const centers = useResource<Center[]>('/api/centers');
  const [picked, setPicked] = useState<string | undefined>();
  // Until the user picks, show the first city-level center (the main hall).
  const centerId = picked ?? (centers.data?.find((c) => c.level === 'city') ?? centers.data?.[0])?.id;
  const center = centers.data?.find((c) => c.id === centerId);
  const windows = useResource<ServiceWindow[]>(centerId ? withQuery('/api/windows', { centerId }) : null);
  const modal = useModalState<ServiceWindow | 'new'>();
  const editing = modal.subject !== 'new' ? modal.subject : null;
  const canChange = center !== undefined && scope.canChangeIn(center.regionCode);

  const rows = useMemo(() => [...(windows.data ?? [])].sort((a, b) => a.number - b.number), [windows.data]);
  const nextNumber = rows.reduce((max, w) => Math.max(max, w.number), 0) + 1;

  const columns: TableColumnsType<ServiceWindow> = [
    { title: t('window.number'), dataIndex: 'number', key: 'number', width: 100, render: (n: number) => <Typography.Text strong>{t('window.numberShown', { n })}</Typography.Text> },
    { title: t('window.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('window.department'),
      dataIndex: 'departmentId',
      key: 'department',
      render: (id: string | null) => (id ? lookup.departmentName(id) : <Typography.Text type="secondary">{t('window.anyItem')}</Typography.Text>),
    },
    {
      title: t('window.status'),
      dataIndex: 'active',
      key: 'active',
      width: 110,
      render: (active: boolean) => (active ? <Tag color="success">{t('window.active')}</Tag> : <Tag>{t('window.inactive')}</Tag>),
    },
  ];
  if (canChange) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, window) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => modal.show(window)} aria-label={`${t('common.edit')} ${window.name}`}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <>
      {centers.error ? <LoadError error={centers.error} onRetry={centers.reload} /> : null}
      {windows.error ? <LoadError error={windows.error} onRetry={windows.reload} /> : null}
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <label htmlFor="windows-center">{t('window.center')}</label>
          <Select
            id="windows-center"
            value={centerId}
            onChange={setPicked}
            loading={centers.loading}
            style={{ width: 280 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={(centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Space>
        {canChange ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => modal.show('new')}>
            {t('window.create')}
          </Button>
        ) : null}
      </Space>
      {centerId === undefined && !centers.loading ? <Empty description={t('window.noCenter')} /> : <Table<ServiceWindow> rowKey="id" columns={columns} dataSource={rows} loading={windows.loading} pagination={false} size="middle" />}

      <FormModal<WindowForm>
        open={modal.open}
        title={editing ? t('window.editOf', { name: editing.name }) : t('window.createIn', { center: center?.name ?? '' })}
        initialValues={editing ?? { number: nextNumber, departmentId: null, active: true }}
        onClose={modal.hide}
        onSubmit={async (values, action) => {
          if (editing) {
            await action.send('PATCH', `/api/windows/${editing.id}`, { name: values.name.trim(), departmentId: values.departmentId ?? null, active: values.active });
          } else {
            if (!centerId) return;
            await action.send('POST', '/api/windows', { centerId, number: values.number, name: values.name.trim(), departmentId: values.departmentId ?? null });
          }
          await invalidate('/api/windows');
        }}
      >
        <Form.Item name="number" label={t('window.number')} rules={[{ required: true, message: t('window.numberRequired') }]} extra={editing ? t('window.numberFixed') : undefined}>
          <InputNumber min={1} max={999} precision={0} disabled={editing !== null} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="name" label={t('window.name')} rules={[{ required: true, whitespace: true, message: t('window.nameRequired') }, { max: 100 }]}>
          <Input placeholder={t('window.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('window.department')} extra={t('window.departmentHint')}>
          <DepartmentSelect />
        </Form.Item>
        {editing ? (
          <Form.Item name="active" label={t('window.status')} valuePropName="checked">
            <Switch checkedChildren={t('window.active')} unCheckedChildren={t('window.inactive')} />
          </Form.Item>
        ) : null}
      </FormModal>
    </>
  );
}
