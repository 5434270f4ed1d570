/**
 * The public guide's routes, outside the staff session: anyone may open, bookmark and share them.
 * The print views sit outside the guide's frame so nothing but the sheet reaches the paper. Every
 * page is its own chunk; the staff app does not load them.
 *
 * @example
 * <Routes>{guideRoutes()}...</Routes>
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { FullPageSpin } from '../../shared/states.tsx';

const GuideLayout = lazy(() => import('./GuideLayout.tsx'));
const SearchPage = lazy(() => import('./SearchPage.tsx'));
const ItemPage = lazy(() => import('./ItemPage.tsx'));
const ItemPrintPage = lazy(() => import('./ItemPrintPage.tsx'));
const BundlePage = lazy(() => import('./BundlePage.tsx'));
const BundlePrintPage = lazy(() => import('./BundlePrintPage.tsx'));
const NotFoundPage = lazy(() => import('./NotFoundPage.tsx'));

function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

export function guideRoutes() {
  return (
    <>
      <Route
        path="/guide"
        element={
          <Loading>
            <GuideLayout />
          </Loading>
        }
      >
        <Route index element={<SearchPage />} />
        <Route path="items/:code" element={<ItemPage />} />
        <Route path="bundles/:code" element={<BundlePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route
        path="/guide/items/:code/print"
        element={
          <Loading>
            <ItemPrintPage />
          </Loading>
        }
      />
      <Route
        path="/guide/bundles/:code/print"
        element={
          <Loading>
            <BundlePrintPage />
          </Loading>
        }
      />
    </>
  );
}
