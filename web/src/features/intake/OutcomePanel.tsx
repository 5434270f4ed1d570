/**
 * Step 5: the decision at the window. 受理 when everything required is in hand (deferred
 * materials count), 一次性告知 when something required is missing — listing all of it, once —
 * 不予受理 with its reason and legal basis in a written decision, and for a proxy agent only 提交
 * (the center accepts). What still stands in the way is said next to the buttons.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { CheckCircleOutlined, FileExclamationOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n.tsx';
import { KeyHint, useShortcut } from '../../shared/shortcut.tsx';
import type { IntakeDecision } from './api.ts';
import type { ChecklistSummary, OutcomeState } from './model.ts';

export interface Refusal {
  reason: string;
  legalBasis: string;
}

export interface OutcomePanelProps {
  ready: boolean;
  /** A proxy agent applies only under an authorisation that covers the application (帮办代办). */
  authorised?: boolean;
  outcome: OutcomeState;
  summary: ChecklistSummary;
  missingFieldLabels: string[];
  /** May accept, give the correction notice and refuse (front desk, town approver). */
  canDecide: boolean;
  /** A proxy agent: may only submit. */
  isAgent: boolean;
  busy: IntakeDecision | null;
  error: string | null;
  onDecide(decision: IntakeDecision, refusal?: Refusal): void;
}

export function OutcomePanel({ ready, outcome, summary, missingFieldLabels, canDecide, isAgent, authorised = true, busy, error, onDecide }: OutcomePanelProps) {
  const { t } = useI18n();
  const [refusing, setRefusing] = useState(false);
  const sep = t('intake.listSeparator');
  const names = (list: readonly { name: string }[]) => list.map((m) => m.name).join(sep);

  const notes: { key: string; text: string; tone: 'secondary' | 'warning' | 'danger' }[] = [];
  if (ready) {
    for (const blocker of outcome.blockers) {
      if (blocker === 'scenario') notes.push({ key: blocker, text: t('intake.outcome.blocker.scenario'), tone: 'warning' });
      if (blocker === 'unmarked') notes.push({ key: blocker, text: t('intake.outcome.blocker.unmarked', { count: summary.unmarked.length, names: names(summary.unmarked) }), tone: 'warning' });
      if (blocker === 'dueRange') notes.push({ key: blocker, text: t('intake.outcome.blocker.dueRange', { names: names(summary.outOfRange) }), tone: 'danger' });
      if (blocker === 'undated') notes.push({ key: blocker, text: t('intake.outcome.blocker.undated', { names: names(summary.undated) }), tone: 'danger' });
      if (blocker === 'form') notes.push({ key: blocker, text: t('intake.outcome.blocker.form', { count: missingFieldLabels.length, names: missingFieldLabels.join(sep) }), tone: 'secondary' });
    }
  }
  const disabled = !ready || busy !== null;
  // F9 受理, as the button says; only when the button itself could be pressed.
  useShortcut('F9', () => onDecide('accept'), canDecide && !disabled && outcome.canAccept && !refusing);

  return (
    <div data-testid="intake-outcome">
      {ready && summary.missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 10 }}
          title={t('intake.outcome.missing', { count: summary.missing.length })}
          description={
            <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="intake-missing-list">
              {summary.missing.map((m) => (
                <li key={m.key} data-key={m.key}>
                  {m.name}
                </li>
              ))}
            </ol>
          }
        />
      ) : null}
      {ready && summary.deferred.length > 0 ? <Alert type="info" showIcon style={{ marginBottom: 10 }} title={t('intake.outcome.deferred', { count: summary.deferred.length, names: names(summary.deferred) })} /> : null}
      {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 10 }} title={t('intake.outcome.failed')} description={error} data-testid="intake-error" /> : null}
      <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
        <Space wrap>
          {canDecide ? (
            <>
              <Button type="primary" size="large" icon={<CheckCircleOutlined />} disabled={disabled || !outcome.canAccept} loading={busy === 'accept'} onClick={() => onDecide('accept')} aria-keyshortcuts="F9" data-testid="intake-accept">
                {t('intake.outcome.accept')}
                <KeyHint keyName="F9" />
              </Button>
              <Button
                size="large"
                icon={<FileExclamationOutlined />}
                disabled={disabled || !outcome.canCorrect}
                loading={busy === 'correction'}
                onClick={() => onDecide('correction')}
                data-testid="intake-correction"
                style={outcome.canCorrect && !disabled ? { borderColor: '#faad14', color: '#ad6800' } : undefined}
              >
                {summary.missing.length > 0 ? t('intake.outcome.correctionCount', { count: summary.missing.length }) : t('intake.outcome.correction')}
              </Button>
              <Button size="large" danger icon={<StopOutlined />} disabled={disabled} loading={busy === 'refuse'} onClick={() => setRefusing(true)} data-testid="intake-refuse">
                {t('intake.outcome.refuse')}
              </Button>
            </>
          ) : null}
          {isAgent ? (
            <Button type="primary" size="large" icon={<SendOutlined />} disabled={disabled || !outcome.canSubmit || !authorised} loading={busy === 'submit'} onClick={() => onDecide('submit')} data-testid="intake-submit">
              {t('intake.outcome.submit')}
            </Button>
          ) : null}
        </Space>
        <div style={{ flex: 1, minWidth: 220 }} data-testid="intake-blockers">
          {!ready ? <Typography.Text type="secondary">{t('intake.outcome.notReady')}</Typography.Text> : null}
          {notes.map((note) => (
            <div key={note.key}>
              <Typography.Text type={note.tone}>{note.text}</Typography.Text>
            </div>
          ))}
          {isAgent && ready ? (
            <div>
              <Typography.Text type={authorised ? 'secondary' : 'warning'}>{authorised ? t('intake.outcome.agentHint') : t('agents.intake.none')}</Typography.Text>
            </div>
          ) : null}
        </div>
      </div>
      <RefuseModal
        open={refusing}
        busy={busy === 'refuse'}
        onCancel={() => setRefusing(false)}
        onConfirm={(refusal) => {
          setRefusing(false);
          onDecide('refuse', refusal);
        }}
      />
    </div>
  );
}

/** Quick choices for the two grounds of 行政许可法 第32条 that the front desk meets most; always Chinese, they go on the decision. */
const presets = [
  { key: 'notRequired', reason: '申请事项依法不需要取得行政许可', legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第(一)项' },
  { key: 'notCompetent', reason: '申请事项依法不属于本行政机关职权范围,请向有关行政机关申请', legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第(二)项' },
] as const;

function RefuseModal({ open, busy, onCancel, onConfirm }: { open: boolean; busy: boolean; onCancel(): void; onConfirm(refusal: Refusal): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Refusal>();
  return (
    <Modal
      open={open}
      title={t('intake.refuse.title')}
      okText={t('intake.refuse.confirm')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'refuse-confirm' }}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('intake.refuse.note')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('intake.refuse.presets')}</Typography.Text>
        {presets.map((preset) => (
          <Button key={preset.key} size="small" onClick={() => form.setFieldsValue({ reason: preset.reason, legalBasis: preset.legalBasis })}>
            {t(`intake.refuse.preset.${preset.key}`)}
          </Button>
        ))}
      </Space>
      <Form<Refusal> form={form} layout="vertical" preserve={false} onFinish={(values) => onConfirm({ reason: values.reason.trim(), legalBasis: values.legalBasis.trim() })}>
        <Form.Item name="reason" label={t('intake.refuse.reason')} rules={[{ required: true, whitespace: true, message: t('intake.refuse.reasonRequired') }]}>
          <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="refuse-reason" />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('intake.refuse.legalBasis')} rules={[{ required: true, whitespace: true, message: t('intake.refuse.legalBasisRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="refuse-legal-basis" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
