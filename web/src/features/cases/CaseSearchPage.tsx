/**
 * 办件查询 (`/cases`): one box that takes a case number, a resident ID, a USCC or a phone number
 * (told apart by shape and check characters), plus item, status and warning filters. The query
 * is sent in a POST body so ID numbers never appear in an address; it is kept in memory only (not
 * in the URL or storage) so that coming back from a case shows the same results, and is forgotten
 * when someone else signs in.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { caseStatuses } from '../../../../src/domain/case-lifecycle.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { LoadError } from '../../shared/states.tsx';
import { CaseTable } from './CaseTable.tsx';
import { ItemCodeSelect } from './ItemCodeSelect.tsx';
import { caseStatusLabels, warningLabels } from './labels.ts';
import { casePath, casesApi, classifyQuery, type CaseSearchQuery, type CaseSearchResult, type CaseStatus } from './model.ts';

interface Criteria {
  text: string;
  itemCode?: string;
  status?: CaseStatus[];
  warning?: 'yellow' | 'red';
}

interface Remembered {
  staffId: string;
  criteria: Criteria;
  page: number;
  pageSize: number;
}

/** The last search of this tab, so "back" from a case shows the same list. Never stored. */
let remembered: Remembered | null = null;

function toQuery(criteria: Criteria, page: number, pageSize: number): CaseSearchQuery | 'unknown' {
  const query: CaseSearchQuery = { limit: pageSize, offset: (page - 1) * pageSize };
  const classified = classifyQuery(criteria.text);
  if (classified.kind === 'unknown') return 'unknown';
  if (classified.kind !== 'empty') query[classified.kind] = classified.value;
  if (criteria.itemCode) query.itemCode = criteria.itemCode;
  if (criteria.status && criteria.status.length > 0) query.status = criteria.status;
  if (criteria.warning) query.warning = criteria.warning;
  return query;
}

/** Filters given in the address (`?status=a,b&warning=red`), or null when there are none. */
function fromParams(params: URLSearchParams): Criteria | null {
  const status = (params.get('status') ?? '').split(',').filter((s): s is CaseStatus => (caseStatuses as readonly string[]).includes(s));
  const warning = params.get('warning');
  if (status.length === 0 && warning !== 'yellow' && warning !== 'red') return null;
  return { text: '', ...(status.length > 0 ? { status } : {}), ...(warning === 'yellow' || warning === 'red' ? { warning } : {}) };
}

export default function CaseSearchPage() {
  const { t, pick } = useI18n();
  const { staff } = useStaff();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // A link with filters (from the home page's counts) opens that list; otherwise the last search of this tab.
  const linked = fromParams(params);
  const initial = !linked && remembered?.staffId === staff.id ? remembered : null;
  const [form] = Form.useForm<Criteria>();
  const [criteria, setCriteria] = useState<Criteria>(linked ?? initial?.criteria ?? { text: '' });
  const [page, setPage] = useState(initial?.page ?? 1);
  const [pageSize, setPageSize] = useState(initial?.pageSize ?? 20);
  const [result, setResult] = useState<CaseSearchResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const typed = Form.useWatch('text', form) ?? criteria.text;
  const kind = classifyQuery(typed ?? '');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button: a new attempt searches again
  useEffect(() => {
    remembered = { staffId: staff.id, criteria, page, pageSize };
    const query = toQuery(criteria, page, pageSize);
    if (query === 'unknown') return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    casesApi
      .search(query, controller.signal)
      .then((found) => setResult(found))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [criteria, page, pageSize, staff.id, attempt]);

  const submit = (values: Criteria) => {
    if (classifyQuery(values.text ?? '').kind === 'unknown') return;
    setCriteria({ ...values, text: values.text ?? '' });
    setPage(1);
    setAttempt((n) => n + 1);
  };

  const reset = () => {
    form.setFieldsValue({ text: '', itemCode: undefined, status: undefined, warning: undefined });
    submit({ text: '' });
  };

  const hint =
    kind.kind === 'unknown'
      ? { type: 'danger' as const, text: kind.value.length === 18 ? t('cases.search.badCheck') : t('cases.search.unknown') }
      : kind.kind === 'empty'
        ? { type: 'secondary' as const, text: t('cases.search.hint') }
        : { type: 'success' as const, text: t(`cases.search.as.${kind.kind}`) };

  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('cases.nav')}
      </Typography.Title>
      <Form<Criteria> form={form} layout="inline" initialValues={criteria} onFinish={submit} style={{ rowGap: 12, marginBottom: 8 }}>
        <Form.Item name="text" style={{ minWidth: 320, flex: '1 1 320px' }}>
          <Input allowClear prefix={<SearchOutlined />} placeholder={t('cases.search.placeholder')} aria-label={t('cases.search.placeholder')} autoComplete="off" data-testid="case-search-box" />
        </Form.Item>
        <Form.Item name="itemCode">
          <ItemCodeSelect style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('cases.search.status')}
            aria-label={t('cases.search.status')}
            style={{ width: 240 }}
            options={caseStatuses.map((s) => ({ value: s, label: pick(caseStatusLabels[s]) }))}
          />
        </Form.Item>
        <Form.Item name="warning">
          <Select allowClear placeholder={t('cases.search.warning')} aria-label={t('cases.search.warning')} style={{ width: 140 }} options={(['yellow', 'red'] as const).map((w) => ({ value: w, label: pick(warningLabels[w]) }))} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} disabled={kind.kind === 'unknown'}>
              {t('cases.search.submit')}
            </Button>
            <Button onClick={reset}>{t('cases.search.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <div style={{ marginBottom: 16 }} data-testid="case-search-kind" data-kind={kind.kind}>
        {kind.kind !== 'empty' && kind.kind !== 'unknown' ? <Tag color="blue">{t(`cases.search.kind.${kind.kind}`)}</Tag> : null}
        <Typography.Text type={hint.type} style={{ fontSize: 12 }}>
          {hint.text}
        </Typography.Text>
      </div>
      {error ? <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      <CaseTable
        cases={result?.cases ?? []}
        loading={loading}
        rowTestId="case-row"
        onOpen={(c) => navigate(casePath(c.id))}
        pagination={{
          current: page,
          pageSize,
          total: result?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (nextPage, nextSize) => {
            if (nextSize !== pageSize) {
              setPageSize(nextSize);
              setPage(1);
            } else {
              setPage(nextPage);
            }
          },
        }}
        emptyText={t('cases.search.empty')}
      />
    </Card>
  );
}
