/**
 * 审计日志: the append-only, hash-chained record of every change, newest first, 50 at a time
 * ("load more" asks for rows before the last sequence number shown).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api, withQuery, type AuditRow, type Center, type ServiceWindow, type Staff } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';

const pageSize = 50;

const entityTypes = ['staff', 'region', 'department', 'center', 'window', 'api_key'] as const;

const actionColors: Record<string, string> = { created: 'green', updated: 'blue', renamed: 'blue', revoked: 'red', grants_changed: 'purple', password_reset: 'orange' };

/** `{ name: '民政局', phone: null }` → `name: 民政局 · phone: —`, cut to fit a table cell. */
function summarise(payload: unknown): string {
  if (payload === null || payload === undefined) return '';
  if (typeof payload !== 'object') return String(payload);
  const parts = Object.entries(payload as Record<string, unknown>).map(([key, value]) => {
    const text = value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return `${key}: ${text}`;
  });
  const joined = parts.join(' · ');
  return joined.length > 120 ? `${joined.slice(0, 117)}…` : joined;
}

export default function AuditPage() {
  const { t, has, formatDateTime } = useI18n();
  const { can } = useStaff();
  const lookup = useOrgLookup();
  const staffList = useResource<Staff[]>('/api/staff');
  const centers = useResource<Center[]>('/api/centers');
  const windows = useResource<ServiceWindow[]>('/api/windows');
  const [entityType, setEntityType] = useState<string | undefined>();
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [hasMore, setHasMore] = useState(false);

  const fetchPage = useCallback(
    async (beforeSeq: string | undefined, signal?: AbortSignal) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.get<AuditRow[]>(withQuery('/api/audit', { limit: pageSize, beforeSeq, entityType }), { signal });
        setRows((current) => (beforeSeq === undefined ? page : [...current, ...page]));
        setHasMore(page.length === pageSize);
      } catch (caught) {
        if (!signal?.aborted) setError(caught);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [entityType],
  );

  useEffect(() => {
    const controller = new AbortController();
    void fetchPage(undefined, controller.signal);
    return () => controller.abort();
  }, [fetchPage]);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const s of staffList.data ?? []) map.set(s.id, s.displayName);
    for (const d of lookup.departments) map.set(d.id, d.name);
    for (const c of centers.data ?? []) map.set(c.id, c.name);
    for (const w of windows.data ?? []) map.set(w.id, w.name);
    for (const r of lookup.regions) map.set(r.code, r.name);
    return map;
  }, [staffList.data, lookup.departments, lookup.regions, centers.data, windows.data]);

  /** Known actions and entity types in words; anything newer shows its code. */
  const word = (key: string, fallback: string) => (has(key) ? t(key) : fallback);

  const columns: TableColumnsType<AuditRow> = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 70 },
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 180, render: (at: string) => formatDateTime(at) },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 160,
      render: (_, row) => {
        if (row.actorKind === 'system') return <Tag>{t('audit.actor.system')}</Tag>;
        const kind = row.actorKind === 'api_key' ? t('audit.actor.apiKey') : '';
        const name = row.actorId ? (names.get(row.actorId) ?? row.actorId.slice(0, 8)) : '—';
        return kind ? `${kind} ${name}` : name;
      },
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 140,
      render: (action: string) => {
        const verb = action.split('.').at(-1) ?? action;
        return (
          <Tooltip title={action}>
            <Tag color={actionColors[verb] ?? 'default'}>{word(`audit.action.${action}`, action)}</Tag>
          </Tooltip>
        );
      },
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      width: 200,
      render: (_, row) => (
        <Space size={4} wrap>
          <Typography.Text type="secondary">{word(`audit.entity.${row.entityType}`, row.entityType)}</Typography.Text>
          <Typography.Text>{names.get(row.entityId) ?? row.entityId.slice(0, 8)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('audit.payload'),
      dataIndex: 'payload',
      key: 'payload',
      ellipsis: true,
      render: (payload: unknown) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {summarise(payload)}
        </Typography.Text>
      ),
    },
  ];

  const last = rows.at(-1);

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.audit')}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            aria-label={t('audit.filterEntity')}
            placeholder={t('audit.filterEntity')}
            value={entityType}
            onChange={setEntityType}
            style={{ width: 180 }}
            options={entityTypes.map((type) => ({ value: type, label: word(`audit.entity.${type}`, type) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void fetchPage(undefined)} loading={loading && rows.length === 0}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{can.manageStaff ? t('audit.intro') : t('audit.introSupervisor')}</Typography.Paragraph>
      {error ? <LoadError error={error} onRetry={() => void fetchPage(rows.length > 0 ? last?.seq : undefined)} /> : null}
      <Table<AuditRow>
        rowKey="seq"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        size="small"
        scroll={{ x: 1040 }}
        expandable={{
          expandedRowRender: (row) => (
            <div style={{ margin: 0 }}>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{JSON.stringify(row.payload, null, 2)}</pre>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('audit.hash')}: <Typography.Text code>{row.hash}</Typography.Text>
              </Typography.Text>
            </div>
          ),
        }}
      />
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {hasMore ? (
          <Button onClick={() => void fetchPage(last?.seq)} loading={loading}>
            {t('audit.loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
        ) : null}
      </div>
    </Card>
  );
}
