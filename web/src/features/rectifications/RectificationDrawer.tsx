/**
 * One rectification task in a drawer: the rating (the rater only when real-name), the deadlines with
 * their warning, the steps so far, the appeals with their verdicts, and the form of each step the
 * signed-in user may take now (the server's `possibleActions`: 核实与分类, 整改反馈, 申诉, 回访,
 * 重新评价, 办结). The server checks every step again.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Drawer, Empty, Form, Input, Radio, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { warningLabels } from '../../../../src/domain/case-clock.ts';
import { appealReasonLabels, appealReasons, ratingForms, ratingLevelLabels, ratingLevels, ratingSourceLabels, rectificationStateLabels, revisitResults, triageKinds, triageLabels } from '../../../../src/domain/rating.ts';
import { pendingStepLabels } from '../../../../src/domain/rectification.ts';
import { useI18n } from '../../i18n.tsx';
import { invalidate, useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { rectificationApi, revisitResultLabels, stateColours, type RatingAppeal, type RectificationDetail } from './model.ts';

export const warningColours = { none: 'default', yellow: 'warning', red: 'error' } as const;

/** The warning as a case clock shows it: a red tag 红灯超期, a yellow one 黄灯预警. */
export function WarningTag({ level }: { level: 'none' | 'yellow' | 'red' }) {
  const { pick } = useI18n();
  if (level === 'none') return null;
  return (
    <Tag color={warningColours[level]} data-testid={`warning-${level}`}>
      {pick(warningLabels[level])}
    </Tag>
  );
}

export function LevelTag({ level }: { level: RectificationDetail['rating']['level'] }) {
  const { pick } = useI18n();
  const bad = level === 'dissatisfied' || level === 'very_dissatisfied';
  return <Tag color={bad ? 'red' : 'green'}>{pick(ratingLevelLabels[level])}</Tag>;
}

export function StateTag({ state }: { state: RectificationDetail['state'] }) {
  const { pick } = useI18n();
  return (
    <Tag color={stateColours[state]} data-testid="rect-state">
      {pick(rectificationStateLabels[state])}
    </Tag>
  );
}

export function RectificationDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t } = useI18n();
  const task = useResource<RectificationDetail>(id ? rectificationApi.one(id) : null);
  return (
    <Drawer open={id !== null} onClose={onClose} title={t('rect.drawer.title')} size={720} destroyOnHidden data-testid="rect-drawer">
      {task.error ? <LoadError error={task.error} onRetry={task.reload} /> : null}
      {!task.data ? <Spin /> : <TaskBody task={task.data} />}
    </Drawer>
  );
}

function TaskBody({ task }: { task: RectificationDetail }) {
  const { t, pick, formatDateTime } = useI18n();
  const r = task.rating;
  const form = ratingForms[r.channel];
  const indicators = form.indicators.filter((i) => r.indicators[i.key]).map((i) => `${pick(i)}:${pick(ratingLevelLabels[r.indicators[i.key] as keyof typeof ratingLevelLabels] ?? { zh: r.indicators[i.key]!, en: r.indicators[i.key]! })}`);
  const tags = r.tags.map((key) => form.tags.find((tag) => tag.key === key)).filter((tag) => tag !== undefined);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <StateTag state={task.state} />
        <WarningTag level={task.warning} />
        {r.excluded ? <Tag color="default">{t('rect.excluded')}</Tag> : null}
        {task.department ? <Typography.Text type="secondary">{task.department.name}</Typography.Text> : null}
      </Space>
      <Card size="small" title={t('rect.section.rating')}>
        <Descriptions column={1} size="small" styles={{ label: { width: 110 } }}>
          <Descriptions.Item label={t('rect.rating.level')}>
            <LevelTag level={r.level} />
          </Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.indicators')}>{indicators.join(';') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.tags')}>{tags.length ? tags.map((tag) => <Tag key={tag.key}>{pick(tag)}</Tag>) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.comment')}>{r.comment || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.channel')}>
            {t(r.channel === 'onsite' ? 'rect.onsite' : 'rect.online')} · {pick(ratingSourceLabels[r.source])}
          </Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.item')}>{r.itemName ?? r.itemCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.caseNo')}>{r.caseNo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.staff')}>{r.staff?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.rater')}>
            {r.rater ? (
              <span data-testid="rater">
                {r.rater.name ?? ''} {r.rater.phone ?? ''}
              </span>
            ) : (
              <Typography.Text type="secondary" data-testid="rater-hidden">
                {t('rect.rating.raterHidden')}
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('rect.rating.givenAt')}>{formatDateTime(r.givenAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('rect.deadlines')}>
        {task.pausedOn ? <Alert type="info" showIcon title={t('rect.pausedSince', { date: task.pausedOn })} style={{ marginBottom: 8 }} /> : null}
        <Space wrap size={16}>
          <span>
            {t('rect.reportDue')}:{task.reportDue}
          </span>
          {task.triage === 'ledger' ? (
            <span>
              {t('rect.rectifyDue')}:{task.rectifyDue}
            </span>
          ) : null}
          {task.revisitDue ? (
            <span>
              {t('rect.revisitDue')}:{task.revisitDue}
            </span>
          ) : null}
          {task.pending ? (
            <span>
              <Typography.Text strong>{pick(pendingStepLabels[task.pending.step])}</Typography.Text> {t('rect.due', { date: task.pending.due })} <WarningTag level={task.warning} />
            </span>
          ) : null}
        </Space>
      </Card>
      <Card size="small" title={t('rect.section.steps')}>
        <Steps task={task} />
      </Card>
      {task.appeals.length > 0 ? (
        <Card size="small" title={t('rect.section.appeals')}>
          {task.appeals.map((a) => (
            <AppealLine key={a.id} appeal={a} />
          ))}
        </Card>
      ) : null}
      <StepForms task={task} />
    </Space>
  );
}

function Steps({ task }: { task: RectificationDetail }) {
  const { t, pick, formatDateTime } = useI18n();
  const items: { key: string; children: ReactNode; color?: string }[] = [];
  if (task.triagedAt)
    items.push({
      key: 'triaged',
      children: (
        <>
          <Typography.Text strong>{t('rect.step.triaged')}</Typography.Text> · {task.triage ? pick(triageLabels[task.triage]) : ''} · {formatDateTime(task.triagedAt)}
          <div>{task.finding}</div>
        </>
      ),
    });
  if (task.reportedAt)
    items.push({
      key: 'reported',
      children: (
        <>
          <Typography.Text strong>{t('rect.step.reported')}</Typography.Text> · {formatDateTime(task.reportedAt)}
          <div>{task.measures}</div>
        </>
      ),
    });
  if (task.revisitedAt)
    items.push({
      key: 'revisited',
      children: (
        <>
          <Typography.Text strong>{t('rect.step.revisited')}</Typography.Text> · {task.revisitResult ? pick(revisitResultLabels[task.revisitResult]) : ''} · {task.revisitedBy?.name ?? ''} · {formatDateTime(task.revisitedAt)}
          {task.revisitNote ? <div>{task.revisitNote}</div> : null}
        </>
      ),
    });
  if (task.reLevel)
    items.push({
      key: 're',
      children: (
        <span data-testid="re-level">
          <Typography.Text strong>{t('rect.step.reRated')}</Typography.Text> · <LevelTag level={task.reLevel} />
        </span>
      ),
    });
  if (task.closedAt) items.push({ key: 'closed', color: 'green', children: `${pick(rectificationStateLabels[task.state])} · ${formatDateTime(task.closedAt)}` });
  return items.length ? <Timeline items={items.map((i) => ({ key: i.key, content: i.children, ...(i.color ? { color: i.color } : {}) }))} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(rectificationStateLabels.open)} />;
}

export function AppealLine({ appeal }: { appeal: RatingAppeal }) {
  const { t, pick, formatDateTime } = useI18n();
  return (
    <div style={{ marginBottom: 8 }} data-testid="appeal-line">
      <Space wrap>
        <Tag color={appeal.state === 'upheld' ? 'purple' : appeal.state === 'rejected' ? 'default' : 'processing'}>{t(`quality.appeal.${appeal.state}`)}</Tag>
        <Typography.Text strong>{pick(appealReasonLabels[appeal.reason])}</Typography.Text>
        <Typography.Text type="secondary">{t('rect.filedBy', { name: appeal.filedBy.name, at: formatDateTime(appeal.filedAt) })}</Typography.Text>
      </Space>
      <div>{appeal.statement}</div>
      {appeal.decidedAt ? (
        <div>
          <Typography.Text type="secondary">{t('rect.decidedBy', { name: appeal.decidedBy?.name ?? '', at: formatDateTime(appeal.decidedAt) })}</Typography.Text>
          {appeal.pausedDays ? <Typography.Text type="secondary"> · {t('rect.pausedDays', { days: appeal.pausedDays })}</Typography.Text> : null}
          <div data-testid="verdict-note">{appeal.decisionNote}</div>
        </div>
      ) : null}
    </div>
  );
}

/** One step's form: it posts, shows the server's message on failure, and reloads the task and the lists. */
function StepForm<T extends object>({
  title,
  testId,
  okText,
  initialValues,
  onSubmit,
  children,
  danger,
}: {
  title: string;
  testId: string;
  okText: string;
  initialValues?: Partial<T>;
  onSubmit(values: T, send: <R>(path: string, body: unknown) => Promise<R>): Promise<unknown>;
  children: ReactNode;
  danger?: boolean;
}) {
  const { errorText } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const action = useAction();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const finish = async (values: T) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values, (path, body) => action.send('POST', path, body));
      void message.success(okText);
      await invalidate(rectificationApi.list, rectificationApi.appeals);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={title} data-testid={testId}>
      {error ? <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginBottom: 12 }} /> : null}
      <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void finish(v)}>
        {children}
        <Button type="primary" htmlType="submit" loading={busy} danger={danger}>
          {title}
        </Button>
      </Form>
    </Card>
  );
}

function StepForms({ task }: { task: RectificationDetail }) {
  const { t, pick } = useI18n();
  const can = new Set(task.possibleActions);
  const levelOptions = ratingLevels.map((l) => ({ value: l, label: pick(ratingLevelLabels[l]) }));
  if (can.size === 0) return <Typography.Text type="secondary">{t('rect.noAction')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {can.has('triage') ? (
        <StepForm<{ triage: 'immediate' | 'ledger' | 'explain'; finding: string; measures?: string; report?: boolean }>
          title={t('rect.step.triaged')}
          okText={t('rect.triageOk')}
          testId="form-triage"
          initialValues={{ triage: 'immediate', report: true }}
          onSubmit={(v, send) => send(rectificationApi.step(task.id, 'triage'), { triage: v.triage, finding: v.finding, measures: v.measures ?? '', report: v.triage !== 'ledger' && (v.report ?? false) })}
        >
          <Form.Item name="triage" label={t('rect.triage')} rules={[{ required: true }]}>
            <Radio.Group>
              {triageKinds.map((k) => (
                <Radio key={k} value={k}>
                  {pick(triageLabels[k])}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="finding" label={t('rect.finding')} rules={[{ required: true, whitespace: true, message: t('rect.findingRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.triage !== b.triage || a.report !== b.report}>
            {(form) =>
              form.getFieldValue('triage') === 'ledger' ? null : (
                <>
                  <Form.Item name="report" valuePropName="checked">
                    <Checkbox>{t('rect.reportNow')}</Checkbox>
                  </Form.Item>
                  {form.getFieldValue('report') ? (
                    <Form.Item name="measures" label={form.getFieldValue('triage') === 'explain' ? t('rect.explanation') : t('rect.measures')} rules={[{ required: true, whitespace: true, message: t('rect.measuresRequired') }]}>
                      <Input.TextArea rows={3} maxLength={2000} />
                    </Form.Item>
                  ) : null}
                </>
              )
            }
          </Form.Item>
        </StepForm>
      ) : null}
      {can.has('report') ? (
        <StepForm<{ measures: string }> title={t('rect.step.reported')} okText={t('rect.reportOk')} testId="form-report" onSubmit={(v, send) => send(rectificationApi.step(task.id, 'report'), { measures: v.measures })}>
          <Form.Item name="measures" label={t('rect.measures')} rules={[{ required: true, whitespace: true, message: t('rect.measuresRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </StepForm>
      ) : null}
      {can.has('revisit') ? (
        <StepForm<{ result: (typeof revisitResults)[number]; note?: string; reLevel?: string; close?: boolean }>
          title={t('rect.step.revisited')}
          okText={t('rect.revisitOk')}
          testId="form-revisit"
          initialValues={{ result: 'satisfied', close: true }}
          onSubmit={(v, send) => send(rectificationApi.step(task.id, 'revisit'), { result: v.result, note: v.note ?? '', ...(v.reLevel && v.result !== 'unreachable' ? { reLevel: v.reLevel } : {}), close: v.close ?? false })}
        >
          <Form.Item name="result" label={t('rect.revisitResult')} rules={[{ required: true }]}>
            <Radio.Group>
              {revisitResults.map((k) => (
                <Radio key={k} value={k}>
                  {pick(revisitResultLabels[k])}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.result !== b.result}>
            {(form) => (
              <>
                <Form.Item name="note" label={t('rect.revisitNote')} rules={form.getFieldValue('result') === 'dissatisfied' ? [{ required: true, whitespace: true, message: t('rect.revisitNoteRequired') }] : []}>
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
                {form.getFieldValue('result') === 'unreachable' ? null : (
                  <Form.Item name="reLevel" label={t('rect.reLevel')}>
                    <Select allowClear placeholder={t('rect.reLevelNone')} options={levelOptions} style={{ width: 200 }} data-testid="re-level-select" />
                  </Form.Item>
                )}
              </>
            )}
          </Form.Item>
          <Form.Item name="close" valuePropName="checked">
            <Checkbox>{t('rect.closeAfter')}</Checkbox>
          </Form.Item>
        </StepForm>
      ) : null}
      {can.has('re_rate') ? (
        <StepForm<{ reLevel: string }> title={t('rect.step.reRated')} okText={t('rect.reRateOk')} testId="form-re-rate" onSubmit={(v, send) => send(rectificationApi.step(task.id, 're-rating'), { reLevel: v.reLevel })}>
          <Form.Item name="reLevel" label={t('rect.reLevel')} rules={[{ required: true }]}>
            <Select options={levelOptions} style={{ width: 200 }} />
          </Form.Item>
        </StepForm>
      ) : null}
      {can.has('close') ? (
        <StepForm<object> title={t('rect.step.closed')} okText={t('rect.closeOk')} testId="form-close" onSubmit={(_v, send) => send(rectificationApi.step(task.id, 'close'), {})}>
          {task.rating.anonymous ? <Typography.Paragraph type="secondary">{t('rect.closeAnonymous')}</Typography.Paragraph> : null}
        </StepForm>
      ) : null}
      {can.has('appeal') ? (
        <StepForm<{ reason: (typeof appealReasons)[number]; statement: string }> title={t('rect.section.appeals')} okText={t('rect.appealOk')} testId="form-appeal" onSubmit={(v, send) => send(rectificationApi.step(task.id, 'appeal'), v)}>
          <Typography.Paragraph type="secondary">{t('rect.appealHint')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('rect.appealReason')} rules={[{ required: true }]}>
            <Radio.Group>
              {appealReasons.map((k) => (
                <Radio key={k} value={k}>
                  {pick(appealReasonLabels[k])}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="statement" label={t('rect.appealStatement')} rules={[{ required: true, whitespace: true, min: 5, message: t('rect.appealStatementRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </StepForm>
      ) : null}
    </Space>
  );
}
