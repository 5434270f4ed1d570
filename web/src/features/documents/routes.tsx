/**
 * The public progress query (`/query`, no sign-in) and the print views of a case's notices
 * (`/cases/:id/print/:kind`, staff only, outside the app's frame). Each page is its own chunk.
 *
 * @example
 * <Routes>{queryRoutes()}...</Routes>
 * <Route path={paths.casePrint} element={<RequireSession><CasePrintRoute /></RequireSession>} />
 */
import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { FullPageSpin } from '../../shared/states.tsx';

const QueryPage = lazy(() => import('./QueryPage.tsx'));
const CasePrintPage = lazy(() => import('./CasePrintPage.tsx'));

export function queryRoutes() {
  return (
    <Route
      path="/query"
      element={
        <Suspense fallback={<FullPageSpin />}>
          <QueryPage />
        </Suspense>
      }
    />
  );
}

/** The print view; mount it inside the session guard but outside the app shell. */
export function CasePrintRoute() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <CasePrintPage />
    </Suspense>
  );
}
