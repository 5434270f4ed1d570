/**
 * The hall's public screens, outside the staff session: the index of centers, the kiosk (取号),
 * the big display board and a ticket's progress behind its QR code. Their own chunks.
 *
 * @example
 * <Routes>{hallPublicRoutes()}...</Routes>
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { paths } from '../../app/paths.ts';
import { FullPageSpin } from '../../shared/states.tsx';

const HallIndexPage = lazy(() => import('./HallIndexPage.tsx'));
const KioskPage = lazy(() => import('./KioskPage.tsx'));
const BoardPage = lazy(() => import('./BoardPage.tsx'));
const TicketPage = lazy(() => import('./TicketPage.tsx'));

const page = (element: ReactNode) => <Suspense fallback={<FullPageSpin />}>{element}</Suspense>;

export function hallPublicRoutes() {
  return [
    <Route key="hall" path={paths.hall} element={page(<HallIndexPage />)} />,
    <Route key="kiosk" path={paths.hallKiosk} element={page(<KioskPage />)} />,
    <Route key="board" path={paths.hallBoard} element={page(<BoardPage />)} />,
    <Route key="ticket" path={paths.hallTicket} element={page(<TicketPage />)} />,
  ];
}
