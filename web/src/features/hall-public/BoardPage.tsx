/**
 * `/hall/board/:centerId`: the hall's big screen (1366×860 or 1920×1080, dark, read from across
 * the hall). Live over server-sent events: the latest call in large type, the ticket each window is
 * calling, the latest calls, how many wait per class, the time and whether the feed is connected.
 * Each call is said in Chinese twice, one call after another, once someone has switched speech on
 * (browsers allow speech only after a click; the choice is remembered on this screen).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Result } from 'antd';
import { SoundOutlined, WifiOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useDocumentTitle, useNow } from './hooks.ts';
import { hallClock, hallDay, hallPublicApi, latestCall, mergeWindowCalls, sayInChinese, SpeechQueue, withCall, type BoardCall, type BoardSnapshot, type CallEvent, type SpeechPort, type WindowCall } from './model.ts';
import { BoardStyles } from './styles.tsx';

const speechStorageKey = 'onewindow.hall.speech';

type Connection = 'connecting' | 'open' | 'reconnecting';
/** `off`: not switched on here; `on`: speaking; `blocked`: switched on, but the browser wants a click first. */
type Speech = 'unsupported' | 'off' | 'on' | 'blocked';

/** `window.speechSynthesis`, when the browser has it. */
function browserSpeech(): SpeechPort | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return null;
  const synth = window.speechSynthesis;
  // Chrome lets an utterance be collected before it ends (and then never says so): hold on to it.
  const speaking = new Set<SpeechSynthesisUtterance>();
  return {
    voiceLangs: () => synth.getVoices().map((voice) => voice.lang),
    speak(text, settings, done) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = settings.lang;
      utterance.rate = settings.rate;
      if (settings.voiceIndex !== null) utterance.voice = synth.getVoices()[settings.voiceIndex] ?? null;
      speaking.add(utterance);
      utterance.onend = () => {
        speaking.delete(utterance);
        done();
      };
      utterance.onerror = (event) => {
        speaking.delete(utterance);
        done(event.error);
      };
      synth.speak(utterance);
    },
  };
}

function savedSpeech(): boolean {
  try {
    return window.localStorage.getItem(speechStorageKey) === 'on';
  } catch {
    return false;
  }
}

function saveSpeech(on: boolean): void {
  try {
    window.localStorage.setItem(speechStorageKey, on ? 'on' : 'off');
  } catch {
    // Not remembered; speech still holds until the page reloads.
  }
}

/** The feed: the latest snapshot, calls folded in as they come, and the connection's state. */
function useBoardFeed(centerId: string, onCall: (call: CallEvent) => void) {
  const [board, setBoard] = useState<BoardSnapshot | null>(null);
  const [recent, setRecent] = useState<BoardCall[]>([]);
  const [live, setLive] = useState<CallEvent | null>(null);
  const [windows, setWindows] = useState<WindowCall[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [failure, setFailure] = useState<{ status: number } | null>(null);
  const callHandler = useRef(onCall);
  callHandler.current = onCall;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: number | undefined;
    let closed = false;
    let everOpened = false;
    let day: string | null = null;

    const connect = () => {
      source = new EventSource(hallPublicApi.streamPath(centerId));
      source.onopen = () => {
        everOpened = true;
        setConnection('open');
        setFailure(null);
      };
      source.onerror = () => {
        if (closed) return;
        setConnection(everOpened ? 'reconnecting' : 'connecting');
        // The browser retries by itself unless the answer was not a stream (a 404, a proxy's error page).
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          window.clearTimeout(retry);
          retry = window.setTimeout(() => {
            if (closed) return;
            // Tell an unknown center (nothing to retry) from a server that is down.
            api.get<BoardSnapshot>(hallPublicApi.boardPath(centerId), { quietUnauthenticated: true }).then(
              () => {
                if (!closed) connect();
              },
              (error: unknown) => {
                if (closed) return;
                if (isApiError(error) && (error.status === 404 || error.status === 400)) setFailure({ status: error.status });
                else connect();
              },
            );
          }, 3_000);
        }
      };
      source.addEventListener('board', (event) => {
        const snapshot = JSON.parse((event as MessageEvent<string>).data) as BoardSnapshot;
        // A new day starts with no calls at any window.
        const newDay = day !== null && day !== snapshot.day;
        day = snapshot.day;
        setBoard(snapshot);
        setRecent(snapshot.recent);
        setWindows((known) => mergeWindowCalls(newDay ? [] : known, snapshot.recent));
      });
      source.addEventListener('call', (event) => {
        const call = JSON.parse((event as MessageEvent<string>).data) as CallEvent;
        setLive(call);
        setRecent((current) => withCall(current, call));
        setWindows((known) => mergeWindowCalls(known, [{ number: call.number, windowNumber: call.windowNumber, calledAt: call.at, className: '', announcement: call.announcement }]));
        callHandler.current(call);
      });
    };

    connect();
    return () => {
      closed = true;
      window.clearTimeout(retry);
      source?.close();
    };
  }, [centerId]);

  return { board, recent, live, windows, connection, failure };
}

function Clock() {
  const { locale } = useI18n();
  const now = useNow();
  return (
    <div className="hb-clock">
      <div className="hb-time" data-testid="board-clock">
        {hallClock(now)}
      </div>
      <div className="hb-date">{hallDay(now, locale === 'en')}</div>
    </div>
  );
}

export default function BoardPage() {
  const { centerId = '' } = useParams();
  const { t, locale } = useI18n();
  const port = useMemo(browserSpeech, []);
  const [speech, setSpeech] = useState<Speech>(() => (port ? (savedSpeech() ? 'on' : 'off') : 'unsupported'));
  const [spoken, setSpoken] = useState('');
  const speechRef = useRef(speech);
  speechRef.current = speech;

  const queue = useMemo(
    () =>
      new SpeechQueue({
        speak: async (text) => {
          if (!port || speechRef.current !== 'on') return;
          const outcome = await sayInChinese(port, text, { rate: 0.9 });
          if (outcome === 'blocked') setSpeech((current) => (current === 'on' ? 'blocked' : current));
        },
        wait: (ms) => new Promise((resolve) => window.setTimeout(resolve, ms)),
        repeat: 2,
        pauseMs: 900,
      }),
    [port],
  );
  useEffect(
    () => () => {
      queue.stop();
      if (port) window.speechSynthesis.cancel();
    },
    [queue, port],
  );

  const { board, recent, live, windows, connection, failure } = useBoardFeed(centerId, (call) => {
    setSpoken(call.announcement);
    if (speechRef.current === 'on') queue.enqueue(call.announcement);
  });

  const enableSpeech = () => {
    if (!port) return;
    saveSpeech(true);
    setSpeech('on');
    speechRef.current = 'on';
    // Said inside the click, so the browser counts it as allowed.
    queue.enqueue(t('hallPublic.board.speechTest'), 1);
  };
  const disableSpeech = () => {
    saveSpeech(false);
    setSpeech('off');
    window.speechSynthesis?.cancel();
  };

  const centerName = board?.center.name ?? '';
  useDocumentTitle(centerName ? `${t('hallPublic.board.title')} · ${centerName}` : t('hallPublic.board.title'));

  if (failure) {
    return (
      <div className="hb-screen hb-screen-message">
        <BoardStyles />
        <Result status="404" title={<span className="hb-message">{t('hallPublic.unknownCenter')}</span>} extra={<Link to="/hall">{t('hallPublic.backToIndex')}</Link>} />
      </div>
    );
  }

  const english = locale === 'en';
  const latest = latestCall(recent, live);
  // Up to ten windows in one column; more are shown in two.
  const windowColumns = windows.length > 10 ? [windows.slice(0, Math.ceil(windows.length / 2)), windows.slice(Math.ceil(windows.length / 2))] : [windows];
  const classes = board?.classes ?? [];
  const classNameOf = (name: string) => (english ? (classes.find((c) => c.name === name)?.nameEn ?? name) : name);
  const connected = connection === 'open';

  return (
    <div className="hb-screen" data-testid="board">
      <BoardStyles />
      <header className="hb-header">
        <img src="/favicon.svg" alt="" className="hb-logo" />
        <div className="hb-heading">
          <div className="hb-center" data-testid="board-center">
            {centerName || '\u00a0'}
          </div>
          <div className="hb-sub">{t('hallPublic.board.title')}</div>
        </div>
        <Clock />
      </header>

      <main className="hb-main">
        <section className="hb-col hb-col-main">
          <div className={`hb-latest${latest ? '' : ' hb-latest-empty'}`} aria-live="off">
            <div className="hb-panel-title">{t('hallPublic.board.nowCalling')}</div>
            {latest ? (
              <div className="hb-latest-body" key={`${latest.number}-${latest.windowNumber}-${live?.at ?? ''}`}>
                <div className="hb-latest-number" data-testid="board-latest-number">
                  {latest.number}
                </div>
                <div className="hb-latest-window" data-testid="board-latest-window">
                  <span className="hb-arrow" aria-hidden>
                    ➜
                  </span>
                  {t('hallPublic.board.window', { number: latest.windowNumber })}
                </div>
                <div className="hb-latest-text">{english ? t('hallPublic.board.goTo', { number: latest.number, window: latest.windowNumber }) : latest.announcement}</div>
              </div>
            ) : (
              <div className="hb-latest-none">{t('hallPublic.board.noCalls')}</div>
            )}
          </div>
          <div className="hb-panel hb-waiting">
            <div className="hb-panel-title">{t('hallPublic.board.waiting')}</div>
            <div className={`hb-classes hb-classes-${Math.min(classes.length, 9)}`}>
              {classes.map((c) => (
                <div key={c.id} className="hb-class">
                  <span className="hb-class-code">{c.code}</span>
                  <span className="hb-class-name">{english ? c.nameEn || c.name : c.name}</span>
                  <span className="hb-class-count">
                    <span data-testid={`board-waiting-${c.code}`}>{c.waiting}</span>
                    <span className="hb-class-unit">{t('hallPublic.board.people')}</span>
                  </span>
                </div>
              ))}
            </div>
          </div>
        </section>

        <section className="hb-col hb-panel">
          <div className="hb-panel-title">{t('hallPublic.board.perWindow')}</div>
          <div className={`hb-tables${windowColumns.length > 1 ? ' hb-tables-dense' : ''}`}>
            {windowColumns.map((column, index) => (
              <table key={index} className="hb-table">
                <thead>
                  <tr>
                    <th scope="col">{t('hallPublic.board.windowColumn')}</th>
                    <th scope="col">{t('hallPublic.board.numberColumn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {column.map((w) => (
                    <tr key={w.windowNumber} className={latest && w.windowNumber === latest.windowNumber ? 'hb-row-latest' : undefined} data-testid={`board-window-${w.windowNumber}`}>
                      <td>{t(windowColumns.length > 1 ? 'hallPublic.board.windowShort' : 'hallPublic.board.window', { number: w.windowNumber })}</td>
                      <td className="hb-table-number">{w.number}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
          {windows.length === 0 ? <div className="hb-empty">{t('hallPublic.board.noCalls')}</div> : null}
        </section>

        <section className="hb-col hb-panel">
          <div className="hb-panel-title">{t('hallPublic.board.recent')}</div>
          <ol className="hb-recent" data-testid="board-recent">
            {recent.map((r, index) => (
              <li key={`${r.number}-${r.windowNumber}-${r.calledAt}`} className={index === 0 ? 'hb-recent-first' : undefined}>
                <span className="hb-recent-number">{r.number}</span>
                <span className="hb-recent-window">{r.windowNumber !== null ? t('hallPublic.board.window', { number: r.windowNumber }) : ''}</span>
                <span className="hb-recent-meta">
                  <span className="hb-recent-class">{classNameOf(r.className)}</span>
                  <span className="hb-recent-time">{r.calledAt ? hallClock(r.calledAt, false) : ''}</span>
                </span>
              </li>
            ))}
          </ol>
          {recent.length === 0 ? <div className="hb-empty">{t('hallPublic.board.noCalls')}</div> : null}
        </section>
      </main>

      <footer className="hb-footer">
        <div className="hb-notice">{t('hallPublic.board.notice')}</div>
        <div className="hb-controls">
          {speech === 'off' || speech === 'blocked' ? (
            <button type="button" className="hb-speech hb-speech-off" onClick={enableSpeech} data-testid="board-speech-enable">
              <SoundOutlined /> {speech === 'blocked' ? t('hallPublic.board.speechBlocked') : t('hallPublic.board.speechEnable')}
            </button>
          ) : speech === 'on' ? (
            <button type="button" className="hb-speech" onClick={disableSpeech} data-testid="board-speech-disable" title={t('hallPublic.board.speechDisable')}>
              <SoundOutlined /> {t('hallPublic.board.speechOn')}
            </button>
          ) : (
            <span className="hb-speech hb-speech-none">{t('hallPublic.board.speechUnsupported')}</span>
          )}
          <span className={`hb-connection hb-connection-${connected ? 'open' : 'reconnecting'}`} data-testid="board-connection" data-state={connected ? 'open' : 'reconnecting'} role="status">
            <WifiOutlined /> {connected ? t('hallPublic.board.connected') : connection === 'connecting' ? t('hallPublic.board.connecting') : t('hallPublic.board.reconnecting')}
          </span>
          <span className="hb-lang">
            <LanguageSwitch />
          </span>
        </div>
        <span className="hb-spoken" data-testid="board-spoken" aria-live="polite">
          {spoken}
        </span>
      </footer>
    </div>
  );
}
