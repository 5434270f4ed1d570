/**
 * The frame of the online channel's pages (网上办事): brand, 中文/English, nothing of the staff app.
 * Phone first: one column, full width up to a comfortable reading width on a desktop.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';

export function OnlineLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f3f5f9' }}>
      <header style={{ background: '#0f2f5c', color: '#fff' }}>
        <div style={{ maxWidth: 720, margin: '0 auto', padding: '10px 16px', display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 10, boxSizing: 'border-box' }}>
          <Link to="/guide" style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff', marginRight: 'auto', minWidth: 0 }}>
            <img src="/favicon.svg" alt="" width={30} height={30} />
            <span style={{ lineHeight: 1.2 }}>
              <span style={{ fontSize: 17, fontWeight: 600, letterSpacing: 1 }}>{t('online.brand')}</span>
              <br />
              <span style={{ fontSize: 12, opacity: 0.75 }}>{t('online.brandSub')}</span>
            </span>
          </Link>
          {/* The way on to the application pages (web/src/features/online): 我要办 and 我的办件. */}
          <nav style={{ display: 'flex', gap: 12, whiteSpace: 'nowrap' }}>
            <Link to="/online" style={{ color: '#cfe0ff' }} data-testid="online-nav-apply">
              {t('online.nav.apply')}
            </Link>
            <Link to="/online/cases" style={{ color: '#cfe0ff' }} data-testid="online-nav-mine">
              {t('online.nav.mine')}
            </Link>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main style={{ flex: 1, width: '100%', maxWidth: 720, margin: '0 auto', padding: '16px 12px 40px', boxSizing: 'border-box' }}>{children}</main>
    </div>
  );
}
