/**
 * The apply page of a draft (一表申请): the form filled from the profile, the materials with their
 * uploads (those the licence library or shared data supply need none), the delivery asked for,
 * save as draft and come back, submit. A submitted case opens its case page.
 */
import { useCallback, useEffect, useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Alert, App as AntApp, Button, Checkbox, Input, Popconfirm, Select } from 'antd';
import { Action } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FullPageSpin, LoadError } from '../../shared/states.tsx';
import { onlineApi, onlinePaths, type DeliveryChoice, type OnlineCase } from './api.ts';
import { SignedIn } from './OnlineLayout.tsx';
import { DeliveryForm, MaterialRow } from './parts.tsx';

export default function ApplyPage() {
  return <SignedIn>{() => <Apply />}</SignedIn>;
}

function Apply() {
  const { id = '' } = useParams();
  const { t, errorText, formatDateTime } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [c, setC] = useState<OnlineCase | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [delivery, setDelivery] = useState<DeliveryChoice | null>(null);
  const [deferred, setDeferred] = useState<string[]>([]);
  const [busy, setBusy] = useState<'save' | 'submit' | 'discard' | null>(null);
  const [actions] = useState(() => ({ save: new Action(), autosave: new Action(), submit: new Action(), discard: new Action() }));
  const [dirty, setDirty] = useState(false);

  const load = useCallback(() => {
    setError(null);
    onlineApi
      .get(id)
      .then((loaded) => {
        setC(loaded);
        setForm(loaded.form);
        setDelivery((loaded.deliveryChoice as DeliveryChoice | null) ?? null);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);

  // Autosave: three seconds after the last change, quietly (a retry of the same form replays, by its key).
  useEffect(() => {
    if (!dirty || !c || c.status !== 'draft') return;
    const timer = window.setTimeout(() => {
      onlineApi
        .save(actions.autosave, c.id, { form })
        .then((saved) => {
          setDirty(false);
          setC((current) => (current ? { ...current, updatedAt: saved.updatedAt, expiresAt: saved.expiresAt } : saved));
        })
        .catch(() => {
          // The explicit save button says what went wrong; the autosave tries again on the next change.
        });
    }, 3000);
    return () => window.clearTimeout(timer);
  }, [dirty, form, c, actions]);

  if (error) return <LoadError error={error} onRetry={load} />;
  if (!c) return <FullPageSpin />;
  if (c.status !== 'draft') return <Navigate to={onlinePaths.case(c.id)} replace />;

  const save = async () => {
    setBusy('save');
    try {
      setC(await onlineApi.save(actions.save, c.id, { form, ...(delivery ? { delivery } : {}) }));
      message.success(t('online.apply.saved'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const submit = async () => {
    setBusy('submit');
    try {
      await onlineApi.save(actions.save, c.id, { form });
      const done = await onlineApi.submit(actions.submit, c.id, { deferred, ...(delivery ? { delivery } : {}) });
      message.success(t('online.apply.submitted'));
      navigate(onlinePaths.case(done.id));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const discard = async () => {
    setBusy('discard');
    try {
      await onlineApi.withdraw(actions.discard, c.id, '申请人放弃草稿');
      message.success(t('online.apply.discarded'));
      navigate(onlinePaths.mine);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <h1 style={{ fontSize: 20, margin: '4px 0' }}>{c.itemName}</h1>
      <div className="ol-muted">{c.departmentName}</div>
      {c.expiresAt ? <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('online.apply.expires', { date: formatDateTime(c.expiresAt) })} /> : null}

      <div className="ol-card">
        <h2>{t('online.apply.form')}</h2>
        {c.formFields.map((field) => (
          <div key={field.key} style={{ marginBottom: 10 }}>
            <label htmlFor={`field-${field.key}`} style={{ display: 'block', marginBottom: 4 }}>
              {field.required ? <span style={{ color: '#cf1322' }}>* </span> : null}
              {field.label}
            </label>
            {field.type === 'select' ? (
              <Select
                style={{ width: '100%' }}
                value={form[field.key] || undefined}
                options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
                onChange={(v: string) => {
                  setForm({ ...form, [field.key]: v });
                  setDirty(true);
                }}
                data-testid={`field-${field.key}`}
              />
            ) : field.type === 'textarea' ? (
              <Input.TextArea
                id={`field-${field.key}`}
                rows={3}
                value={form[field.key] ?? ''}
                onChange={(e) => {
                  setForm({ ...form, [field.key]: e.target.value });
                  setDirty(true);
                }}
                data-testid={`field-${field.key}`}
              />
            ) : (
              <Input
                id={`field-${field.key}`}
                type={field.type === 'date' ? 'date' : 'text'}
                inputMode={field.type === 'number' ? 'decimal' : field.type === 'phone' ? 'tel' : undefined}
                value={form[field.key] ?? ''}
                onChange={(e) => {
                  setForm({ ...form, [field.key]: e.target.value });
                  setDirty(true);
                }}
                data-testid={`field-${field.key}`}
              />
            )}
          </div>
        ))}
      </div>

      <h2 style={{ fontSize: 17, margin: '16px 0 0' }}>{t('online.apply.materials')}</h2>
      {c.materials.map((m) => (
        <div key={m.key}>
          <MaterialRow c={c} material={m} onChange={setC} removable />
          {m.deferrable && m.state === 'missing' ? (
            <Checkbox style={{ margin: '4px 0 0 4px' }} checked={deferred.includes(m.key)} onChange={(e) => setDeferred(e.target.checked ? [...deferred, m.key] : deferred.filter((k) => k !== m.key))}>
              {t('online.apply.defer')}
            </Checkbox>
          ) : null}
        </div>
      ))}

      <div className="ol-card">
        <h2>{t('online.apply.delivery')}</h2>
        <DeliveryForm value={delivery} onChange={setDelivery} defaultAddress={form.address ?? ''} />
      </div>

      <div className="ol-actions">
        <Button type="primary" size="large" loading={busy === 'submit'} onClick={() => void submit()} data-testid="submit">
          {t('online.apply.submit')}
        </Button>
        <Button size="large" loading={busy === 'save'} onClick={() => void save()} data-testid="save-draft">
          {t('online.apply.save')}
        </Button>
        <Popconfirm title={t('online.apply.discard')} onConfirm={() => void discard()}>
          <Button size="large" danger loading={busy === 'discard'}>
            {t('online.apply.discard')}
          </Button>
        </Popconfirm>
      </div>
    </>
  );
}
