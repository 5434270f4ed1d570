/**
 * 公示: the centers' public pages (no sign-in). Its own chunk.
 *
 * @example
 * <Routes>{publicityRoutes()}...</Routes>
 */
import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { paths } from '../../app/paths.ts';
import { FullPageSpin } from '../../shared/states.tsx';

const PublicityPage = lazy(() => import('./PublicityPage.tsx'));

export function publicityRoutes() {
  return [paths.publicity, paths.publicityCenter].map((path) => (
    <Route
      key={path}
      path={path}
      element={
        <Suspense fallback={<FullPageSpin />}>
          <PublicityPage />
        </Suspense>
      }
    />
  ));
}
