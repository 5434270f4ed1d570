/**
 * The case buttons: exactly the actions the server lists in `view.available` for this user now,
 * each labelled from the transition table in src/domain. Actions that need words (a refusal's
 * reason and legal basis, a withdrawal's reason) or choices (how the result is delivered) open a
 * modal; accepting and archiving ask for a confirmation. The answer of every action is the new
 * case view, handed to `onView`; failures go to `onError` (a 409 there means: show it and reload).
 *
 * @example
 * <CaseActionBar view={view} onView={setView} onError={showAndMaybeReload} />
 */
import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, Popconfirm, Space, Typography } from 'antd';
import { caseActions } from '../../../../src/domain/case-lifecycle.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../shared/resource.ts';
import { FormModal } from '../../shared/FormModal.tsx';
import { DeliverModal } from './DeliverModal.tsx';
import { ResubmitModal } from './ResubmitModal.tsx';
import { casesApi, type CaseAction, type CaseActionInput, type CaseView } from './model.ts';

export interface CaseActionBarProps {
  view: CaseView;
  onView(view: CaseView): void;
  onError(error: unknown): void;
}

const dangerous: readonly CaseAction[] = ['refuse', 'reject_on_spot', 'withdraw', 'terminate'];
const primary: readonly CaseAction[] = ['accept', 'decide_on_spot', 'deliver', 'archive', 'resubmit', 'resume'];
/** Actions sent after a confirmation, without a form. */
const confirmed: readonly CaseAction[] = ['accept', 'archive'];
/** Actions with their own modal. */
const withModal: readonly CaseAction[] = ['refuse', 'reject_on_spot', 'withdraw', 'terminate', 'decide_on_spot', 'request_correction', 'resume', 'deliver', 'resubmit'];

/** The actions shown elsewhere: a deferred material is collected from its row in the materials. */
const notInBar: readonly CaseAction[] = ['collect_material'];

/** The actions of `view.available` that the action bar shows as buttons. */
export function barActions(view: Pick<CaseView, 'available'>): CaseAction[] {
  return view.available.filter((action) => !notInBar.includes(action));
}

export function actionWords(action: string): { zh: string; en: string } {
  return Object.hasOwn(caseActions, action) ? caseActions[action as CaseAction].label : { zh: action, en: action };
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export function CaseActionBar({ view, onView, onError }: CaseActionBarProps) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const direct = useAction();
  const [busy, setBusy] = useState<CaseAction | null>(null);
  const [modal, setModal] = useState<{ open: boolean; action: CaseAction | null }>({ open: false, action: null });

  const actions = barActions(view);
  if (actions.length === 0) return null;

  const done = (action: CaseAction) => t('cases.actionDone', { action: pick(actionWords(action)) });
  const close = () => setModal((m) => ({ ...m, open: false }));
  const isOpen = (action: CaseAction) => modal.open && modal.action === action;
  const common = { onView, onConflict: onError, onClose: close };
  const actionModal = { okText: t('cases.confirm'), width: 520, onDone: onView, onConflict: onError, onClose: close };

  const sendDirect = async (action: CaseAction) => {
    setBusy(action);
    try {
      onView(await casesApi.act(direct, view.id, { action } as CaseActionInput));
      void message.success(done(action));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(null);
    }
  };

  const missing = view.materials.filter((m) => m.required && m.state === 'missing');

  return (
    <>
      <Space wrap data-testid="case-actions">
        {actions.map((action) => {
          const label = pick(actionWords(action));
          const button = (
            <Button
              key={action}
              type={primary.includes(action) ? 'primary' : 'default'}
              danger={dangerous.includes(action)}
              loading={busy === action}
              disabled={busy !== null && busy !== action}
              data-action={action}
              onClick={withModal.includes(action) ? () => setModal({ open: true, action }) : undefined}
            >
              {label}
            </Button>
          );
          if (withModal.includes(action)) return button;
          return (
            <Popconfirm
              key={action}
              title={confirmed.includes(action) ? t(`cases.confirm.${action as 'accept' | 'archive'}`) : t('cases.confirm.generic', { action: label })}
              okText={t('cases.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => sendDirect(action)}
            >
              {button}
            </Popconfirm>
          );
        })}
      </Space>

      <FormModal<{ reason: string; legalBasis: string }, CaseView>
        {...actionModal}
        open={isOpen('refuse')}
        title={pick(actionWords('refuse'))}
        danger
        successMessage={done('refuse')}
        testId="modal-refuse"
        onSubmit={(v, a) => casesApi.act(a, view.id, { action: 'refuse', reason: text(v.reason), legalBasis: text(v.legalBasis) })}
      >
        <Form.Item name="reason" label={t('cases.field.refuseReason')} rules={[{ required: true, whitespace: true, message: t('cases.field.required') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('cases.field.legalBasis')} rules={[{ required: true, whitespace: true, message: t('cases.field.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('cases.field.legalBasisHint')} />
        </Form.Item>
      </FormModal>

      {(['reject_on_spot', 'withdraw', 'terminate'] as const).map((action) => (
        <FormModal<{ reason: string }, CaseView>
          key={action}
          {...actionModal}
          open={isOpen(action)}
          title={pick(actionWords(action))}
          danger
          successMessage={done(action)}
          testId={`modal-${action}`}
          onSubmit={(v, a) => casesApi.act(a, view.id, { action, reason: text(v.reason) })}
        >
          {action === 'withdraw' ? <Typography.Paragraph type="secondary">{t('cases.hint.withdraw')}</Typography.Paragraph> : null}
          {action === 'terminate' ? <Typography.Paragraph type="secondary">{t('cases.hint.terminate')}</Typography.Paragraph> : null}
          <Form.Item name="reason" label={t('cases.field.reason')} rules={[{ required: true, whitespace: true, message: t('cases.field.required') }]}>
            <Input.TextArea rows={3} maxLength={action === 'reject_on_spot' ? 1000 : 500} showCount />
          </Form.Item>
        </FormModal>
      ))}

      <FormModal<{ opinion?: string }, CaseView>
        {...actionModal}
        open={isOpen('decide_on_spot')}
        title={pick(actionWords('decide_on_spot'))}
        successMessage={done('decide_on_spot')}
        testId="modal-decide_on_spot"
        onSubmit={(v, a) => casesApi.act(a, view.id, { action: 'decide_on_spot', ...(text(v.opinion) ? { opinion: text(v.opinion) } : {}) })}
      >
        <Typography.Paragraph type="secondary">{t('cases.hint.decideOnSpot')}</Typography.Paragraph>
        <Form.Item name="opinion" label={t('cases.field.opinionOptional')}>
          <Input.TextArea rows={3} maxLength={1000} placeholder={t('cases.field.approveDefault')} />
        </Form.Item>
      </FormModal>

      <FormModal<{ note?: string }, CaseView>
        {...actionModal}
        open={isOpen('request_correction')}
        title={pick(actionWords('request_correction'))}
        successMessage={done('request_correction')}
        testId="modal-request_correction"
        onSubmit={(v, a) => casesApi.act(a, view.id, { action: 'request_correction', ...(text(v.note) ? { note: text(v.note) } : {}) })}
      >
        <Typography.Paragraph>{t('cases.hint.correction')}</Typography.Paragraph>
        {missing.length > 0 ? (
          <ul data-testid="correction-missing">
            {missing.map((m) => (
              <li key={m.key}>{m.name}</li>
            ))}
          </ul>
        ) : (
          <Typography.Paragraph type="warning">{t('cases.hint.correctionNothing')}</Typography.Paragraph>
        )}
        <Form.Item name="note" label={t('cases.field.noteOptional')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>

      <FormModal<{ note?: string; inPerson?: boolean }, CaseView>
        {...actionModal}
        open={isOpen('resume')}
        title={pick(actionWords('resume'))}
        successMessage={done('resume')}
        testId="modal-resume"
        initialValues={{ inPerson: view.pausedKind === 'correction' }}
        onSubmit={(v, a) =>
          casesApi.act(a, view.id, {
            action: 'resume',
            ...(view.pausedKind === 'correction' ? { inPerson: v.inPerson === true } : {}),
            ...(text(v.note) ? { note: text(v.note) } : {}),
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('cases.hint.resume')}</Typography.Paragraph>
        {view.pausedKind === 'correction' ? (
          <Form.Item name="inPerson" valuePropName="checked">
            <Checkbox>{t('cases.field.inPersonCorrection')}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('cases.field.noteOptional')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>

      <DeliverModal view={view} {...common} open={isOpen('deliver')} successText={done('deliver')} />
      <ResubmitModal view={view} {...common} open={isOpen('resubmit')} successText={done('resubmit')} />
    </>
  );
}
