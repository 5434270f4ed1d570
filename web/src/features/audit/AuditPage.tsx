/**
 * 审计日志 as a ledger: who did what to which object, when (China time, to the second), in words;
 * filtered by person, object (type, and id or number) and days; a page at a time from the server
 * (each page the rows before the last one shown; "previous" goes back through the pages seen).
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { auditEntityLabels } from '../../../../src/domain/audit-labels.ts';
import { chinaClock, chinaDate } from '../../../../src/domain/china-time.ts';
import { api, withQuery, type AuditRow, type Staff } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';

const pageSize = 50;

const actionColors: Record<string, string> = { created: 'green', accepted: 'green', published: 'green', updated: 'blue', renamed: 'blue', revoked: 'red', refused: 'red', grants_changed: 'purple', password_reset: 'orange' };

/** `2026-11-23 09:30:05`, China time, whatever the browser's zone. */
export function ledgerTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${chinaDate(at)} ${chinaClock(at, { seconds: true })}`;
}

interface Filters {
  actorId?: string;
  entityType?: string;
  entity: string;
  from: string;
  to: string;
}

export default function AuditPage() {
  const { t, pick } = useI18n();
  const { can } = useStaff();
  const staffList = useResource<Staff[]>('/api/staff');
  const [draft, setDraft] = useState<Filters>({ entity: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  /** The `beforeSeq` of each page seen so far: the last is the page shown. */
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const beforeSeq = cursors.at(-1);

  const fetchPage = useCallback(
    async (signal: AbortSignal) => {
      setLoading(true);
      setError(null);
      try {
        const query = { limit: pageSize, beforeSeq, actorId: filters.actorId, entityType: filters.entityType, entity: filters.entity.trim() || undefined, from: filters.from || undefined, to: filters.to || undefined };
        setRows(await api.get<AuditRow[]>(withQuery('/api/audit', query), { signal }));
      } catch (caught) {
        if (!signal.aborted) setError(caught);
      } finally {
        if (!signal.aborted) setLoading(false);
      }
    },
    [filters, beforeSeq],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the refresh button: a new attempt reads the page again
  useEffect(() => {
    const controller = new AbortController();
    void fetchPage(controller.signal);
    return () => controller.abort();
  }, [fetchPage, attempt]);

  const apply = (next: Filters) => {
    setFilters(next);
    setCursors([undefined]);
  };

  const columns: TableColumnsType<AuditRow> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 170, render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{ledgerTime(at)}</span> },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 170,
      render: (_, row) => {
        if (row.actorKind === 'system') return <Tag>{t('audit.actor.system')}</Tag>;
        const name = row.actorName ?? row.actorId?.slice(0, 8) ?? '—';
        return row.actorKind === 'api_key' ? `${t('audit.actor.apiKey')} ${name}` : name;
      },
    },
    {
      title: t('audit.action'),
      key: 'action',
      width: 170,
      render: (_, row) => (
        <Tooltip title={row.action}>
          <Tag color={actionColors[row.action.split(/[._]/).at(-1) ?? ''] ?? 'default'} data-testid="audit-action">
            {pick(row.actionLabel)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: t('audit.summary'),
      key: 'summary',
      render: (_, row) => <Typography.Text data-testid="audit-summary">{pick(row.summary)}</Typography.Text>,
    },
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80, align: 'right', render: (seq: string) => <Typography.Text type="secondary">{seq}</Typography.Text> },
  ];

  const page = cursors.length;
  const hasMore = rows.length === pageSize;

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.audit')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => setAttempt((n) => n + 1)} loading={loading && rows.length === 0}>
          {t('common.refresh')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{can.manageStaff ? t('audit.intro') : t('audit.introSupervisor')}</Typography.Paragraph>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft);
        }}
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('audit.filterPerson')}
            placeholder={t('audit.filterPerson')}
            data-testid="audit-person"
            value={draft.actorId}
            onChange={(actorId?: string) => setDraft({ ...draft, actorId })}
            style={{ width: 180 }}
            loading={staffList.loading}
            options={(staffList.data ?? []).map((s) => ({ value: s.id, label: s.displayName }))}
          />
          <Select
            allowClear
            aria-label={t('audit.filterEntity')}
            placeholder={t('audit.filterEntity')}
            value={draft.entityType}
            onChange={(entityType?: string) => setDraft({ ...draft, entityType })}
            style={{ width: 140 }}
            options={Object.entries(auditEntityLabels).map(([type, label]) => ({ value: type, label: pick(label) }))}
          />
          <Input
            aria-label={t('audit.filterObject')}
            placeholder={t('audit.filterObject')}
            data-testid="audit-object"
            value={draft.entity}
            onChange={(e) => setDraft({ ...draft, entity: e.target.value })}
            style={{ width: 220 }}
            allowClear
          />
          <Input type="date" aria-label={t('audit.from')} data-testid="audit-from" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} style={{ width: 140 }} />
          <Typography.Text type="secondary">{t('audit.until')}</Typography.Text>
          <Input type="date" aria-label={t('audit.to')} data-testid="audit-to" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} style={{ width: 140 }} />
          <Button type="primary" htmlType="submit" data-testid="audit-apply">
            {t('audit.apply')}
          </Button>
          <Button
            onClick={() => {
              const empty = { entity: '', from: '', to: '' };
              setDraft(empty);
              apply(empty);
            }}
          >
            {t('audit.clear')}
          </Button>
        </Space>
      </form>
      {error ? <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      <div data-testid="audit-table">
        <Table<AuditRow>
          rowKey="seq"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          size="small"
          scroll={{ x: 900 }}
          expandable={{
            expandedRowRender: (row) => (
              <div style={{ margin: 0 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {pick(row.entityLabel)} · {row.entityId}
                </Typography.Text>
                <pre style={{ margin: '4px 0', whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{JSON.stringify(row.payload, null, 2)}</pre>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('audit.hash')}: <Typography.Text code>{row.hash}</Typography.Text>
                </Typography.Text>
              </div>
            ),
          }}
        />
      </div>
      <Space style={{ width: '100%', justifyContent: 'center', marginTop: 16 }}>
        <Button icon={<LeftOutlined />} disabled={page === 1 || loading} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('audit.previous')}
        </Button>
        <Typography.Text type="secondary" data-testid="audit-page">
          {t('audit.page', { page })}
        </Typography.Text>
        <Button disabled={!hasMore || loading} onClick={() => setCursors([...cursors, rows.at(-1)?.seq])}>
          {t('audit.next')} <RightOutlined />
        </Button>
      </Space>
      {!hasMore && rows.length > 0 ? (
        <div style={{ textAlign: 'center', marginTop: 8 }}>
          <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
        </div>
      ) : null}
    </Card>
  );
}
