/** Every service is wired with only the repositories it declares (src/main.ts `uowFor`). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext(testBackends()[0]!);
});
after(() => ctx.close());

test('each service and case use case reads through exactly the repositories it declares', () => {
  const { cases, ...rest } = ctx.services as unknown as Record<string, unknown> & { cases: Record<string, unknown> };
  const checked: string[] = [];
  for (const [name, service] of [...Object.entries(rest), ...Object.entries(cases).map(([n, s]) => [`cases.${n}`, s] as const)]) {
    const declared = (service as { constructor?: { repositories?: readonly string[] } })?.constructor?.repositories;
    if (!declared) continue;
    const uow = (service as { uow?: { read: object } }).uow ?? (service as { deps?: { uow: { read: object } } }).deps?.uow;
    assert.ok(uow, `${name} holds its unit of work`);
    assert.deepEqual(Object.keys(uow.read).sort(), [...declared].sort(), name);
    checked.push(name);
  }
  assert.ok(checked.length >= 20, `services checked: ${checked.join(', ')}`);
});
