/**
 * The fuzzer's memory (see ./openapi-fuzz.ts): ids and codes seen in responses, and the placeholders
 * a generated request carries for them until it is sent, so that requests find real records.
 */
import { acceptsString, singular, type JsonSchema } from './json-schema-arbitrary.ts';

interface Remembered {
  value: string;
  /** The key it was found under: `id`, `code`, `implementationCode`, `identifier` … */
  key: string;
  /** Where it was found, lowercased: the path's fixed segments, then the keys above it (`api cases tasks`). */
  context: string[];
}

export const rememberedKey = /^(id|code|key|identifier|username|caseNo)$|(Id|Code|No)$/;

/** Ids and codes seen in responses, offered to later requests whose fields name the same kind of record. */
export class Memory {
  private entries: Remembered[] = [];
  private readonly seen = new Set<string>();
  private readonly cache = new WeakMap<JsonSchema, Map<string, { size: number; best: string[]; all: string[] }>>();
  private readonly protectedValues: ReadonlySet<string>;

  constructor(protectedValues: ReadonlySet<string>) {
    this.protectedValues = protectedValues;
  }

  /** Takes in the ids and codes of a JSON answer to `path` (the operation's path, `{id}` and all). */
  learn(value: unknown, path: string): void {
    const walk = (current: unknown, context: string[], key: string, depth: number) => {
      if (depth > 12) return;
      if (typeof current === 'string') {
        if (rememberedKey.test(key) && current.length <= 100 && !this.protectedValues.has(current)) this.add({ value: current, key, context });
      } else if (Array.isArray(current)) {
        // Entries of `caseIds` are case ids.
        for (const inner of current.slice(0, 50)) walk(inner, context, typeof inner === 'string' ? singular(key) : key, depth + 1);
      } else if (current !== null && typeof current === 'object') {
        const inner = key ? [...context, key.toLowerCase()] : context;
        for (const [innerKey, innerValue] of Object.entries(current)) walk(innerValue, inner, innerKey, depth + 1);
      }
    };
    walk(
      value,
      path
        .toLowerCase()
        .split('/')
        .filter((segment) => segment && !segment.startsWith('{')),
      '',
      0,
    );
  }

  private add(entry: Remembered): void {
    const id = `${entry.key}\u0001${entry.value}\u0001${entry.context.join('/')}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.entries.push(entry);
    if (this.entries.length > 6_000) {
      for (const dropped of this.entries.splice(0, 1_000)) this.seen.delete(`${dropped.key}\u0001${dropped.value}\u0001${dropped.context.join('/')}`);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * A remembered value for field `name` of the resource `word` (`center` for `/api/centers/{id}`)
   * that `schema` accepts; undefined if none. The best matches come first: the field's own key
   * (`applicantId`), then an `id` or `code` found right under the resource (`/api/centers`, `tasks`),
   * then one found anywhere below it, then any id or code. `pick` chooses, mostly among the best.
   */
  recall(name: string, word: string, schema: JsonSchema, pick: number): string | undefined {
    const bySchema = this.cache.get(schema) ?? new Map();
    this.cache.set(schema, bySchema);
    const cacheKey = `${name}\u0001${word}`;
    let cached = bySchema.get(cacheKey);
    if (!cached || cached.size !== this.entries.length) {
      const kind = /^id$|Ids?$/.test(name) ? 'id' : /^code$|Codes?$/.test(name) ? 'code' : 'other';
      const keyFits = (key: string) => (kind === 'id' ? key === 'id' : kind === 'code' ? /code$/i.test(key) : key === 'id' || key === 'code' || key === 'key');
      const named = (e: Remembered) => e.context.at(-1)?.includes(word) ?? false;
      const tiers: string[][] = [[], [], [], []];
      for (const e of this.entries) {
        if (!acceptsString(schema, e.value)) continue;
        if (name !== 'id' && name !== 'code' && (e.key === name || e.key === singular(name))) tiers[0]!.push(e.value);
        else if (word.length > 1 && keyFits(e.key) && named(e)) tiers[1]!.push(e.value);
        else if (word.length > 1 && keyFits(e.key) && e.context.some((c) => c.includes(word))) tiers[2]!.push(e.value);
        else if (kind === 'id' ? /^id$|Id$/.test(e.key) : kind === 'code' ? /code$/i.test(e.key) : false) tiers[3]!.push(e.value);
      }
      const all = [...new Set(tiers.flat())];
      cached = { size: this.entries.length, best: [...new Set(tiers.find((tier) => tier.length > 0) ?? [])], all };
      bySchema.set(cacheKey, cached);
    }
    const from = pick % 5 === 0 ? cached.all : cached.best;
    return from.length > 0 ? from[Math.floor(pick / 5) % from.length] : undefined;
  }
}

/** A field value to be taken from memory when the request is sent, or `fallback` if memory has none. */
export class Recall {
  readonly name: string;
  readonly word: string;
  readonly schema: JsonSchema;
  readonly pick: number;
  readonly fallback: unknown;

  constructor(name: string, word: string, schema: JsonSchema, pick: number, fallback: unknown) {
    this.name = name;
    this.word = word;
    this.schema = schema;
    this.pick = pick;
    this.fallback = fallback;
  }
}

/** The resource a field names: `applicantId` → `applicant`, `classCode` → `class`. */
export function resourceWord(name: string): string {
  return name.replace(/(Ids?|Codes?|Nos?)$/, '').toLowerCase();
}

export function resolve(value: unknown, memory: Memory): unknown {
  if (value instanceof Recall) return memory.recall(value.name, value.word, value.schema, value.pick) ?? value.fallback;
  if (Array.isArray(value)) return value.map((inner) => resolve(inner, memory));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, memory)]));
  return value;
}
