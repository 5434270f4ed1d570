/**
 * 电子监察 (`/alerts`): the alerts the rules raised, for the supervisor's region or one's own
 * department. Each row: the rule, the subject (a case number linking to the case, or the department
 * for unusual returns), when it was raised, the response date (red once past while unanswered) and
 * the state; the row opens to the rule's meaning, the facts, the response and the verdict. The
 * department responds, the supervisor closes with a verdict: the buttons are the ones the server
 * says the caller may use (`possibleActions`).
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Col, Descriptions, Form, Grid, Input, Row, Select, Space, Statistic, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { alertRuleInfo, alertRules, alertStateLabels, alertStates, alertVerdictLabels, alertVerdicts, type AlertVerdict } from '../../../../src/domain/alert.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal } from '../../shared/FormModal.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { useStaff } from '../../app/session.tsx';
import { casePath } from '../cases/model.ts';
import { alertApi, factParams, ruleColours, stateColours, type Alert, type AlertPage, type AlertSummary } from './model.ts';
import type { MessageKey } from '../../messages.ts';

const pageSize = 20;

function FactsText({ alert }: { alert: Alert }) {
  const { t } = useI18n();
  return <>{t(`alerts.facts.${alert.rule}` as MessageKey, factParams(alert))}</>;
}

function Subject({ alert }: { alert: Alert }) {
  const { t } = useI18n();
  if (alert.caseId && alert.caseNo)
    return (
      <div>
        <Link to={casePath(alert.caseId)} data-testid={`alert-case-${alert.caseNo}`}>
          {alert.caseNo}
        </Link>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {alert.itemName}
          </Typography.Text>
        </div>
      </div>
    );
  return <span>{t('alerts.departmentSubject', { department: alert.departmentName })}</span>;
}

function Details({ alert }: { alert: Alert }) {
  const { t, pick, formatDateTime } = useI18n();
  // On a phone each label stands above its text: beside it, a label would be squeezed to a character a line.
  const wide = Grid.useBreakpoint().sm ?? true;
  return (
    <Descriptions size="small" column={1} bordered layout={wide ? 'horizontal' : 'vertical'}>
      <Descriptions.Item label={t('alerts.detail.meaning')}>{pick(alertRuleInfo[alert.rule].meaning)}</Descriptions.Item>
      <Descriptions.Item label={t('alerts.detail.facts')}>
        <FactsText alert={alert} />
      </Descriptions.Item>
      <Descriptions.Item label={t('alerts.detail.response')}>
        {alert.respondedBy && alert.respondedAt ? (
          <div data-testid="alert-response">
            <div style={{ whiteSpace: 'pre-wrap' }}>{alert.response}</div>
            <Typography.Text type="secondary">{t('alerts.by', { name: alert.respondedBy.name, at: formatDateTime(alert.respondedAt) })}</Typography.Text>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('alerts.detail.none')}</Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('alerts.detail.verdict')}>
        {alert.verdict && alert.closedBy && alert.closedAt ? (
          <div data-testid="alert-verdict">
            <Tag>{pick(alertVerdictLabels[alert.verdict])}</Tag>
            {alert.verdictNote ? <span style={{ whiteSpace: 'pre-wrap' }}>{alert.verdictNote}</span> : null}
            <div>
              <Typography.Text type="secondary">{t('alerts.by', { name: alert.closedBy.name, at: formatDateTime(alert.closedAt) })}</Typography.Text>
            </div>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('alerts.detail.none')}</Typography.Text>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

function SummaryStrip() {
  const { t } = useI18n();
  const summary = useResource<AlertSummary>(alertApi.summary);
  if (!summary.data) return null;
  const s = summary.data;
  return (
    <div style={{ marginBottom: 16 }} data-testid="alert-summary">
      <Typography.Text type="secondary">{t('alerts.summary.period', { from: s.from, to: s.to })}</Typography.Text>
      <Row gutter={[16, 8]} style={{ marginTop: 8 }}>
        {(['open', 'responded', 'closed'] as const).map((state) => (
          <Col key={state} xs={12} sm={6}>
            <Statistic title={t(`alerts.summary.${state}`)} value={s.byState[state]} />
          </Col>
        ))}
        <Col xs={12} sm={6}>
          <Statistic title={t('alerts.summary.overdue')} value={s.overdue} valueStyle={s.overdue > 0 ? { color: '#cf1322' } : undefined} />
        </Col>
      </Row>
    </div>
  );
}

export default function AlertsPage() {
  const { t, pick, formatDateTime } = useI18n();
  const { can } = useStaff();
  const [params] = useSearchParams();
  const [rule, setRule] = useState<string | undefined>(params.get('rule') ?? undefined);
  const [state, setState] = useState<string | undefined>(params.get('state') ?? undefined);
  const [overdueOnly, setOverdueOnly] = useState(params.get('overdue') === 'true');
  const [page, setPage] = useState(1);
  const [responding, setResponding] = useState<Alert | null>(null);
  const [closing, setClosing] = useState<Alert | null>(null);
  const query = new URLSearchParams({
    ...(rule ? { rule } : {}),
    ...(state ? { state } : {}),
    ...(overdueOnly ? { overdue: 'true' } : {}),
    limit: String(pageSize),
    offset: String((page - 1) * pageSize),
  }).toString();
  const list = useResource<AlertPage>(`${alertApi.list}?${query}`);
  const refresh = () => void invalidate(alertApi.list);

  const columns: TableColumnsType<Alert> = [
    { title: t('alerts.col.rule'), key: 'rule', width: 150, render: (_, a) => <Tag color={ruleColours[a.rule]}>{pick(alertRuleInfo[a.rule].label)}</Tag> },
    { title: t('alerts.col.subject'), key: 'subject', minWidth: 190, render: (_, a) => <Subject alert={a} /> },
    { title: t('alerts.col.department'), key: 'department', width: 150, render: (_, a) => a.departmentName },
    { title: t('alerts.col.raised'), key: 'raised', width: 150, render: (_, a) => formatDateTime(a.raisedAt) },
    {
      title: t('alerts.col.due'),
      key: 'due',
      width: 150,
      render: (_, a) => (
        <Space size={4} wrap>
          <Typography.Text type={a.overdue ? 'danger' : undefined}>{a.responseDue}</Typography.Text>
          {a.overdue ? <Tag color="red">{t('alerts.overdue')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('alerts.col.state'), key: 'state', width: 100, render: (_, a) => <Tag color={stateColours[a.state]}>{pick(alertStateLabels[a.state])}</Tag> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, a) => (
        <Space size={4} wrap>
          {a.possibleActions.includes('respond') ? (
            <Button size="small" type="primary" onClick={() => setResponding(a)} data-action="respond-alert">
              {t('alerts.respond')}
            </Button>
          ) : null}
          {a.possibleActions.includes('close') ? (
            <Button size="small" type={a.state === 'responded' ? 'primary' : 'default'} onClick={() => setClosing(a)} data-action="close-alert">
              {t('alerts.close')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('alerts.nav')}
          </Typography.Title>
          <Typography.Text type="secondary">{can.closeAlerts ? t('alerts.intro') : t('alerts.introDepartment')}</Typography.Text>
        </div>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('alerts.allRules')}
            aria-label={t('alerts.col.rule')}
            style={{ width: 170 }}
            value={rule}
            onChange={(v) => {
              setRule(v);
              setPage(1);
            }}
            options={alertRules.map((r) => ({ value: r, label: pick(alertRuleInfo[r].label) }))}
          />
          <Select
            allowClear
            placeholder={t('alerts.allStates')}
            aria-label={t('alerts.col.state')}
            style={{ width: 130 }}
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={alertStates.map((s) => ({ value: s, label: pick(alertStateLabels[s]) }))}
          />
          <Space size={6}>
            <Switch
              checked={overdueOnly}
              onChange={(v) => {
                setOverdueOnly(v);
                setPage(1);
              }}
              aria-label={t('alerts.overdueOnly')}
            />
            <span>{t('alerts.overdueOnly')}</span>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} loading={list.loading}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Space>
      <SummaryStrip />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Alert>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading && !list.data}
        scroll={{ x: 1000 }}
        expandable={{
          // Held at the left edge within the screen's width: on a phone the table scrolls sideways, its details need not.
          expandedRowRender: (a) => (
            <div style={{ position: 'sticky', left: 0, maxWidth: 'min(100%, calc(100vw - 96px))' }}>
              <Details alert={a} />
            </div>
          ),
        }}
        onRow={(a) => ({ 'data-testid': `alert-row-${a.caseNo ?? a.subjectKey}-${a.rule}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('alerts.empty') }}
      />
      <FormModal<{ text: string }, Alert>
        open={responding !== null}
        title={t('alerts.respond.title')}
        okText={t('alerts.respond')}
        successMessage={t('alerts.respond.done')}
        testId="modal-respond-alert"
        onSubmit={(values, action) => action.send<Alert>('POST', alertApi.respond(responding!.id), { text: values.text })}
        onDone={() => {
          refresh();
          void invalidate(alertApi.summary);
        }}
        onConflict={() => refresh()}
        onClose={() => setResponding(null)}
      >
        {responding ? (
          <>
            <Typography.Paragraph>
              <Tag color={ruleColours[responding.rule]}>{pick(alertRuleInfo[responding.rule].label)}</Tag> {responding.caseNo ?? responding.departmentName} — <FactsText alert={responding} />
            </Typography.Paragraph>
            <Form.Item name="text" label={t('alerts.respond.text')} rules={[{ required: true, whitespace: true, message: t('alerts.respond.required') }]}>
              <Input.TextArea rows={4} maxLength={2000} placeholder={t('alerts.respond.placeholder')} />
            </Form.Item>
          </>
        ) : null}
      </FormModal>
      <FormModal<{ verdict: AlertVerdict; note: string }, Alert>
        open={closing !== null}
        title={t('alerts.close.title')}
        okText={t('alerts.close')}
        successMessage={t('alerts.close.done')}
        testId="modal-close-alert"
        initialValues={{ verdict: 'justified', note: '' }}
        onSubmit={(values, action) => action.send<Alert>('POST', alertApi.close(closing!.id), { verdict: values.verdict, note: values.note ?? '' })}
        onDone={() => {
          refresh();
          void invalidate(alertApi.summary);
        }}
        onConflict={() => refresh()}
        onClose={() => setClosing(null)}
      >
        {closing ? (
          <>
            {closing.response ? <Typography.Paragraph type="secondary">{closing.response}</Typography.Paragraph> : null}
            <Form.Item name="verdict" label={t('alerts.close.verdict')} rules={[{ required: true }]}>
              <Select aria-label={t('alerts.close.verdict')} options={alertVerdicts.map((v) => ({ value: v, label: pick(alertVerdictLabels[v]) }))} />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('alerts.close.note')}
              dependencies={['verdict']}
              rules={[({ getFieldValue }) => ({ validator: (_, value: string) => (getFieldValue('verdict') === 'at_fault' && !(value ?? '').trim() ? Promise.reject(new Error(t('alerts.close.noteRequired'))) : Promise.resolve()) })]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        ) : null}
      </FormModal>
    </Card>
  );
}
