import type { CenterLevel } from '../../api.ts';

export { regionLevelsForCenter } from '../../../../src/domain/region.ts';

export const centerLevelColors: Record<CenterLevel, string> = { city: 'geekblue', town: 'green', village: 'cyan' };
