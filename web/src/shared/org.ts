/**
 * The organisation every screen refers to: regions and departments (cached, shared), name
 * lookups and the region tree. The pickers built on them are in pickers.tsx.
 */
import { useMemo } from 'react';
import { roleLabels } from '../../../src/domain/roles.ts';
import type { Department, Grant, Region } from '../api.ts';
import type { I18n } from '../i18n.tsx';
import { useResource } from './resource.ts';

export interface OrgLookup {
  regions: Region[];
  departments: Department[];
  regionByCode: Map<string, Region>;
  departmentById: Map<string, Department>;
  regionName(code: string): string;
  departmentName(id: string): string;
  loading: boolean;
  error: unknown;
  reload(): void;
}

/** Regions and departments with lookups by code and id. */
export function useOrgLookup(): OrgLookup {
  const regions = useResource<Region[]>('/api/regions');
  const departments = useResource<Department[]>('/api/departments');
  const { data: regionData, reload: reloadRegions } = regions;
  const { data: departmentData, reload: reloadDepartments } = departments;
  const loading = regions.loading || departments.loading;
  const error: unknown = regions.error ?? departments.error;
  return useMemo(() => {
    const regionList = regionData ?? [];
    const departmentList = departmentData ?? [];
    const regionByCode = new Map(regionList.map((r) => [r.code, r]));
    const departmentById = new Map(departmentList.map((d) => [d.id, d]));
    return {
      regions: regionList,
      departments: departmentList,
      regionByCode,
      departmentById,
      regionName: (code) => regionByCode.get(code)?.name ?? code,
      departmentName: (id) => departmentById.get(id)?.name ?? id,
      loading,
      error,
      reload: () => {
        void reloadRegions();
        void reloadDepartments();
      },
    };
  }, [regionData, departmentData, loading, error, reloadRegions, reloadDepartments]);
}

export interface RegionNode {
  region: Region;
  children: RegionNode[];
}

/** Nests the flat region list (ordered by path) into trees; regions whose parent is unknown become roots. */
export function buildRegionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  const roots: RegionNode[] = [];
  const sorted = [...regions].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const region of sorted) {
    const node: RegionNode = { region, children: [] };
    nodes.set(region.code, node);
    const parent = region.parentCode === null ? undefined : nodes.get(region.parentCode);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Codes of the regions above town level: opened by default, so towns show and villages stay folded. */
export function upperRegionCodes(regions: readonly Region[]): string[] {
  return regions.filter((r) => r.level !== 'town' && r.level !== 'village').map((r) => r.code);
}

/** A grant in words: "审批员 · 新泰市民政局 · 新泰市". */
export function describeGrant(grant: Grant, lookup: Pick<OrgLookup, 'regionName' | 'departmentName'>, i18n: Pick<I18n, 't' | 'pick'>): string {
  const department = grant.departmentId === null ? i18n.t('grant.allDepartments') : lookup.departmentName(grant.departmentId);
  return [i18n.pick(roleLabels[grant.role]), department, lookup.regionName(grant.regionCode)].join(' · ');
}
