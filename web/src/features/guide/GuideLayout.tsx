/**
 * The frame of the public guide: product name, 中文/English and the way in for staff. No sign-in,
 * no side menu; it has to read well on a phone at the hall entrance or at home before setting out.
 */
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FullPageSpin } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { guidePaths } from './paths.ts';
import { GuideStyles } from './styles.tsx';

export default function GuideLayout() {
  const { t } = useI18n();
  const { state } = useSession();
  const signedIn = state.status === 'signed-in';
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <GuideStyles />
      <header className="gd-header">
        <div className="gd-header-inner">
          <Link to={guidePaths.search} className="gd-brand">
            <img src="/favicon.svg" alt="" width={30} height={30} />
            <span>
              <span className="gd-brand-name">{t('guide.brand')}</span>
              <br />
              <span className="gd-brand-sub">{t('guide.brandSub')}</span>
            </span>
          </Link>
          <div className="gd-header-tools">
            <LanguageSwitch />
            <Link to="/online/login" className="gd-staff" data-testid="guide-online">
              {t('online.guideLink')}
            </Link>
            <Link to={signedIn ? '/' : '/login'} className="gd-staff">
              {signedIn ? t('guide.workbench') : t('guide.staffLogin')}
            </Link>
          </div>
        </div>
      </header>
      <main style={{ flex: 1 }}>
        <Suspense fallback={<FullPageSpin />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="gd-footer">
        {t('guide.footer')}
        {/* 公示: the centers' catalogs, published results and monthly figures. */}
        <div style={{ marginTop: 6 }}>
          <Link to="/gongshi">{t('public.publicity')}</Link>
        </div>
      </footer>
    </div>
  );
}
