/**
 * 窗口评价器 (`/pad`): the window's tablet, signed in as the clerk. The window is chosen once
 * (remembered, as the clerk's window screen does); then it waits ("请办理完毕后评价") and polls for
 * the ticket served there, shows the five levels in large print, and thanks the visitor.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Select } from 'antd';
import { Action, api, type Center, type ServiceWindow } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { rememberWindow, rememberedWindow } from '../hall-window/model.ts';
import { RatingForm, type RatingFormDef, type RatingValue } from './RatingForm.tsx';

interface PadState {
  windowId: string;
  windowName: string;
  ticket: { id: string; number: string; staffName: string | null; status: string } | null;
  form: RatingFormDef;
}

const screen = { minHeight: '100vh', background: '#f0f5ff', padding: 32, fontSize: 30, boxSizing: 'border-box' as const, overflowX: 'hidden' as const };

function ChooseWindow({ onChosen }: { onChosen(id: string): void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [value, setValue] = useState<string | undefined>();
  useEffect(() => {
    void api.get<Center[]>('/api/hall/centers').then(async (centers) => {
      const all = await Promise.all(
        centers.map((c) =>
          api.get<ServiceWindow[]>(`/api/windows?centerId=${c.id}`).then((ws) => ws.filter((w) => w.active).map((w) => ({ value: w.id, label: t('ratings.pad.windowOption', { center: c.name, number: w.number, name: w.name }) }))),
        ),
      );
      setOptions(all.flat());
    });
  }, [t]);
  return (
    <div style={screen}>
      <h1 style={{ fontSize: 40 }}>{t('ratings.pad.chooseTitle')}</h1>
      <Select data-testid="pad-window" showSearch optionFilterProp="label" style={{ width: '100%', maxWidth: 720 }} size="large" placeholder={t('ratings.pad.chooseWindow')} options={options} value={value} onChange={setValue} />
      <div style={{ marginTop: 24 }}>
        <Button type="primary" size="large" disabled={!value} style={{ fontSize: 28, height: 72 }} onClick={() => value && onChosen(value)}>
          {t('ratings.pad.confirm')}
        </Button>
      </div>
    </div>
  );
}

export default function PadPage() {
  const { t, errorText } = useI18n();
  const [windowId, setWindowId] = useState<string | null>(() => rememberedWindow());
  const [state, setState] = useState<PadState | null>(null);
  const [windowName, setWindowName] = useState('');
  const [thanks, setThanks] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [action] = useState(() => new Action());

  const load = useCallback(async () => {
    if (!windowId) return;
    try {
      const next = await api.get<PadState>(`/api/ratings/pad/${windowId}`);
      setState(next);
      setWindowName(next.windowName);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [windowId, errorText]);

  useEffect(() => {
    if (thanks) return;
    void load();
    const timer = window.setInterval(() => void load(), 3000);
    return () => window.clearInterval(timer);
  }, [load, thanks]);

  useEffect(() => {
    if (!thanks) return;
    const timer = window.setTimeout(() => setThanks(false), 8000);
    return () => window.clearTimeout(timer);
  }, [thanks]);

  if (!windowId)
    return (
      <ChooseWindow
        onChosen={(id) => {
          rememberWindow(id);
          setWindowId(id);
        }}
      />
    );

  const submit = async (value: RatingValue) => {
    if (!state?.ticket) return;
    setBusy(true);
    try {
      await action.send('POST', `/api/ratings/pad/${windowId}`, { ticketId: state.ticket.id, ...value });
      setThanks(true);
      setState(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={screen}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', fontSize: 26, color: '#595959' }}>
        <span>{t('ratings.pad.heading', { window: windowName })}</span>
        <Button type="link" style={{ fontSize: 18 }} onClick={() => setWindowId(null)}>
          {t('ratings.pad.changeWindow')}
        </Button>
      </div>
      {error && <div style={{ color: '#cf1322', fontSize: 26, margin: '12px 0' }}>{error}</div>}
      {thanks ? (
        <div data-testid="pad-thanks" style={{ textAlign: 'center', marginTop: '18vh' }}>
          <div style={{ fontSize: 64, fontWeight: 700, color: '#237804' }}>{t('ratings.pad.thanks')}</div>
          <div style={{ fontSize: 32, marginTop: 24 }}>{t('ratings.pad.wish')}</div>
          <Button style={{ fontSize: 28, height: 72, marginTop: 40 }} onClick={() => setThanks(false)}>
            {t('ratings.pad.back')}
          </Button>
        </div>
      ) : state?.ticket ? (
        <div key={state.ticket.id}>
          <h1 style={{ fontSize: 44, margin: '16px 0 8px' }}>{t('ratings.pad.prompt')}</h1>
          <div style={{ fontSize: 28, color: '#434343', marginBottom: 24 }}>
            {t('ratings.pad.ticket', { number: state.ticket.number })}
            {state.ticket.staffName ? t('ratings.pad.staff', { name: state.ticket.staffName }) : ''}
          </div>
          <RatingForm form={state.form} size="pad" busy={busy} onSubmit={(v) => void submit(v)} />
        </div>
      ) : (
        <div data-testid="pad-waiting" style={{ textAlign: 'center', marginTop: '25vh', fontSize: 48, color: '#1d39c4', fontWeight: 700 }}>
          {t('ratings.pad.waiting')}
        </div>
      )}
    </div>
  );
}
