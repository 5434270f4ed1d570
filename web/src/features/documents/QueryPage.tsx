/**
 * `/query`: the public progress query behind the QR code on a notice. The applicant enters the
 * case number and the query password from the acceptance notice (both may come in the address:
 * `/query?caseNo=…&password=…`) and sees the item, where it stands, the promised date and every
 * step so far in their own words (the server builds them: src/domain/citizen-progress.ts), and,
 * once decided, where and how to collect the result. No sign-in; reads well on a phone.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, List, Tag, Timeline, Typography, type DescriptionsProps } from 'antd';
import { EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import type { CaseStatus } from '../../../../src/domain/case-lifecycle.ts';
import { request } from '../../api.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { LicencePdfButton } from '../verify/LicencePdfButton.tsx';
import { verifyPagePath } from '../verify/model.ts';
import { caseApi, type PublicProgress } from './model.ts';

interface QueryForm {
  caseNo: string;
  password: string;
}

type State = { status: 'idle' } | { status: 'loading' } | { status: 'done'; progress: PublicProgress; password: string } | { status: 'failed'; error: unknown };

const statusColors: Partial<Record<CaseStatus, string>> = {
  submitted: 'processing',
  accepted: 'processing',
  in_review: 'processing',
  needs_correction: 'warning',
  suspended: 'warning',
  concluded: 'success',
  delivered: 'success',
  archived: 'success',
  refused: 'error',
  terminated: 'error',
};

type CitizenStep = PublicProgress['steps'][number];

/** One step in the applicant's words; a delivery says how it reached them. */
function stepWords(step: CitizenStep, { t, has }: Pick<I18n, 't' | 'has'>): { title: string; detail: string | null } {
  const decided = `query.step.decided.${step.outcome}`;
  const title = step.step === 'decided' && has(decided) ? t(decided) : t(`query.step.${step.step}`);
  const delivery = step.delivery;
  const detail = delivery ? t(`query.delivery.${delivery.method}`, { company: delivery.company ?? '', trackingNo: delivery.trackingNo ?? '' }) : null;
  return { title, detail };
}

function Progress({ progress, password }: { progress: PublicProgress; password: string }) {
  const { t, has, formatDateTime } = useI18n();
  const items: DescriptionsProps['items'] = [
    { key: 'caseNo', label: t('query.caseNo'), children: <span data-testid="query-case-no">{progress.caseNo}</span> },
    { key: 'item', label: t('query.item'), children: <span data-testid="query-item">{progress.itemName}</span> },
    {
      key: 'status',
      label: t('query.status'),
      children: (
        <Tag color={statusColors[progress.status] ?? 'default'} data-testid="query-status" data-status={progress.status} style={{ fontSize: 14, padding: '2px 10px' }}>
          {t(`query.state.${progress.status}`)}
        </Tag>
      ),
    },
    // The contract sends the outcome as a string; the two this page has words for are shown.
    ...(progress.outcome === 'approved' || progress.outcome === 'rejected' ? [{ key: 'outcome', label: t('query.outcome'), children: <span data-testid="query-outcome">{t(`query.outcome.${progress.outcome}`)}</span> }] : []),
    { key: 'receivedAt', label: t('query.receivedAt'), children: formatDateTime(progress.receivedAt) },
    { key: 'dueDate', label: t('query.dueDate'), children: <span data-testid="query-due-date">{progress.dueDate ?? t('query.noDueDate')}</span> },
  ];
  const last = progress.steps.length - 1;
  return (
    <Card style={{ marginTop: 16 }} data-testid="query-result">
      <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="middle" items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
      <Typography.Title level={2} style={{ fontSize: 17, margin: '20px 0 12px' }}>
        {t('query.steps')}
      </Typography.Title>
      {progress.steps.length === 0 ? (
        <Typography.Text type="secondary">{t('query.noSteps')}</Typography.Text>
      ) : (
        <Timeline
          data-testid="query-steps"
          items={progress.steps.map((step, index) => {
            const words = stepWords(step, { t, has });
            return {
              key: `${index}-${step.step}`,
              color: index === last ? 'blue' : 'gray',
              content: (
                <div data-testid="query-step" data-step={step.step}>
                  <div style={{ fontWeight: index === last ? 600 : 400 }} data-testid="query-step-label">
                    {words.title}
                  </div>
                  {words.detail ? <div data-testid="query-step-detail">{words.detail}</div> : null}
                  <div style={{ color: '#5b6b82', fontSize: 12 }}>{formatDateTime(step.at)}</div>
                </div>
              ),
            };
          })}
        />
      )}
      {progress.collect ? (
        <Alert
          type="success"
          showIcon
          icon={<EnvironmentOutlined />}
          data-testid="query-collect"
          style={{ marginTop: 8 }}
          title={t('query.collect.title')}
          description={
            <div>
              <div>
                {t('query.collect.where')}:{progress.collect.name}
                {progress.collect.address ? ` · ${progress.collect.address}` : ''}
              </div>
              {progress.collect.openingHours ? (
                <div>
                  {t('query.collect.hours')}:{progress.collect.openingHours}
                </div>
              ) : null}
              {progress.collect.phone ? (
                <div>
                  {t('query.collect.phone')}:<a href={`tel:${progress.collect.phone}`}>{progress.collect.phone}</a>
                </div>
              ) : null}
              <div style={{ marginTop: 4 }}>{t('query.collect.how')}</div>
            </div>
          }
        />
      ) : null}
      {progress.licences.length > 0 ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 17, margin: '20px 0 12px' }}>
            {t('query.licences')}
          </Typography.Title>
          <List
            data-testid="query-licences"
            dataSource={progress.licences}
            renderItem={(licence) => (
              <List.Item key={licence.identifier} style={{ display: 'block' }}>
                <div style={{ fontWeight: 600 }}>{licence.licenceType}</div>
                <div style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12, wordBreak: 'break-all', color: '#5b6b82', margin: '2px 0 8px' }}>
                  <Link to={verifyPagePath(licence.identifier)}>{licence.identifier}</Link>
                </div>
                <LicencePdfButton licence={licence} holder={{ caseNo: progress.caseNo, password }} size="middle" />
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Card>
  );
}

export default function QueryPage() {
  const { t, errorText } = useI18n();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<QueryForm>();
  const [state, setState] = useState<State>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const initial = useRef<QueryForm>({ caseNo: params.get('caseNo')?.trim() ?? '', password: params.get('password')?.trim() ?? '' });

  const query = useCallback(
    (values: QueryForm) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setState({ status: 'loading' });
      // Keep the case number shareable in the address, never the password.
      setParams({ caseNo: values.caseNo.trim() }, { replace: true });
      request<PublicProgress>('POST', caseApi.publicQueryPath, {
        body: { caseNo: values.caseNo.trim(), password: values.password.trim() },
        signal: current.signal,
        quietUnauthenticated: true,
      }).then(
        (progress) => setState({ status: 'done', progress, password: values.password.trim() }),
        (error: unknown) => {
          if (!current.signal.aborted) setState({ status: 'failed', error });
        },
      );
    },
    [setParams],
  );

  useEffect(() => {
    const { caseNo, password } = initial.current;
    if (caseNo && password) query({ caseNo, password });
    return () => controller.current?.abort();
  }, [query]);

  useEffect(() => {
    let previous: string | null = null;
    const timer = window.setTimeout(() => {
      previous = document.title;
      document.title = t('query.brand');
    });
    return () => {
      window.clearTimeout(timer);
      if (previous !== null) document.title = previous;
    };
  }, [t]);

  const focusPassword = Boolean(initial.current.caseNo && !initial.current.password);

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f3f5f9' }}>
      <header style={{ background: '#0f2f5c', color: '#fff' }}>
        <div style={{ maxWidth: 760, margin: '0 auto', padding: '10px 16px', display: 'flex', alignItems: 'center', gap: 10, boxSizing: 'border-box' }}>
          <img src="/favicon.svg" alt="" width={30} height={30} />
          <span style={{ marginRight: 'auto', lineHeight: 1.2 }}>
            <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 1 }}>{t('query.brand')}</span>
            <br />
            <span style={{ fontSize: 12, opacity: 0.75 }}>{t('query.brandSub')}</span>
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main style={{ flex: 1, width: '100%', maxWidth: 760, margin: '0 auto', padding: '20px 16px 40px', boxSizing: 'border-box' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: '0 0 4px' }}>
          {t('query.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('query.intro')}</Typography.Paragraph>
        <Card>
          <Form<QueryForm> form={form} layout="vertical" initialValues={initial.current} onFinish={query} requiredMark={false}>
            <Form.Item name="caseNo" label={t('query.caseNo')} rules={[{ required: true, whitespace: true, message: t('query.caseNoRequired') }]}>
              <Input size="large" placeholder={t('query.caseNoPlaceholder')} autoFocus={!focusPassword} autoComplete="off" inputMode="numeric" maxLength={40} data-testid="query-case-no-input" />
            </Form.Item>
            <Form.Item name="password" label={t('query.password')} rules={[{ required: true, whitespace: true, message: t('query.passwordRequired') }]}>
              <Input size="large" placeholder={t('query.passwordPlaceholder')} autoFocus={focusPassword} autoComplete="off" inputMode="numeric" maxLength={20} data-testid="query-password-input" />
            </Form.Item>
            <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined />} loading={state.status === 'loading'} block data-testid="query-submit">
              {t('query.submit')}
            </Button>
          </Form>
        </Card>
        {state.status === 'failed' ? <Alert type="error" showIcon title={errorText(state.error)} style={{ marginTop: 16 }} role="alert" data-testid="query-error" /> : null}
        {state.status === 'done' ? <Progress progress={state.progress} password={state.password} /> : null}
      </main>
      <footer style={{ textAlign: 'center', color: '#5b6b82', fontSize: 12, padding: '16px 16px 24px' }}>
        {t('query.footer')} · <Link to="/guide">{t('query.guide')}</Link>
      </footer>
    </div>
  );
}
