/**
 * What the fuzzer (./openapi-fuzz.ts) sends, as fast-check arbitraries: the operations of the OpenAPI
 * document, values that pass the checks behind a schema, and request plans (identity, origin,
 * Idempotency-Key, parameters, body) with their hostile edits.
 */
import fc from 'fast-check';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { usccCheckChar } from '../../src/domain/uscc.ts';
import { acceptsString, mutate, mutationArbitrary, schemaArbitrary, singular, type ArbitraryHooks, type JsonSchema, type Mutation } from './json-schema-arbitrary.ts';
import { Recall, rememberedKey, resourceWord } from './openapi-fuzz-memory.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `POST /api/cases/{id}/actions` */
  key: string;
  method: Method;
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The application/json request body, if the operation takes one. */
  body?: JsonSchema;
  /** A write without a JSON body: it may be an upload, so it also gets multipart bodies. */
  mayUpload: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

/** Every operation of the document, except those in `skip` (`'GET /api/…': 'why'`). */
export function operationsOf(document: OpenApiDocument, skip: Record<string, string> = {}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [lower, operation] of Object.entries(methods)) {
      const method = lower.toUpperCase() as Method;
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const key = `${method} ${path}`;
      if (key in skip) continue;
      const parameters = operation.parameters ?? [];
      const of = (where: string) => parameters.filter((p) => p.in === where).map((p) => ({ name: p.name, required: p.required ?? where === 'path', schema: p.schema ?? {} }));
      const body = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({ key, method, path, pathParams: of('path'), queryParams: of('query'), ...(body ? { body } : {}), mayUpload: !body && method !== 'GET' });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Valid values that pass checks beyond the schema (check digits)

const residentId = fc.tuple(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 1, max: 999 })).map(([days, serial]) => {
  const birth = new Date(Date.UTC(1950, 0, 1) + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `370982${birth}${String(serial).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
});
const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const uscc = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 8, maxLength: 8 }).map((digits) => {
  const first17 = `91370982${digits.map((d) => usccAlphabet[d]).join('')}M`;
  return first17 + usccCheckChar(first17);
});

/** Fields whose schema alone would almost never pass the check behind it. */
function hint(name: string, schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  if (name === 'idNumber' && acceptsString(schema, '370982199001011234')) return fc.oneof({ weight: 4, arbitrary: residentId }, { weight: 1, arbitrary: fc.stringMatching(/^\d{17}[\dX]$/) });
  if (name === 'uscc' && acceptsString(schema, '91370982MA3C12345X')) return fc.oneof({ weight: 4, arbitrary: uscc }, { weight: 1, arbitrary: fc.stringMatching(/^[0-9A-Z]{18}$/) });
  return undefined;
}

/** Hooks that let a field naming a record take a remembered value. `word` overrides the field's own resource word. */
function hooksFor(word?: string): ArbitraryHooks {
  return {
    hint,
    remembered(name, schema, generated) {
      const isReference = rememberedKey.test(name) || schema.format === 'uuid' || name === 'scenario';
      if (!isReference) return generated;
      const recalled = fc.tuple(fc.nat(), generated).map(([pick, fallback]) => new Recall(name, word ?? resourceWord(name), schema, pick, fallback));
      return fc.oneof({ weight: 3, arbitrary: recalled }, { weight: 1, arbitrary: generated });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Request plans

export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string }
  | { kind: 'raw'; text: string; contentType: string | null }
  | { kind: 'upload'; variant: number; content: Uint8Array; filename: string; mimetype: string };

export interface Plan {
  operation: Operation;
  identity: number;
  /** Send as an identity this operation has let through before (not 401 or 403), if there is one. */
  admitted: boolean;
  /** The Origin header: the app's own (as its web pages send), none (a script), or a foreign site. */
  origin: 'same' | 'none' | 'foreign';
  idempotency: 'none' | 'fresh' | 'replay' | 'malformed';
  params: Record<string, unknown>;
  /** A path segment sent exactly as written, not encoded: `%00`, `%`, `..`, 150 characters. */
  rawParam?: { name: string; text: string };
  query: Record<string, unknown>;
  rawQuery?: string;
  body: BodyPlan;
}

const rawSegments = ['%00', '%ED%A0%80', '%', '%zz', '..', '.', '%2e%2e', '%2F', 'x'.repeat(101), 'x'.repeat(2_000), '%20', '-1', '0', '1e9', '%F0%9F%98%80', '%E2%80%AE', 'null', '%C0%80'];
const rawQueries = ['%00=1', 'q=%00', 'q=%ED%A0%80', '%=%', 'a[b]=1', '__proto__=1', 'constructor[prototype][x]=1', 'limit=1&limit=2', `x=${'y'.repeat(5_000)}`, '&&&', '=', 'from=2026-11-23&from=2026-11-24', 'id=%C0%AF'];
const rawBodies = [
  '{',
  '{"a":',
  '[]',
  'null',
  '"text"',
  '1e999999',
  'true',
  '',
  '\uFEFF{}',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":1,"a":2}',
  '['.repeat(100_000) + ']'.repeat(100_000),
  `{"a":${'['.repeat(70)}${']'.repeat(70)}}`,
  'NaN',
  "{'a':1}",
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '{"a":1}garbage',
  ' '.repeat(1_000),
  'x'.repeat(1_100_000),
  '{"a":"\\x41"}',
  '{"a":01}',
  '[1,]',
  '\u0000',
];
const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/json; boundary=x',
];
const filenames = ['申请表.docx', 'a.txt', 'catalog.xlsx', '', 'a\u0000.txt', '..\\..\\evil.exe', '"quoted".txt', 'x'.repeat(300), '😀.png', 'line\r\nbreak.txt', '%00.txt', 'CON', '.htaccess'];
const mimetypes = ['application/octet-stream', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'image/png', 'application/pdf', '', 'text/html'];

const mutationCount = fc.constantFrom(0, 0, 0, 0, 1, 1, 1, 2, 3);
const placed = fc.record({ where: fc.constantFrom('body', 'body', 'body', 'params', 'query'), mutation: mutationArbitrary, raw: fc.nat(9) });

function objectArbitraryOf(parameters: Parameter[], word: (p: Parameter) => string | undefined): fc.Arbitrary<Record<string, unknown>> {
  const model = Object.fromEntries(parameters.map((p) => [p.name, schemaArbitrary(p.schema, p.name, hooksFor(word(p)))]));
  return fc.record(model, { requiredKeys: parameters.filter((p) => p.required).map((p) => p.name) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** For `{id}` in `/api/centers/{id}/board`: `center`. */
export function segmentWordBefore(path: string, name: string): string | undefined {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  const before = at > 0 ? segments[at - 1] : undefined;
  return before && !before.startsWith('{') ? singular(before.toLowerCase()) : undefined;
}

function bodyArbitrary(operation: Operation): fc.Arbitrary<BodyPlan> {
  const junkJson = fc.jsonValue({ maxDepth: 3 }).map((value): BodyPlan => ({ kind: 'json', value, contentType: 'application/json' }));
  const raw = fc.tuple(fc.constantFrom(...rawBodies), fc.option(fc.constantFrom(...contentTypes), { freq: 3, nil: null })).map(([text, type]): BodyPlan => ({ kind: 'raw', text, contentType: type ?? 'application/json' }));
  const wrongType = fc.tuple(fc.constantFrom(...rawBodies.slice(0, 12)), fc.constantFrom(...contentTypes, null)).map(([text, contentType]): BodyPlan => ({ kind: 'raw', text, contentType }));
  if (operation.body) {
    const valid = schemaArbitrary(operation.body, 'body', hooksFor()).map((value): BodyPlan => ({ kind: 'json', value, contentType: 'application/json' }));
    return fc.oneof({ weight: 17, arbitrary: valid }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: wrongType }, { weight: 1, arbitrary: junkJson });
  }
  const none = fc.constant<BodyPlan>({ kind: 'none' });
  if (!operation.mayUpload) return fc.oneof({ weight: 17, arbitrary: none }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: junkJson });
  const upload = fc.record({ variant: fc.nat(20), content: fc.uint8Array({ maxLength: 300 }), filename: fc.constantFrom(...filenames), mimetype: fc.constantFrom(...mimetypes) }).map((u): BodyPlan => ({ kind: 'upload', ...u }));
  return fc.oneof(
    { weight: 8, arbitrary: upload },
    { weight: 4, arbitrary: none },
    { weight: 2, arbitrary: fc.constant<BodyPlan>({ kind: 'json', value: {}, contentType: 'application/json' }) },
    { weight: 1, arbitrary: raw },
    { weight: 1, arbitrary: junkJson },
  );
}

export function planArbitrary(operation: Operation, identities: number): fc.Arbitrary<Plan> {
  return fc
    .record({
      identity: fc.nat(identities - 1),
      admitted: fc.constantFrom(true, true, false),
      origin: fc.constantFrom('same', 'same', 'same', 'same', 'same', 'same', 'none', 'none', 'none', 'foreign'),
      idempotency: fc.constantFrom('none', 'none', 'fresh', 'fresh', 'fresh', 'replay', 'malformed'),
      params: objectArbitraryOf(operation.pathParams, (p) => segmentWordBefore(operation.path, p.name)),
      query: objectArbitraryOf(operation.queryParams, () => undefined),
      body: bodyArbitrary(operation),
      edits: fc.tuple(mutationCount, fc.array(placed, { minLength: 3, maxLength: 3 })),
      rawQuery: fc.option(fc.constantFrom(...rawQueries), { freq: 12 }),
    })
    .map(({ identity, admitted, origin, idempotency, params, query, body, edits: [count, edits], rawQuery }) => {
      const plan: Plan = { operation, identity, admitted, origin, idempotency, params, query, body, ...(rawQuery === null ? {} : { rawQuery }) };
      for (const { where, mutation, raw } of edits.slice(0, count)) applyEdit(plan, where, mutation, raw);
      return plan;
    });
}

function applyEdit(plan: Plan, where: string, mutation: Mutation, raw: number): void {
  if (where === 'params' && plan.operation.pathParams.length > 0) {
    const param = plan.operation.pathParams[mutation.at % plan.operation.pathParams.length]!;
    // Now and then a segment no client library would send: undecodable, a dot segment, too long.
    if (raw < 3) plan.rawParam = { name: param.name, text: rawSegments[mutation.variant % rawSegments.length]! };
    else plan.params = { ...plan.params, [param.name]: mutate(plan.params[param.name] ?? '', mutation) };
  } else if (where === 'query' && plan.operation.queryParams.length > 0) {
    plan.query = mutate(plan.query, mutation) as Record<string, unknown>;
  } else if (plan.body.kind === 'json') {
    plan.body = { ...plan.body, value: mutate(plan.body.value, mutation) };
  }
}
