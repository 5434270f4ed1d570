/**
 * The frame of 一网通办: the applicant's own pages, on a phone first. It asks who is signed in
 * online (`GET /api/applicant/me`, the identity work's); signed out, each page shows the way to
 * /online/login instead of its content. Kept apart from the staff app and its session.
 */
import { createContext, Suspense, useCallback, useContext, useEffect, useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { Alert, Button, Result } from 'antd';
import { isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FullPageSpin, LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { GuideStyles } from '../guide/styles.tsx';
import { onlineApi, onlinePaths, type ApplicantMe } from './api.ts';

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
.ol-muted { color: #5b6b82; font-size: 13px; }
.ol-actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
.ol-actions .ant-btn { min-height: 40px; }
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

export default function OnlineLayout() {
  const { t } = useI18n();
  const [state, setState] = useState<MeState>({ status: 'loading' });
  const reload = useCallback(() => {
    setState({ status: 'loading' });
    onlineApi
      .me()
      .then((me) => setState({ status: 'signed-in', me }))
      .catch((error: unknown) => setState(isApiError(error) && (error.status === 401 || error.status === 404 || error.status === 403) ? { status: 'signed-out' } : { status: 'failed', error }));
  }, []);
  useEffect(reload, [reload]);
  const account = state.status === 'signed-in' ? state.me.account : null;
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
                <span className="gd-brand-sub">{account ? account.phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2') : t('guide.brandSub')}</span>
              </span>
            </Link>
            <nav className="ol-nav">
              <NavLink to={onlinePaths.picker} end>
                {t('online.nav.apply')}
              </NavLink>
              <NavLink to={onlinePaths.mine}>{t('online.nav.mine')}</NavLink>
              {/* The account (the identity work's /online/me): real-name binding, businesses, sign out. */}
              <a href={onlinePaths.account} data-testid="online-nav-account">
                {t('online.me.title')}
              </a>
            </nav>
            <div className="gd-header-tools">
              <LanguageSwitch />
            </div>
          </div>
        </header>
        <main style={{ flex: 1 }}>
          <div className="ol-page">
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
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </div>
        </main>
        <footer className="gd-footer">{t('guide.footer')}</footer>
      </div>
    </MeContext.Provider>
  );
}
