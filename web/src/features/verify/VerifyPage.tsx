/**
 * 电子证照核验: the public page a licence's QR code opens. It asks the server afresh on every visit
 * and says, large and in both languages, whether the licence is valid — the SM2 signature
 * verifies, the record is as it was signed, and it has not been revoked — and why not if not,
 * followed by the licence's facts to compare with the paper or screen in hand. No sign-in.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Collapse, Descriptions, Form, Input, Skeleton, Space, Typography, type DescriptionsProps } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { identifierFromInput, invalidVerdict, opensslCommands, reasonText, verdictText, verifyApiPath, verifyPagePath, type LicenceVerification, type PublicLicence, type SignedBlock } from './model.ts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', wordBreak: 'break-all' } as const;

type State = { status: 'loading' } | { status: 'done'; result: LicenceVerification } | { status: 'failed'; error: unknown };

function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function Verdict({ result }: { result: LicenceVerification }) {
  const good = result.valid;
  const colors = good ? { background: '#f6ffed', border: '#95de64', text: '#237804' } : { background: '#fff1f0', border: '#ff7875', text: '#cf1322' };
  const Icon = good ? CheckCircleFilled : CloseCircleFilled;
  const verdict = good ? verdictText.valid : (invalidVerdict[result.reason] ?? verdictText.invalid);
  const reason = reasonText[result.reason];
  return (
    <section
      role="status"
      data-testid="verify-verdict"
      data-valid={String(good)}
      data-reason={result.reason}
      style={{ background: colors.background, border: `2px solid ${colors.border}`, borderRadius: 12, padding: '24px 20px', textAlign: 'center' }}
    >
      <Icon aria-hidden style={{ fontSize: 64, color: colors.text }} />
      <div style={{ fontSize: 32, fontWeight: 700, color: colors.text, marginTop: 8, lineHeight: 1.3 }}>
        <span lang="zh-CN">{verdict.zh}</span> <span style={{ fontWeight: 500 }}>/</span> <span lang="en">{verdict.en}</span>
      </div>
      <p lang="zh-CN" style={{ fontSize: 16, margin: '12px 0 2px' }}>
        {reason.zh}
      </p>
      <p lang="en" style={{ fontSize: 14, color: '#5b6b82', margin: 0 }}>
        {reason.en}
      </p>
    </section>
  );
}

function LicenceFacts({ licence, valid }: { licence: PublicLicence; valid: boolean }) {
  const { t, formatDateTime } = useI18n();
  const items: DescriptionsProps['items'] = [
    { key: 'holder', label: t('verify.holder'), children: licence.holderRef ? `${licence.holderName}(${licence.holderRef})` : licence.holderName },
    { key: 'type', label: t('verify.licenceType'), children: licence.licenceType },
    { key: 'issuer', label: t('verify.issuer'), children: licence.issuer },
    ...(licence.issuerUscc ? [{ key: 'issuerUscc', label: t('verify.issuerUscc'), children: <span style={mono}>{licence.issuerUscc}</span> }] : []),
    { key: 'issuedOn', label: t('verify.issuedOn'), children: licence.issuedOn },
    { key: 'validUntil', label: t('verify.validUntil'), children: licence.validUntil ?? t('verify.longTerm') },
    { key: 'caseNo', label: t('verify.caseNo'), children: licence.caseNo ?? t('verify.noCase') },
    ...(licence.version !== undefined ? [{ key: 'version', label: t('verify.version'), children: String(licence.version).padStart(3, '0') }] : []),
    ...(licence.licenceTypeCode ? [{ key: 'typeCode', label: t('verify.typeCode'), children: <span style={mono}>{licence.licenceTypeCode}</span> }] : []),
    {
      key: 'identifier',
      label: t('verify.identifier'),
      children: (
        <Typography.Text copyable style={mono} data-testid="verify-identifier">
          {licence.identifier}
        </Typography.Text>
      ),
    },
  ];
  if (licence.status === 'revoked' || licence.revokedAt) {
    items.push(
      { key: 'revokedAt', label: t('verify.revokedAt'), children: licence.revokedAt ? formatDateTime(licence.revokedAt) : '—' },
      { key: 'revokedReason', label: t('verify.revokedReason'), children: <span data-testid="verify-revoked-reason">{licence.revokedReason || '—'}</span> },
    );
  }
  const versionLink = (identifier: string, testId: string) => (
    <Link to={verifyPagePath(identifier)} style={mono} data-testid={testId}>
      {identifier}
    </Link>
  );
  if (licence.replacedBy) items.push({ key: 'replacedBy', label: t('verify.replacedBy'), children: versionLink(licence.replacedBy, 'verify-replaced-by') });
  if (licence.replaces) items.push({ key: 'replaces', label: t('verify.replaces'), children: versionLink(licence.replaces, 'verify-replaces') });
  const expired = valid && licence.validUntil !== null && licence.validUntil < localToday();
  return (
    <div style={{ marginTop: 20 }}>
      {expired && <Alert type="warning" showIcon title={t('verify.expired', { date: licence.validUntil! })} style={{ marginBottom: 12 }} />}
      {!valid && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('verify.recordNote')}
        </Typography.Paragraph>
      )}
      <Descriptions bordered column={1} size="middle" items={items} styles={{ label: { width: 120 }, content: { background: '#fff', minWidth: 0 } }} />
    </div>
  );
}

/** The signed bytes, signature and key: enough to check the licence with openssl, without us. */
function SelfCheck({ signed }: { signed: SignedBlock }) {
  const { t } = useI18n();
  const block = { ...mono, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, background: '#f6f8fa', padding: 8, borderRadius: 4, margin: 0 } as const;
  const commands = opensslCommands(signed, window.location.origin);
  const items: DescriptionsProps['items'] = [
    { key: 'algorithm', label: t('verify.algorithm'), children: `${signed.algorithm} (GB/T 32918.2)` },
    { key: 'userId', label: t('verify.userId'), children: <span style={mono}>{signed.userId}</span> },
    {
      key: 'keyId',
      label: t('verify.keyId'),
      children: (
        <Space direction="vertical" size={2}>
          <Typography.Text copyable style={mono}>
            {signed.keyId}
          </Typography.Text>
          <a href={signed.keyUrl} target="_blank" rel="noopener" data-testid="verify-key-url">
            {t('verify.publicKey')}
          </a>
        </Space>
      ),
    },
    {
      key: 'signature',
      label: t('verify.signature', { encoding: signed.signatureEncoding }),
      children: (
        <Typography.Paragraph copyable={{ text: signed.signature }} style={{ margin: 0 }}>
          <pre style={block} data-testid="verify-signature">
            {signed.signature}
          </pre>
        </Typography.Paragraph>
      ),
    },
    {
      key: 'payload',
      label: t('verify.payload'),
      children: (
        <Typography.Paragraph copyable={{ text: signed.payload }} style={{ margin: 0 }}>
          <pre style={block} data-testid="verify-payload">
            {signed.payload}
          </pre>
        </Typography.Paragraph>
      ),
    },
    {
      key: 'openssl',
      label: t('verify.opensslCommands'),
      children: (
        <Typography.Paragraph copyable={{ text: commands }} style={{ margin: 0 }}>
          <pre style={block} data-testid="verify-openssl">
            {commands}
          </pre>
        </Typography.Paragraph>
      ),
    },
  ];
  return (
    <Collapse
      style={{ marginTop: 20, background: '#fff' }}
      data-testid="verify-self-check"
      items={[
        {
          key: 'self',
          label: (
            <span>
              {t('verify.selfCheck')}{' '}
              <span lang="en" style={{ color: '#5b6b82' }}>
                / verify it yourself
              </span>
            </span>
          ),
          children: (
            <>
              <Typography.Paragraph type="secondary">{t('verify.selfCheckIntro')}</Typography.Paragraph>
              <Descriptions bordered column={1} size="small" layout="vertical" items={items} />
            </>
          ),
        },
      ]}
    />
  );
}

/** Type or paste an identifier (or a whole verification address) and go to its page. */
function IdentifierBox({ current }: { current: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ identifier: string }>();
  useEffect(() => form.setFieldsValue({ identifier: current }), [current, form]);
  const submit = ({ identifier }: { identifier: string }) => {
    const cleaned = identifierFromInput(identifier ?? '');
    if (cleaned) navigate(verifyPagePath(cleaned));
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ marginBottom: 20 }} initialValues={{ identifier: current }}>
      <Form.Item label={t('verify.boxLabel')} extra={t('verify.boxIntro')} style={{ marginBottom: 0 }} htmlFor="verify-identifier">
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item
            name="identifier"
            noStyle
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  if (!identifierFromInput(value ?? '')) throw new Error(t('verify.boxRequired'));
                },
              },
            ]}
          >
            <Input id="verify-identifier" size="large" allowClear placeholder={t('verify.boxPlaceholder')} autoComplete="off" spellCheck={false} style={mono} data-testid="verify-input" aria-label={t('verify.boxLabel')} />
          </Form.Item>
          <Button size="large" type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} data-testid="verify-submit">
            {t('verify.boxSubmit')}
          </Button>
        </Space.Compact>
      </Form.Item>
    </Form>
  );
}

export default function VerifyPage() {
  const { identifier = '' } = useParams();
  const { t } = useI18n();
  const [state, setState] = useState<State | { status: 'idle' }>(identifier ? { status: 'loading' } : { status: 'idle' });

  const load = useCallback(
    (signal?: AbortSignal) => {
      if (!identifier) {
        setState({ status: 'idle' });
        return;
      }
      setState({ status: 'loading' });
      api.get<LicenceVerification>(verifyApiPath(identifier), { signal }).then(
        (result) => setState({ status: 'done', result }),
        (error: unknown) => {
          if (!signal?.aborted) setState({ status: 'failed', error });
        },
      );
    },
    [identifier],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // After the language provider's own effect, which sets the app's title on every switch.
  useEffect(() => {
    let previous: string | null = null;
    const timer = window.setTimeout(() => {
      previous = document.title;
      document.title = t('verify.brand');
    });
    return () => {
      window.clearTimeout(timer);
      if (previous !== null) document.title = previous;
    };
  }, [t]);

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f3f5f9' }}>
      <header style={{ background: '#0f2f5c', color: '#fff' }}>
        <div style={{ maxWidth: 760, margin: '0 auto', padding: '10px 20px', display: 'flex', alignItems: 'center', gap: 10, boxSizing: 'border-box' }}>
          <img src="/favicon.svg" alt="" width={30} height={30} />
          <span style={{ marginRight: 'auto', lineHeight: 1.2 }}>
            <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 1 }}>{t('verify.brand')}</span>
            <br />
            <span style={{ fontSize: 12, opacity: 0.75 }}>{t('verify.brandSub')}</span>
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main style={{ flex: 1, width: '100%', maxWidth: 760, margin: '0 auto', padding: '20px 16px 40px', boxSizing: 'border-box' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: '0 0 16px' }}>
          {t('verify.title')}
        </Typography.Title>
        <IdentifierBox current={identifier} />
        {state.status === 'loading' && <Skeleton active paragraph={{ rows: 6 }} />}
        {state.status === 'failed' && <LoadError error={state.error} onRetry={() => load()} />}
        {state.status === 'done' && (
          <>
            <Verdict result={state.result} />
            {state.result.licence && <LicenceFacts licence={state.result.licence} valid={state.result.valid} />}
            {state.result.signed && <SelfCheck signed={state.result.signed} />}
          </>
        )}
      </main>
      <footer style={{ textAlign: 'center', color: '#5b6b82', fontSize: 12, padding: '16px 16px 24px' }}>{t('verify.footer')}</footer>
    </div>
  );
}
