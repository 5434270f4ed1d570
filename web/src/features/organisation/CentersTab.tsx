/** 服务中心: halls at city, town and village level. */
import { useCallback, useMemo, useState } from 'react';
import { Button, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { centerLevels, type Center, type CenterLevel, type Region } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import type { OrgLookup } from '../../shared/org.ts';
import { RegionTreeSelect } from '../../shared/pickers.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import type { OrgScope } from '../../shared/scope.ts';
import { LoadError } from '../../shared/states.tsx';
import { centerLevelColors, regionLevelsForCenter } from './centerLevels.ts';

interface CenterForm {
  name: string;
  level: CenterLevel;
  regionCode: string;
  address: string;
  phone: string;
  openingHours: string;
}

function CenterFields({ editing, scope }: { editing: boolean; scope: OrgScope }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<CenterForm>();
  const level = Form.useWatch('level', form);
  const fits = useCallback((region: Region) => (level === undefined || regionLevelsForCenter[level].includes(region.level)) && scope.canChangeRegion(region), [level, scope]);
  return (
    <>
      <Form.Item name="name" label={t('center.name')} rules={[{ required: true, whitespace: true, message: t('center.nameRequired') }, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="level" label={t('center.level')} rules={[{ required: true, message: t('center.levelRequired') }]} extra={editing ? t('center.fixedOnEdit') : undefined}>
        <Select
          disabled={editing}
          options={centerLevels.map((value) => ({ value, label: t(`center.level.${value}`) }))}
          onChange={() => {
            if (!editing) form.setFieldValue('regionCode', undefined);
          }}
        />
      </Form.Item>
      <Form.Item name="regionCode" label={t('center.region')} rules={[{ required: true, message: t('region.required') }]} extra={editing ? undefined : t('center.regionHint')}>
        <RegionTreeSelect disabled={editing} isSelectable={fits} />
      </Form.Item>
      <Form.Item name="address" label={t('center.address')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('common.phone')} rules={[{ max: 40 }]}>
        <Input inputMode="tel" />
      </Form.Item>
      <Form.Item name="openingHours" label={t('center.openingHours')} rules={[{ max: 200 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('center.openingHoursPlaceholder')} />
      </Form.Item>
    </>
  );
}

export function CentersTab({ lookup, scope }: { lookup: OrgLookup; scope: OrgScope }) {
  const { t } = useI18n();
  const centers = useResource<Center[]>('/api/centers');
  const modal = useModalState<Center | 'new'>();
  const [search, setSearch] = useState('');
  const editing = modal.subject !== 'new' ? modal.subject : null;

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = centers.data ?? [];
    if (!needle) return list;
    return list.filter((c) => [c.name, c.address, lookup.regionName(c.regionCode)].some((text) => text.toLowerCase().includes(needle)));
  }, [centers.data, search, lookup]);

  const columns: TableColumnsType<Center> = [
    { title: t('center.name'), dataIndex: 'name', key: 'name', render: (name: string) => <strong>{name}</strong> },
    {
      title: t('center.level'),
      dataIndex: 'level',
      key: 'level',
      width: 150,
      filters: centerLevels.map((value) => ({ value, text: t(`center.level.${value}`) })),
      onFilter: (value, record) => record.level === value,
      render: (level: CenterLevel) => <Tag color={centerLevelColors[level]}>{t(`center.level.${level}`)}</Tag>,
    },
    { title: t('center.region'), dataIndex: 'regionCode', key: 'region', width: 120, render: (code: string) => lookup.regionName(code) },
    { title: t('center.address'), dataIndex: 'address', key: 'address', ellipsis: true },
    { title: t('common.phone'), dataIndex: 'phone', key: 'phone', width: 140 },
    { title: t('center.openingHours'), dataIndex: 'openingHours', key: 'openingHours', ellipsis: true },
  ];
  if (scope.canChangeAny) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, center) =>
        scope.canChangeIn(center.regionCode) ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => modal.show(center)} aria-label={`${t('common.edit')} ${center.name}`}>
            {t('common.edit')}
          </Button>
        ) : null,
    });
  }

  return (
    <>
      {centers.error ? <LoadError error={centers.error} onRetry={centers.reload} /> : null}
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Input.Search allowClear placeholder={t('center.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 280 }} />
        {scope.canChangeAny ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => modal.show('new')}>
            {t('center.create')}
          </Button>
        ) : null}
      </Space>
      <Table<Center> rowKey="id" columns={columns} dataSource={rows} loading={centers.loading} pagination={{ pageSize: 20, hideOnSinglePage: true }} size="middle" scroll={{ x: 900 }} />

      <FormModal<CenterForm>
        open={modal.open}
        title={editing ? t('center.editOf', { name: editing.name }) : t('center.create')}
        width={620}
        initialValues={editing ?? { level: 'town', address: '', phone: '', openingHours: '' }}
        onClose={modal.hide}
        onSubmit={async (values, action) => {
          const common = { name: values.name.trim(), address: values.address?.trim() ?? '', phone: values.phone?.trim() ?? '', openingHours: values.openingHours?.trim() ?? '' };
          if (editing) await action.send('PATCH', `/api/centers/${editing.id}`, common);
          else await action.send('POST', '/api/centers', { ...common, level: values.level, regionCode: values.regionCode });
          await invalidate('/api/centers');
        }}
      >
        <CenterFields editing={editing !== null} scope={scope} />
      </FormModal>
    </>
  );
}
