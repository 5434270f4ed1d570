/**
 * `/hall/ticket/:id`: where a ticket stands, opened on a phone from the QR on the printed ticket.
 * How many are ahead while it waits; the window to go to once it is called. Refreshes every ten
 * seconds while the ticket is still in the queue, and whenever the phone comes back to the page.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Result, Skeleton, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { ticketStatusLabels, type TicketStatus } from '../../../../src/domain/hall.ts';
import { api, isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useDocumentTitle } from './hooks.ts';
import { hallClock, hallDateTime, hallPublicApi, type TicketProgress } from './model.ts';
import { TicketStyles } from './styles.tsx';

const refreshMs = 10_000;
/** Statuses a ticket can still leave: worth watching. */
const moving: readonly TicketStatus[] = ['waiting', 'called', 'serving'];
const statusColors: Record<TicketStatus, string> = {
  waiting: 'processing',
  called: 'warning',
  serving: 'success',
  done: 'default',
  no_show: 'error',
  cancelled: 'default',
};

type State = { status: 'loading' } | { status: 'missing' } | { status: 'failed'; error: unknown } | { status: 'ready'; ticket: TicketProgress; at: Date; error: unknown };

function Progress({ ticket }: { ticket: TicketProgress }) {
  const { t } = useI18n();
  switch (ticket.status) {
    case 'waiting':
      return (
        <div className="ht-state ht-state-waiting" data-testid="ticket-ahead">
          {ticket.ahead > 0 ? (
            <>
              <div className="ht-state-label">{t('hallPublic.progress.aheadLabel')}</div>
              <div className="ht-state-big">
                {ticket.ahead}
                <span className="ht-state-unit">{t('hallPublic.board.people')}</span>
              </div>
            </>
          ) : (
            <div className="ht-state-big ht-state-next">{t('hallPublic.progress.next')}</div>
          )}
          <div className="ht-state-hint">{t('hallPublic.progress.waitingHint')}</div>
        </div>
      );
    case 'called':
      return (
        <div className="ht-state ht-state-called" role="alert" data-testid="ticket-called">
          <div className="ht-state-label">{t('hallPublic.progress.calledLabel')}</div>
          <div className="ht-state-big">{ticket.windowNumber !== null ? t('hallPublic.progress.goToWindow', { number: ticket.windowNumber }) : t('hallPublic.progress.goToAnyWindow')}</div>
        </div>
      );
    case 'serving':
      return (
        <div className="ht-state ht-state-serving">
          <div className="ht-state-big">{ticket.windowNumber !== null ? t('hallPublic.progress.serving', { number: ticket.windowNumber }) : t('hallPublic.progress.servingAny')}</div>
        </div>
      );
    case 'done':
      return <div className="ht-state ht-state-done">{t('hallPublic.progress.done')}</div>;
    case 'no_show':
      return <div className="ht-state ht-state-noshow">{t('hallPublic.progress.noShow')}</div>;
    case 'cancelled':
      return <div className="ht-state ht-state-done">{t('hallPublic.progress.cancelled')}</div>;
  }
}

export default function TicketPage() {
  const { id = '' } = useParams();
  const { t, pick, errorText } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [loading, setLoading] = useState(false);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    api
      .get<TicketProgress>(hallPublicApi.ticketStatusPath(id), { signal: current.signal, quietUnauthenticated: true })
      .then(
        (ticket) => setState({ status: 'ready', ticket, at: new Date(), error: null }),
        (error: unknown) => {
          if (current.signal.aborted) return;
          // A malformed id in the address is as much "no such ticket" as an unknown one.
          if (isApiError(error) && (error.status === 404 || error.status === 400)) setState({ status: 'missing' });
          else setState((previous) => (previous.status === 'ready' ? { ...previous, error } : { status: 'failed', error }));
        },
      )
      .finally(() => {
        if (!current.signal.aborted) setLoading(false);
      });
  }, [id]);

  const ticket = state.status === 'ready' ? state.ticket : null;
  // An unknown ticket never appears; a failed load is tried again.
  const watching = state.status === 'missing' ? false : !ticket || moving.includes(ticket.status);

  useEffect(() => {
    load();
    return () => controller.current?.abort();
  }, [load]);

  useEffect(() => {
    if (!watching) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, refreshMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') load();
    };
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onVisible);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [watching, load]);

  // A called ticket buzzes the phone once, for someone who put it in a pocket.
  const previousStatus = useRef<TicketStatus | null>(null);
  useEffect(() => {
    if (!ticket) return;
    if (ticket.status === 'called' && previousStatus.current === 'waiting') navigator.vibrate?.([300, 150, 300]);
    previousStatus.current = ticket.status;
  }, [ticket]);

  useDocumentTitle(ticket ? `${ticket.number} · ${pick(ticketStatusLabels[ticket.status])}` : t('hallPublic.progress.title'));

  let body: ReactNode;
  if (state.status === 'loading') {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (state.status === 'missing') {
    body = <Result status="404" title={t('hallPublic.progress.missing')} subTitle={t('hallPublic.progress.missingHint')} extra={<Link to="/hall">{t('hallPublic.backToIndex')}</Link>} data-testid="ticket-missing" />;
  } else if (state.status === 'failed') {
    body = (
      <Alert
        type="error"
        showIcon
        title={errorText(state.error)}
        action={
          <Button onClick={load} loading={loading}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  } else {
    const shown = state.ticket;
    body = (
      <div className="ht-card" data-testid="ticket-progress" data-status={shown.status}>
        <div className="ht-center">{shown.centerName}</div>
        <div className="ht-class">{shown.className}</div>
        <div className="ht-number" data-testid="ticket-number">
          {shown.number}
        </div>
        <Tag color={statusColors[shown.status]} className="ht-status" data-testid="ticket-status">
          {pick(ticketStatusLabels[shown.status])}
        </Tag>
        <Progress ticket={shown} />
        <dl className="ht-facts">
          <dt>{t('hallPublic.ticket.issuedAt')}</dt>
          <dd>{hallDateTime(shown.issuedAt)}</dd>
          <dt>{t('hallPublic.progress.updatedAt')}</dt>
          <dd>{hallClock(state.at)}</dd>
        </dl>
        {state.error ? <Alert type="warning" showIcon className="ht-stale" title={t('hallPublic.progress.stale', { reason: errorText(state.error) })} /> : null}
        <Button icon={<ReloadOutlined />} onClick={load} loading={loading} block size="large" data-testid="ticket-refresh">
          {t('common.refresh')}
        </Button>
        <div className="ht-auto">{watching ? t('hallPublic.progress.auto') : t('hallPublic.progress.final')}</div>
      </div>
    );
  }

  return (
    <div className="ht-page">
      <TicketStyles />
      <header className="ht-header">
        <img src="/favicon.svg" alt="" width={26} height={26} />
        <span className="ht-brand">{t('hallPublic.progress.title')}</span>
        <LanguageSwitch />
      </header>
      <main className="ht-main">{body}</main>
    </div>
  );
}
