/**
 * 投诉诉求 (`/complaints`): the center's desk (receive at the hall or from the hotline; dispatch,
 * reassign, supervise, close, revisit, record the complainant's rating) and, for a department's
 * reviewer, the department's complaint inbox (accept, return, answer): the same page, the server
 * narrowing the list to what the user may see. Both clocks show as coloured tags.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Card, Checkbox, Col, Descriptions, Drawer, Empty, Form, Input, Radio, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { complaintActionLabels, complaintSourceLabels, complaintStateLabels, complaintStates, type ComplaintAction } from '../../../../src/domain/complaint.ts';
import { complaintCategories, complaintCategoryLabels, ratingLevelLabels, ratingLevels, revisitResults, type RatingLevel, type RevisitResult } from '../../../../src/domain/rating.ts';
import type { Department } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { invalidate, useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { ClockTag, dueShown } from './ClockTag.tsx';
import { complaintApi, type Complaint, type ComplaintFigures, type ComplaintPage } from './model.ts';

const stateColours: Record<Complaint['state'], string> = { received: 'gold', dispatched: 'orange', handling: 'processing', answered: 'cyan', closed: 'green', revisited: 'green', rated: 'default' };

const revisitLabels: Record<RevisitResult, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Fairly satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  unreachable: { zh: '联系不上', en: 'Unreachable' },
};

export default function ComplaintsPage() {
  const { t } = useI18n();
  const { can } = useStaff();
  const [opened, setOpened] = useState<string | null>(null);
  const [tab, setTab] = useState('list');
  const department = !can.dispatchComplaints && !can.receiveComplaints && can.handleComplaints;
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t(department ? 'complaints.titleDepartment' : 'complaints.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('complaints.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'list', label: t('complaints.tab.list'), children: <ComplaintList onOpen={setOpened} /> },
          ...(can.receiveComplaints
            ? [
                {
                  key: 'receive',
                  label: t('complaints.tab.receive'),
                  children: (
                    <ReceiveForm
                      onReceived={(id) => {
                        setTab('list');
                        setOpened(id);
                      }}
                    />
                  ),
                },
              ]
            : []),
          { key: 'figures', label: t('complaints.tab.figures'), children: <Figures /> },
        ]}
      />
      <ComplaintDrawer id={opened} onClose={() => setOpened(null)} />
    </Card>
  );
}

function ComplaintList({ onOpen }: { onOpen(id: string): void }) {
  const { t, pick, formatDateTime } = useI18n();
  // The home's queues open this list filtered: ?state=… and ?overdue=true.
  const [params] = useSearchParams();
  const [filter, setFilter] = useState<{ state?: string; category?: string; source?: string; overdue: boolean; page: number }>(() => {
    const state = params.get('state');
    return { ...(state && (complaintStates as readonly string[]).includes(state) ? { state } : {}), overdue: params.get('overdue') === 'true', page: 1 };
  });
  const pageSize = 20;
  const page = useResource<ComplaintPage>(complaintApi.list({ ...filter, offset: (filter.page - 1) * pageSize, limit: pageSize }));
  if (page.error) return <LoadError error={page.error} onRetry={page.reload} />;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('complaints.filter.state')}
          value={filter.state}
          onChange={(v) => setFilter({ ...filter, state: v, page: 1 })}
          options={complaintStates.map((s) => ({ value: s, label: pick(complaintStateLabels[s]) }))}
          data-testid="filter-state"
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('complaints.filter.category')}
          value={filter.category}
          onChange={(v) => setFilter({ ...filter, category: v, page: 1 })}
          options={complaintCategories.map((c) => ({ value: c, label: pick(complaintCategoryLabels[c]) }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('complaints.filter.source')}
          value={filter.source}
          onChange={(v) => setFilter({ ...filter, source: v, page: 1 })}
          options={Object.entries(complaintSourceLabels).map(([value, label]) => ({ value, label: pick(label) }))}
        />
        <Space>
          <Switch checked={filter.overdue} onChange={(overdue) => setFilter({ ...filter, overdue, page: 1 })} />
          {t('complaints.filter.overdue')}
        </Space>
      </Space>
      <Table<Complaint>
        rowKey="id"
        size="middle"
        loading={page.loading}
        dataSource={page.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('complaints.empty')} /> }}
        onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' }, 'data-testid': `complaint-${row.complaintNo}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: filter.page, pageSize, total: page.data?.total ?? 0, showSizeChanger: false, onChange: (p) => setFilter({ ...filter, page: p }) }}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('complaints.col.no'), dataIndex: 'complaintNo', width: 190, render: (no: string) => <Typography.Link>{no}</Typography.Link> },
          {
            title: t('complaints.col.subject'),
            render: (_, c) => (
              <Space size={4} wrap>
                <Tag>{pick(complaintCategoryLabels[c.category])}</Tag>
                {c.urgent ? <Tag color="red">{t('complaints.urgent')}</Tag> : null}
                <span>{c.subject}</span>
              </Space>
            ),
          },
          { title: t('complaints.col.department'), width: 150, render: (_, c) => c.department?.name ?? '—' },
          { title: t('complaints.col.state'), width: 120, render: (_, c) => <Tag color={stateColours[c.state]}>{pick(complaintStateLabels[c.state])}</Tag> },
          { title: t('complaints.col.whole'), width: 150, render: (_, c) => <ClockTag clock={c.whole} kind="whole" /> },
          { title: t('complaints.col.step'), width: 150, render: (_, c) => <ClockTag clock={c.step} kind="step" /> },
          { title: t('complaints.col.received'), width: 150, render: (_, c) => formatDateTime(c.receivedAt) },
        ]}
      />
    </>
  );
}

interface ReceiveValues {
  source: 'hall' | 'hotline';
  category: Complaint['category'];
  urgent: boolean;
  subject: string;
  content: string;
  anonymous: boolean;
  complainantName?: string;
  complainantPhone?: string;
  caseNo?: string;
}

function ReceiveForm({ onReceived }: { onReceived(id: string): void }) {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReceiveValues>();
  const action = useAction();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const anonymous = Form.useWatch('anonymous', form);
  const submit = async (v: ReceiveValues) => {
    setBusy(true);
    setError(null);
    try {
      const created = await action.send<Complaint>('POST', complaintApi.base, {
        source: v.source,
        category: v.category,
        urgent: v.urgent,
        subject: v.subject,
        content: v.content,
        anonymous: v.anonymous,
        complainantName: v.anonymous ? '' : (v.complainantName ?? ''),
        complainantPhone: v.anonymous ? '' : (v.complainantPhone ?? ''),
        ...(v.caseNo?.trim() ? { caseNo: v.caseNo.trim() } : {}),
      });
      void message.success(t('complaints.receive.done', { no: created.complaintNo }));
      form.resetFields();
      await invalidate(complaintApi.base);
      onReceived(created.id);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const required = { required: true, whitespace: true, message: t('complaints.receive.required') };
  return (
    <Form<ReceiveValues> form={form} layout="vertical" style={{ maxWidth: 720 }} initialValues={{ source: 'hall', category: 'complaint', urgent: false, anonymous: false }} onFinish={submit} disabled={busy} data-testid="receive-form">
      {error ? (
        <Typography.Paragraph type="danger" role="alert">
          {errorText(error)}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="source" label={t('complaints.receive.source')}>
            <Radio.Group optionType="button" options={(['hall', 'hotline'] as const).map((s) => ({ value: s, label: pick(complaintSourceLabels[s]) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="category" label={t('complaints.receive.category')}>
            <Radio.Group optionType="button" options={complaintCategories.map((c) => ({ value: c, label: pick(complaintCategoryLabels[c]) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="urgent" valuePropName="checked">
        <Checkbox>{t('complaints.receive.urgent')}</Checkbox>
      </Form.Item>
      <Form.Item name="subject" label={t('complaints.receive.subject')} rules={[required, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="content" label={t('complaints.receive.content')} rules={[required, { min: 5, message: t('complaints.receive.contentMin') }, { max: 4000 }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item name="anonymous" valuePropName="checked">
        <Checkbox>{t('complaints.receive.anonymous')}</Checkbox>
      </Form.Item>
      {anonymous ? null : (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="complainantName" label={t('complaints.receive.name')} rules={[required, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="complainantPhone" label={t('complaints.receive.phone')} rules={[required, { max: 20 }]}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item name="caseNo" label={t('complaints.receive.caseNo')} rules={[{ max: 40 }]}>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} size="large">
        {t('complaints.receive.submit')}
      </Button>
    </Form>
  );
}

interface ActionValues {
  departmentId?: string;
  reason?: string;
  answer?: string;
  result?: RevisitResult;
  reopen?: boolean;
  satisfaction?: RatingLevel;
}

function ComplaintDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t, pick, formatDateTime, errorText } = useI18n();
  const { message } = App.useApp();
  const complaint = useResource<Complaint>(id ? complaintApi.one(id) : null);
  const departments = useResource<Department[]>(id ? '/api/departments' : null);
  const modal = useModalState<ComplaintAction>();
  const quick = useAction();
  const [busy, setBusy] = useState<ComplaintAction | null>(null);
  const c = complaint.data;
  const after = async (updated: Complaint) => {
    await invalidate(complaintApi.base);
    // A department that returned it no longer sees it: close the drawer.
    if (updated.possibleActions.length === 0 && updated.state === 'received') onClose();
  };
  const direct = async (action: ComplaintAction) => {
    setBusy(action);
    try {
      const updated = await quick.send<Complaint>('POST', complaintApi.actions(c!.id), { action });
      void message.success(t('complaints.action.done', { action: t(`complaints.action.${action}`) }));
      await after(updated);
    } catch (error) {
      void message.error(errorText(error));
      await complaint.reload();
    } finally {
      setBusy(null);
    }
  };
  const needsForm = (a: ComplaintAction) => a !== 'accept' && a !== 'close';
  const current = modal.subject;
  return (
    <Drawer open={id !== null} onClose={onClose} width={720} title={c ? t('complaints.detail.title', { no: c.complaintNo }) : ''} destroyOnHidden>
      {complaint.error ? <LoadError error={complaint.error} onRetry={complaint.reload} /> : null}
      {c ? (
        <div data-testid="complaint-detail" data-state={c.state}>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag color={stateColours[c.state]} data-testid="complaint-state">
              {pick(complaintStateLabels[c.state])}
            </Tag>
            {c.urgent ? <Tag color="red">{t('complaints.urgent')}</Tag> : null}
            {c.anonymous ? <Tag>{t('complaints.anonymous')}</Tag> : null}
          </Space>
          <Space wrap style={{ marginBottom: 16 }} data-testid="complaint-actions">
            {c.possibleActions.map((a) => (
              <Button key={a} type={a === 'return' || a === 'supervise' ? 'default' : 'primary'} danger={a === 'return'} loading={busy === a} onClick={() => (needsForm(a) ? modal.show(a) : void direct(a))} data-testid={`action-${a}`}>
                {t(`complaints.action.${a}`)}
              </Button>
            ))}
          </Space>
          <Descriptions bordered size="small" column={1} styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('complaints.col.subject')}>{c.subject}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.detail.content')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{c.content}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('complaints.detail.category')}>
              {pick(complaintCategoryLabels[c.category])} · {pick(complaintSourceLabels[c.source])}
            </Descriptions.Item>
            <Descriptions.Item label={t('complaints.detail.complainant')}>
              {c.complainantName ?? t('complaints.detail.hidden')}
              {c.complainantPhone ? ` · ${c.complainantPhone}` : ''}
            </Descriptions.Item>
            {c.caseNo ? <Descriptions.Item label={t('complaints.detail.case')}>{c.caseNo}</Descriptions.Item> : null}
            <Descriptions.Item label={t('complaints.detail.region')}>
              {c.regionName}
              {c.receivedBy ? ` · ${c.receivedBy}` : ''} · {formatDateTime(c.receivedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('complaints.col.department')}>{c.department?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.detail.whole')}>
              <Space wrap>
                <ClockTag clock={c.whole} kind="whole" testId="whole-clock" />
                <Typography.Text type="secondary" data-testid="whole-due">
                  {t('complaints.detail.clockRange', { from: formatDateTime(c.whole.startedAt), to: dueShown(formatDateTime, c.whole.dueAt) })}
                </Typography.Text>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('complaints.detail.step')}>
              <Space wrap>
                <ClockTag clock={c.step} kind="step" testId="step-clock" />
                {c.step ? (
                  <Typography.Text type="secondary" data-testid="step-due">
                    {t('complaints.detail.clockRange', { from: formatDateTime(c.step.startedAt), to: dueShown(formatDateTime, c.step.dueAt) })}
                  </Typography.Text>
                ) : null}
              </Space>
            </Descriptions.Item>
            {c.supervisedCount > 0 || c.escalationLevel > 0 ? (
              <Descriptions.Item label={t('complaints.detail.escalation')}>
                <Tag color={c.escalationLevel > 1 ? 'red' : 'orange'}>{t('complaints.detail.escalationText', { n: c.supervisedCount, level: c.escalationLevel })}</Tag>
              </Descriptions.Item>
            ) : null}
            {c.answer ? <Descriptions.Item label={t('complaints.detail.answer')}>{c.answer}</Descriptions.Item> : null}
            {c.revisitResult ? <Descriptions.Item label={t('complaints.detail.revisit')}>{pick(revisitLabels[c.revisitResult])}</Descriptions.Item> : null}
            {c.satisfaction ? (
              <Descriptions.Item label={t('complaints.detail.satisfaction')}>
                <span data-testid="complaint-satisfaction">{pick(ratingLevelLabels[c.satisfaction])}</span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('complaints.detail.steps')}
          </Typography.Title>
          <Timeline
            data-testid="complaint-steps"
            items={(c.steps ?? []).map((s) => ({
              color: s.action === 'return' || s.action === 'escalate' ? 'red' : s.action === 'supervise' ? 'orange' : 'blue',
              children: (
                <div data-testid={`step-${s.action}`}>
                  <Typography.Text strong>{pick(complaintActionLabels[s.action as keyof typeof complaintActionLabels] ?? { zh: s.action, en: s.action })}</Typography.Text>
                  {s.toDepartment ? ` → ${s.toDepartment.name}` : s.fromDepartment ? ` ← ${s.fromDepartment.name}` : ''}
                  <br />
                  <Typography.Text type="secondary">
                    {formatDateTime(s.at)}
                    {s.actor ? ` · ${s.actor}` : ''}
                    {s.stepDueAt && (s.action === 'dispatch' || s.action === 'reassign') ? ` · ${t('complaints.clock.due', { at: dueShown(formatDateTime, s.stepDueAt) })}` : ''}
                  </Typography.Text>
                  {s.reason ? <div>{s.reason}</div> : null}
                </div>
              ),
            }))}
          />
        </div>
      ) : null}
      <FormModal<ActionValues, Complaint>
        open={modal.open}
        title={current ? `${t(`complaints.action.${current}`)} · ${c?.complaintNo ?? ''}` : ''}
        okText={current ? t(`complaints.action.${current}`) : undefined}
        danger={current === 'return'}
        successMessage={current ? t('complaints.action.done', { action: t(`complaints.action.${current}`) }) : undefined}
        initialValues={{ result: 'satisfied', satisfaction: 'satisfied', reopen: false }}
        onClose={modal.hide}
        onConflict={() => void complaint.reload()}
        testId="complaint-action-modal"
        onSubmit={async (v, action) =>
          action.send<Complaint>('POST', complaintApi.actions(c!.id), {
            action: current,
            ...(v.departmentId ? { departmentId: v.departmentId } : {}),
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
            ...(current === 'answer' ? { answer: v.answer ?? '' } : {}),
            ...(current === 'revisit' ? { result: v.result, reopen: v.result === 'dissatisfied' && !!v.reopen } : {}),
            ...(current === 'rate' ? { satisfaction: v.satisfaction } : {}),
          })
        }
        onDone={(updated) => void after(updated)}
      >
        {current === 'dispatch' || current === 'reassign' ? (
          <Form.Item name="departmentId" label={t('complaints.form.department')} rules={[{ required: true, message: t('complaints.form.departmentRequired') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="department-select"
              options={(departments.data ?? []).filter((d) => d.id !== (current === 'reassign' ? c?.department?.id : undefined)).map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        ) : null}
        {current === 'answer' ? (
          <Form.Item name="answer" label={t('complaints.form.answer')} rules={[{ required: true, whitespace: true, min: 2, message: t('complaints.form.answerRequired') }, { max: 4000 }]}>
            <Input.TextArea rows={5} />
          </Form.Item>
        ) : null}
        {current === 'revisit' ? (
          <>
            <Form.Item name="result" label={t('complaints.form.result')}>
              <Radio.Group options={revisitResults.map((r) => ({ value: r, label: pick(revisitLabels[r]) }))} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate>
              {({ getFieldValue }) =>
                getFieldValue('result') === 'dissatisfied' ? (
                  <Form.Item name="reopen" valuePropName="checked">
                    <Checkbox>{t('complaints.form.reopen')}</Checkbox>
                  </Form.Item>
                ) : null
              }
            </Form.Item>
          </>
        ) : null}
        {current === 'rate' ? (
          <Form.Item name="satisfaction" label={t('complaints.form.satisfaction')}>
            <Radio.Group options={ratingLevels.map((l) => ({ value: l, label: pick(ratingLevelLabels[l]) }))} />
          </Form.Item>
        ) : null}
        {current && current !== 'answer' && current !== 'rate' ? (
          <Form.Item
            name="reason"
            label={current === 'return' || current === 'reassign' || current === 'supervise' ? t('complaints.form.reason') : t('complaints.form.note')}
            rules={[{ required: current === 'return' || current === 'reassign' || current === 'supervise', whitespace: true, message: t('complaints.form.reasonRequired') }, { max: 1000 }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        ) : null}
      </FormModal>
    </Drawer>
  );
}

function Figures() {
  const { t, pick } = useI18n();
  const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const [month, setMonth] = useState(now);
  const figures = useResource<ComplaintFigures>(complaintApi.figures(month));
  const months = Array.from({ length: 12 }, (_, i) => {
    const [y, m] = now.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
  if (figures.error) return <LoadError error={figures.error} onRetry={figures.reload} />;
  const f = figures.data;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {t('complaints.figures.month')}
        <Select value={month} onChange={setMonth} style={{ width: 120 }} options={months.map((m) => ({ value: m, label: m }))} />
      </Space>
      {f ? (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}>
              <Statistic title={t('complaints.figures.received')} value={f.total.received} />
            </Col>
            <Col span={6}>
              <Statistic title={t('complaints.figures.onTime')} value={f.total.closedOnTime} suffix={`/ ${f.total.closed}`} />
            </Col>
            <Col span={6}>
              <Statistic title={t('complaints.figures.overdue')} value={f.total.overdue} valueStyle={f.total.overdue > 0 ? { color: '#cf1322' } : undefined} />
            </Col>
            <Col span={6}>
              <Statistic title={t('complaints.figures.avg')} value={f.total.averageWorkingDays ?? '—'} />
            </Col>
          </Row>
          <Table
            rowKey="category"
            size="small"
            pagination={false}
            dataSource={f.byCategory}
            columns={[
              { title: t('complaints.detail.category'), render: (_, r) => pick(complaintCategoryLabels[r.category]) },
              { title: t('complaints.figures.received'), dataIndex: 'received' },
              { title: t('complaints.figures.closed'), dataIndex: 'closed' },
              { title: t('complaints.figures.onTime'), dataIndex: 'closedOnTime' },
              { title: t('complaints.figures.overdue'), dataIndex: 'overdue' },
              { title: t('complaints.figures.avg'), render: (_, r) => r.averageWorkingDays ?? '—' },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
