/**
 * A modal that asks for what one case or task action needs (a reason, an opinion, a delivery
 * method) and sends it once. Its Idempotency-Key lives as long as the modal: a retry of the same
 * values after a failure reuses it. The answer is the new case view. A 409 means the case moved on
 * (someone else acted, a guard failed): the modal closes and the page shows the server's words and
 * reloads; other failures stay in the modal for the user to correct.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App, Form, Modal, type FormInstance } from 'antd';
import { isApiError, type Action } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../shared/resource.ts';
import type { CaseView } from './model.ts';

export interface ActionModalProps<V> {
  open: boolean;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  width?: number;
  initialValues?: Partial<V>;
  /** Shown after success. */
  successText: string;
  send(values: V, action: Action): Promise<CaseView>;
  onView(view: CaseView): void;
  /** A conflict (409): the page shows it and reloads the case. */
  onConflict(error: unknown): void;
  onClose(): void;
  children?: ReactNode | ((form: FormInstance<V>) => ReactNode);
  testId?: string;
}

export function ActionModal<V extends object>({
  open, title, okText, danger, width, initialValues, successText, send, onView, onConflict, onClose, children, testId,
}: ActionModalProps<V>) {
  const { t, errorText } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const action = useAction();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    onClose();
  };

  const finish = async (values: V) => {
    setSubmitting(true);
    setError(null);
    try {
      const view = await send(values, action);
      onView(view);
      void message.success(successText);
      close();
    } catch (caught) {
      if (isApiError(caught) && caught.status === 409) {
        close();
        onConflict(caught);
      } else {
        setError(caught);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width ?? 520}
      okText={okText ?? t('cases.confirm')}
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
        <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={finish} disabled={submitting} preserve={false}>
          {typeof children === 'function' ? children(form) : children}
          {/* Lets Enter in a single-line field submit the form. */}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      </div>
    </Modal>
  );
}
