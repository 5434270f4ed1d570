/**
 * 好差评公示: the public monthly figures, outside the staff session. Its own chunk.
 *
 * @example
 * <Routes>{qualityPublicRoutes()}...</Routes>
 */
import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { paths } from '../../app/paths.ts';
import { FullPageSpin } from '../../shared/states.tsx';

const QualityPublicPage = lazy(() => import('./QualityPublicPage.tsx'));

export function qualityPublicRoutes() {
  return [
    <Route
      key="quality-public"
      path={paths.qualityPublic}
      element={
        <Suspense fallback={<FullPageSpin />}>
          <QualityPublicPage />
        </Suspense>
      }
    />,
  ];
}
