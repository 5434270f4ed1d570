/**
 * Booking an appointment (预约), outside the staff session: choose a center, a class and a slot;
 * look a booking up or cancel it by its code and ID number. Its own chunk.
 */
import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { paths } from '../../app/paths.ts';
import { FullPageSpin } from '../../shared/states.tsx';

const BookingPage = lazy(() => import('./BookingPage.tsx'));

export function bookingRoutes() {
  return (
    <Route
      path={paths.book}
      element={
        <Suspense fallback={<FullPageSpin />}>
          <BookingPage />
        </Suspense>
      }
    />
  );
}
