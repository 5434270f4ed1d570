/** 部门: the departments that own items and review cases, with their unified social credit codes. */
import { useMemo, useState } from 'react';
import { Button, Form, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { isValidUscc } from '../../../../src/domain/uscc.ts';
import type { Department } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import type { OrgLookup } from '../../shared/org.ts';
import { RegionTreeSelect } from '../../shared/pickers.tsx';
import { invalidate } from '../../shared/resource.ts';
import type { OrgScope } from '../../shared/scope.ts';

interface DepartmentForm {
  name: string;
  uscc: string;
  regionCode: string;
  phone: string;
}

export function DepartmentsTab({ lookup, scope }: { lookup: OrgLookup; scope: OrgScope }) {
  const { t } = useI18n();
  const modal = useModalState<Department | 'new'>();
  const [search, setSearch] = useState('');
  const editing = modal.subject !== 'new' ? modal.subject : null;

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (!needle) return lookup.departments;
    return lookup.departments.filter((d) => d.name.toLowerCase().includes(needle) || (d.uscc ?? '').toLowerCase().includes(needle));
  }, [lookup.departments, search]);

  const columns: TableColumnsType<Department> = [
    { title: t('department.name'), dataIndex: 'name', key: 'name', render: (name: string) => <strong>{name}</strong>, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    {
      title: t('department.uscc'),
      dataIndex: 'uscc',
      key: 'uscc',
      width: 230,
      render: (uscc: string | null) => (uscc ? <Typography.Text code>{uscc}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('department.region'), dataIndex: 'regionCode', key: 'region', width: 140, render: (code: string) => lookup.regionName(code) },
    { title: t('common.phone'), dataIndex: 'phone', key: 'phone', width: 160, render: (phone: string | null) => phone || '—' },
  ];
  if (scope.canChangeAny) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, department) =>
        scope.canChangeIn(department.regionCode) ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => modal.show(department)} aria-label={`${t('common.edit')} ${department.name}`}>
            {t('common.edit')}
          </Button>
        ) : null,
    });
  }

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Input.Search allowClear placeholder={t('department.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 280 }} />
        {scope.canChangeAny ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => modal.show('new')}>
            {t('department.create')}
          </Button>
        ) : null}
      </Space>
      <Table<Department> rowKey="id" columns={columns} dataSource={rows} loading={lookup.loading} pagination={{ pageSize: 20, hideOnSinglePage: true }} size="middle" scroll={{ x: 720 }} />

      <FormModal<DepartmentForm>
        open={modal.open}
        title={editing ? t('department.editOf', { name: editing.name }) : t('department.create')}
        initialValues={editing ? { name: editing.name, uscc: editing.uscc ?? '', regionCode: editing.regionCode, phone: editing.phone ?? '' } : { uscc: '', phone: '' }}
        onClose={modal.hide}
        onSubmit={async (values, action) => {
          const uscc = values.uscc?.trim().toUpperCase() || null;
          const phone = values.phone?.trim() || null;
          if (editing) await action.send('PATCH', `/api/departments/${editing.id}`, { name: values.name.trim(), uscc, phone });
          else await action.send('POST', '/api/departments', { name: values.name.trim(), uscc, regionCode: values.regionCode, phone });
          await invalidate('/api/departments');
        }}
      >
        <Form.Item name="name" label={t('department.name')} rules={[{ required: true, whitespace: true, message: t('department.nameRequired') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('department.uscc')}
          extra={t('department.usccHint')}
          normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (!value) return;
                if (value.length !== 18) throw new Error(t('department.usccLength'));
                if (!isValidUscc(value)) throw new Error(t('department.usccInvalid'));
              },
            },
          ]}
        >
          <Input maxLength={18} showCount style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('department.region')} rules={[{ required: true, message: t('region.required') }]} extra={editing ? t('department.regionFixed') : undefined}>
          <RegionTreeSelect disabled={editing !== null} isSelectable={scope.canChangeRegion} />
        </Form.Item>
        <Form.Item name="phone" label={t('common.phone')} rules={[{ max: 40 }]}>
          <Input inputMode="tel" />
        </Form.Item>
      </FormModal>
    </>
  );
}
