/**
 * The HTTP contract is written once (src/http/contracts): every route declares what it answers, so
 * /api/openapi.json documents each success response with a schema, and the server serialises by it.
 * The case routes (cases, inbox, issuance, filings, the public case query, the clock, file review
 * policies) are declared separately and are left out here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const caseRoutes = [/^\/api\/cases(\/|$)/, /^\/api\/inbox(\/|$)/, /^\/api\/issuance(\/|$)/, /^\/api\/filings(\/|$)/, /^\/api\/public\/cases(\/|$)/, /^\/api\/clock(\/|$)/, /^\/api\/departments\/\{id\}\/file-review-policy$/];

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: object }> }>;
}

// The document does not depend on the database: one backend is enough.
const backend = testBackends()[0]!;

describe(`OpenAPI responses (${backend.name})`, () => {
  let ctx: TestContext;
  let spec: { paths: Record<string, Record<string, Operation>> };
  before(async () => {
    ctx = await createTestContext(backend);
    spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  after(() => ctx.close());

  test('every operation outside the case routes documents a success response with a schema', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(spec.paths)) {
      if (caseRoutes.some((pattern) => pattern.test(path))) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        checked++;
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^(2\d\d|30[237])$/.test(status));
        // 204 and a redirect (the OIDC sign-in's) have no body to describe; every other success names its content and that content's schema.
        const described = success.some(([status, response]) => status === '204' || status.startsWith('3') || Object.values(response.content ?? {}).some((c) => c.schema && Object.keys(c.schema).length > 0));
        if (!described) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    assert.ok(checked > 80, `checked ${checked} operations`);
    assert.deepEqual(missing, [], 'operations without a documented success response');
  });

  test('timestamps are documented as date-time strings (the wire side of the Date codec)', () => {
    const ticket = spec.paths['/api/tickets/{id}/status']!.get!.responses!['200']!.content!['application/json']!.schema as { properties: Record<string, { type?: string; format?: string }> };
    assert.equal(ticket.properties.issuedAt!.type, 'string');
    assert.equal(ticket.properties.issuedAt!.format, 'date-time');
  });
});
