/**
 * `/online/me`: the signed-in citizen's account. The number, the real-name binding (a form to bind
 * name and resident ID once, the ID checked as typed with GB 11643 and shown masked after), the
 * businesses they act for (a legal representative adds and removes handlers) and sign-out.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { bindingLabels, businessRoleLabels, checkResidentIdForBinding, isMobile } from '../../../../src/domain/online-identity.ts';
import { isValidUscc } from '../../../../src/domain/uscc.ts';
import { isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../shared/resource.ts';
import { FullPageSpin } from '../../shared/states.tsx';
import { actingChoice, chooseActing } from '../online/acting.ts';
import { onlineApi, onlinePaths, type Account, type Business, type Handler } from './model.ts';
import { OnlineLayout } from './OnlineLayout.tsx';

const bindingColors = { unbound: 'default', unverified: 'orange', verified: 'green' } as const;
const today = () => new Date().toISOString().slice(0, 10);

function BindForm({ onBound }: { onBound: (account: Account) => void }) {
  const { t, errorText } = useI18n();
  const [form] = Form.useForm<{ name: string; residentId: string }>();
  const action = useAction();
  const [saving, setSaving] = useState(false);
  const typed = Form.useWatch('residentId', form) ?? '';
  const check = typed.trim().length === 18 ? checkResidentIdForBinding(typed, today()) : null;
  const submit = async (values: { name: string; residentId: string }) => {
    setSaving(true);
    try {
      onBound(await onlineApi.bind(action, values.name.trim(), values.residentId.trim()));
    } catch (error) {
      const field = isApiError(error) ? (error.details as { field?: string }[] | undefined)?.[0]?.field : undefined;
      form.setFields([{ name: field === 'name' ? 'name' : 'residentId', errors: [errorText(error)] }]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)}>
      <Typography.Paragraph type="secondary">{t('online.bind.intro')}</Typography.Paragraph>
      <Form.Item name="name" label={t('online.bind.name')} rules={[{ required: true, whitespace: true, message: t('online.bind.nameRequired') }]}>
        <Input size="large" maxLength={50} autoComplete="name" placeholder={t('online.bind.namePlaceholder')} data-testid="bind-name" />
      </Form.Item>
      <Form.Item
        name="residentId"
        label={t('online.bind.residentId')}
        validateStatus={check ? (check.ok ? 'success' : 'error') : undefined}
        hasFeedback={check !== null}
        help={check && !check.ok ? t('online.bind.residentIdInvalid') : check?.ok ? t('online.bind.residentIdValid') : undefined}
        rules={[{ validator: async (_rule, value: string | undefined) => (checkResidentIdForBinding(value ?? '', today()).ok ? undefined : Promise.reject(new Error(t('online.bind.residentIdInvalid')))) }]}
      >
        <Input size="large" maxLength={18} autoComplete="off" placeholder={t('online.bind.residentIdPlaceholder')} data-testid="bind-resident-id" />
      </Form.Item>
      <Button type="primary" size="large" htmlType="submit" block loading={saving} data-testid="bind-submit">
        {t('online.bind.submit')}
      </Button>
    </Form>
  );
}

function Handlers({ business }: { business: Business }) {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const [handlers, setHandlers] = useState<Handler[] | null>(null);
  const [form] = Form.useForm<{ phone: string }>();
  const addAction = useAction();
  const removeAction = useAction();
  const load = useCallback(() => onlineApi.handlers(business.applicantId).then(setHandlers), [business.applicantId]);
  useEffect(() => {
    void load();
  }, [load]);
  const add = async ({ phone }: { phone: string }) => {
    try {
      await onlineApi.addHandler(addAction, business.applicantId, phone.trim());
      void message.success(t('online.biz.handlerAdded'));
      form.resetFields();
      await load();
    } catch (error) {
      form.setFields([{ name: 'phone', errors: [errorText(error)] }]);
    }
  };
  const remove = async (handler: Handler) => {
    try {
      await onlineApi.removeHandler(removeAction, business.applicantId, handler.id);
      void message.success(t('online.biz.removed'));
      await load();
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  return (
    <div style={{ marginTop: 8 }}>
      <Typography.Text strong>{t('online.biz.handlers')}</Typography.Text>
      <List
        size="small"
        dataSource={handlers ?? []}
        loading={handlers === null}
        data-testid="handler-list"
        renderItem={(h) => (
          <List.Item
            actions={
              h.role === 'handler'
                ? [
                    <Popconfirm key="remove" title={t('online.biz.removeConfirm')} onConfirm={() => void remove(h)}>
                      <Button size="small" danger>
                        {t('online.biz.remove')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space wrap size={4}>
              <span>{h.name}</span>
              <Typography.Text type="secondary">{h.phone}</Typography.Text>
              <Tag>{pick(businessRoleLabels[h.role])}</Tag>
            </Space>
          </List.Item>
        )}
      />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void add(values)} style={{ marginTop: 8 }}>
        <Form.Item
          name="phone"
          label={t('online.biz.handlerPhone')}
          extra={t('online.biz.handlerPhoneHint')}
          rules={[{ validator: async (_rule, value: string | undefined) => (isMobile((value ?? '').trim()) ? undefined : Promise.reject(new Error(t('online.login.phoneInvalid')))) }]}
        >
          <Space.Compact style={{ width: '100%' }}>
            <Input inputMode="numeric" maxLength={11} placeholder={t('online.login.phonePlaceholder')} data-testid="handler-phone" />
            <Button type="primary" htmlType="submit" data-testid="handler-add">
              {t('online.biz.addHandler')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </div>
  );
}

function Businesses({ account }: { account: Account }) {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const [businesses, setBusinesses] = useState<Business[] | null>(null);
  const [form] = Form.useForm<{ uscc: string; name?: string }>();
  const action = useAction();
  const [saving, setSaving] = useState(false);
  const typed = (Form.useWatch('uscc', form) ?? '').trim().toUpperCase();
  const load = useCallback(() => onlineApi.businesses().then(setBusinesses), []);
  useEffect(() => {
    void load();
  }, [load]);
  if (!account.person) return <Typography.Paragraph type="secondary">{t('online.biz.needBinding')}</Typography.Paragraph>;
  const register = async (values: { uscc: string; name?: string }) => {
    setSaving(true);
    try {
      await onlineApi.registerBusiness(action, values.uscc.trim().toUpperCase(), values.name?.trim() || undefined);
      void message.success(t('online.biz.registered'));
      form.resetFields();
      await load();
    } catch (error) {
      const field = isApiError(error) ? (error.details as { field?: string }[] | undefined)?.[0]?.field : undefined;
      form.setFields([{ name: field === 'name' ? 'name' : 'uscc', errors: [errorText(error)] }]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      {businesses && businesses.length === 0 ? <Typography.Paragraph type="secondary">{t('online.biz.none')}</Typography.Paragraph> : null}
      {(businesses ?? []).map((b) => (
        <Card key={b.applicantId} size="small" style={{ marginBottom: 12 }} data-testid="business-card">
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Text strong>{b.name}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('online.biz.uscc')}
            </Typography.Text>
            <Typography.Text style={{ fontVariantNumeric: 'tabular-nums', letterSpacing: 0.5 }}>{b.uscc}</Typography.Text>
            <span>
              {t('online.biz.role')}: <Tag color={b.role === 'legal_representative' ? 'blue' : 'default'}>{pick(businessRoleLabels[b.role])}</Tag>
            </span>
          </Space>
          {b.role === 'legal_representative' ? <Handlers business={b} /> : null}
        </Card>
      ))}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void register(values)}>
        <Typography.Text strong>{t('online.biz.register')}</Typography.Text>
        <Form.Item
          name="uscc"
          label={t('online.biz.uscc')}
          validateStatus={typed.length === 18 ? (isValidUscc(typed) ? 'success' : 'error') : undefined}
          help={typed.length === 18 && !isValidUscc(typed) ? t('online.biz.usccInvalid') : undefined}
          rules={[{ validator: async (_rule, value: string | undefined) => (isValidUscc((value ?? '').trim().toUpperCase()) ? undefined : Promise.reject(new Error(t('online.biz.usccInvalid')))) }]}
          style={{ marginTop: 8 }}
        >
          <Input maxLength={18} placeholder={t('online.biz.usccPlaceholder')} data-testid="business-uscc" />
        </Form.Item>
        <Form.Item name="name" label={t('online.biz.name')}>
          <Input maxLength={100} placeholder={t('online.biz.namePlaceholder')} data-testid="business-name" />
        </Form.Item>
        <Button htmlType="submit" block loading={saving} data-testid="business-register">
          {t('online.biz.register')}
        </Button>
      </Form>
    </>
  );
}

export default function OnlineAccountPage() {
  const { t, pick, errorText } = useI18n();
  const navigate = useNavigate();
  const [account, setAccount] = useState<Account | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const signOutAction = useAction();

  useEffect(() => {
    const failed = (error: unknown) => {
      if (isApiError(error) && error.status === 401) navigate(onlinePaths.login, { replace: true });
      // A staff session in this browser wins over the applicant's (403): say so rather than loop through sign-in.
      else setFailure(errorText(error));
    };
    onlineApi.me().then(setAccount, (error: unknown) => {
      // A business chosen in 网上办事 that no longer lets this person act for it: the account is the person's own.
      if (isApiError(error) && error.status === 403 && actingChoice()) {
        chooseActing(null);
        onlineApi.me().then(setAccount, failed);
      } else failed(error);
    });
  }, [navigate, errorText]);

  if (failure)
    return (
      <OnlineLayout>
        <Alert type="warning" showIcon title={failure} />
      </OnlineLayout>
    );
  if (!account) return <FullPageSpin />;
  const signOut = async () => {
    await onlineApi.signOut(signOutAction).catch(() => undefined);
    chooseActing(null);
    navigate(onlinePaths.login, { replace: true });
  };
  return (
    <OnlineLayout>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {/* On to 网上办事: what one can apply for, and one's cases. */}
        <div style={{ display: 'flex', gap: 8 }}>
          <Link to="/online" style={{ flex: 1 }}>
            <Button type="primary" size="large" block data-testid="online-go-apply">
              {t('online.nav.apply')}
            </Button>
          </Link>
          <Link to="/online/cases" style={{ flex: 1 }}>
            <Button size="large" block>
              {t('online.nav.mine')}
            </Button>
          </Link>
        </div>
        <Card
          title={<span style={{ fontSize: 18 }}>{t('online.me.title')}</span>}
          extra={
            <Button onClick={() => void signOut()} data-testid="online-sign-out">
              {t('online.me.signOut')}
            </Button>
          }
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('online.me.phone')}>{account.phone}</Descriptions.Item>
            <Descriptions.Item label={t('online.me.binding')}>
              <Tag color={bindingColors[account.binding]} data-testid="binding-state" data-state={account.binding}>
                {pick(bindingLabels[account.binding])}
              </Tag>
            </Descriptions.Item>
            {account.person ? (
              <Descriptions.Item label={t('online.me.person')}>
                <span data-testid="bound-person">
                  {account.person.name} {account.person.idMasked}
                </span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {account.binding === 'unverified' ? <Alert type="info" showIcon title={t('online.me.unverifiedHint')} /> : null}
        </Card>
        {account.binding === 'unbound' ? (
          <Card title={t('online.bind.title')}>
            <BindForm onBound={setAccount} />
          </Card>
        ) : null}
        <Card title={t('online.biz.title')}>
          <Businesses account={account} />
        </Card>
      </Space>
    </OnlineLayout>
  );
}
