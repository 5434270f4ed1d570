/**
 * 共享范围 of one API key: the items and the catalogue's fields it may read, its requests a minute and
 * its expiry. Saved whole (PUT), audited on the server.
 */
import { Alert, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { AdminItemSummary, ApiKey } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal } from '../../shared/FormModal.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import { sharedApi, type SharedFieldCatalog } from './model.ts';

interface ScopeForm {
  itemCodes: string[];
  fields: string[];
  ratePerMinute: number;
  expiresOn: string;
}

const sections = ['case', 'applicant', 'licence'] as const;

/** The China date of an ISO time, for a date input. */
function chinaDay(iso: string | null): string {
  return iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : '';
}

export function ScopeModal({ apiKey, onClose }: { apiKey: ApiKey | null; onClose(): void }) {
  const { t, pick } = useI18n();
  const catalog = useResource<SharedFieldCatalog>(apiKey ? sharedApi.fields : null);
  const items = useResource<AdminItemSummary[]>(apiKey ? '/api/admin/items' : null);
  const itemOptions = (items.data ?? []).map((i) => ({ value: i.implementationCode, label: `${i.name}(${i.implementationCode})` }));
  return (
    <FormModal<ScopeForm>
      open={apiKey !== null}
      title={t('shared.scopeTitle', { name: apiKey?.name ?? '' })}
      width={720}
      successMessage={t('shared.saved')}
      testId="scope-modal"
      initialValues={apiKey ? { itemCodes: apiKey.itemCodes, fields: apiKey.fields, ratePerMinute: apiKey.ratePerMinute, expiresOn: chinaDay(apiKey.expiresAt) } : undefined}
      onClose={onClose}
      onSubmit={async (values, action) => {
        await action.send('PUT', sharedApi.scope(apiKey!.id), {
          itemCodes: values.itemCodes ?? [],
          fields: values.fields ?? [],
          ratePerMinute: values.ratePerMinute,
          // The end of the chosen day, China time.
          expiresAt: values.expiresOn ? `${values.expiresOn}T23:59:59+08:00` : null,
        });
        await invalidate('/api/api-keys');
      }}
    >
      <Alert type="info" showIcon title={t('shared.scopeIntro')} style={{ marginBottom: 16 }} />
      <Form.Item name="itemCodes" label={t('shared.items')} extra={t('shared.itemsHint')}>
        <Select mode="multiple" options={itemOptions} loading={items.loading} optionFilterProp="label" allowClear data-testid="scope-items" />
      </Form.Item>
      <Form.Item name="fields" label={t('shared.fields')}>
        <Checkbox.Group style={{ width: '100%' }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {sections.map((section) => (
              <div key={section}>
                <Typography.Text strong>{t(`shared.section.${section}`)}</Typography.Text>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', marginTop: 4 }}>
                  {(catalog.data ?? [])
                    .filter((f) => f.section === section)
                    .map((f) => (
                      <Checkbox key={f.field} value={f.field}>
                        {pick(f.label)}
                      </Checkbox>
                    ))}
                </div>
              </div>
            ))}
          </Space>
        </Checkbox.Group>
      </Form.Item>
      <Space wrap size="large" align="start">
        <Form.Item name="ratePerMinute" label={t('shared.rate')} rules={[{ required: true }]}>
          <InputNumber min={1} max={6000} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="expiresOn" label={t('shared.expiresAt')} extra={t('shared.expiresHint')}>
          <Input type="date" style={{ width: 180 }} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
