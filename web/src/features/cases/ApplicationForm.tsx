/**
 * 申请表 of a case as the reviewer reads it: every field of the item's form under its label, in the
 * form's order, with what the applicant gave (resident IDs as the server masked them; a blank
 * field says it was not answered). Until the catalog answers, the values show under their keys.
 */
import { Descriptions, Empty, Typography } from 'antd';
import { useI18n } from '../../i18n.tsx';
import { formRows, type ItemDefinition } from './itemDefinition.ts';
import type { CaseView } from './model.ts';

export function ApplicationForm({ view, definition }: { view: Pick<CaseView, 'form'>; definition: ItemDefinition | null }) {
  const { t } = useI18n();
  const rows = formRows(view.form, definition?.formFields ?? []);
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.form.none')} />;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, lg: 2 }}
      styles={{ label: { width: 140 } }}
      data-testid="case-form"
      items={rows.map((row) => ({
        key: row.key,
        label: row.key === 'uscc' && row.label === row.key ? t('cases.form.uscc') : row.label,
        span: row.wide ? 'filled' : 1,
        children: row.value ? (
          <span data-testid={`form-${row.key}`} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {row.value}
          </span>
        ) : (
          <Typography.Text type="secondary" data-testid={`form-${row.key}`}>
            {t('cases.form.blank')}
          </Typography.Text>
        ),
      }))}
    />
  );
}
