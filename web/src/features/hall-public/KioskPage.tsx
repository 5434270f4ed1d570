/**
 * `/hall/kiosk/:centerId`: the self-service machine in the hall (a touch screen, 1080p or
 * 1366×860, with a slip printer). One big button per ticket class takes a ticket; 预约签到 turns a
 * booking (code or resident ID number) into a priority ticket. The ticket is shown and can be
 * printed as an 80 mm slip with a QR code to follow the queue on a phone; the machine goes back to
 * the start by itself. Green-channel tickets are not offered here: a guide gives those.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Input, Result, Spin, Tag, type InputRef } from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, CheckOutlined, PrinterOutlined, ScheduleOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { ticketPriorityLabels } from '../../../../src/domain/hall.ts';
import { Action, api } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { QrImage } from '../../shared/QrImage.tsx';
import { useCenter, useDocumentTitle, useNow } from './hooks.ts';
import { checkInEntry, classNameIn, hallClock, hallDateTime, hallPublicApi, ticketProgressUrl, type BoardSnapshot, type CheckInResult, type IssuedTicket, type TicketClass } from './model.ts';
import { KioskStyles } from './styles.tsx';

/** Seconds a ticket stays on screen before the kiosk is ready for the next person. */
const ticketSeconds = 30;
/** Seconds of no touch on the check-in screen before the kiosk goes back to the start. */
const idleSeconds = 60;

/** `slot`: the booked time, for a ticket from a check-in. */
type Screen = { kind: 'classes' } | { kind: 'checkIn' } | { kind: 'ticket'; ticket: IssuedTicket; slot?: { start: string; end: string } };

const keyRows = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

function Header({ centerName }: { centerName: string }) {
  const { t } = useI18n();
  const now = useNow();
  return (
    <header className="hk-header hk-no-print">
      <img src="/favicon.svg" alt="" width={48} height={48} />
      <div className="hk-header-name">
        <div className="hk-center" data-testid="kiosk-center">
          {centerName}
        </div>
        <div className="hk-header-sub">{t('hallPublic.kiosk.title')}</div>
      </div>
      <div className="hk-clock" role="timer" aria-label={t('hallPublic.clock')}>
        {hallClock(now, false)}
      </div>
      <div className="hk-lang">
        <LanguageSwitch />
      </div>
    </header>
  );
}

function ClassButtons({ classes, waiting, busy, onTake }: { classes: TicketClass[]; waiting: Map<string, number>; busy: string | null; onTake: (code: string) => void }) {
  const { t, locale } = useI18n();
  return (
    <div className={`hk-classes hk-classes-${Math.min(classes.length, 9)}`} role="group" aria-label={t('hallPublic.kiosk.choose')}>
      {classes.map((c) => {
        const count = waiting.get(c.code);
        return (
          <button key={c.id} type="button" className="hk-class" onClick={() => onTake(c.code)} disabled={busy !== null} aria-busy={busy === c.code} data-testid={`kiosk-class-${c.code}`}>
            <span className="hk-class-code" aria-hidden>
              {busy === c.code ? <Spin size="large" /> : c.code}
            </span>
            <span className="hk-class-text">
              <span className="hk-class-name">{c.name}</span>
              {locale === 'en' && c.nameEn ? <span className="hk-class-en">{c.nameEn}</span> : null}
              {count !== undefined ? <span className="hk-class-waiting">{t('hallPublic.kiosk.waiting', { count })}</span> : null}
            </span>
          </button>
        );
      })}
    </div>
  );
}

function CheckIn({ busy, onSubmit, onBack, onInvalid }: { busy: boolean; onSubmit: (body: { code: string } | { idNumber: string }) => void; onBack: () => void; onInvalid: (key: MessageKey) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const input = useRef<InputRef>(null);

  const type = (key: string) => {
    setValue((v) => (v.length >= 18 ? v : v + key));
    input.current?.focus({ preventScroll: true });
  };
  const submit = () => {
    const entry = checkInEntry(value);
    if (entry.ok) onSubmit(entry.body);
    else onInvalid(entry.reason === 'empty' ? 'hallPublic.checkIn.empty' : entry.reason === 'length' ? 'hallPublic.checkIn.length' : 'hallPublic.checkIn.characters');
  };

  return (
    <form
      className="hk-checkin"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h1 className="hk-title">{t('hallPublic.checkIn.title')}</h1>
      <p className="hk-lead">{t('hallPublic.checkIn.intro')}</p>
      <Input
        ref={input}
        className="hk-input"
        value={value}
        onChange={(event) => setValue(event.target.value.replace(/\s+/g, '').toUpperCase().slice(0, 18))}
        placeholder={t('hallPublic.checkIn.placeholder')}
        aria-label={t('hallPublic.checkIn.placeholder')}
        autoComplete="off"
        autoFocus
        maxLength={18}
        data-testid="checkin-input"
      />
      <div className="hk-keys" role="group" aria-label={t('hallPublic.checkIn.keyboard')}>
        {keyRows.map((row) => (
          <div key={row} className="hk-key-row">
            {[...row].map((key) => (
              <button key={key} type="button" className="hk-key" onClick={() => type(key)} tabIndex={-1}>
                {key}
              </button>
            ))}
            {row === 'ZXCVBNM' ? (
              <>
                <button type="button" className="hk-key hk-key-wide" onClick={() => setValue((v) => v.slice(0, -1))} tabIndex={-1}>
                  {t('hallPublic.checkIn.backspace')}
                </button>
                <button type="button" className="hk-key hk-key-wide" onClick={() => setValue('')} tabIndex={-1}>
                  {t('hallPublic.checkIn.clear')}
                </button>
              </>
            ) : null}
          </div>
        ))}
      </div>
      <div className="hk-actions">
        <button type="button" className="hk-button hk-button-ghost" onClick={onBack}>
          <ArrowLeftOutlined /> {t('hallPublic.kiosk.back')}
        </button>
        <button type="submit" className="hk-button hk-button-primary" disabled={busy} data-testid="checkin-submit">
          {busy ? <Spin /> : <CheckOutlined />} {t('hallPublic.checkIn.submit')}
        </button>
      </div>
    </form>
  );
}

function TicketSlip({ ticket, slot, centerName, classes }: { ticket: IssuedTicket; slot?: { start: string; end: string }; centerName: string; classes: TicketClass[] }) {
  const { t, pick, locale } = useI18n();
  const url = ticketProgressUrl(window.location.origin, ticket.id);
  const className = classNameIn(classes, ticket.classCode, ticket.className, locale === 'en');
  return (
    <section className="hk-slip" aria-label={t('hallPublic.ticket.slip')} data-testid="kiosk-ticket" data-ticket-id={ticket.id}>
      <div className="hk-slip-center">{centerName}</div>
      <div className="hk-slip-class">
        {className}
        {ticket.priority !== 'normal' ? (
          <Tag color={ticket.priority === 'appointment' ? 'blue' : 'green'} className="hk-slip-tag" data-testid="kiosk-ticket-priority">
            {pick(ticketPriorityLabels[ticket.priority])}
          </Tag>
        ) : null}
      </div>
      {slot ? (
        <div className="hk-slip-slot" data-testid="kiosk-ticket-slot">
          {t('hallPublic.ticket.slot', { from: hallClock(slot.start, false), to: hallClock(slot.end, false) })}
        </div>
      ) : null}
      <div className="hk-slip-label">{t('hallPublic.ticket.yourNumber')}</div>
      <div className="hk-slip-number" data-testid="kiosk-ticket-number">
        {ticket.number}
      </div>
      <div className="hk-slip-ahead" data-testid="kiosk-ticket-ahead">
        {ticket.ahead > 0 ? t('hallPublic.ticket.ahead', { count: ticket.ahead }) : t('hallPublic.ticket.noneAhead')}
      </div>
      <div className="hk-slip-qr">
        <QrImage value={url} size={160} alt={t('hallPublic.ticket.scan')} />
        <div className="hk-slip-scan">{t('hallPublic.ticket.scan')}</div>
      </div>
      <div className="hk-slip-time">
        {t('hallPublic.ticket.issuedAt')} {hallDateTime(ticket.issuedAt)}
      </div>
      <div className="hk-slip-note">{t('hallPublic.ticket.note')}</div>
    </section>
  );
}

function TicketScreen({ ticket, slot, centerName, classes, onDone }: { ticket: IssuedTicket; slot?: { start: string; end: string }; centerName: string; classes: TicketClass[]; onDone: (timedOut: boolean) => void }) {
  const { t } = useI18n();
  const [left, setLeft] = useState(ticketSeconds);
  const done = useRef(onDone);
  done.current = onDone;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the countdown starts again for each new ticket
  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = ticketSeconds - Math.floor((Date.now() - started) / 1000);
      if (remaining <= 0) {
        window.clearInterval(timer);
        done.current(true);
      } else setLeft(remaining);
    }, 250);
    return () => window.clearInterval(timer);
  }, [ticket.id]);

  return (
    <div className="hk-ticket-layout">
      <TicketSlip ticket={ticket} slot={slot} centerName={centerName} classes={classes} />
      <div className="hk-ticket-side hk-no-print">
        <div className="hk-ticket-ok">
          <CheckCircleFilled /> {ticket.priority === 'appointment' ? t('hallPublic.ticket.checkedIn') : t('hallPublic.ticket.taken')}
        </div>
        <p className="hk-ticket-hint">{t('hallPublic.ticket.watchBoard')}</p>
        <button type="button" className="hk-button hk-button-primary" onClick={() => window.print()} data-testid="kiosk-print">
          <PrinterOutlined /> {t('hallPublic.ticket.print')}
        </button>
        <button type="button" className="hk-button hk-button-ghost" onClick={() => onDone(false)} data-testid="kiosk-done">
          {t('hallPublic.ticket.done')}
        </button>
        <div className="hk-countdown" aria-live="off">
          {t('hallPublic.ticket.countdown', { seconds: left })}
        </div>
      </div>
    </div>
  );
}

export default function KioskPage() {
  const { centerId = '' } = useParams();
  const { t, errorText, locale, setLocale } = useI18n();
  const centers = useCenter(centerId);
  const classes = useResource<TicketClass[]>(hallPublicApi.classesPath(centerId));
  const [screen, setScreen] = useState<Screen>({ kind: 'classes' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ text: string } | null>(null);
  const [waiting, setWaiting] = useState<Map<string, number>>(new Map());
  const takeAction = useRef(new Action());
  const checkInAction = useRef(new Action());
  const centerName = centers.center?.name ?? '';
  useDocumentTitle(centerName ? `${t('hallPublic.kiosk.title')} · ${centerName}` : t('hallPublic.kiosk.title'));

  // How many wait per class, on the buttons; a kiosk stays on all day, so this and the classes refresh.
  const refreshWaiting = useCallback(() => {
    api.get<BoardSnapshot>(hallPublicApi.boardPath(centerId), { quietUnauthenticated: true }).then(
      (board) => setWaiting(new Map(board.classes.map((c) => [c.code, c.waiting]))),
      // The counts are a courtesy: without them the buttons still work.
      () => undefined,
    );
  }, [centerId]);
  const reloadClasses = classes.reload;
  useEffect(() => {
    refreshWaiting();
    const timer = window.setInterval(refreshWaiting, 15_000);
    const daily = window.setInterval(() => void reloadClasses(), 10 * 60_000);
    return () => {
      window.clearInterval(timer);
      window.clearInterval(daily);
    };
  }, [refreshWaiting, reloadClasses]);

  // An error stays a while, then the kiosk is clean for the next person.
  useEffect(() => {
    if (!error) return;
    const timer = window.setTimeout(() => setError(null), 20_000);
    return () => window.clearTimeout(timer);
  }, [error]);

  // Nobody finished checking in: back to the start.
  const [touched, setTouched] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each touch (`touched`) restarts the idle timer
  useEffect(() => {
    if (screen.kind !== 'checkIn') return;
    const timer = window.setTimeout(() => {
      setScreen({ kind: 'classes' });
      setError(null);
    }, idleSeconds * 1000);
    return () => window.clearTimeout(timer);
  }, [screen, touched]);

  const take = (classCode: string) => {
    if (busy) return;
    setBusy(classCode);
    setError(null);
    takeAction.current
      .send<IssuedTicket>('POST', hallPublicApi.ticketsPath(centerId), { classCode }, { quietUnauthenticated: true })
      .then(
        (ticket) => {
          setScreen({ kind: 'ticket', ticket });
          refreshWaiting();
        },
        (failure: unknown) => setError({ text: errorText(failure) }),
      )
      .finally(() => setBusy(null));
  };

  const checkIn = (body: { code: string } | { idNumber: string }) => {
    if (busy) return;
    setBusy('check-in');
    setError(null);
    checkInAction.current
      .send<CheckInResult>('POST', hallPublicApi.checkInPath(centerId), body, { quietUnauthenticated: true })
      .then(
        (result) => {
          setScreen({ kind: 'ticket', ticket: { ...result.ticket, priority: 'appointment' }, slot: { start: result.appointment.slotStart, end: result.appointment.slotEnd } });
          refreshWaiting();
        },
        (failure: unknown) => setError({ text: errorText(failure) }),
      )
      .finally(() => setBusy(null));
  };

  const finish = (timedOut: boolean) => {
    setScreen({ kind: 'classes' });
    setError(null);
    // The next person at the machine starts in Chinese.
    if (timedOut && locale !== 'zh') setLocale('zh');
  };

  const unknownCenter = centers.data && !centers.center;
  let body: ReactNode;
  if (unknownCenter || (classes.error && !classes.data)) {
    body = (
      <Result
        status={unknownCenter ? '404' : 'error'}
        title={unknownCenter ? t('hallPublic.unknownCenter') : t('error.loadFailed')}
        subTitle={unknownCenter ? undefined : errorText(classes.error)}
        extra={
          unknownCenter ? (
            <Link to="/hall">{t('hallPublic.backToIndex')}</Link>
          ) : (
            <button type="button" className="hk-button hk-button-primary" onClick={() => void classes.reload()}>
              {t('common.retry')}
            </button>
          )
        }
      />
    );
  } else if (!classes.data) {
    body = <Spin size="large" className="hk-loading" />;
  } else if (screen.kind === 'ticket') {
    body = <TicketScreen ticket={screen.ticket} slot={screen.slot} centerName={centerName} classes={classes.data} onDone={finish} />;
  } else if (screen.kind === 'checkIn') {
    body = <CheckIn busy={busy !== null} onSubmit={checkIn} onBack={() => finish(false)} onInvalid={(key) => setError({ text: t(key) })} />;
  } else {
    const active = classes.data.filter((c) => c.active);
    body = (
      <>
        <h1 className="hk-title">{t('hallPublic.kiosk.choose')}</h1>
        {active.length === 0 ? <Alert type="warning" showIcon className="hk-alert" title={t('hallPublic.kiosk.noClasses')} /> : null}
        <ClassButtons classes={active} waiting={waiting} busy={busy} onTake={take} />
        <div className="hk-bottom">
          <button
            type="button"
            className="hk-button hk-button-checkin"
            onClick={() => {
              setError(null);
              setScreen({ kind: 'checkIn' });
            }}
            data-testid="kiosk-check-in"
          >
            <ScheduleOutlined /> {t('hallPublic.kiosk.checkIn')}
          </button>
          <div className="hk-hints">
            <div>{t('hallPublic.kiosk.checkInHint')}</div>
            <div className="hk-green">{t('hallPublic.kiosk.greenHint')}</div>
          </div>
        </div>
      </>
    );
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/noNoninteractiveElementInteractions: any touch or key anywhere on the kiosk only restarts its idle timer
    <div className="hk-screen" onPointerDown={() => setTouched((n) => n + 1)} onKeyDown={() => setTouched((n) => n + 1)}>
      <KioskStyles />
      <Header centerName={centerName} />
      <main className="hk-main">
        {error ? <Alert type="error" showIcon className="hk-alert hk-no-print" title={error.text} role="alert" data-testid="kiosk-error" closable={{ onClose: () => setError(null) }} /> : null}
        {body}
      </main>
    </div>
  );
}
