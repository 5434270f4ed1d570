/**
 * 大厅评价终端 (`/hall/rate/:centerId`): a public screen in the hall. The visitor types the number
 * on their ticket; a visit served today and not rated yet gets the five levels in large print.
 * One rating per ticket (nobody here proves they held it, so no change afterwards).
 */
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Button, Input } from 'antd';
import { Action, api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { RatingForm, type RatingFormDef, type RatingValue } from './RatingForm.tsx';

interface KioskState {
  windowName: string;
  ticket: { id: string; number: string; staffName: string | null } | null;
  form: RatingFormDef;
}

const screen = { minHeight: '100vh', background: '#f0f5ff', padding: 32, fontSize: 30, boxSizing: 'border-box' as const, overflowX: 'hidden' as const };

export default function KioskRatePage() {
  const { centerId = '' } = useParams();
  const { t, errorText } = useI18n();
  const [number, setNumber] = useState('');
  const [state, setState] = useState<KioskState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState(false);
  const [action] = useState(() => new Action());

  useEffect(() => {
    if (!thanks) return;
    const timer = window.setTimeout(() => setThanks(false), 8000);
    return () => window.clearTimeout(timer);
  }, [thanks]);

  const find = async () => {
    setBusy(true);
    setError(null);
    try {
      setState(await api.get<KioskState>(`/api/ratings/kiosk/${encodeURIComponent(centerId)}/${encodeURIComponent(number.trim())}`));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = async (value: RatingValue) => {
    if (!state?.ticket) return;
    setBusy(true);
    try {
      await action.send('POST', `/api/ratings/kiosk/${encodeURIComponent(centerId)}`, { ticketNo: state.ticket.number, ...value });
      setState(null);
      setNumber('');
      setThanks(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (thanks)
    return (
      <div style={{ ...screen, textAlign: 'center', paddingTop: '20vh' }}>
        <div data-testid="kiosk-rate-thanks" style={{ fontSize: 64, fontWeight: 700, color: '#237804' }}>
          {t('ratings.pad.thanks')}
        </div>
        <Button style={{ fontSize: 28, height: 72, marginTop: 40 }} onClick={() => setThanks(false)}>
          {t('ratings.pad.back')}
        </Button>
      </div>
    );
  return (
    <div style={screen}>
      <h1 style={{ fontSize: 44, margin: '8px 0 24px' }}>{t('ratings.kiosk.title')}</h1>
      {state?.ticket ? (
        <>
          <div style={{ fontSize: 28, color: '#434343', marginBottom: 24 }}>
            {t('ratings.pad.ticket', { number: state.ticket.number })} · {state.windowName}
            {state.ticket.staffName ? t('ratings.pad.staff', { name: state.ticket.staffName }) : ''}
          </div>
          {error && <div style={{ color: '#cf1322', fontSize: 26, marginBottom: 12 }}>{error}</div>}
          <RatingForm form={state.form} size="pad" busy={busy} onSubmit={(v) => void submit(v)} />
          <Button style={{ fontSize: 24, height: 64, marginTop: 24 }} onClick={() => setState(null)}>
            {t('ratings.pad.back')}
          </Button>
        </>
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 20, maxWidth: 640 }}>
          <label htmlFor="kiosk-number" style={{ fontSize: 32 }}>
            {t('ratings.kiosk.enter')}
          </label>
          <Input
            id="kiosk-number"
            data-testid="kiosk-rate-number"
            value={number}
            onChange={(e) => setNumber(e.target.value.toUpperCase())}
            onPressEnter={() => void find()}
            maxLength={8}
            style={{ fontSize: 44, height: 88, letterSpacing: 4 }}
            placeholder="A001"
          />
          {error && <div style={{ color: '#cf1322', fontSize: 26 }}>{error}</div>}
          <Button type="primary" data-testid="kiosk-rate-find" loading={busy} disabled={!number.trim()} onClick={() => void find()} style={{ fontSize: 34, height: 96, fontWeight: 700 }}>
            {t('ratings.kiosk.find')}
          </Button>
        </div>
      )}
    </div>
  );
}
