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
