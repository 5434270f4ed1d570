/**
 * Rows of role + department (optional) + region, inside a form under `grants`. An administrator
 * may only hand out grants inside their own admin grants; the region picker greys out the rest.
 */
import { Button, Form, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { roleLabels, roles } from '../../../../src/domain/roles.ts';
import type { Grant } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { DepartmentSelect, RegionTreeSelect } from '../../shared/pickers.tsx';
import { useAdminRegionFilter } from '../../shared/scope.ts';

export type GrantRow = Partial<Grant>;

/** Rows as the API takes them; half-filled rows were stopped by validation before this. */
export function toGrants(rows: readonly GrantRow[] | undefined): Grant[] {
  return (rows ?? []).map((row) => ({ role: row.role!, departmentId: row.departmentId ?? null, regionCode: row.regionCode! }));
}

export function GrantsEditor() {
  const { t, pick } = useI18n();
  const { regions } = useOrgLookup();
  const isSelectable = useAdminRegionFilter(regions);

  return (
    <Form.List name="grants">
      {(fields, { add, remove }) => (
        <div role="group" aria-label={t('staff.grants')}>
          {fields.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('staff.noGrants')}
            </Typography.Paragraph>
          ) : null}
          {fields.map((field, index) => (
            <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 4 }} wrap={false}>
              <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('grant.roleRequired') }]} style={{ width: 170, marginBottom: 12 }}>
                <Select aria-label={t('grant.roleN', { n: index + 1 })} placeholder={t('grant.role')} options={roles.map((role) => ({ value: role, label: pick(roleLabels[role]) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'departmentId']} style={{ width: 210, marginBottom: 12 }}>
                <DepartmentSelect placeholder={t('grant.allDepartments')} />
              </Form.Item>
              <Form.Item name={[field.name, 'regionCode']} rules={[{ required: true, message: t('region.required') }]} style={{ width: 200, marginBottom: 12 }}>
                <RegionTreeSelect isSelectable={isSelectable} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('grant.removeN', { n: index + 1 })} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ departmentId: null })} block>
            {t('grant.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
