/** 好差评 screens outside the staff shell: the citizen's page behind the SMS link and the hall's rating kiosk. The pad is under the session (App.tsx). */
import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { FullPageSpin } from '../../shared/states.tsx';

const RatePage = lazy(() => import('./RatePage.tsx'));
const KioskRatePage = lazy(() => import('./KioskRatePage.tsx'));
const page = (element: ReactNode) => <Suspense fallback={<FullPageSpin />}>{element}</Suspense>;

export function ratingPublicRoutes() {
  return [<Route key="rate" path="/rate/:token" element={page(<RatePage />)} />, <Route key="kiosk-rate" path="/hall/rate/:centerId" element={page(<KioskRatePage />)} />];
}
