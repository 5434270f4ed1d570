/** Small hooks the hall's public screens share. */
import { useEffect, useState } from 'react';
import { useResource } from '../../shared/resource.ts';
import { hallPublicApi, type PublicCenter } from './model.ts';

/** The time now, renewed every `everyMs` (a clock on a hall screen). */
export function useNow(everyMs = 1_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The public list of centers, shared by every hall screen, and the one `centerId` names. */
export function useCenter(centerId: string | undefined) {
  const centers = useResource<PublicCenter[]>(hallPublicApi.centersPath);
  const center = centerId ? centers.data?.find((c) => c.id === centerId) : undefined;
  return { ...centers, center };
}

/** Sets the browser tab's title while the screen is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    const previous = document.title;
    // After the i18n provider's own title effect, which runs on the same commit.
    const timer = window.setTimeout(() => {
      document.title = title;
    });
    return () => {
      window.clearTimeout(timer);
      document.title = previous;
    };
  }, [title]);
}
