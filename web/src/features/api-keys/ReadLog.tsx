/**
 * 数据读取记录: who read what through the shared-data API, when, and why, newest first, filtered by
 * key, subject (a resident ID is looked for by its fingerprint on the server) and day.
 */
import { useEffect, useState } from 'react';
import { Button, Empty, Form, Grid, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { api, type ApiKey } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadError } from '../../shared/states.tsx';
import { sharedApi, type ReadFilter, type SharedRead, type SharedReads } from './model.ts';

interface FilterForm {
  apiKeyId?: string;
  subject?: string;
  fromDay?: string;
  toDay?: string;
}

/** The start of a China day, as an ISO time. */
const dayStart = (day: string) => `${day}T00:00:00+08:00`;
const nextDayStart = (day: string) => new Date(new Date(dayStart(day)).getTime() + 86_400_000).toISOString();

export function ReadLog({ keys }: { keys: ApiKey[] }) {
  const { t, formatDateTime } = useI18n();
  const [filter, setFilter] = useState<ReadFilter>({});
  const [rows, setRows] = useState<SharedRead[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // On a phone each read is one stacked cell: four columns would push the reason off the screen.
  const narrow = !Grid.useBreakpoint().md;

  const load = async (f: ReadFilter, append: boolean) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.get<SharedReads>(sharedApi.reads(f));
      setRows((before) => (append ? [...before, ...page.rows] : page.rows));
      setNext(page.nextBefore);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads when the filter changes
  useEffect(() => {
    void load(filter, false);
  }, [filter]);

  const subject = (r: SharedRead) => (
    <Space direction="vertical" size={0}>
      <Space size={4} wrap>
        <Tag>{t(`shared.kind.${r.subjectKind}`)}</Tag>
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {r.subject}
        </Typography.Text>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('shared.reads.returned')} {t('shared.reads.count', { n: r.resultCount })} · {t('shared.reads.fields')} {r.fields.length}
      </Typography.Text>
    </Space>
  );
  const reason = (r: SharedRead) => (
    <Space direction="vertical" size={0}>
      <span data-testid="read-reason">{r.reason}</span>
      {r.requestRef ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('shared.reads.ref')} {r.requestRef}
        </Typography.Text>
      ) : null}
    </Space>
  );
  const stacked: TableColumnsType<SharedRead> = [
    {
      title: t('shared.tab.reads'),
      key: 'read',
      render: (_, r) => (
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(r.at)} · {r.apiKeyName}
          </Typography.Text>
          {subject(r)}
          {reason(r)}
        </Space>
      ),
    },
  ];
  const columns: TableColumnsType<SharedRead> = [
    { title: t('shared.reads.at'), dataIndex: 'at', key: 'at', width: 170, render: (at: string) => formatDateTime(at) },
    { title: t('shared.reads.key'), dataIndex: 'apiKeyName', key: 'key', width: 150 },
    { title: t('shared.reads.subject'), key: 'subject', render: (_, r) => subject(r) },
    { title: t('shared.reads.reason'), key: 'reason', render: (_, r) => reason(r) },
  ];

  return (
    <div data-testid="read-log">
      <Form<FilterForm>
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v) => setFilter({ apiKeyId: v.apiKeyId || undefined, subject: v.subject?.trim() || undefined, from: v.fromDay ? dayStart(v.fromDay) : undefined, to: v.toDay ? nextDayStart(v.toDay) : undefined })}
      >
        <Form.Item name="apiKeyId" label={t('shared.reads.key')}>
          <Select allowClear placeholder={t('shared.reads.allKeys')} style={{ width: 180 }} options={keys.map((k) => ({ value: k.id, label: k.name }))} />
        </Form.Item>
        <Form.Item name="subject" label={t('shared.reads.subject')}>
          <Input allowClear placeholder={t('shared.reads.subjectPlaceholder')} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item label={t('shared.reads.range')}>
          <Space size={4} wrap>
            <Form.Item name="fromDay" noStyle>
              <Input type="date" style={{ width: 128 }} aria-label="from" />
            </Form.Item>
            –
            <Form.Item name="toDay" noStyle>
              <Input type="date" style={{ width: 128 }} aria-label="to" />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('shared.reads.search')}
          </Button>
        </Form.Item>
      </Form>
      {error ? <LoadError error={error} onRetry={() => load(filter, false)} /> : null}
      <Table<SharedRead>
        rowKey="id"
        columns={narrow ? stacked : columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        size="middle"
        scroll={narrow ? undefined : { x: 760 }}
        locale={{ emptyText: <Empty description={t('shared.reads.empty')} /> }}
      />
      {next ? (
        <Button style={{ marginTop: 12 }} onClick={() => load({ ...filter, before: next }, true)} loading={loading}>
          {t('shared.reads.more')}
        </Button>
      ) : null}
    </div>
  );
}
