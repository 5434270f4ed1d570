/** Staff sign-in. Enter submits; the server's message (wrong password, too many attempts) shows inline. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { paths } from '../../app/paths.ts';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { FullPageSpin } from '../../shared/states.tsx';
import { PublicLinks } from '../../shared/PublicLinks.tsx';

interface LoginForm {
  username: string;
  password: string;
}

interface LoginState {
  from?: string;
  expired?: boolean;
}

function safeReturnPath(from: string | undefined): string {
  // Only paths inside the app: never an absolute URL handed in through history state.
  return from?.startsWith('/') && !from.startsWith('//') && !from.startsWith(paths.login) ? from : paths.home;
}

export function LoginPage() {
  const { t, errorText } = useI18n();
  const { state, signIn } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const routeState = (location.state ?? {}) as LoginState;
  const returnTo = safeReturnPath(routeState.from);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'signed-in' && !submitting) return <Navigate to={returnTo} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(values.username.trim(), values.password);
      navigate(returnTo, { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #e8f0fc 0%, #f3f5f9 55%, #fdf3e7 100%)',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: '100%', maxWidth: 400, boxShadow: '0 8px 24px rgba(31, 95, 191, 0.12)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={2} style={{ margin: '8px 0 0' }}>
            一窗通 <span style={{ fontWeight: 400, color: '#5b6b82' }}>OneWindow</span>
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.tagline')}</Typography.Text>
        </div>
        {routeState.expired && !error ? <Alert type="info" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" /> : null}
        <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      {/* Applicants who land here are looking for the public pages, which need no sign-in. */}
      <PublicLinks style={{ marginTop: 16, maxWidth: 400 }} />
      <Typography.Text type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {t('login.footer')}
      </Typography.Text>
    </div>
  );
}
