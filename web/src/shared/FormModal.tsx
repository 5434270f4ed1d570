/**
 * A modal holding one form that writes once. Validates on the client first; then the server is the
 * authority: its message shows at the top of the form, and field errors it names (`body.uscc`)
 * are put on their fields. A retried submit of the same values reuses the Idempotency-Key.
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
  return details.filter(
    (d): d is FieldIssue => typeof d === 'object' && d !== null && typeof (d as FieldIssue).field === 'string' && typeof (d as FieldIssue).message === 'string',
  );
}

export interface FormModalProps<T> {
  open: boolean;
  title: ReactNode;
  okText?: string;
  width?: number;
  initialValues?: Partial<T>;
  /** Shown after success, e.g. "已保存". */
  successMessage?: string;
  onSubmit(values: T, action: Action): Promise<void>;
  onClose(): void;
  children: ReactNode | ((form: FormInstance<T>) => ReactNode);
}

export function FormModal<T extends object>({ open, title, okText, width, initialValues, successMessage, onSubmit, onClose, children }: FormModalProps<T>) {
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
      await onSubmit(values, action);
      void message.success(successMessage ?? t('common.saved'));
      close();
    } catch (caught) {
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
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" /> : null}
      <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={finish} disabled={submitting} preserve={false}>
        {typeof children === 'function' ? children(form) : children}
        {/* Lets Enter in any field submit the form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
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
