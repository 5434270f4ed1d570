/**
 * 备案评查 (`/filings`): the decisions towns made on delegated items, filed to the delegating
 * department within three working days. The department receives each filing (接收) and reviews the
 * sampled ones (评查: correct or not, with a note saying what was wrong). Administrators and
 * supervisors set which share of filings a department samples.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { isWithinRegion } from '../../../../src/domain/region.ts';
import { isApiError } from '../../api.ts';
import { grantsWith } from '../../app/capabilities.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { outcomeLabels, verdictLabels } from '../cases/labels.ts';
import { casePath, type Filing, type SamplePolicy } from '../cases/model.ts';
import { rowProps } from '../cases/tags.tsx';

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

interface ReviewValues {
  verdict: 'correct' | 'incorrect';
  note?: string;
}

export default function FilingsPage() {
  const { t, pick, errorText, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const { can } = useStaff();
  const [sampledOnly, setSampledOnly] = useState(false);
  const list = useResource<Filing[]>(`/api/filings?sampled=${sampledOnly ? 'true' : 'false'}`);
  const receiveAction = useAction();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const review = useModalState<Filing>();
  const today = todayInChina();

  const receive = async (filing: Filing) => {
    setBusy(filing.id);
    setError(null);
    try {
      await receiveAction.send<Filing>('POST', `/api/filings/${encodeURIComponent(filing.id)}/receive`, {});
      void message.success(t('filings.receivedOk', { caseNo: filing.caseNo }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
      void list.reload();
    }
  };

  const columns: TableColumnsType<Filing> = [
    { title: t('cases.col.caseNo'), key: 'caseNo', width: 200, render: (_, f) => <Link to={casePath(f.caseId)}>{f.caseNo}</Link> },
    {
      title: t('cases.col.item'),
      key: 'item',
      minWidth: 180,
      render: (_, f) => (
        <div>
          <div>{f.itemName}</div>
          <Space size={4} wrap>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.applicantName}
            </Typography.Text>
            {f.outcome === 'approved' || f.outcome === 'rejected' ? (
              <Tag color={f.outcome === 'approved' ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
                {pick(outcomeLabels[f.outcome])}
              </Tag>
            ) : null}
          </Space>
        </div>
      ),
    },
    { title: t('filings.col.town'), dataIndex: 'fromRegionName', key: 'town', width: 90 },
    {
      title: t('filings.col.filedAt'),
      key: 'filedAt',
      width: 170,
      render: (_, f) => {
        const late = !f.receivedAt && f.dueDate < today;
        return (
          <div>
            <div>{formatDateTime(f.filedAt)}</div>
            <Space size={4} wrap>
              <Typography.Text type={late ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {t('filings.dueBy', { date: f.dueDate })}
              </Typography.Text>
              {late ? <Tag color="error">{t('filings.overdue')}</Tag> : null}
            </Space>
          </div>
        );
      },
    },
    {
      title: t('filings.col.received'),
      key: 'received',
      width: 150,
      render: (_, f) =>
        f.receivedAt ? (
          <div>
            <Tag color="success">{t('filings.received')}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {formatDateTime(f.receivedAt)} {f.receivedBy ?? ''}
            </Typography.Text>
          </div>
        ) : (
          <Tag color="warning">{t('filings.notReceived')}</Tag>
        ),
    },
    {
      title: t('filings.col.sampled'),
      key: 'sampled',
      width: 90,
      render: (_, f) => (f.sampled ? <Tag color="processing">{t('filings.sampled')}</Tag> : <Typography.Text type="secondary">{t('filings.notSampledShort')}</Typography.Text>),
    },
    {
      title: t('filings.col.verdict'),
      key: 'verdict',
      width: 180,
      render: (_, f) =>
        f.verdict ? (
          <div>
            <Tag color={f.verdict === 'correct' ? 'success' : 'error'}>{pick(verdictLabels[f.verdict])}</Tag>
            {f.verdictNote ? (
              <Typography.Paragraph style={{ margin: '4px 0 0', fontSize: 12 }} ellipsis={{ rows: 2, tooltip: f.verdictNote }}>
                {f.verdictNote}
              </Typography.Paragraph>
            ) : null}
            {f.reviewedBy ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {f.reviewedBy}
              </Typography.Text>
            ) : null}
          </div>
        ) : f.sampled ? (
          <Tag>{t('filings.sampledPending')}</Tag>
        ) : (
          '—'
        ),
    },
  ];
  if (can.reviewFilings) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, f) => (
        <Space size={4} wrap>
          {!f.receivedAt ? (
            <Button size="small" type="primary" loading={busy === f.id} disabled={busy !== null && busy !== f.id} onClick={() => void receive(f)} data-action="receive">
              {t('filings.receive')}
            </Button>
          ) : null}
          {f.sampled && !f.verdict ? (
            <Button size="small" onClick={() => review.show(f)} data-action="review">
              {t('filings.review')}
            </Button>
          ) : null}
        </Space>
      ),
    });
  }

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('filings.nav')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('filings.intro')}</Typography.Text>
          </div>
          <Space wrap>
            <Space size={6}>
              <Switch checked={sampledOnly} onChange={setSampledOnly} aria-label={t('filings.sampledOnly')} data-testid="filings-sampled-only" />
              <span>{t('filings.sampledOnly')}</span>
            </Space>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} loading={list.loading}>
              {t('common.refresh')}
            </Button>
          </Space>
        </Space>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        {error ? <Alert type={isApiError(error) && error.status === 409 ? 'warning' : 'error'} showIcon role="alert" title={errorText(error)} closable={{ onClose: () => setError(null) }} style={{ marginBottom: 16 }} /> : null}
        <Table<Filing>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data ?? []}
          loading={list.loading && !list.data}
          scroll={{ x: 1150 }}
          onRow={(f) => rowProps(`filing-row-${f.caseNo}`)}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{ emptyText: t('filings.empty') }}
        />
      </Card>

      {can.setReviewPolicy ? <SamplePolicyCard /> : null}

      <FormModal<ReviewValues>
        open={review.open}
        title={review.subject ? t('filings.reviewTitle', { caseNo: review.subject.caseNo }) : ''}
        okText={t('filings.reviewOk')}
        successMessage={t('filings.reviewedOk')}
        initialValues={{ verdict: 'correct' }}
        onClose={review.hide}
        onSubmit={async (values, action) => {
          const filing = review.subject!;
          try {
            await action.send<Filing>('POST', `/api/filings/${encodeURIComponent(filing.id)}/review`, { verdict: values.verdict, note: (values.note ?? '').trim() });
          } finally {
            void list.reload();
          }
        }}
      >
        {(form) => (
          <>
            {review.subject ? (
              <Typography.Paragraph type="secondary">
                {review.subject.itemName} · {review.subject.fromRegionName} · {review.subject.applicantName}
              </Typography.Paragraph>
            ) : null}
            <Form.Item name="verdict" label={t('filings.verdict')} rules={[{ required: true }]}>
              <Radio.Group>
                <Radio value="correct">
                  <span data-testid="verdict-correct">{pick(verdictLabels.correct)}</span>
                </Radio>
                <Radio value="incorrect">
                  <span data-testid="verdict-incorrect">{pick(verdictLabels.incorrect)}</span>
                </Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.verdict !== b.verdict}>
              {() => (
                <Form.Item
                  name="note"
                  label={form.getFieldValue('verdict') === 'incorrect' ? t('filings.noteProblem') : t('filings.noteOptional')}
                  rules={form.getFieldValue('verdict') === 'incorrect' ? [{ required: true, whitespace: true, message: t('filings.noteRequired') }] : []}
                >
                  <Input.TextArea rows={4} maxLength={2000} showCount />
                </Form.Item>
              )}
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}

/** 评查抽样比例: the share of a department's filings drawn for case-file review. */
function SamplePolicyCard() {
  const { t, errorText } = useI18n();
  const { message } = App.useApp();
  const { staff } = useStaff();
  const org = useOrgLookup();
  const save = useAction();
  const [departmentId, setDepartmentId] = useState<string | undefined>(undefined);
  const policy = useResource<SamplePolicy>(departmentId ? `/api/departments/${encodeURIComponent(departmentId)}/file-review-policy` : null);
  const [percent, setPercent] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Departments inside the regions (and departments) the user administers or supervises.
  const departments = useMemo(() => {
    const grants = grantsWith(staff.grants, 'filing.policy');
    return org.departments
      .filter((d) => {
        const path = org.regionByCode.get(d.regionCode)?.path;
        return (
          path !== undefined &&
          grants.some((g) => {
            const scope = org.regionByCode.get(g.regionCode)?.path;
            return scope !== undefined && isWithinRegion(path, scope) && (g.departmentId === null || g.departmentId === d.id);
          })
        );
      })
      .map((d) => ({ value: d.id, label: `${d.name}(${org.regionName(d.regionCode)})` }));
  }, [staff.grants, org]);

  const shown = percent ?? policy.data?.samplePercent ?? null;

  const submit = async () => {
    if (!departmentId || shown === null) return;
    setSaving(true);
    setError(null);
    try {
      await save.send('PUT', `/api/departments/${encodeURIComponent(departmentId)}/file-review-policy`, { samplePercent: shown });
      await policy.reload();
      setPercent(null);
      void message.success(t('common.saved'));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('filings.policy.title')} data-testid="sample-policy">
      <Typography.Paragraph type="secondary">{t('filings.policy.intro')}</Typography.Paragraph>
      {org.error ? <LoadError error={org.error} onRetry={org.reload} /> : null}
      <Space wrap>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filings.policy.department')}
          aria-label={t('filings.policy.department')}
          style={{ width: 320 }}
          options={departments}
          loading={org.loading}
          value={departmentId}
          onChange={(value: string) => {
            setDepartmentId(value);
            setPercent(null);
            setError(null);
          }}
        />
        <InputNumber<number>
          min={0}
          max={100}
          precision={0}
          suffix="%"
          aria-label={t('filings.policy.percent')}
          disabled={!departmentId || policy.loading}
          value={shown}
          onChange={(value) => setPercent(value)}
          style={{ width: 120 }}
          data-testid="sample-percent"
        />
        <Button type="primary" onClick={() => void submit()} loading={saving} disabled={!departmentId || shown === null}>
          {t('common.save')}
        </Button>
      </Space>
      {policy.error ? (
        <div style={{ marginTop: 12 }}>
          <LoadError error={policy.error} onRetry={policy.reload} />
        </div>
      ) : null}
      {error ? <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginTop: 12 }} /> : null}
    </Card>
  );
}
