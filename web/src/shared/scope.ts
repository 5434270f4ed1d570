import { useCallback, useMemo } from 'react';
import { adminPaths, isInside, orgAdminPaths } from '../app/capabilities.ts';
import { useStaff } from '../app/session.tsx';
import type { Region } from '../api.ts';
import type { OrgLookup } from './org.tsx';

export interface OrgScope {
  /** The user administers the organisation somewhere (shows the create buttons). */
  canChangeAny: boolean;
  /** Whether regions, centers, departments and windows in this region are the user's to change. */
  canChangeIn(regionCode: string): boolean;
  canChangeRegion(region: Region): boolean;
}

/**
 * Where the user may change the organisation: under their admin grants that are not narrowed to a
 * department. The server checks again; this keeps buttons off what would be refused.
 */
export function useOrgScope(lookup: Pick<OrgLookup, 'regions' | 'regionByCode'>): OrgScope {
  const { staff } = useStaff();
  const scopes = useMemo(() => orgAdminPaths(staff.grants, lookup.regions), [staff, lookup.regions]);
  const canChangeRegion = useCallback((region: Region) => isInside(region.path, scopes), [scopes]);
  const canChangeIn = useCallback(
    (regionCode: string) => {
      const region = lookup.regionByCode.get(regionCode);
      return region !== undefined && isInside(region.path, scopes);
    },
    [scopes, lookup.regionByCode],
  );
  return { canChangeAny: scopes.length > 0, canChangeIn, canChangeRegion };
}

/** Regions under any of the user's admin grants (also department-narrowed ones): for grants and API keys. */
export function useAdminRegionFilter(regions: readonly Region[]): (region: Region) => boolean {
  const { staff } = useStaff();
  const scopes = useMemo(() => adminPaths(staff.grants, regions), [staff, regions]);
  return useCallback((region: Region) => isInside(region.path, scopes), [scopes]);
}
