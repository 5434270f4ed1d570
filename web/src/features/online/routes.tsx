/**
 * 一网通办's routes, in the public part of the app (no staff session): 我要办 (/online), the apply
 * page of a draft (/online/apply/:id), 我的办件 (/online/cases) and a case (/online/cases/:id).
 * /online/login is the identity work's. Each page is its own chunk; the staff app does not load them.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { FullPageSpin } from '../../shared/states.tsx';

const OnlineLayout = lazy(() => import('./OnlineLayout.tsx'));
const PickerPage = lazy(() => import('./PickerPage.tsx'));
const ApplyPage = lazy(() => import('./ApplyPage.tsx'));
const MyCasesPage = lazy(() => import('./MyCasesPage.tsx'));
const CasePage = lazy(() => import('./CasePage.tsx'));
const OnlineComplaintPage = lazy(() => import('../complaints/OnlineComplaintPage.tsx'));
const CaseRatingPage = lazy(() => import('../ratings/OnlineCaseRating.tsx'));
const OnlineNotFound = lazy(() => import('./OnlineLayout.tsx').then((m) => ({ default: m.OnlineNotFound })));

function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

export function onlineRoutes() {
  return (
    <Route
      path="/online"
      element={
        <Loading>
          <OnlineLayout />
        </Loading>
      }
    >
      <Route index element={<PickerPage />} />
      <Route path="apply/:id" element={<ApplyPage />} />
      <Route path="cases" element={<MyCasesPage />} />
      <Route path="cases/:id" element={<CasePage />} />
      <Route path="complaint" element={<OnlineComplaintPage />} />
      <Route path="cases/:id/rating" element={<CaseRatingPage />} />
      {/* /online/login is the identity work's own route, which wins over this one. */}
      <Route path="*" element={<OnlineNotFound />} />
    </Route>
  );
}
