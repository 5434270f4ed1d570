/**
 * Regions (行政区划) form a tree: province → city → county → town → village. Codes follow GB/T 2260
 * (6 digits, down to county) and the statistical division codes below it (9 digits for a town,
 * 12 for a village). A region stores its materialised path of codes, `370000.370900.370982`, so a
 * subtree test is a prefix test.
 */
export const regionLevels = ['province', 'city', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof regionLevels)[number];

export const regionLevelLabels: Record<RegionLevel, { zh: string; en: string }> = {
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  county: { zh: '县(市、区)', en: 'County' },
  town: { zh: '乡镇(街道)', en: 'Town' },
  village: { zh: '村(社区)', en: 'Village' },
};

const codePattern = /^(\d{6}|\d{9}|\d{12})$/;

/** Whether a code has the form of a region code: 6 digits (GB/T 2260), 9 (town) or 12 (village). */
export function isRegionCode(code: string): boolean {
  return codePattern.test(code);
}

/** Whether `path` is `ancestorPath` itself or lies below it. */
export function isWithinRegion(path: string, ancestorPath: string): boolean {
  return path === ancestorPath || path.startsWith(`${ancestorPath}.`);
}

export function childRegionPath(parentPath: string | null, code: string): string {
  return parentPath ? `${parentPath}.${code}` : code;
}

/** The level a child of `parent` must have; a village has no children. */
export function childLevelOf(parent: RegionLevel): RegionLevel | undefined {
  const index = regionLevels.indexOf(parent);
  return regionLevels[index + 1];
}

/** 政务服务中心 (city or county), 便民服务中心 (town), 便民服务站 (village). */
export const centerLevels = ['city', 'town', 'village'] as const;
export type CenterLevel = (typeof centerLevels)[number];

/** Which region levels a center of each level may stand in. */
export const regionLevelsForCenter: Record<CenterLevel, readonly RegionLevel[]> = {
  city: ['province', 'city', 'county'],
  town: ['town'],
  village: ['village'],
};

/** The deepest region whose subtree holds all of `paths` (undefined for none, or paths with no common root). */
export function commonAncestorPath(paths: readonly string[]): string | undefined {
  if (paths.length === 0) return undefined;
  let common = paths[0]!.split('.');
  for (const path of paths.slice(1)) {
    const codes = path.split('.');
    let i = 0;
    while (i < common.length && i < codes.length && common[i] === codes[i]) i++;
    common = common.slice(0, i);
  }
  return common.length > 0 ? common.join('.') : undefined;
}
