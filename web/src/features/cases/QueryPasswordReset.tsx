/**
 * The query password on a case, and the button that gives the case a new one: for the applicant
 * who lost the notice or whose progress query is locked after wrong guesses (they show their ID at
 * the window, or call). The old password stops working and the lock is lifted at once.
 */
import { useState } from 'react';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../shared/resource.ts';
import { casesApi, type CaseView } from './model.ts';

export function QueryPasswordReset({ view, onReset, onError }: { view: CaseView; onReset: () => Promise<void>; onError: (error: unknown) => void }) {
  const { t } = useI18n();
  const { can } = useStaff();
  const { message } = App.useApp();
  const reset = useAction();
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    try {
      const result = await casesApi.resetQueryPassword(reset, view.id);
      await onReset();
      if (result.queryPassword) void message.success(t('cases.queryPassword.resetDone', { password: result.queryPassword }));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space size={8} wrap>
      <Typography.Text code copyable data-testid="query-password">
        {view.queryPassword}
      </Typography.Text>
      {can.issueResults ? (
        <Popconfirm title={t('cases.queryPassword.resetConfirm')} okText={t('cases.confirm')} cancelText={t('common.cancel')} onConfirm={() => void send()}>
          <Button size="small" icon={<KeyOutlined />} loading={busy} data-testid="query-password-reset">
            {t('cases.queryPassword.reset')}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  );
}
