/**
 * The public verification page behind an e-licence's QR code, outside the staff session: anyone
 * may open it. Its own chunk; the staff app does not load it.
 *
 * @example
 * <Routes>{verifyRoutes()}...</Routes>
 */
import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { FullPageSpin } from '../../shared/states.tsx';

const VerifyPage = lazy(() => import('./VerifyPage.tsx'));

export function verifyRoutes() {
  const page = (
    <Suspense fallback={<FullPageSpin />}>
      <VerifyPage />
    </Suspense>
  );
  return (
    <>
      <Route path="/verify" element={page} />
      <Route path="/verify/:identifier" element={page} />
    </>
  );
}
