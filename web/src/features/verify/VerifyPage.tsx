/**
 * 电子证照核验: the public page a licence's QR code opens. It asks the server afresh on every visit
 * and says, large and in both languages, whether the licence is valid — the SM2 signature
 * verifies, the record is as it was signed, and it has not been revoked — and why not if not,
 * followed by the licence's facts to compare with the paper or screen in hand. No sign-in.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Descriptions, Skeleton, Typography, type DescriptionsProps } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useParams } from 'react-router';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { reasonText, verdictText, verifyApiPath, type LicenceVerification, type PublicLicence } from './model.ts';

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
  const verdict = good ? verdictText.valid : verdictText.invalid;
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
    { key: 'issuedOn', label: t('verify.issuedOn'), children: licence.issuedOn },
    { key: 'validUntil', label: t('verify.validUntil'), children: licence.validUntil ?? t('verify.longTerm') },
    { key: 'caseNo', label: t('verify.caseNo'), children: licence.caseNo ?? t('verify.noCase') },
    {
      key: 'identifier',
      label: t('verify.identifier'),
      children: (
        <Typography.Text copyable style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', wordBreak: 'break-all' }}>
          {licence.identifier}
        </Typography.Text>
      ),
    },
  ];
  if (licence.status === 'revoked') {
    items.push(
      { key: 'revokedAt', label: t('verify.revokedAt'), children: licence.revokedAt ? formatDateTime(licence.revokedAt) : '—' },
      { key: 'revokedReason', label: t('verify.revokedReason'), children: licence.revokedReason || '—' },
    );
  }
  const expired = valid && licence.validUntil !== null && licence.validUntil < localToday();
  return (
    <div style={{ marginTop: 20 }}>
      {expired && <Alert type="warning" showIcon title={t('verify.expired', { date: licence.validUntil! })} style={{ marginBottom: 12 }} />}
      {!valid && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('verify.recordNote')}
        </Typography.Paragraph>
      )}
      <Descriptions bordered column={1} size="middle" items={items} styles={{ label: { width: 120, whiteSpace: 'nowrap' }, content: { background: '#fff' } }} />
    </div>
  );
}

export default function VerifyPage() {
  const { identifier = '' } = useParams();
  const { t } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });

  const load = useCallback(
    (signal?: AbortSignal) => {
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
        {state.status === 'loading' && <Skeleton active paragraph={{ rows: 6 }} />}
        {state.status === 'failed' && <LoadError error={state.error} onRetry={() => load()} />}
        {state.status === 'done' && (
          <>
            <Verdict result={state.result} />
            {state.result.licence && <LicenceFacts licence={state.result.licence} valid={state.result.valid} />}
          </>
        )}
      </main>
      <footer style={{ textAlign: 'center', color: '#5b6b82', fontSize: 12, padding: '16px 16px 24px' }}>{t('verify.footer')}</footer>
    </div>
  );
}
