/**
 * What an item is found by: its Chinese name and aliases, their full pinyin and their initials, so
 * `dibao` and `db` find 最低生活保障 through its alias 低保.
 *
 * Search must not slow down as the catalog grows, so every way of matching is turned into a prefix
 * lookup on an index: each name contributes all its suffixes (a substring of a name is a prefix of
 * one of them), its pinyin from every syllable on, and its initials from every character on. A
 * token's weight says how good a match on it is.
 */
import { pinyin } from 'pinyin-pro';

export interface SearchKeys {
  /** Names and aliases, lower-cased, separated by spaces (for typo-tolerant trigram matching). */
  text: string;
  /** Full pinyin of each name, syllables run together: `zuidishenghuobaozhang dibao`. */
  pinyin: string;
  /** Initials of each name: `zdshbz db`. */
  initials: string;
}

export interface SearchToken {
  token: string;
  weight: number;
}

/** Weights of a prefix match on each kind of token; an exact match on the whole token adds 10. */
export const tokenWeights = {
  nameStart: 90,
  nameInner: 85,
  aliasStart: 80,
  aliasInner: 75,
  pinyinStart: 70,
  initialsStart: 65,
  pinyinInner: 60,
  initialsInner: 55,
} as const;

/** An exact match on a whole token adds this much. */
export const exactBonus = 10;

/**
 * A Chinese word matched only by its sound (`低宝` for 低保: the pinyin input method offered the
 * wrong character) is worth this much less than the same match spelled right.
 */
export const soundsLikePenalty = 25;

function onlyHan(text: string): string {
  return text.replace(/[^\u3400-\u9fff]/g, '');
}

function syllables(name: string): string[] {
  return pinyin(onlyHan(name), { toneType: 'none', type: 'array' });
}

function initialsOf(name: string): string[] {
  return pinyin(onlyHan(name), { pattern: 'first', toneType: 'none', type: 'array' });
}

export function searchKeys(names: readonly string[]): SearchKeys {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  const han = unique.filter((n) => onlyHan(n) !== '');
  return {
    text: unique.map((n) => n.toLowerCase()).join(' '),
    pinyin: han.map((n) => syllables(n).join('')).join(' '),
    initials: han.map((n) => initialsOf(n).join('')).join(' '),
  };
}

/** Every token of an item's names (the first is its official name, the rest aliases), best weight kept. */
export function searchTokens(name: string, aliases: readonly string[]): SearchToken[] {
  const best = new Map<string, number>();
  const add = (token: string, weight: number) => {
    if (!token || token.length > 200) return;
    if ((best.get(token) ?? 0) < weight) best.set(token, weight);
  };
  const names = [name, ...aliases].map((n) => n.trim().toLowerCase()).filter(Boolean);
  names.forEach((n, index) => {
    const isName = index === 0;
    const chars = [...n];
    for (let i = 0; i < chars.length; i++) add(chars.slice(i).join(''), i === 0 ? (isName ? tokenWeights.nameStart : tokenWeights.aliasStart) : isName ? tokenWeights.nameInner : tokenWeights.aliasInner);
    const spelled = syllables(n);
    for (let i = 0; i < spelled.length; i++) add(spelled.slice(i).join(''), i === 0 ? tokenWeights.pinyinStart : tokenWeights.pinyinInner);
    const initials = initialsOf(n);
    for (let i = 0; i < initials.length; i++) add(initials.slice(i).join(''), i === 0 ? tokenWeights.initialsStart : tokenWeights.initialsInner);
  });
  return [...best].map(([token, weight]) => ({ token, weight }));
}

/** A query as typed: trimmed, lower-cased; for pinyin, inner spaces and apostrophes removed (`di bao` → `dibao`). */
export function normaliseQuery(query: string): { text: string; latin: string | null } {
  const text = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const compact = text.replace(/[\s']/g, '');
  return { text, latin: /^[a-z]+$/.test(compact) ? compact : null };
}

/** One word of a query: as typed, and for a Chinese word of two or more characters, how it sounds. */
export interface QueryWord {
  text: string;
  /** Toneless pinyin of a Chinese word (`低宝` → `dibao`), matched against the names' pinyin; null otherwise. */
  sound: string | null;
}

/**
 * The words every hit must match. A pinyin query is one word (`di bao` → `dibao`). A single Chinese
 * character is not sounded out: one syllable matches half the catalog.
 */
export function queryWords(query: { text: string; latin: string | null }): QueryWord[] {
  if (query.latin) return [{ text: query.latin, sound: null }];
  return query.text
    .split(' ')
    .filter(Boolean)
    .map((text) => {
      const han = onlyHan(text);
      return { text, sound: han.length >= 2 && han === text ? syllables(han).join('') : null };
    });
}

/** The longest Chinese query that is cut into pieces when it matches nothing whole. */
const longestPiecedQuery = 10;

/**
 * What to try when a Chinese query matches nothing as typed: `身份证丢了`, `补办身份证`, `买房过户`
 * carry words the catalog does not list around one it does. Its pieces, longest first: every
 * stretch of the query one character shorter, then two shorter, down to two characters; a hit
 * needs any one piece of a length (`matchScore(..., 'any')`), and the first length that finds
 * something is the answer.
 */
export function queryPieces(query: { text: string; latin: string | null }): QueryWord[][] {
  const chars = [...query.text];
  if (query.latin || chars.length < 3 || chars.length > longestPiecedQuery || onlyHan(query.text) !== query.text) return [];
  const lengths: QueryWord[][] = [];
  for (let length = chars.length - 1; length >= 2; length--) {
    const pieces = new Set<string>();
    for (let start = 0; start + length <= chars.length; start++) pieces.add(chars.slice(start, start + length).join(''));
    lengths.push([...pieces].map((text) => ({ text, sound: syllables(text).join('') })));
  }
  return lengths;
}

/**
 * How well tokens match a query, as the item index scores it (the SQL in the catalog repository
 * does the same over its token table): each word takes its best token, an exact token adds
 * `exactBonus`, a match by sound only loses `soundsLikePenalty`; the words' scores add up. Null when
 * some word matches nothing (`all`, a query) or when none does (`any`, the pieces of one).
 */
export function matchScore(words: readonly QueryWord[], tokens: readonly SearchToken[], match: 'all' | 'any' = 'all'): number | null {
  if (words.length === 0) return null;
  let total = 0;
  let matched = 0;
  for (const word of words) {
    let best: number | null = null;
    for (const { token, weight } of tokens) {
      let score: number | null = null;
      if (token.startsWith(word.text)) score = weight + (token === word.text ? exactBonus : 0);
      else if (word.sound && token.startsWith(word.sound)) score = weight + (token === word.sound ? exactBonus : 0) - soundsLikePenalty;
      if (score !== null && (best === null || score > best)) best = score;
    }
    if (best === null) {
      if (match === 'all') return null;
      continue;
    }
    matched++;
    total += best;
  }
  return matched > 0 ? total : null;
}

/** A name's place in pinyin order (the way a Chinese list is sorted): its toneless pinyin, then the name. */
export function pinyinOrderKey(name: string): string {
  return `${pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase()}\u0000${name}`;
}

/** Compares names in pinyin order (`办` before `出` before `最`). */
export function comparePinyin(a: string, b: string): number {
  const ka = pinyinOrderKey(a);
  const kb = pinyinOrderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** One result of the search, an item or a 一件事 bundle, with its score. */
export interface RankedHit {
  kind: 'item' | 'bundle';
  name: string;
  rank: number;
}

/**
 * Items and bundles in one list: best score first; on a tie the bundle (one application instead of
 * several), then pinyin order.
 */
export function orderHits<T extends RankedHit>(hits: readonly T[]): T[] {
  return [...hits].sort((a, b) => b.rank - a.rank || (a.kind === b.kind ? 0 : a.kind === 'bundle' ? -1 : 1) || comparePinyin(a.name, b.name));
}
