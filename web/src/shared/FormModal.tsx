/**
 * A modal holding one form that writes once: an editor's form, or what one case or task action
 * needs (a reason, an opinion, a delivery method). Validates on the client first; then the server
 * is the authority: its message shows at the top of the form, and field errors it names
 * (`body.uscc`) are put on their fields. The Idempotency-Key lives as long as the modal: a retry
 * of the same values after a failure reuses it. With `onConflict`, a 409 (the thing moved on:
 * someone else acted, a guard failed) closes the modal and is handed to the page instead.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App, Form, Modal, type FormInstance } from 'antd';
import { isApiError, type Action } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { useAction } from './resource.ts';

interface FieldIssue {
  field: string;
  message: string;
  messageEn: string;
}

function fieldIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is FieldIssue => typeof d === 'object' && d !== null && typeof (d as FieldIssue).field === 'string' && typeof (d as FieldIssue).message === 'string');
}

export interface FormModalProps<T, R = void> {
  open: boolean;
  title: ReactNode;
  okText?: string;
  /** A red OK button, for an action that cannot be undone. */
  danger?: boolean;
  width?: number;
  initialValues?: Partial<T>;
  /** Shown after success, e.g. "已保存". */
  successMessage?: string;
  onSubmit(values: T, action: Action): Promise<R>;
  /** Given what `onSubmit` answered (a case action's new case view), after success. */
  onDone?(result: R): void;
  /** A conflict (409): the modal closes and the page shows it (and reloads what moved on). */
  onConflict?(error: unknown): void;
  onClose(): void;
  children?: ReactNode | ((form: FormInstance<T>) => ReactNode);
  /** `data-testid` of the modal's content. */
  testId?: string;
}

export function FormModal<T extends object, R = void>({ open, title, okText, danger, width, initialValues, successMessage, onSubmit, onDone, onConflict, onClose, children, testId }: FormModalProps<T, R>) {
  const { t, locale, errorText } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const action = useAction();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    onClose();
  };

  const finish = async (values: T) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await onSubmit(values, action);
      onDone?.(result);
      void message.success(successMessage ?? t('common.saved'));
      close();
    } catch (caught) {
      if (onConflict && isApiError(caught) && caught.status === 409) {
        close();
        onConflict(caught);
        return;
      }
      setError(caught);
      if (isApiError(caught)) {
        const names = new Set(Object.keys(form.getFieldsValue(true) as object));
        const fields = fieldIssues(caught.details)
          .map((issue) => ({ name: issue.field.replace(/^body\./, ''), text: locale === 'zh' ? issue.message : issue.messageEn }))
          .filter((issue) => names.has(issue.name));
        if (fields.length > 0) form.setFields(fields.map((f) => ({ name: f.name as never, errors: [f.text] })));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width ?? 560}
      okText={okText ?? t('common.save')}
      okButtonProps={{ danger }}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <div data-testid={testId}>
        {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" /> : null}
        <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={finish} disabled={submitting} preserve={false}>
          {typeof children === 'function' ? children(form) : children}
          {/* Lets Enter in any single-line field submit the form. */}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      </div>
    </Modal>
  );
}

/**
 * Open/closed plus what the modal is about. The subject outlives closing, so the modal keeps its
 * title and fields during the closing animation.
 */
export function useModalState<T>(): { open: boolean; subject: T | null; show(subject: T): void; hide(): void } {
  const [state, setState] = useState<{ open: boolean; subject: T | null }>({ open: false, subject: null });
  return {
    open: state.open,
    subject: state.subject,
    show: (subject: T) => setState({ open: true, subject }),
    hide: () => setState((current) => ({ ...current, open: false })),
  };
}
