/**
 * `/hall`: the service centers, each with its hall screens — the self-service kiosk (自助取号),
 * the big display board (大厅显示屏) — and online booking (预约办事). No sign-in: this is where a
 * kiosk or a display is pointed when it is set up, and where an applicant finds a center.
 */
import { Card, Empty, Skeleton, Tag, Typography } from 'antd';
import { CalendarOutlined, ClockCircleOutlined, DesktopOutlined, EnvironmentOutlined, FieldNumberOutlined, PhoneOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useCenter, useDocumentTitle } from './hooks.ts';
import { hallPublicPaths, type PublicCenter } from './model.ts';
import { HallIndexStyles } from './styles.tsx';

function ScreenLink({ to, icon, label, hint, testId }: { to: string; icon: ReactNode; label: string; hint: string; testId: string }) {
  return (
    <Link to={to} className="hi-link" data-testid={testId}>
      <span className="hi-link-icon" aria-hidden>
        {icon}
      </span>
      <span>
        <span className="hi-link-label">{label}</span>
        <span className="hi-link-hint">{hint}</span>
      </span>
    </Link>
  );
}

function CenterCard({ center }: { center: PublicCenter }) {
  const { t } = useI18n();
  return (
    <Card className="hi-card" data-testid="hall-center" data-center-id={center.id}>
      <div className="hi-card-head">
        <Typography.Title level={2} className="hi-card-title">
          {center.name}
        </Typography.Title>
        <Tag color={center.level === 'city' ? 'blue' : center.level === 'town' ? 'cyan' : 'green'}>{t(`center.level.${center.level}`)}</Tag>
      </div>
      <ul className="hi-facts">
        {center.address ? (
          <li>
            <EnvironmentOutlined aria-label={t('hallPublic.index.address')} /> {center.address}
          </li>
        ) : null}
        {center.openingHours ? (
          <li>
            <ClockCircleOutlined aria-label={t('hallPublic.index.openingHours')} /> {center.openingHours}
          </li>
        ) : null}
        {center.phone ? (
          <li>
            <PhoneOutlined aria-label={t('common.phone')} /> <a href={`tel:${center.phone}`}>{center.phone}</a>
          </li>
        ) : null}
      </ul>
      <div className="hi-links">
        <ScreenLink to={hallPublicPaths.kiosk(center.id)} icon={<FieldNumberOutlined />} label={t('hallPublic.index.kiosk')} hint={t('hallPublic.index.kioskHint')} testId="hall-link-kiosk" />
        <ScreenLink to={hallPublicPaths.board(center.id)} icon={<DesktopOutlined />} label={t('hallPublic.index.board')} hint={t('hallPublic.index.boardHint')} testId="hall-link-board" />
        <ScreenLink to={hallPublicPaths.book(center.id)} icon={<CalendarOutlined />} label={t('hallPublic.index.book')} hint={t('hallPublic.index.bookHint')} testId="hall-link-book" />
      </div>
    </Card>
  );
}

export default function HallIndexPage() {
  const { t } = useI18n();
  const { data: centers, error, loading, reload } = useCenter(undefined);
  useDocumentTitle(t('hallPublic.index.title'));

  return (
    <div className="hi-page">
      <HallIndexStyles />
      <header className="hi-header">
        <div className="hi-header-inner">
          <img src="/favicon.svg" alt="" width={30} height={30} />
          <span className="hi-brand">
            <span className="hi-brand-name">{t('hallPublic.brand')}</span>
            <br />
            <span className="hi-brand-sub">{t('hallPublic.brandSub')}</span>
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main className="hi-main">
        <Typography.Title level={1} className="hi-title">
          {t('hallPublic.index.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('hallPublic.index.intro')}</Typography.Paragraph>
        {error && !centers ? <LoadError error={error} onRetry={() => void reload()} /> : null}
        {loading && !centers ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
        {centers && centers.length === 0 ? <Empty description={t('hallPublic.index.empty')} /> : null}
        <div className="hi-grid">
          {centers?.map((center) => (
            <CenterCard key={center.id} center={center} />
          ))}
        </div>
      </main>
      <footer className="hi-footer">
        {t('hallPublic.index.footer')} · <Link to="/guide">{t('hallPublic.index.guide')}</Link> · <Link to="/query">{t('hallPublic.index.query')}</Link>
      </footer>
    </div>
  );
}
