/**
 * 工作人员: accounts and their grants. Supervisors read the list; administrators create accounts,
 * edit them, set grants and reset passwords (the server limits each to their own scope).
 */
import { useMemo, useState } from 'react';
import { Button, Card, Form, Input, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, KeyOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Staff } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { describeGrant, useOrgLookup } from '../../shared/org.ts';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { GrantsEditor, toGrants, type GrantRow } from './GrantsEditor.tsx';

interface CreateForm {
  username: string;
  displayName: string;
  phone: string;
  password: string;
  grants: GrantRow[];
}

interface EditForm {
  displayName: string;
  phone: string;
  active: boolean;
}

interface PasswordForm {
  password: string;
  confirm: string;
}

const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export default function StaffPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { staff: me, can } = useStaff();
  const lookup = useOrgLookup();
  const list = useResource<Staff[]>('/api/staff');
  const [search, setSearch] = useState('');
  const createModal = useModalState<true>();
  const editModal = useModalState<Staff>();
  const grantsModal = useModalState<Staff>();
  const passwordModal = useModalState<Staff>();

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = list.data ?? [];
    if (!needle) return all;
    return all.filter((s) => s.username.toLowerCase().includes(needle) || s.displayName.toLowerCase().includes(needle) || s.phone.includes(needle) || s.grants.some((g) => describeGrant(g, lookup, i18n).toLowerCase().includes(needle)));
  }, [list.data, search, lookup, i18n]);

  const passwordRules = [
    { required: true, message: t('staff.passwordRequired') },
    { min: 8, message: t('staff.passwordMin') },
    { max: 128, message: t('staff.passwordMax') },
  ];

  const columns: TableColumnsType<Staff> = [
    { title: t('staff.username'), dataIndex: 'username', key: 'username', width: 150, render: (u: string) => <Typography.Text code>{u}</Typography.Text> },
    { title: t('staff.displayName'), dataIndex: 'displayName', key: 'displayName', width: 190 },
    { title: t('common.phone'), dataIndex: 'phone', key: 'phone', width: 130, render: (p: string) => p || '—' },
    {
      title: t('staff.status'),
      dataIndex: 'active',
      key: 'active',
      width: 90,
      filters: [
        { value: true, text: t('staff.active') },
        { value: false, text: t('staff.inactive') },
      ],
      onFilter: (value, record) => record.active === value,
      render: (active: boolean) => (active ? <Tag color="success">{t('staff.active')}</Tag> : <Tag color="default">{t('staff.inactive')}</Tag>),
    },
    {
      title: t('staff.grants'),
      dataIndex: 'grants',
      key: 'grants',
      render: (_, member) =>
        member.grants.length === 0 ? (
          <Typography.Text type="secondary">{t('staff.noGrantsShort')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {member.grants.map((g) => (
              <Tag key={`${g.role}:${g.departmentId ?? ''}:${g.regionCode}`} color={g.role === 'admin' ? 'red' : g.role === 'supervisor' ? 'purple' : 'blue'}>
                {describeGrant(g, lookup, i18n)}
              </Tag>
            ))}
          </Space>
        ),
    },
  ];
  if (can.manageStaff) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, member) => (
        <Space size={0}>
          <Tooltip title={t('common.edit')}>
            <Button type="text" icon={<EditOutlined />} aria-label={`${t('common.edit')} ${member.username}`} onClick={() => editModal.show(member)} />
          </Tooltip>
          <Tooltip title={t('staff.setGrants')}>
            <Button type="text" icon={<SafetyCertificateOutlined />} aria-label={`${t('staff.setGrants')} ${member.username}`} onClick={() => grantsModal.show(member)} />
          </Tooltip>
          <Tooltip title={t('staff.resetPassword')}>
            <Button type="text" icon={<KeyOutlined />} aria-label={`${t('staff.resetPassword')} ${member.username}`} onClick={() => passwordModal.show(member)} />
          </Tooltip>
        </Space>
      ),
    });
  }

  const editing = editModal.subject;
  const granting = grantsModal.subject;
  const resetting = passwordModal.subject;

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.staff')}
          {!can.manageStaff ? <Tag style={{ marginInlineStart: 12, verticalAlign: 'middle' }}>{t('common.readOnly')}</Tag> : null}
        </Typography.Title>
        <Space wrap>
          <Input.Search allowClear placeholder={t('staff.search')} aria-label={t('staff.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} />
          {can.manageStaff ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => createModal.show(true)}>
              {t('staff.create')}
            </Button>
          ) : null}
        </Space>
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Staff> rowKey="id" columns={columns} dataSource={rows} loading={list.loading} pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }} size="middle" scroll={{ x: 1000 }} />

      <FormModal<CreateForm>
        open={createModal.open}
        title={t('staff.create')}
        width={760}
        initialValues={{ phone: '', grants: [{ departmentId: null }] }}
        onClose={createModal.hide}
        onSubmit={async (values, action) => {
          await action.send('POST', '/api/staff', {
            username: values.username.trim().toLowerCase(),
            displayName: values.displayName.trim(),
            phone: values.phone?.trim() ?? '',
            password: values.password,
            grants: toGrants(values.grants),
          });
          await invalidate('/api/staff');
        }}
      >
        <Space align="start" style={{ display: 'flex' }} wrap>
          <Form.Item
            name="username"
            label={t('staff.username')}
            normalize={(v: string) => v.toLowerCase()}
            extra={t('staff.usernameHint')}
            rules={[
              { required: true, message: t('staff.usernameRequired') },
              { pattern: usernamePattern, message: t('staff.usernameInvalid') },
            ]}
            style={{ width: 220 }}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('staff.displayName')} rules={[{ required: true, whitespace: true, message: t('staff.displayNameRequired') }, { max: 100 }]} style={{ width: 220 }}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t('common.phone')} rules={[{ max: 40 }]} style={{ width: 220 }}>
            <Input inputMode="tel" />
          </Form.Item>
        </Space>
        <Form.Item name="password" label={t('staff.initialPassword')} rules={passwordRules} extra={t('staff.passwordHint')} style={{ maxWidth: 320 }}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Typography.Text strong>{t('staff.grants')}</Typography.Text>
        <div style={{ marginTop: 8 }}>
          <GrantsEditor />
        </div>
      </FormModal>

      <FormModal<EditForm>
        open={editModal.open}
        title={editing ? t('staff.editOf', { name: editing.displayName }) : ''}
        initialValues={editing ? { displayName: editing.displayName, phone: editing.phone, active: editing.active } : undefined}
        onClose={editModal.hide}
        onSubmit={async (values, action) => {
          if (!editing) return;
          await action.send('PATCH', `/api/staff/${editing.id}`, { displayName: values.displayName.trim(), phone: values.phone?.trim() ?? '', active: values.active });
          await invalidate('/api/staff');
        }}
      >
        <Form.Item label={t('staff.username')}>
          <Input value={editing?.username} disabled />
        </Form.Item>
        <Form.Item name="displayName" label={t('staff.displayName')} rules={[{ required: true, whitespace: true, message: t('staff.displayNameRequired') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('common.phone')} rules={[{ max: 40 }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="active" label={t('staff.status')} valuePropName="checked" extra={editing?.id === me.id ? t('staff.cannotDisableSelf') : t('staff.inactiveHint')}>
          <Switch checkedChildren={t('staff.active')} unCheckedChildren={t('staff.inactive')} disabled={editing?.id === me.id} />
        </Form.Item>
      </FormModal>

      <FormModal<{ grants: GrantRow[] }>
        open={grantsModal.open}
        title={granting ? t('staff.grantsOf', { name: granting.displayName }) : ''}
        width={760}
        initialValues={granting ? { grants: granting.grants } : undefined}
        onClose={grantsModal.hide}
        onSubmit={async (values, action) => {
          if (!granting) return;
          await action.send('PUT', `/api/staff/${granting.id}/grants`, { grants: toGrants(values.grants) });
          await invalidate('/api/staff');
        }}
      >
        <Typography.Paragraph type="secondary">{t('staff.grantsHint')}</Typography.Paragraph>
        <GrantsEditor />
      </FormModal>

      <FormModal<PasswordForm>
        open={passwordModal.open}
        title={resetting ? t('staff.resetPasswordOf', { name: resetting.displayName }) : ''}
        successMessage={t('staff.passwordResetDone')}
        onClose={passwordModal.hide}
        onSubmit={async (values, action) => {
          if (!resetting) return;
          await action.send('POST', `/api/staff/${resetting.id}/password`, { password: values.password });
        }}
      >
        <Form.Item name="password" label={t('staff.newPassword')} rules={passwordRules} extra={t('staff.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('staff.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('staff.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('password')) throw new Error(t('staff.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
