/**
 * Step 4: the application form (一表申请). Every field the applicant's profile can answer is filled
 * already; the clerk completes the rest and may correct any. A bundle asks each question once.
 */
import { Col, Form, Input, Row, Select, Typography } from 'antd';
import type { FormField } from '../../../../src/domain/catalog.ts';
import { useI18n } from '../../i18n.tsx';
import type { FieldError } from './model.ts';

export interface ApplicationFormProps {
  fields: FormField[];
  values: Readonly<Record<string, string>>;
  prefilled: Readonly<Record<string, string>>;
  /** What is wrong with a field, by key: found by the shared check once the clerk tried to decide, or named by the server. */
  errors: ReadonlyMap<string, FieldError>;
  onChange(key: string, value: string): void;
}

export const fieldInputId = (key: string) => `intake-field-${key}`;

function FieldInput({ field, value, onChange }: { field: FormField; value: string; onChange(value: string): void }) {
  const { t } = useI18n();
  const common = { id: fieldInputId(field.key), 'data-testid': `form-field-${field.key}`, 'data-field-type': field.type };
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea {...common} value={value} onChange={(e) => onChange(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />;
    case 'select':
      return <Select {...common} value={value || undefined} onChange={(v: string | undefined) => onChange(v ?? '')} allowClear placeholder={t('intake.form.select')} options={(field.options ?? []).map((o) => ({ value: o, label: o }))} />;
    case 'date':
      return <Input {...common} type="date" value={value} onChange={(e) => onChange(e.target.value)} style={{ maxWidth: 200 }} />;
    case 'number':
      return <Input {...common} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} maxLength={30} style={{ maxWidth: 240 }} />;
    case 'phone':
      return <Input {...common} inputMode="tel" value={value} onChange={(e) => onChange(e.target.value)} maxLength={20} autoComplete="off" />;
    case 'id_number':
    case 'uscc':
      return <Input {...common} value={value} onChange={(e) => onChange(e.target.value.toUpperCase())} maxLength={18} autoComplete="off" />;
    default:
      return <Input {...common} value={value} onChange={(e) => onChange(e.target.value)} maxLength={2000} autoComplete="off" />;
  }
}

export function ApplicationForm({ fields, values, prefilled, errors, onChange }: ApplicationFormProps) {
  const { t, pick } = useI18n();
  if (fields.length === 0) return <Typography.Text type="secondary">{t('intake.form.none')}</Typography.Text>;
  return (
    <Form layout="vertical" component="div" data-testid="intake-form">
      <Row gutter={16}>
        {fields.map((field) => {
          const value = values[field.key] ?? '';
          const fromProfile = prefilled[field.key] !== undefined && prefilled[field.key] === value;
          const error = errors.get(field.key);
          return (
            <Col key={field.key} xs={24} md={field.type === 'textarea' ? 24 : 12} xl={field.type === 'textarea' ? 24 : 8}>
              <Form.Item
                label={field.label}
                htmlFor={fieldInputId(field.key)}
                required={field.required}
                validateStatus={error ? 'error' : undefined}
                help={error ? (error.problem === 'required' ? t('intake.form.required', { label: field.label }) : pick({ zh: error.message, en: error.messageEn })) : undefined}
                extra={fromProfile ? t('intake.form.fromProfile') : undefined}
                style={{ marginBottom: 12 }}
              >
                <FieldInput field={field} value={value} onChange={(v) => onChange(field.key, v)} />
              </Form.Item>
            </Col>
          );
        })}
      </Row>
    </Form>
  );
}
