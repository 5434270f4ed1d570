/**
 * Merging the search's two lists on a screen without the pinyin dictionary: the server sends items
 * and bundles each already in `orderHits` order (score, then pinyin), so a stable sort on score and
 * kind alone gives the same order as `orderHits` over both, and pinyin-pro (about 100 KB compressed)
 * stays out of the public guide's first load.
 *
 * @example
 * mergeRankedHits([...bundles, ...items]) // best score first; on a tie the bundle, then the server's order
 */
import type { RankedHit } from './search-keys.ts';

export function mergeRankedHits<T extends RankedHit>(hits: readonly T[]): T[] {
  return [...hits].sort((a, b) => b.rank - a.rank || (a.kind === b.kind ? 0 : a.kind === 'bundle' ? -1 : 1));
}
