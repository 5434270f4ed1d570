/**
 * Routes. Everything but /login sits behind the session; admin screens also behind the
 * capability they need, so a direct visit without it shows 无权访问 rather than a broken page.
 * The antd-heavy screens are separate chunks, loaded when first opened.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { AppShell } from '../features/layout/AppShell.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { guideRoutes } from '../features/guide/routes.tsx';
import { verifyRoutes } from '../features/verify/routes.tsx';
import { CasePrintRoute, queryRoutes } from '../features/documents/routes.tsx';
import { hallPublicRoutes } from '../features/hall-public/routes.tsx';
import { bookingRoutes } from '../features/appointments/routes.tsx';
import { onlineIdentityRoutes } from '../features/online-identity/routes.tsx';
import { onlineRoutes } from '../features/online/routes.tsx';
import { qualityPublicRoutes } from '../features/quality-public/routes.tsx';
import { publicityRoutes } from '../features/publicity/routes.tsx';
import { ratingPublicRoutes } from '../features/ratings/routes.tsx';
import { FullPageSpin, ServiceUnavailable } from '../shared/states.tsx';
import type { Capability } from './capabilities.ts';
import { ForbiddenPage, NotFoundPage } from './ErrorPages.tsx';
import { paths } from './paths.ts';
import { useSession, useStaff } from './session.tsx';

const OrganisationPage = lazy(() => import('../features/organisation/OrganisationPage.tsx'));
const StaffPage = lazy(() => import('../features/staff/StaffPage.tsx'));
const ApiKeysPage = lazy(() => import('../features/api-keys/ApiKeysPage.tsx'));
const NotificationsPage = lazy(() => import('../features/notifications/NotificationsPage.tsx'));
const PushPage = lazy(() => import('../features/push/PushPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx'));
const ItemsPage = lazy(() => import('../features/catalog-admin/ItemsPage.tsx'));
const ItemEditorPage = lazy(() => import('../features/catalog-admin/ItemEditorPage.tsx'));
const BundlesPage = lazy(() => import('../features/catalog-admin/BundlesPage.tsx'));
const LicenceTypesPage = lazy(() => import('../features/catalog-admin/LicenceTypesPage.tsx'));
const CalendarPage = lazy(() => import('../features/catalog-admin/CalendarPage.tsx'));
const CaseSearchPage = lazy(() => import('../features/cases/CaseSearchPage.tsx'));
const CaseDetailPage = lazy(() => import('../features/cases/CaseDetailPage.tsx'));
const InboxPage = lazy(() => import('../features/inbox/InboxPage.tsx'));
const IssuancePage = lazy(() => import('../features/issuance/IssuancePage.tsx'));
const FilingsPage = lazy(() => import('../features/filings/FilingsPage.tsx'));
const IntakePage = lazy(() => import('../features/intake/IntakePage.tsx'));
const WindowPage = lazy(() => import('../features/hall-window/WindowPage.tsx'));
const AppointmentsPage = lazy(() => import('../features/appointments/AppointmentsPage.tsx'));
const HallStatsPage = lazy(() => import('../features/hall-stats/HallStatsPage.tsx'));
const AgentPage = lazy(() => import('../features/agents/AgentPage.tsx'));
const ComplaintsPage = lazy(() => import('../features/complaints/ComplaintsPage.tsx'));
const AuthorisationPrintPage = lazy(() => import('../features/agents/AuthorisationPrintPage.tsx'));
const PrereviewPage = lazy(() => import('../features/prereview/PrereviewPage.tsx'));
const RectificationsPage = lazy(() => import('../features/rectifications/RectificationsPage.tsx'));
const AlertsPage = lazy(() => import('../features/alerts/AlertsPage.tsx'));
const QualityPage = lazy(() => import('../features/rectifications/QualityPage.tsx'));
const QualityReportPage = lazy(() => import('../features/quality-report/QualityReportPage.tsx'));
const SupervisionPage = lazy(() => import('../features/supervision/SupervisionPage.tsx'));
const PadPage = lazy(() => import('../features/ratings/PadPage.tsx'));
const QualitySettingsPage = lazy(() => import('../features/ratings/QualitySettingsPage.tsx'));

function RequireSession({ children }: { children: ReactNode }) {
  const { state, retry } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'unavailable') return <ServiceUnavailable error={state.error} onRetry={retry} />;
  if (state.status === 'signed-out') {
    // After a deliberate sign-out the next person starts at the home page, not at the last screen.
    const from = state.reason === 'signed-out' ? undefined : `${location.pathname}${location.search}`;
    return <Navigate to={paths.login} replace state={{ from, expired: state.reason === 'expired' }} />;
  }
  return children;
}

function RequireCapability({ capability, children }: { capability: Capability; children: ReactNode }) {
  const { can } = useStaff();
  return can[capability] ? children : <ForbiddenPage />;
}

export function App() {
  return (
    <Routes>
      <Route path={paths.login} element={<LoginPage />} />
      {/* The public guide (办事指南): no sign-in. */}
      {guideRoutes()}
      {/* E-licence verification, behind the QR code: no sign-in. */}
      {verifyRoutes()}
      {/* Case progress by case number and query password, behind the QR code on a notice: no sign-in. */}
      {queryRoutes()}
      {/* The hall's kiosk, big display and a ticket's progress; booking an appointment: no sign-in. */}
      {hallPublicRoutes()}
      {bookingRoutes()}
      {/* 好差评公示: a center's monthly figures, no sign-in. */}
      {qualityPublicRoutes()}
      {/* 公示: a center's catalog, published results and monthly figures, no sign-in. */}
      {publicityRoutes()}
      {/* 网上办事: a citizen's sign-in by code and their account, with a session of their own. */}
      {onlineIdentityRoutes()}
      {/* 一网通办: the applicant's own pages, signed in online (not the staff session). */}
      {onlineRoutes()}
      {/* 好差评: the citizen's rating page behind the SMS link (no sign-in), and the window's rating pad (full screen, the clerk's session). */}
      {ratingPublicRoutes()}
      <Route
        path={paths.ratingPad}
        element={
          <RequireSession>
            <RequireCapability capability="ratingPad">
              <Suspense fallback={<FullPageSpin />}>
                <PadPage />
              </Suspense>
            </RequireCapability>
          </RequireSession>
        }
      />
      {/* A notice on A4, outside the app's frame so only the sheet is printed. */}
      <Route
        path={paths.casePrint}
        element={
          <RequireSession>
            <CasePrintRoute />
          </RequireSession>
        }
      />
      <Route
        path={paths.agentPrint}
        element={
          <RequireSession>
            <RequireCapability capability="viewAgents">
              <Suspense fallback={<FullPageSpin />}>
                <AuthorisationPrintPage />
              </Suspense>
            </RequireCapability>
          </RequireSession>
        }
      />
      <Route
        element={
          <RequireSession>
            <AppShell />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        <Route
          path={paths.organisation}
          element={
            <RequireCapability capability="viewOrganisation">
              <OrganisationPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.staff}
          element={
            <RequireCapability capability="viewStaff">
              <StaffPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.apiKeys}
          element={
            <RequireCapability capability="manageApiKeys">
              <ApiKeysPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.push}
          element={
            <RequireCapability capability="managePush">
              <PushPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.notifications}
          element={
            <RequireCapability capability="viewNotifications">
              <NotificationsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.qualitySettings}
          element={
            <RequireCapability capability="qualitySettings">
              <QualitySettingsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.audit}
          element={
            <RequireCapability capability="viewAudit">
              <AuditPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.items}
          element={
            <RequireCapability capability="manageCatalog">
              <ItemsPage />
            </RequireCapability>
          }
        />
        <Route
          path={`${paths.items}/:code`}
          element={
            <RequireCapability capability="manageCatalog">
              <ItemEditorPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.bundles}
          element={
            <RequireCapability capability="manageCatalog">
              <BundlesPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.licenceTypes}
          element={
            <RequireCapability capability="manageCatalog">
              <LicenceTypesPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.calendar}
          element={
            <RequireCapability capability="manageCatalog">
              <CalendarPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.cases}
          element={
            <RequireCapability capability="viewCases">
              <CaseSearchPage />
            </RequireCapability>
          }
        />
        <Route
          path={`${paths.cases}/:id`}
          element={
            <RequireCapability capability="viewCases">
              <CaseDetailPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.inbox}
          element={
            <RequireCapability capability="workInbox">
              <InboxPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.issuance}
          element={
            <RequireCapability capability="issueResults">
              <IssuancePage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.filings}
          element={
            <RequireCapability capability="viewFilings">
              <FilingsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.rectifications}
          element={
            <RequireCapability capability="workRectifications">
              <RectificationsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.alerts}
          element={
            <RequireCapability capability="viewAlerts">
              <AlertsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.quality}
          element={
            <RequireCapability capability="revisitRatings">
              <QualityPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.intake}
          element={
            <RequireCapability capability="intake">
              <IntakePage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.hallWindow}
          element={
            <RequireCapability capability="workWindow">
              <WindowPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.appointments}
          element={
            <RequireCapability capability="viewAppointments">
              <AppointmentsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.hallStats}
          element={
            <RequireCapability capability="viewHallStats">
              <HallStatsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.supervision}
          element={
            <RequireCapability capability="viewSupervision">
              <SupervisionPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.qualityReport}
          element={
            <RequireCapability capability="viewQualityReport">
              <QualityReportPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.agents}
          element={
            <RequireCapability capability="viewAgents">
              <AgentPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.complaints}
          element={
            <RequireCapability capability="viewComplaints">
              <ComplaintsPage />
            </RequireCapability>
          }
        />
        <Route
          path={paths.prereview}
          element={
            <RequireCapability capability="prereview">
              <PrereviewPage />
            </RequireCapability>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
