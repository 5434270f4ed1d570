/** Loading and failure states shared by the screens. */
import { Alert, Button, Result, Spin } from 'antd';
import { useI18n } from '../i18n.tsx';

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

/** The server could not be reached when the app started. */
export function ServiceUnavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t, errorText } = useI18n();
  return (
    <Result
      status="500"
      title={t('error.unavailable.title')}
      subTitle={errorText(error)}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}

/** A failed load inside a screen, with a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, errorText } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.loadFailed')}
      description={errorText(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
