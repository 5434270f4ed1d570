/**
 * `/online/login`: a citizen signs in with a mobile number and a text-message code (the first
 * sign-in registers the number), or through the province's identity platform when it is set up.
 * The resend button counts down the server's wait; errors show beside the field they concern.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Space, Typography } from 'antd';
import { MobileOutlined, SafetyOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isMobile } from '../../../../src/domain/online-identity.ts';
import { isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction, useResource } from '../../shared/resource.ts';
import { chooseActing } from '../online/acting.ts';
import { onlineApi, onlinePaths, type OnlineOptions } from './model.ts';
import { OnlineLayout } from './OnlineLayout.tsx';

interface LoginForm {
  phone: string;
  code: string;
}

export default function OnlineLoginPage() {
  const { t, errorText } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const options = useResource<OnlineOptions>('/api/applicant/options');
  const [form] = Form.useForm<LoginForm>();
  const sendAction = useAction();
  const signInAction = useAction();
  const [countdown, setCountdown] = useState(0);
  const [sending, setSending] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [notice, setNotice] = useState<{ text: string; demoCode?: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = window.setTimeout(() => setCountdown((n) => n - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [countdown]);

  const fieldError = (field: keyof LoginForm, error: unknown) => form.setFields([{ name: field, errors: [errorText(error)] }]);

  const send = async () => {
    setFailure(null);
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    setSending(true);
    try {
      const sent = await onlineApi.sendCode(sendAction, form.getFieldValue('phone').trim());
      setCountdown(sent.resendAfterSeconds);
      setNotice({ text: t('online.login.sent'), demoCode: sent.demoCode });
    } catch (error) {
      if (isApiError(error) && error.status === 429) {
        const wait = Number((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 0);
        if (wait > 0 && wait <= 120) setCountdown(wait);
      }
      fieldError('phone', error);
    } finally {
      setSending(false);
    }
  };

  const submit = async (values: LoginForm) => {
    setFailure(null);
    setSigningIn(true);
    try {
      const signed = await onlineApi.signIn(signInAction, values.phone.trim(), values.code.trim());
      // Whoever signs in starts by acting for themselves, never for a business chosen earlier in this tab.
      chooseActing(null);
      // Back to the online page that asked for the sign-in (?next=, only an /online path), once the
      // real name is bound; an unbound account goes to its page to bind first.
      const next = params.get('next');
      const back = next && /^\/online(\/|$)/.test(next) && !next.startsWith('/online/login') ? next : null;
      navigate(back && signed.account.binding !== 'unbound' ? back : onlinePaths.me, { replace: true });
    } catch (error) {
      if (isApiError(error) && error.code === 'CODE_INVALID') fieldError('code', error);
      else if (isApiError(error) && (error.details as { field?: string }[] | undefined)?.[0]?.field === 'phone') fieldError('phone', error);
      else setFailure(errorText(error));
    } finally {
      setSigningIn(false);
    }
  };

  const oidcError = params.get('error') ? (params.get('message') ?? t('online.login.oidcFailed')) : null;

  return (
    <OnlineLayout>
      <Card style={{ maxWidth: 440, margin: '8px auto 0' }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('online.login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('online.login.intro')}</Typography.Paragraph>
        {oidcError ? <Alert type="error" showIcon title={oidcError} style={{ marginBottom: 16 }} /> : null}
        {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} /> : null}
        <Form<LoginForm> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
          <Form.Item name="phone" label={t('online.login.phone')} rules={[{ validator: async (_rule, value: string | undefined) => (isMobile((value ?? '').trim()) ? undefined : Promise.reject(new Error(t('online.login.phoneInvalid')))) }]}>
            <Input size="large" prefix={<MobileOutlined />} inputMode="numeric" autoComplete="tel" maxLength={11} placeholder={t('online.login.phonePlaceholder')} data-testid="online-phone" />
          </Form.Item>
          <Form.Item name="code" label={t('online.login.code')} rules={[{ pattern: /^\s*\d{6}\s*$/, required: true, message: t('online.login.codeInvalid') }]}>
            <Space.Compact style={{ width: '100%' }}>
              <Input size="large" prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder={t('online.login.codePlaceholder')} data-testid="online-code" />
              <Button size="large" onClick={() => void send()} disabled={countdown > 0} loading={sending} data-testid="online-send-code" style={{ minWidth: 132 }}>
                {countdown > 0 ? t('online.login.resend', { n: countdown }) : t('online.login.send')}
              </Button>
            </Space.Compact>
          </Form.Item>
          {notice ? (
            <Alert
              type={notice.demoCode ? 'warning' : 'success'}
              showIcon
              style={{ marginBottom: 16 }}
              title={
                notice.demoCode ? (
                  <span data-testid="online-demo-code" data-code={notice.demoCode}>
                    {t('online.login.demoCode', { code: notice.demoCode })}
                  </span>
                ) : (
                  notice.text
                )
              }
            />
          ) : null}
          <Button type="primary" size="large" htmlType="submit" block loading={signingIn} data-testid="online-sign-in">
            {t('online.login.submit')}
          </Button>
        </Form>
        {options.data?.oidc ? (
          <>
            <Divider plain>{t('online.login.or')}</Divider>
            <Button size="large" block href="/api/applicant/oidc/start" onClick={() => chooseActing(null)}>
              {t('online.login.oidc')}
            </Button>
          </>
        ) : null}
        <div style={{ marginTop: 20, textAlign: 'center' }}>
          <Link to="/login">{t('online.login.staff')}</Link>
        </div>
      </Card>
    </OnlineLayout>
  );
}
