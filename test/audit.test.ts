import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

for (const backend of testBackends()) {
  describe(`audit chain (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    const rows = () => ctx.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

    test('a change writes its audit row and outbox row in the same transaction; a refused one writes neither', async () => {
      const before = (await rows()).length;
      const outboxBefore = (await ctx.database.db.selectFrom('outbox').select('id').execute()).length;
      const created = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '新泰市医疗保障局', regionCode: '370982' }, idempotencyKey: true });
      assert.equal(created.statusCode, 201);
      const after = await rows();
      assert.equal(after.length, before + 1);
      const last = after.at(-1)!;
      assert.equal(last.action, 'department.created');
      assert.equal(last.entity_id, created.json().id);
      assert.equal(last.actor_kind, 'staff');
      assert.deepEqual((last.payload as { name: string }).name, '新泰市医疗保障局');
      const outbox = await ctx.database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      assert.equal(outbox.length, outboxBefore + 1);
      assert.equal(outbox.at(-1)!.topic, 'department.created');

      const duplicate = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '新泰市医疗保障局', regionCode: '370982' }, idempotencyKey: true });
      assert.equal(duplicate.statusCode, 409);
      assert.equal(duplicate.json().error.message, '同一区划下已有同名部门,或统一社会信用代码已被使用');
      assert.equal((await rows()).length, before + 1);
      assert.equal((await ctx.database.db.selectFrom('outbox').select('id').execute()).length, outboxBefore + 1);
    });

    test('the chain verifies, and the audit log refuses edits and deletes', async () => {
      const report = await ctx.services.audit.verifyChain();
      assert.equal(report.ok, true);
      assert.equal(report.rows, (await rows()).length);
      await assert.rejects(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(ctx.database.db), /append-only/);
      await assert.rejects(sql`DELETE FROM audit_log WHERE seq = 1`.execute(ctx.database.db), /append-only/);
    });

    test('concurrent writes still form one unbroken chain', { skip: raceNeedsPostgres(backend) }, async () => {
      const before = (await ctx.services.audit.verifyChain()).rows;
      const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: `并发测试部门${i}`, regionCode: '370982' }, idempotencyKey: true })));
      // An unbroken chain proves nothing if the writes failed: each must have been made, and audited once.
      for (const response of responses) assert.equal(response.statusCode, 201, response.body);
      assert.equal(new Set(responses.map((r) => r.json().id)).size, 12);
      const report = await ctx.services.audit.verifyChain();
      assert.equal(report.ok, true);
      assert.equal(report.rows, before + 12);
    });

    test('someone who bypasses the trigger and edits a row is caught at that row; a deleted row is caught as a gap', async () => {
      const db = ctx.database.db;
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
      await sql`UPDATE audit_log SET payload = jsonb_set(payload, '{name}', '"篡改"') WHERE seq = 5`.execute(db);
      assert.deepEqual(await ctx.services.audit.verifyChain(), { ok: false, rows: 4, brokenAt: '5', reason: 'hash_mismatch' });

      // Forging the edited row's hash moves the break to the row after it.
      const tampered = (await rows())[4]!;
      const { auditHash } = await import('../src/domain/audit-chain.ts');
      const forged = auditHash(tampered.prev_hash, {
        seq: tampered.seq,
        at: tampered.at,
        actorKind: tampered.actor_kind,
        actorId: tampered.actor_id,
        action: tampered.action,
        entityType: tampered.entity_type,
        entityId: tampered.entity_id,
        payload: tampered.payload,
        regionPath: tampered.region_path,
        departmentId: tampered.department_id,
      });
      await sql`UPDATE audit_log SET hash = ${forged} WHERE seq = 5`.execute(db);
      assert.deepEqual(await ctx.services.audit.verifyChain(), { ok: false, rows: 5, brokenAt: '6', reason: 'prev_hash_mismatch' });

      await sql`DELETE FROM audit_log WHERE seq <= 6`.execute(db);
      assert.deepEqual(await ctx.services.audit.verifyChain(), { ok: false, rows: 0, brokenAt: '1', reason: 'missing_row' });
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db);
    });
  });

  describe(`idempotent writes (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    const countDepartments = async (name: string) => (await ctx.database.db.selectFrom('departments').select('id').where('name', '=', name).execute()).length;

    test('replaying a request with its key returns the first result and writes once', async () => {
      const body = { name: '新泰市退役军人事务局', regionCode: '370982' };
      const first = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body, idempotencyKey: 'dept-create-0001' });
      const replay = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body, idempotencyKey: 'dept-create-0001' });
      assert.equal(first.statusCode, 201);
      assert.equal(replay.statusCode, 201);
      assert.deepEqual(replay.json(), first.json());
      assert.equal(await countDepartments(body.name), 1);
    });

    test('the same key with another request is refused', async () => {
      const response = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '另一个部门', regionCode: '370982' }, idempotencyKey: 'dept-create-0001' });
      assert.equal(response.statusCode, 422);
      assert.equal(response.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
      assert.equal(await countDepartments('另一个部门'), 0);
    });

    test('two simultaneous requests with one key write once and both get the result', { skip: raceNeedsPostgres(backend) }, async () => {
      const body = { name: '新泰市信访局', regionCode: '370982' };
      const [a, b] = await Promise.all([
        ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body, idempotencyKey: 'dept-create-0002' }),
        ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body, idempotencyKey: 'dept-create-0002' }),
      ]);
      assert.equal(a.statusCode, 201);
      assert.equal(b.statusCode, 201);
      assert.equal(a.json().id, b.json().id);
      assert.equal(await countDepartments(body.name), 1);
    });

    test('a write that fails inside its transaction does not use up its key', async () => {
      const { usccCheckChar } = await import('../src/domain/uscc.ts');
      const uscc = '11370982MB0099001';
      const code = uscc + usccCheckChar(uscc)!;
      const holder = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: '新泰市审计局', uscc: code, regionCode: '370982' }, idempotencyKey: true });
      assert.equal(holder.statusCode, 201);
      const body = { name: '新泰市统计局', uscc: code, regionCode: '370982' };
      const clash = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body, idempotencyKey: 'dept-create-0003' });
      assert.equal(clash.statusCode, 409);
      const freed = await ctx.request({ method: 'PATCH', url: `/api/departments/${holder.json().id}`, cookie: admin, body: { uscc: null }, idempotencyKey: true });
      assert.equal(freed.statusCode, 200);
      const retried = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body, idempotencyKey: 'dept-create-0003' });
      assert.equal(retried.statusCode, 201);
      assert.equal(retried.json().uscc, code);
    });
  });
}
