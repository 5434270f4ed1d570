/**
 * The case routes' contract is complete in OpenAPI: every operation of cases, the inbox, issuance,
 * filings, the public progress query and the clock sweep documents what it answers (2xx) with the
 * fields of the contract in src/http/contracts/cases.ts, and instants as date-time strings.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const casePaths = /^\/api\/(cases|inbox|issuance|filings|public\/cases\/query|clock\/sweep|departments\/\{id\}\/file-review-policy)(\/|$)/;

interface JsonSchema {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  nullable?: boolean;
}

/** The object schema inside an answer: itself, the items of an array, or the non-null branch. */
function objectOf(schema: JsonSchema): JsonSchema {
  if (schema.items) return objectOf(schema.items);
  const branch = schema.anyOf?.find((s) => s.type !== 'null');
  return branch && !schema.properties ? objectOf(branch) : schema;
}

const [backend] = testBackends();

describe(`case routes in OpenAPI (${backend!.name})`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext(backend!);
  });
  after(() => ctx.close());

  test('every case operation documents a 2xx answer with its properties', async () => {
    const spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json();
    const operations: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
      if (!casePaths.test(path)) continue;
      for (const [method, operation] of Object.entries<any>(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        operations.push(name);
        const success = Object.entries<any>(operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status));
        assert.ok(success, `${name} documents a 2xx answer`);
        const schema = success[1].content?.['application/json']?.schema as JsonSchema | undefined;
        assert.ok(schema, `${name} documents the JSON it answers`);
        assert.ok(Object.keys(objectOf(schema).properties ?? {}).length > 0, `${name} names the properties it answers`);
      }
    }
    // /api/cases, search, :id, actions, task actions, assignees, query-password, inbox, issuance,
    // public query, filings (list, receive, review), the review policy (get, put) and the sweep.
    assert.equal(operations.length, 16, operations.join('\n'));
  });

  test('the case view names its parts, and instants are date-time strings', async () => {
    const spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json();
    const view = objectOf(spec.paths['/api/cases/{id}'].get.responses['200'].content['application/json'].schema);
    for (const part of ['materials', 'tasks', 'actions', 'notices', 'visitLog', 'notifications', 'children', 'licences', 'filing', 'available', 'queryPassword']) {
      assert.ok(view.properties?.[part], `case view has ${part}`);
    }
    assert.equal(view.properties?.querySecret, undefined, 'the sealed query secret is not part of the answer');
    const receivedAt = view.properties!.receivedAt!;
    assert.equal(receivedAt.type, 'string');
    assert.equal(receivedAt.format, 'date-time');
    const intake = spec.paths['/api/cases'].post.responses['201'];
    assert.ok(intake?.content?.['application/json']?.schema, 'the intake answers 201 with the case view');
  });
});
