/**
 * JSON Schema (as the OpenAPI document states it) → fast-check arbitraries: values the schema
 * accepts, mostly, and the hostile edits (`Mutation`) that turn one into what a careless or
 * malicious client sends. Covers what zod emits: type (and type lists), enum, const, format
 * uuid / date / date-time, pattern, min/max lengths, items, sizes, properties, required,
 * additionalProperties, propertyNames, anyOf / oneOf / allOf, nullable.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
}

export interface ArbitraryHooks {
  /** A better arbitrary for a field whose schema alone rarely yields an accepted value (a check digit); undefined if none. */
  hint?(name: string, schema: JsonSchema): fc.Arbitrary<unknown> | undefined;
  /** Lets a string field take a value seen in earlier responses (an id, a code) instead of `generated`. */
  remembered?(name: string, schema: JsonSchema, generated: fc.Arbitrary<unknown>): fc.Arbitrary<unknown>;
}

/** The day the test clock starts on; generated dates cluster around it so that they mean something. */
const anchorDay = Date.UTC(2026, 10, 23);
const dayMs = 86_400_000;
const isoDay = (offset: number) => new Date(anchorDay + offset * dayMs).toISOString().slice(0, 10);

const patterns = new Map<string, RegExp | null>();
function compiled(pattern: string): RegExp | null {
  if (!patterns.has(pattern)) {
    try {
      patterns.set(pattern, new RegExp(pattern));
    } catch {
      patterns.set(pattern, null);
    }
  }
  return patterns.get(pattern)!;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Whether `value` is a string `schema` accepts (for values remembered from responses). */
export function acceptsString(schema: JsonSchema, value: string): boolean {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.some((branch) => acceptsString(branch, value));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 0 && !types.includes('string')) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.const !== undefined && schema.const !== value) return false;
  if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  if (schema.pattern && !compiled(schema.pattern)?.test(value)) return false;
  if (schema.format === 'uuid' && !uuidPattern.test(value)) return false;
  return true;
}

/** One character of text as people type it: mostly ASCII, often Chinese, sometimes any grapheme. */
const textUnit = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 80;
  const fits = (value: string) => value.length >= min && value.length <= max;
  if (schema.format === 'uuid') return fc.uuid({ version: 4 });
  if (schema.format === 'date-time') {
    return fc.integer({ min: -30 * 24 * 60, max: 60 * 24 * 60 }).map((minutes) => new Date(anchorDay + 9 * 3_600_000 + minutes * 60_000).toISOString());
  }
  if (schema.format === 'date' || (schema.pattern && compiled(schema.pattern)?.test('2026-11-23') && !compiled(schema.pattern)?.test('2026-11-2'))) {
    // A day pattern: real days near the clock, and now and then one that does not exist.
    return fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -400, max: 400 }).map(isoDay) }, { weight: 1, arbitrary: fc.constantFrom('2026-02-29', '2026-13-01', '0000-01-01', '9999-12-31') });
  }
  const regex = schema.pattern ? compiled(schema.pattern) : null;
  if (regex) return fc.stringMatching(regex, { maxLength: max }).filter(fits);
  const short = fc.string({ unit: textUnit, minLength: min, maxLength: Math.max(min, Math.min(max, 24)) });
  if (max <= 24) return short;
  return fc.oneof({ weight: 5, arbitrary: short }, { weight: 1, arbitrary: fc.string({ unit: textUnit, minLength: Math.max(min, max - 3), maxLength: max }) });
}

function numberBounds(schema: JsonSchema): { min: number; max: number } {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000);
  return { min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) };
}

function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const { min, max } = numberBounds(schema);
  return fc.oneof({ weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, min + 50) }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) }, { weight: 1, arbitrary: fc.integer({ min, max }) });
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const { min, max } = numberBounds(schema);
  return fc.oneof({ weight: 3, arbitrary: integerArbitrary(schema) }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) });
}

/** The name an array's entries go by: `itemCodes` → `itemCode`, `caseIds` → `caseId`. */
export function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function merged(schemas: JsonSchema[]): JsonSchema {
  const all: JsonSchema = {};
  for (const one of schemas) Object.assign(all, one, { properties: { ...all.properties, ...one.properties }, required: [...(all.required ?? []), ...(one.required ?? [])] });
  return all;
}

/**
 * Values `schema` accepts (nearly always: a pattern's length limits, a trimmed blank string and
 * rules beyond the schema are the exceptions). `name` is the field's, for `hooks`.
 */
export function schemaArbitrary(schema: JsonSchema, name: string, hooks: ArbitraryHooks = {}, depth = 0): fc.Arbitrary<unknown> {
  const hinted = hooks.hint?.(name, schema);
  if (hinted) return hinted;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => schemaArbitrary(branch, name, hooks, depth)));
  if (schema.allOf) return schemaArbitrary(merged(schema.allOf), name, hooks, depth);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => schemaArbitrary({ ...schema, type }, name, hooks, depth)));
  let arbitrary: fc.Arbitrary<unknown>;
  switch (types[0]) {
    case 'string': {
      const generated = stringArbitrary(schema);
      arbitrary = hooks.remembered ? hooks.remembered(name, schema, generated) : generated;
      break;
    }
    case 'integer':
      arbitrary = integerArbitrary(schema);
      break;
    case 'number':
      arbitrary = numberArbitrary(schema);
      break;
    case 'boolean':
      arbitrary = fc.boolean();
      break;
    case 'null':
      arbitrary = fc.constant(null);
      break;
    case 'array': {
      const minLength = schema.minItems ?? 0;
      // Short lists, shorter deeper down: an item's content nests lists of lists, and each entry costs time to make and check.
      const maxLength = Math.min(schema.maxItems ?? 4, Math.max(minLength, depth > 1 ? 2 : 4));
      arbitrary = depth > 8 ? fc.constant([]) : fc.array(schemaArbitrary(schema.items ?? {}, singular(name), hooks, depth + 1), { minLength, maxLength });
      break;
    }
    case 'object':
      arbitrary = depth > 8 ? fc.constant({}) : objectArbitrary(schema, hooks, depth);
      break;
    default:
      arbitrary = fc.jsonValue({ maxDepth: 2 });
  }
  return schema.nullable ? fc.option(arbitrary, { freq: 6 }) : arbitrary;
}

function objectArbitrary(schema: JsonSchema, hooks: ArbitraryHooks, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([key, inner]) => [key, schemaArbitrary(inner, key, hooks, depth + 1)]));
  const required = (schema.required ?? []).filter((key) => key in properties);
  // All keys optional (a PATCH, a search): at least one of them, or nearly every value would be `{}`.
  const known = required.length === 0 && Object.keys(model).length > 0 ? fc.record(model, { requiredKeys: [] }).filter((value) => Object.keys(value).length > 0) : fc.record(model, { requiredKeys: required });
  const extra = schema.additionalProperties;
  if (extra === undefined || typeof extra === 'boolean') return known;
  // A free record (a form): keys under propertyNames, values under additionalProperties.
  const keys = schemaArbitrary({ type: 'string', maxLength: 20, ...schema.propertyNames }, 'key', {}, depth + 1) as fc.Arbitrary<string>;
  const free = fc.dictionary(keys, schemaArbitrary(extra, 'value', hooks, depth + 1), { maxKeys: 4 });
  return fc.tuple(known, free).map(([a, b]) => ({ ...b, ...(a as object) }));
}

// ---------------------------------------------------------------------------------------------
// Hostile edits

export const mutationKinds = ['nul', 'surrogate', 'number', 'wrong-type', 'odd-string', 'long-string', 'deep', 'extra-key', 'drop-key', 'empty', 'duplicate', 'big-array', 'null'] as const;
export type MutationKind = (typeof mutationKinds)[number];

/** One hostile edit: what, at which node (an index into the value's nodes, modulo their count), which variant. */
export interface Mutation {
  kind: MutationKind;
  at: number;
  variant: number;
}

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constantFrom(...mutationKinds), at: fc.nat(), variant: fc.nat() });

const surrogates = ['\ud800', '\udbff', '\udc00', '\udfff'];
const hostileNumbers = [1e308, -1e308, 2 ** 53 + 1, -(2 ** 53 + 1), -1, 0, 1.5, -0.5, 1e-7, 2 ** 31, -(2 ** 31) - 1, 1e21];
const wrongTypes: unknown[] = [true, false, 0, 42, '42', '', [], {}, 'true', [1, 2], { a: 1 }, 'null'];
const oddStrings = [
  '',
  ' ',
  '\t\n',
  '  padded  ',
  "' OR '1'='1",
  '%',
  '_',
  '\\',
  '%_\\',
  '$1',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${x}` is one of the odd strings sent
  '${x}',
  '{{x}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u202Eevil',
  'e\u0301',
  '😀😀😀',
  '\uFEFF',
  '\u200B',
  '１２３',
  'NaN',
  '-0',
  '0x10',
  '1e999',
  '370982370982370982',
  'A'.repeat(65),
  '\r\nX-Injected: 1',
  '𠀀𪚥',
  'ＡＢＣ',
  '\u0001\u001f\u007f',
  '"quoted"',
  'null',
  'undefined',
  '__proto__',
  'constructor',
];
const extraKeys = ['extra', 'constructor', 'prototype', 'toString', '', ' ', 'a'.repeat(200), 'id', '$where'];

interface Node {
  path: (string | number)[];
  value: unknown;
}

/** Plain objects and arrays are containers; anything else (a placeholder resolved later) is a leaf. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

function nodesOf(value: unknown): Node[] {
  const nodes: Node[] = [];
  const walk = (current: unknown, path: (string | number)[]) => {
    nodes.push({ path, value: current });
    if (Array.isArray(current)) for (const [i, inner] of current.entries()) walk(inner, [...path, i]);
    else if (isPlainObject(current)) for (const [key, inner] of Object.entries(current)) walk(inner, [...path, key]);
  };
  walk(value, []);
  return nodes;
}

function replaceAt(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((inner, i) => (i === head ? replaceAt(inner, rest, replacement) : inner));
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  copy[head as string] = replaceAt(copy[head as string], rest, replacement);
  return copy;
}

function nested(depth: number, variant: number): unknown {
  let value: unknown = variant % 2 === 0 ? 1 : 'x';
  for (let i = 0; i < depth; i++) value = variant % 3 === 0 ? { a: value } : [value];
  return value;
}

function hostile(kind: MutationKind, current: unknown, variant: number): unknown {
  const pick = <T>(list: readonly T[]) => list[variant % list.length]!;
  switch (kind) {
    case 'nul':
    case 'surrogate': {
      const bad = kind === 'nul' ? '\u0000' : pick(surrogates);
      const text = typeof current === 'string' ? current : 'ab';
      const at = variant % (text.length + 1);
      return text.slice(0, at) + bad + text.slice(at);
    }
    case 'number':
      return pick(hostileNumbers);
    case 'wrong-type':
      return pick(wrongTypes);
    case 'odd-string':
      return pick(oddStrings);
    case 'long-string':
      return (variant % 2 === 0 ? '统' : 'x').repeat(pick([101, 257, 2_001, 10_001, 100_001, 400_000]));
    case 'deep':
      return nested(pick([10, 40, 63, 65, 200]), variant);
    case 'extra-key': {
      const key = pick(extraKeys);
      if (isPlainObject(current)) return { ...current, [key]: variant % 2 === 0 ? 1 : 'x' };
      return { [key]: current };
    }
    case 'drop-key': {
      if (!isPlainObject(current)) return undefined;
      const keys = Object.keys(current);
      if (keys.length === 0) return current;
      const dropped = keys[variant % keys.length]!;
      return Object.fromEntries(Object.entries(current).filter(([key]) => key !== dropped));
    }
    case 'empty':
      return Array.isArray(current) ? [] : isPlainObject(current) ? {} : '';
    case 'duplicate':
      if (Array.isArray(current)) return current.length > 0 ? [...current, current[variant % current.length]] : [1, 1];
      return [current, current];
    case 'big-array': {
      // Many copies of a small entry: a hundred thousand copies of a long one would not fit in a string to send.
      const entry = Array.isArray(current) && current.length > 0 ? current[0] : current;
      const small = entry !== undefined && (JSON.stringify(entry) ?? '').length <= 100 ? entry : 0;
      return Array.from({ length: pick([1_000, 10_000, 100_000]) }, () => small);
    }
    case 'null':
      return null;
  }
}

/** `value` with the node at `mutation.at` replaced by something hostile of `mutation.kind`. */
export function mutate(value: unknown, mutation: Mutation): unknown {
  const nodes = nodesOf(value);
  // Container edits aim at containers, text edits at strings, when the value has any.
  const wanted = ['extra-key', 'drop-key', 'empty'].includes(mutation.kind)
    ? nodes.filter((n) => Array.isArray(n.value) || isPlainObject(n.value))
    : mutation.kind === 'duplicate' || mutation.kind === 'big-array'
      ? nodes.filter((n) => Array.isArray(n.value))
      : ['nul', 'surrogate', 'odd-string', 'long-string'].includes(mutation.kind)
        ? nodes.filter((n) => typeof n.value === 'string')
        : nodes;
  const candidates = wanted.length > 0 ? wanted : nodes;
  const target = candidates[mutation.at % candidates.length]!;
  return replaceAt(value, target.path, hostile(mutation.kind, target.value, mutation.variant));
}
