import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n.tsx';
import { paths } from './paths.ts';

/** Shown in place of a screen the signed-in user has no grant for. */
export function ForbiddenPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('error.forbidden.title')}
      subTitle={t('error.forbidden.detail')}
      extra={
        <Button type="primary" onClick={() => navigate(paths.home)}>
          {t('error.backHome')}
        </Button>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('error.notFound.title')}
      subTitle={t('error.notFound.detail')}
      extra={
        <Button type="primary" onClick={() => navigate(paths.home)}>
          {t('error.backHome')}
        </Button>
      }
    />
  );
}
