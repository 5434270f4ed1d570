/**
 * The frame around every signed-in screen: a side menu built from the user's grants, a header with
 * who is signed in (name and roles), the language switch and sign-out.
 */
import { Suspense, useMemo, useState } from 'react';
import { App, Avatar, Button, Grid, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { ApartmentOutlined, AppstoreOutlined, AuditOutlined, CalendarOutlined, HomeOutlined, KeyOutlined, MessageOutlined, LogoutOutlined, ProfileOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { ExportOutlined, FileProtectOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { AlertOutlined, CustomerServiceOutlined, DashboardOutlined, EyeOutlined } from '@ant-design/icons';
import { BarChartOutlined, CommentOutlined, NotificationOutlined, SafetyCertificateOutlined, ScheduleOutlined, SolutionOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { LikeOutlined, SendOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { roleLabels, roles } from '../../../../src/domain/roles.ts';
import { paths } from '../../app/paths.ts';
import { useSession, useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FullPageSpin } from '../../shared/states.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function AppShell() {
  const { t, pick, errorText } = useI18n();
  const screens = Grid.useBreakpoint();
  /** A phone (a village agent's): below antd's `md`, 768 px. */
  const narrow = screens.md === false;
  const { staff, can } = useStaff();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const [signingOut, setSigningOut] = useState(false);

  const items = useMemo(() => {
    const entries: NonNullable<MenuProps['items']> = [{ key: paths.home, icon: <HomeOutlined />, label: t('nav.home') }];
    if (can.workWindow) entries.push({ key: paths.hallWindow, icon: <NotificationOutlined />, label: t('hallWindow.nav') });
    if (can.ratingPad) entries.push({ key: paths.ratingPad, icon: <LikeOutlined />, label: t('ratings.nav.pad') });
    if (can.intake) entries.push({ key: paths.intake, icon: <SolutionOutlined />, label: t('intake.nav') });
    if (can.viewAgents) entries.push({ key: paths.agents, icon: <UserSwitchOutlined />, label: t('agents.nav') });
    if (can.viewCases) entries.push({ key: paths.cases, icon: <FileSearchOutlined />, label: t('cases.nav') });
    if (can.workInbox) entries.push({ key: paths.inbox, icon: <InboxOutlined />, label: t('inbox.nav') });
    if (can.prereview) entries.push({ key: paths.prereview, icon: <AuditOutlined />, label: t('prereview.nav') });
    if (can.issueResults) entries.push({ key: paths.issuance, icon: <ExportOutlined />, label: t('issuance.nav') });
    if (can.viewFilings) entries.push({ key: paths.filings, icon: <FileProtectOutlined />, label: t('filings.nav') });
    if (can.workRectifications) entries.push({ key: paths.rectifications, icon: <AlertOutlined />, label: t('rect.nav') });
    if (can.revisitRatings) entries.push({ key: paths.quality, icon: <CustomerServiceOutlined />, label: t('quality.nav') });
    if (can.viewComplaints) entries.push({ key: paths.complaints, icon: <CommentOutlined />, label: t('complaints.nav') });
    if (can.viewAlerts) entries.push({ key: paths.alerts, icon: <EyeOutlined />, label: t('alerts.nav') });
    if (can.viewAppointments) entries.push({ key: paths.appointments, icon: <ScheduleOutlined />, label: t('appointments.nav') });
    if (can.viewHallStats) entries.push({ key: paths.hallStats, icon: <BarChartOutlined />, label: t('hallStats.nav') });
    if (can.viewSupervision) entries.push({ key: paths.supervision, icon: <DashboardOutlined />, label: t('supervision.nav') });
    if (can.viewQualityReport) entries.push({ key: paths.qualityReport, icon: <LikeOutlined />, label: t('qualityReport.nav') });
    if (can.viewOrganisation) entries.push({ key: paths.organisation, icon: <ApartmentOutlined />, label: t('nav.organisation') });
    if (can.viewStaff) entries.push({ key: paths.staff, icon: <TeamOutlined />, label: t('nav.staff') });
    if (can.manageApiKeys) entries.push({ key: paths.apiKeys, icon: <KeyOutlined />, label: t('nav.apiKeys') });
    if (can.viewNotifications) entries.push({ key: paths.notifications, icon: <MessageOutlined />, label: t('notifications.nav') });
    if (can.managePush) entries.push({ key: paths.push, icon: <SendOutlined />, label: t('push.nav') });
    if (can.qualitySettings) entries.push({ key: paths.qualitySettings, icon: <LikeOutlined />, label: t('ratings.nav.settings') });
    if (can.viewAudit) entries.push({ key: paths.audit, icon: <AuditOutlined />, label: t('nav.audit') });
    if (can.manageCatalog) {
      entries.push({ key: paths.items, icon: <ProfileOutlined />, label: t('catalogAdmin.nav.items') });
      entries.push({ key: paths.bundles, icon: <AppstoreOutlined />, label: t('catalogAdmin.nav.bundles') });
      entries.push({ key: paths.licenceTypes, icon: <SafetyCertificateOutlined />, label: t('catalogAdmin.nav.licenceTypes') });
      entries.push({ key: paths.calendar, icon: <CalendarOutlined />, label: t('catalogAdmin.nav.calendar') });
    }
    return entries;
  }, [can, t]);

  // The longest menu path the page lies under: /quality/report is the report's, not also the ratings desk's (/quality).
  const selected = items
    .map((item) => String(item?.key))
    .filter((key) => key !== paths.home && (location.pathname === key || location.pathname.startsWith(`${key}/`)))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  const myRoles = roles.filter((role) => staff.grants.some((g) => g.role === role));

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } catch (error) {
      // The session is dropped locally either way; tell the user if the server did not hear it.
      void message.warning(errorText(error));
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={216} style={{ background: '#0f2f5c' }}>
        <div style={{ height: 64, display: 'flex', alignItems: 'center', gap: 10, padding: '0 20px', color: '#fff' }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <div style={{ lineHeight: 1.2 }}>
            <div style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>一窗通</div>
            <div style={{ fontSize: 11, opacity: 0.7 }}>OneWindow</div>
          </div>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          aria-label={t('nav.label')}
          selectedKeys={selected.length > 0 ? selected : location.pathname === paths.home ? [paths.home] : []}
          items={items}
          onClick={({ key }) => navigate(key)}
          style={{ background: 'transparent', borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: narrow ? '0 12px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: narrow ? 8 : 16,
            borderBottom: '1px solid #e8ecf2',
          }}
        >
          <Space size={8} wrap={false} style={{ minWidth: 0 }}>
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fbf' }} />
            {/* On a phone (a village agent's) the name yields to the buttons: cut short, whole on hover. */}
            <Typography.Text strong data-testid="current-user" ellipsis={{ tooltip: staff.displayName }} style={{ maxWidth: narrow ? 88 : 320, lineHeight: '22px', display: 'inline-block', verticalAlign: 'middle' }}>
              {staff.displayName}
            </Typography.Text>
            {myRoles.map((role) => (
              <Tag key={role} color="blue" style={{ marginInlineEnd: 0 }}>
                {pick(roleLabels[role])}
              </Tag>
            ))}
          </Space>
          <LanguageSwitch />
          <Button icon={<LogoutOutlined />} onClick={onSignOut} loading={signingOut} aria-label={t('nav.signOut')}>
            {narrow ? null : t('nav.signOut')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ margin: narrow ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8a94a6', padding: '12px 24px 20px' }}>{t('layout.footer')}</Layout.Footer>
      </Layout>
    </Layout>
  );
}
