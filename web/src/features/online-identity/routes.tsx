/** 网上办事 (the online channel): sign-in by code and the citizen's account, outside the staff session. Its own chunk. */
import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { paths } from '../../app/paths.ts';
import { FullPageSpin } from '../../shared/states.tsx';

const OnlineLoginPage = lazy(() => import('./OnlineLoginPage.tsx'));
const OnlineAccountPage = lazy(() => import('./OnlineAccountPage.tsx'));

export function onlineIdentityRoutes() {
  return (
    <>
      <Route
        path={paths.onlineLogin}
        element={
          <Suspense fallback={<FullPageSpin />}>
            <OnlineLoginPage />
          </Suspense>
        }
      />
      <Route
        path={paths.onlineMe}
        element={
          <Suspense fallback={<FullPageSpin />}>
            <OnlineAccountPage />
          </Suspense>
        }
      />
    </>
  );
}
