/**
 * 计算期限: the N-th working day after a date, on the region's calendar, as the server counts it
 * (the start day itself does not count). A year the calendar does not know gives the server's
 * explanation instead of a guess.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { api, withQuery, type DueDate } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

interface DueDateForm {
  from: string;
  workingDays: number;
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export function DueDateTool({ regionCode }: { regionCode: string | null }) {
  const { t, errorText, locale } = useI18n();
  const [result, setResult] = useState<{ dueDate: string; from: string; workingDays: number } | { error: unknown } | null>(null);
  const [busy, setBusy] = useState(false);

  const compute = async ({ from, workingDays }: DueDateForm) => {
    setBusy(true);
    try {
      const answer = await api.get<DueDate>(withQuery('/api/calendar/due-date', { from, workingDays, regionCode }));
      setResult({ dueDate: answer.dueDate, from, workingDays });
    } catch (error) {
      setResult({ error });
    } finally {
      setBusy(false);
    }
  };

  const weekday = (date: string) => new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

  return (
    <Card size="small" title={t('catalogAdmin.due.title')} style={{ marginBottom: 16 }} data-testid="due-date-tool">
      <Form<DueDateForm> name="due" layout="inline" initialValues={{ from: today(), workingDays: 20 }} onFinish={(values) => void compute(values)}>
        <Form.Item name="from" label={t('catalogAdmin.due.from')} rules={[{ required: true, message: t('catalogAdmin.due.fromRequired') }]}>
          <Input type="date" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('catalogAdmin.due.plus')} required>
          <Space.Compact>
            <Form.Item name="workingDays" noStyle rules={[{ required: true, message: t('catalogAdmin.numberRequired') }]}>
              <InputNumber min={0} max={3650} precision={0} style={{ width: 90 }} aria-label={t('catalogAdmin.due.workingDays')} />
            </Form.Item>
            <Button disabled tabIndex={-1} style={{ color: 'inherit', cursor: 'default' }}>
              {t('catalogAdmin.due.unit')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('catalogAdmin.due.compute')}
          </Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 12 }} aria-live="polite">
        {result && 'dueDate' in result ? (
          <Alert
            type="success"
            showIcon
            data-testid="due-date"
            title={t('catalogAdmin.due.result', { date: result.dueDate, weekday: weekday(result.dueDate) })}
            description={t('catalogAdmin.due.resultHint', { from: result.from, days: result.workingDays })}
          />
        ) : result ? (
          <Alert type="error" showIcon data-testid="due-date" title={errorText(result.error)} />
        ) : (
          <Typography.Text type="secondary">{t('catalogAdmin.due.hint')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
