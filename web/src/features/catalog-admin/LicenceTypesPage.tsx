/**
 * 证照类型目录: the licence types e-licences are issued as. A type's code is the defining
 * authority's unified social credit code and a 3-digit type number (as in the national licence
 * catalogue); it becomes the first part of every identifier of the type, so it is entered, not
 * derived. Validity (years, empty = 长期) gives each licence its end date.
 */
import { Button, Card, Form, Input, InputNumber, Space, Table, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { LicenceType } from '../../../../src/domain/catalog.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';

interface TypeForm {
  code: string;
  name: string;
  authorityName: string;
  validityYears: number | null;
}

const listPath = '/api/licence-types';

export default function LicenceTypesPage() {
  const { t } = useI18n();
  const list = useResource<LicenceType[]>(listPath);
  const modal = useModalState<LicenceType | 'new'>();
  const editing = modal.subject !== 'new' ? modal.subject : null;

  const columns: TableColumnsType<LicenceType> = [
    { title: t('catalogAdmin.licenceType.code'), dataIndex: 'code', key: 'code', width: 230, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: t('catalogAdmin.licenceType.name'), dataIndex: 'name', key: 'name' },
    { title: t('catalogAdmin.licenceType.authority'), dataIndex: 'authorityName', key: 'authority', width: 200 },
    {
      title: t('catalogAdmin.licenceType.validity'),
      key: 'validity',
      width: 120,
      render: (_, type) => (type.validityYears === null ? t('catalogAdmin.licenceType.permanent') : t('catalogAdmin.licenceType.years', { years: type.validityYears })),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, type) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => modal.show(type)} aria-label={`${t('common.edit')} ${type.name}`}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('catalogAdmin.nav.licenceTypes')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => modal.show('new')}>
          {t('catalogAdmin.licenceType.create')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('catalogAdmin.licenceType.hint')}</Typography.Paragraph>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<LicenceType> rowKey="code" columns={columns} dataSource={list.data ?? []} loading={list.loading} pagination={{ pageSize: 50, hideOnSinglePage: true }} size="middle" />

      <FormModal<TypeForm>
        open={modal.open}
        width={640}
        title={editing ? t('catalogAdmin.licenceType.editOf', { name: editing.name }) : t('catalogAdmin.licenceType.create')}
        initialValues={editing ?? { validityYears: null }}
        onClose={modal.hide}
        onSubmit={async (values, action) => {
          const type: LicenceType = {
            code: values.code.trim().toUpperCase(),
            name: values.name.trim(),
            authorityName: values.authorityName.trim(),
            validityYears: values.validityYears ?? null,
          };
          await action.send('PUT', '/api/admin/licence-types', [type]);
          await invalidate(listPath);
        }}
      >
        <Form.Item
          name="code"
          label={t('catalogAdmin.licenceType.code')}
          extra={t('catalogAdmin.licenceType.codeHint')}
          rules={[
            { required: true, message: t('catalogAdmin.keyRequired') },
            { pattern: /^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}\d{3}$/, message: t('catalogAdmin.licenceType.codePattern') },
          ]}
        >
          <Input disabled={editing !== null} style={{ fontFamily: 'monospace' }} maxLength={21} />
        </Form.Item>
        <Form.Item name="name" label={t('catalogAdmin.licenceType.name')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.nameRequired') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="authorityName" label={t('catalogAdmin.licenceType.authority')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.nameRequired') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="validityYears" label={t('catalogAdmin.licenceType.validity')} extra={t('catalogAdmin.licenceType.validityHint')}>
          <InputNumber min={1} max={100} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
