/**
 * An instant item (即办件) ends at the desk: once accepted, the clerk decides it in the same flow —
 * 当场办结 at one press, or 当场不予许可 with its reason — and only what the server lists in the
 * case's `available` is offered. The answer is the concluded case, so no clock runs on.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../shared/resource.ts';
import { FormModal } from '../../shared/FormModal.tsx';
import { casesApi } from '../cases/model.ts';
import type { CaseView } from '../documents/model.ts';

export function OnTheSpot({ view, onView }: { view: CaseView; onView(view: CaseView): void }) {
  const { t, errorText } = useI18n();
  const action = useAction();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canApprove = view.available.includes('decide_on_spot');
  const canReject = view.available.includes('reject_on_spot');
  if (!canApprove && !canReject) return null;

  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      onView(await casesApi.act(action, view.id, { action: 'decide_on_spot' }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="on-the-spot" style={{ marginTop: 16, padding: '12px 16px', border: '1px solid #91caff', borderRadius: 8, background: '#f5f9ff' }}>
      <Typography.Paragraph strong style={{ margin: '0 0 8px' }}>
        {t('intake.spot.title')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ margin: '0 0 12px' }}>
        {t('intake.spot.hint')}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginBottom: 12 }} data-testid="on-the-spot-error" /> : null}
      <Space wrap>
        {canApprove ? (
          <Button type="primary" size="large" icon={<CheckCircleOutlined />} loading={busy} disabled={rejecting} onClick={() => void approve()} data-testid="spot-approve" autoFocus>
            {t('intake.spot.approve')}
          </Button>
        ) : null}
        {canReject ? (
          <Button size="large" danger icon={<StopOutlined />} disabled={busy} onClick={() => setRejecting(true)} data-testid="spot-reject">
            {t('intake.spot.reject')}
          </Button>
        ) : null}
      </Space>
      <FormModal<{ reason: string }, CaseView>
        open={rejecting}
        title={t('intake.spot.reject')}
        okText={t('intake.spot.rejectConfirm')}
        danger
        width={520}
        testId="spot-reject-modal"
        onSubmit={(values, sender) => casesApi.act(sender, view.id, { action: 'reject_on_spot', reason: values.reason.trim() })}
        onDone={onView}
        onConflict={(caught) => {
          setRejecting(false);
          setError(caught);
        }}
        onClose={() => setRejecting(false)}
      >
        <Form.Item name="reason" label={t('intake.spot.reason')} rules={[{ required: true, whitespace: true, message: t('intake.spot.reasonRequired') }]}>
          <Input.TextArea autoFocus rows={3} maxLength={1000} showCount data-testid="spot-reject-reason" />
        </Form.Item>
      </FormModal>
    </div>
  );
}
