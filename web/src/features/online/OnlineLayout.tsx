/**
 * The frame of 一网通办: the applicant's own pages, on a phone first. It asks who is signed in
 * online (`GET /api/applicant/me`, the identity work's); signed out, each page shows the way to
 * /online/login instead of its content. Kept apart from the staff app and its session.
 * A person who represents or handles for businesses chooses here whom they act for (acting.ts); the
 * pages below are mounted afresh for each choice, so 我的办件 lists that applicant's cases.
 */
import { createContext, Suspense, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { Alert, Button, Result, Select } from 'antd';
import { businessRoleLabels } from '../../../../src/domain/online-identity.ts';
import { isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FullPageSpin, LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { GuideStyles } from '../guide/styles.tsx';
import { actingChoice, chooseActing } from './acting.ts';
import { onlineApi, onlinePaths, type ActableBusiness, type ApplicantMe } from './api.ts';

type MeState = { status: 'loading' } | { status: 'signed-out' } | { status: 'failed'; error: unknown } | { status: 'signed-in'; me: ApplicantMe };

const MeContext = createContext<{ state: MeState; reload(): void }>({ state: { status: 'loading' }, reload: () => {} });

export function useApplicant() {
  return useContext(MeContext);
}

const css = `
.ol-page { max-width: 880px; margin: 0 auto; padding: 16px 16px 48px; box-sizing: border-box; }
.ol-nav { display: flex; gap: 16px; }
@media (max-width: 600px) { .ol-nav { gap: 12px; } .ol-nav a { font-size: 14px; } }
.ol-nav a { color: #cfe0ff; font-size: 15px; white-space: nowrap; }
.ol-nav a.active, .ol-nav a:hover { color: #fff; font-weight: 600; }
.ol-card { background: #fff; border: 1px solid #e3e8ef; border-radius: 8px; padding: 14px 16px; margin-top: 12px; }
.ol-card h2 { font-size: 17px; margin: 0 0 10px; }
.ol-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; justify-content: space-between; }
.ol-acting { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 0 0 12px; }
.ol-acting .ant-select { flex: 1 1 220px; min-width: 0; }
.ol-muted { color: #5b6b82; font-size: 13px; }
.ol-actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
.ol-actions .ant-btn { min-height: 40px; }
@media (min-width: 601px) { .ol-acting-note { display: none; } }
@media (max-width: 600px) { .ol-actions .ant-btn { flex: 1 1 100%; } .gd-brand-sub { display: none; } }
`;

/** Shown by a page in place of its content when nobody is signed in online. */
export function SignInFirst() {
  const { t } = useI18n();
  return (
    <Result
      status="info"
      title={t('online.signIn')}
      subTitle={t('online.signInHint')}
      extra={
        <a href={onlinePaths.loginFrom(window.location.pathname)}>
          <Button type="primary" size="large">
            {t('online.signIn')}
          </Button>
        </a>
      }
    />
  );
}

/** An address under /online that is no page (yet): the way back to 我要办, inside the online frame. */
export function OnlineNotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('error.notFound.title')}
      extra={
        <Link to={onlinePaths.picker}>
          <Button type="primary">{t('online.nav.apply')}</Button>
        </Link>
      }
    />
  );
}

/** The page's content once someone is signed in online; the way to sign in otherwise. */
export function SignedIn({ children }: { children: (me: ApplicantMe) => React.ReactNode }) {
  const { state, reload } = useApplicant();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'signed-out') return <SignInFirst />;
  if (state.status === 'failed') return <LoadError error={state.error} onRetry={reload} />;
  return <>{children(state.me)}</>;
}

/**
 * 办理身份: oneself, or one of the businesses the person represents or handles for. Shown only to a
 * bound person who has any; the choice is remembered for the tab (acting.ts).
 */
function ActingBar({ me, businesses, onChoose }: { me: ApplicantMe; businesses: ActableBusiness[]; onChoose: (business: ActableBusiness | null) => void }) {
  const { t, pick } = useI18n();
  const acting = me.account.actingFor?.applicantId ?? '';
  const self = me.account.personName ? t('online.acting.self', { name: me.account.personName }) : t('online.acting.selfUnnamed');
  const options = [{ value: '', label: self }, ...businesses.map((b) => ({ value: b.applicantId, label: `${b.name}(${pick(businessRoleLabels[b.role])})` }))];
  return (
    <div className="ol-acting" data-testid="acting-bar">
      <span className="ol-muted">{t('online.acting.label')}</span>
      <Select
        value={acting}
        options={options}
        onChange={(value: string) => onChoose(businesses.find((b) => b.applicantId === value) ?? null)}
        aria-label={t('online.acting.label')}
        data-testid="acting-select"
        popupMatchSelectWidth={false}
      />
    </div>
  );
}

export default function OnlineLayout() {
  const { t, errorText } = useI18n();
  const [state, setState] = useState<MeState>({ status: 'loading' });
  const [businesses, setBusinesses] = useState<ActableBusiness[]>([]);
  const [lost, setLost] = useState<string | null>(null);
  // The words through a ref: switching the language must not ask again who is signed in (and unmount the page).
  const words = useRef({ t, errorText });
  words.current = { t, errorText };
  const reload = useCallback(() => {
    setState({ status: 'loading' });
    onlineApi
      .me()
      .then((me) => {
        setState({ status: 'signed-in', me });
        if (me.account.applicantId) onlineApi.businesses().then(setBusinesses, () => setBusinesses([]));
        else setBusinesses([]);
      })
      .catch((error: unknown) => {
        // The business chosen earlier refuses this person now (the handler was removed): say so, act for oneself.
        const chosen = actingChoice();
        if (chosen && isApiError(error) && error.status === 403) {
          chooseActing(null);
          setLost(words.current.t('online.acting.lost', { name: chosen.name, reason: words.current.errorText(error) }));
          reload();
          return;
        }
        setState(isApiError(error) && (error.status === 401 || error.status === 404 || error.status === 403) ? { status: 'signed-out' } : { status: 'failed', error });
      });
  }, []);
  useEffect(reload, [reload]);
  const choose = (business: ActableBusiness | null) => {
    chooseActing(business ? { applicantId: business.applicantId, name: business.name } : null);
    setLost(null);
    reload();
  };
  const me = state.status === 'signed-in' ? state.me : null;
  const account = me?.account ?? null;
  const actingName = account?.actingFor ? (businesses.find((b) => b.applicantId === account.actingFor?.applicantId)?.name ?? actingChoice()?.name ?? '') : null;
  return (
    <MeContext.Provider value={{ state, reload }}>
      <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f3f5f9' }}>
        <GuideStyles />
        <style>{css}</style>
        <header className="gd-header">
          <div className="gd-header-inner">
            <Link to={onlinePaths.picker} className="gd-brand">
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <span>
                <span className="gd-brand-name">{t('online.brand')}</span>
                <br />
                <span className="gd-brand-sub">{actingName ? t('online.acting', { name: actingName }) : account ? account.phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2') : t('guide.brandSub')}</span>
              </span>
            </Link>
            <nav className="ol-nav">
              <NavLink to={onlinePaths.picker} end>
                {t('online.nav.apply')}
              </NavLink>
              <NavLink to={onlinePaths.mine}>{t('online.nav.mine')}</NavLink>
              <NavLink to="/online/complaint">{t('complaints.online.nav')}</NavLink>
              <NavLink to={onlinePaths.account} data-testid="online-nav-account">
                {t('online.nav.account')}
              </NavLink>
            </nav>
            <div className="gd-header-tools">
              <LanguageSwitch />
            </div>
          </div>
        </header>
        <main style={{ flex: 1 }}>
          <div className="ol-page">
            {lost ? <Alert type="warning" showIcon closable message={lost} onClose={() => setLost(null)} style={{ marginBottom: 12 }} data-testid="acting-lost" /> : null}
            {account && !account.applicantId && !account.actingFor ? (
              <Alert
                type="warning"
                showIcon
                message={t('online.unbound')}
                action={
                  <a href={onlinePaths.account} data-testid="online-bind-now">
                    {t('online.unbound.action')}
                  </a>
                }
                style={{ marginBottom: 12 }}
              />
            ) : null}
            {me && businesses.length > 0 ? <ActingBar me={me} businesses={businesses} onChoose={choose} /> : null}
            {actingName ? (
              // On a phone the header has no room for it (gd-brand-sub is hidden): said under the choice instead.
              <div className="ol-muted ol-acting-note" style={{ margin: '-4px 0 8px' }} data-testid="acting-for">
                {t('online.acting', { name: actingName })}
              </div>
            ) : null}
            <Suspense fallback={<FullPageSpin />}>
              <Outlet key={actingChoice()?.applicantId ?? 'self'} />
            </Suspense>
          </div>
        </main>
        <footer className="gd-footer">{t('guide.footer')}</footer>
      </div>
    </MeContext.Provider>
  );
}
