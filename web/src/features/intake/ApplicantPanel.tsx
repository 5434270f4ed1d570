/**
 * Step 1: who is applying. One box takes a resident ID, a USCC, a phone number, or a name and a
 * phone (no ID card with them); Enter looks the applicant up. A mistyped ID (17 or 19 digits, a bad
 * check character) is said next to the box, never looked up as a phone. Card and QR readers that
 * type like a keyboard (the characters, then Enter) work as typing does, also when they start
 * before the page has finished loading or while the focus is elsewhere on it. Found: shown masked, with the licences the library holds for them. Not found: an
 * inline registration form, pre-filled with what was typed (registered once, reused ever after).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Radio, Space, Spin, Tag, Typography, type InputRef } from 'antd';
import { IdcardOutlined, SearchOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { takeEarlyKeys } from '../../shared/early-keys.ts';
import { useAction } from '../../shared/resource.ts';
import { intakeApi, type ApplicantView, type HeldLicence, type LookupQuery, type NewApplicant } from './api.ts';
import { AwaitingCorrection } from './AwaitingCorrection.tsx';
import { classifyLookup, licenceNumberText, type LookupProblem } from './model.ts';

export interface ApplicantPanelProps {
  applicant: ApplicantView | null;
  /** The full resident ID typed for this applicant, if any. */
  typedIdNumber: string | null;
  licences: HeldLicence[] | null;
  licencesError: unknown;
  /** `typedIdNumber`: the full resident ID the clerk typed, if any (the server only gives it masked). */
  onChosen(applicant: ApplicantView, typedIdNumber: string | null): void;
  onClear(): void;
}

type Lookup =
  | { status: 'idle' }
  | { status: 'invalid'; problem: LookupProblem; length?: number }
  | { status: 'loading' }
  | { status: 'several'; found: ApplicantView[]; query: LookupQuery }
  | { status: 'not-found'; query: LookupQuery }
  | { status: 'failed'; error: unknown };

const problemKeys = {
  empty: 'intake.applicant.problem.empty',
  id_check: 'intake.applicant.problem.idCheck',
  id_length: 'intake.applicant.problem.idLength',
  uscc_check: 'intake.applicant.problem.usccCheck',
  format: 'intake.applicant.problem.format',
} as const;

export function ApplicantPanel({ applicant, typedIdNumber, licences, licencesError, onChosen, onClear }: ApplicantPanelProps) {
  const { t, errorText } = useI18n();
  const [text, setText] = useState('');
  const [lookup, setLookup] = useState<Lookup>({ status: 'idle' });
  const input = useRef<InputRef>(null);
  const sequence = useRef(0);

  useEffect(() => {
    if (!applicant) input.current?.focus();
  }, [applicant]);

  const search = useCallback(
    async (value: string) => {
      const parsed = classifyLookup(value);
      if (!parsed.ok) {
        setLookup({ status: 'invalid', problem: parsed.problem, length: parsed.length });
        return;
      }
      const mine = ++sequence.current;
      setLookup({ status: 'loading' });
      try {
        const found = await intakeApi.lookup(parsed.query);
        if (mine !== sequence.current) return;
        const typedId = 'idNumber' in parsed.query ? parsed.query.idNumber : null;
        if (found.length === 1) {
          setLookup({ status: 'idle' });
          onChosen(found[0]!, typedId);
        } else if (found.length > 1) {
          setLookup({ status: 'several', found, query: parsed.query });
        } else {
          setLookup({ status: 'not-found', query: parsed.query });
        }
      } catch (error) {
        if (mine === sequence.current) setLookup({ status: 'failed', error });
      }
    },
    [onChosen],
  );

  // What was typed (or read from a card) before the box was there is not lost.
  const searchRef = useRef(search);
  searchRef.current = search;
  useEffect(() => {
    const early = takeEarlyKeys();
    if (!early.text) return;
    setText(early.text);
    if (early.enter) void searchRef.current(early.text);
  }, []);

  // A reader typing while the focus is elsewhere on the page (a button, nowhere): its characters go to the box.
  const waiting = !applicant;
  useEffect(() => {
    if (!waiting) return;
    const redirect = (event: KeyboardEvent) => {
      const target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1 || event.key === ' ') return;
      if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('[role="dialog"]'))) return;
      input.current?.focus();
    };
    document.addEventListener('keydown', redirect, true);
    return () => document.removeEventListener('keydown', redirect, true);
  }, [waiting]);

  if (applicant) {
    return (
      <>
        <ApplicantCard applicant={applicant} licences={licences} licencesError={licencesError} onClear={onClear} />
        <AwaitingCorrection applicant={applicant} typedIdNumber={typedIdNumber} />
      </>
    );
  }

  return (
    <div>
      <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
        <Input
          ref={input}
          size="large"
          autoFocus
          allowClear
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (lookup.status === 'invalid') setLookup({ status: 'idle' });
          }}
          // The box's own value: a reader's Enter comes right after its last character.
          onPressEnter={(e) => void search(e.currentTarget.value)}
          status={lookup.status === 'invalid' ? 'error' : undefined}
          aria-invalid={lookup.status === 'invalid'}
          aria-describedby={lookup.status === 'invalid' ? 'applicant-lookup-problem' : undefined}
          placeholder={t('intake.applicant.lookupPlaceholder')}
          aria-label={t('intake.applicant.lookupPlaceholder')}
          prefix={<IdcardOutlined />}
          autoComplete="off"
          maxLength={30}
          data-testid="applicant-lookup"
        />
        <Button size="large" type="primary" icon={<SearchOutlined />} loading={lookup.status === 'loading'} onClick={() => void search(text)} data-testid="applicant-lookup-button">
          {t('intake.applicant.lookup')}
        </Button>
      </Space.Compact>
      {lookup.status === 'invalid' ? (
        <Typography.Paragraph type="danger" role="alert" id="applicant-lookup-problem" style={{ margin: '8px 0 0' }} data-testid="applicant-lookup-problem" data-problem={lookup.problem}>
          {t(problemKeys[lookup.problem], { length: lookup.length ?? 0 })}
        </Typography.Paragraph>
      ) : null}
      {lookup.status === 'failed' ? <Alert type="error" showIcon title={errorText(lookup.error)} style={{ marginTop: 12 }} data-testid="applicant-error" /> : null}
      {lookup.status === 'several' ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text>{t('intake.applicant.several')}</Typography.Text>
          <Space wrap style={{ marginTop: 8, display: 'flex' }}>
            {lookup.found.map((a) => (
              <Button key={a.id} onClick={() => onChosen(a, null)} data-testid="applicant-choice">
                {a.name}({a.idMasked ?? a.uscc ?? a.phone})
              </Button>
            ))}
            <Button type="dashed" icon={<UserAddOutlined />} onClick={() => setLookup({ status: 'not-found', query: lookup.query })}>
              {t('intake.applicant.registerAnother')}
            </Button>
          </Space>
        </div>
      ) : null}
      {lookup.status === 'not-found' ? <RegisterForm query={lookup.query} onRegistered={onChosen} onCancel={() => setLookup({ status: 'idle' })} /> : null}
    </div>
  );
}

function ApplicantCard({ applicant, licences, licencesError, onClear }: { applicant: ApplicantView; licences: HeldLicence[] | null; licencesError: unknown; onClear(): void }) {
  const { t, errorText } = useI18n();
  const valid = (licences ?? []).filter((l) => l.status === 'valid');
  const isPerson = applicant.kind === 'person';
  return (
    <div data-testid="applicant-card" data-applicant-id={applicant.id}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'name', label: isPerson ? t('intake.applicant.name') : t('intake.applicant.orgName'), children: <strong data-testid="applicant-name">{applicant.name}</strong> },
          { key: 'id', label: isPerson ? t('intake.applicant.idNumber') : t('intake.applicant.uscc'), children: <span data-testid="applicant-id">{applicant.idMasked ?? applicant.uscc ?? '—'}</span> },
          { key: 'phone', label: t('intake.applicant.phone'), children: <span data-testid="applicant-phone">{applicant.phone || '—'}</span> },
          ...(isPerson ? [] : [{ key: 'legal', label: t('intake.applicant.legalRepresentative'), children: applicant.legalRepresentative || '—' }]),
          { key: 'address', label: t('intake.applicant.address'), children: applicant.address || '—' },
          {
            key: 'licences',
            label: t('intake.applicant.licences'),
            span: 'filled',
            children: licencesError ? (
              <Typography.Text type="danger">{errorText(licencesError)}</Typography.Text>
            ) : licences === null ? (
              <Spin size="small" />
            ) : valid.length === 0 ? (
              <Typography.Text type="secondary">{t('intake.applicant.noLicences')}</Typography.Text>
            ) : (
              <span data-testid="applicant-licences">
                {valid.map((l) => (
                  <Tag key={l.id} color="green" title={`${l.name} ${licenceNumberText(l)}`}>
                    {l.licenceType}
                  </Tag>
                ))}
              </span>
            ),
          },
        ]}
      />
      <Button icon={<SwapOutlined />} onClick={onClear} data-testid="applicant-change" style={{ marginTop: 4 }}>
        {t('intake.applicant.change')}
      </Button>
    </div>
  );
}

interface RegisterValues {
  kind: 'person' | 'organisation';
  idNumber?: string;
  uscc?: string;
  name: string;
  legalRepresentative?: string;
  phone?: string;
  address?: string;
}

function RegisterForm({ query, onRegistered, onCancel }: { query: LookupQuery; onRegistered(applicant: ApplicantView, typedIdNumber: string | null): void; onCancel(): void }) {
  const { t, errorText } = useI18n();
  const [form] = Form.useForm<RegisterValues>();
  const kind = Form.useWatch('kind', form) ?? ('uscc' in query ? 'organisation' : 'person');
  const action = useAction();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const initialValues: RegisterValues = {
    kind: 'uscc' in query ? 'organisation' : 'person',
    idNumber: 'idNumber' in query ? query.idNumber : '',
    uscc: 'uscc' in query ? query.uscc : '',
    phone: 'phone' in query ? query.phone : '',
    name: 'name' in query ? (query.name ?? '') : '',
  };

  const finish = async (values: RegisterValues) => {
    const body: NewApplicant =
      values.kind === 'person'
        ? { kind: 'person', idNumber: (values.idNumber ?? '').trim().toUpperCase(), name: values.name.trim(), phone: (values.phone ?? '').trim(), address: (values.address ?? '').trim() }
        : {
            kind: 'organisation',
            uscc: (values.uscc ?? '').trim().toUpperCase(),
            name: values.name.trim(),
            legalRepresentative: (values.legalRepresentative ?? '').trim(),
            phone: (values.phone ?? '').trim(),
            address: (values.address ?? '').trim(),
          };
    setSaving(true);
    setError(null);
    try {
      const created = await action.send<ApplicantView>('POST', intakeApi.registerPath, body);
      onRegistered(created, body.kind === 'person' ? body.idNumber : null);
    } catch (caught) {
      setError(caught);
      if (isApiError(caught) && Array.isArray(caught.details)) {
        const fields = (caught.details as { field?: unknown }[]).map((d) => d.field).filter((f): f is string => typeof f === 'string');
        if (fields.includes('idNumber')) form.setFields([{ name: 'idNumber', errors: [errorText(caught)] }]);
      }
    } finally {
      setSaving(false);
    }
  };

  const required = (label: string) => [{ required: true, whitespace: true, message: t('intake.applicant.required', { label }) }];

  return (
    <div data-testid="applicant-register-form" style={{ marginTop: 12, padding: 16, border: '1px dashed #91caff', borderRadius: 8, background: '#f5f9ff', maxWidth: 760 }}>
      <Typography.Paragraph strong style={{ marginBottom: 12 }}>
        <UserAddOutlined /> {t('intake.applicant.notFound')}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} data-testid="applicant-register-error" /> : null}
      <Form<RegisterValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void finish(v)} requiredMark>
        <Form.Item name="kind" label={t('intake.applicant.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'person', label: t('intake.applicant.kind.person') },
              { value: 'organisation', label: t('intake.applicant.kind.organisation') },
            ]}
          />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', columnGap: 16 }}>
          {kind === 'person' ? (
            <Form.Item name="idNumber" label={t('intake.applicant.idNumber')} rules={required(t('intake.applicant.idNumber'))}>
              <Input maxLength={18} autoComplete="off" data-testid="register-id-number" />
            </Form.Item>
          ) : (
            <Form.Item name="uscc" label={t('intake.applicant.uscc')} rules={required(t('intake.applicant.uscc'))}>
              <Input maxLength={18} autoComplete="off" data-testid="register-uscc" />
            </Form.Item>
          )}
          <Form.Item name="name" label={kind === 'person' ? t('intake.applicant.name') : t('intake.applicant.orgName')} rules={required(kind === 'person' ? t('intake.applicant.name') : t('intake.applicant.orgName'))}>
            <Input maxLength={kind === 'person' ? 50 : 100} autoFocus autoComplete="off" data-testid="register-name" />
          </Form.Item>
          {kind === 'organisation' ? (
            <Form.Item name="legalRepresentative" label={t('intake.applicant.legalRepresentative')}>
              <Input maxLength={50} autoComplete="off" data-testid="register-legal-representative" />
            </Form.Item>
          ) : null}
          <Form.Item name="phone" label={t('intake.applicant.phone')} rules={[{ pattern: /^[0-9+\-\s]{0,20}$/, message: t('intake.applicant.phoneInvalid') }]}>
            <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid="register-phone" />
          </Form.Item>
          <Form.Item name="address" label={t('intake.applicant.address')}>
            <Input maxLength={200} autoComplete="off" data-testid="register-address" />
          </Form.Item>
        </div>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} icon={<UserAddOutlined />} data-testid="applicant-register">
            {t('intake.applicant.register')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}
