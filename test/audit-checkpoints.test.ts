/**
 * Signed checkpoints anchor the audit chain's head (DESIGN §9): rows cut off the end of the log,
 * which leave a shorter but whole chain, show in the verification; so does a checkpoint edited or
 * forged, and a checkpoints table cut back with the log when an exported copy is at hand.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import smCrypto from 'sm-crypto';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { describeFinding } from '../src/domain/audit-checkpoint.ts';
import { parseExportedCheckpoints, type ExportedCheckpoint } from '../src/services/audit-checkpoint.service.ts';

for (const backend of testBackends()) {
  describe(`audit checkpoints (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    let departments = 0;
    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    /** One audited change (a new department), as an administrator makes it. */
    const change = async () => {
      const response = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name: `检查点测试部门${++departments}`, regionCode: '370982' }, idempotencyKey: true });
      assert.equal(response.statusCode, 201, response.body);
    };
    const head = async () =>
      String(
        (
          await ctx.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.max('seq').as('seq'))
            .executeTakeFirstOrThrow()
        ).seq,
      );
    const checkpointCount = async () =>
      Number(
        (
          await ctx.database.db
            .selectFrom('audit_checkpoints')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const exported = async () => {
      const lines: string[] = [];
      for await (const line of ctx.services.auditCheckpoints.exportLines()) lines.push(line);
      return lines;
    };
    /** As the database owner would: with the append-only trigger off. */
    const asOwner = async (table: 'audit_log' | 'audit_checkpoints', statement: ReturnType<typeof sql>) => {
      const db = ctx.database.db;
      await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER ${sql.id(`${table}_append_only`)}`.execute(db);
      try {
        await statement.execute(db);
      } finally {
        await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER ${sql.id(`${table}_append_only`)}`.execute(db);
      }
    };

    test('a checkpoint signs the head once; the log then verifies with it, and nothing new means no new checkpoint', async () => {
      const first = await ctx.services.auditCheckpoints.checkpoint();
      assert.equal(first.written, true);
      assert.ok(first.written);
      assert.equal(first.checkpoint.seq, await head());
      assert.equal(first.checkpoint.at.toISOString(), ctx.clock.now().toISOString());
      assert.deepEqual(await ctx.services.auditCheckpoints.checkpoint(), { written: false, reason: 'unchanged', latest: first.checkpoint });
      assert.equal(await checkpointCount(), 1);

      await change();
      const report = await ctx.services.auditCheckpoints.verify();
      assert.equal(report.ok, true, JSON.stringify(report.findings));
      assert.deepEqual([report.databaseCheckpoints, report.newest?.seq, report.unanchoredRows], [1, first.checkpoint.seq, 1]);

      // The audit key is its own: e-licences never sign with it.
      const keys = await ctx.database.db.selectFrom('signing_keys').select(['id', 'purpose']).where('id', '=', first.checkpoint.keyId).execute();
      assert.deepEqual(keys, [{ id: first.checkpoint.keyId, purpose: 'audit' }]);
    });

    test('checkpoints are append-only like the log', async () => {
      await assert.rejects(sql`UPDATE audit_checkpoints SET hash = repeat('0', 64)`.execute(ctx.database.db), /append-only/);
      await assert.rejects(sql`DELETE FROM audit_checkpoints`.execute(ctx.database.db), /append-only/);
      await assert.rejects(sql`TRUNCATE audit_checkpoints`.execute(ctx.database.db), /append-only/);
    });

    test('several writers checkpointing at once (as several processes do) write one row', { skip: raceNeedsPostgres(backend) }, async () => {
      await change();
      const before = await checkpointCount();
      const runs = await Promise.all([1, 2, 3, 4].map(() => ctx.services.auditCheckpoints.checkpoint()));
      assert.equal(runs.filter((r) => r.written).length, 1);
      assert.equal(await checkpointCount(), before + 1);
    });

    test('an exported line verifies alone with its public key; an edited one does not', async () => {
      const lines = parseExportedCheckpoints((await exported()).join('\n'));
      const last = lines.at(-1)!;
      assert.equal(last.signed, `onewindow.audit.checkpoint.v1|${last.seq}|${last.hash}|${last.at}|${last.keyId}`);
      const bytes = Array.from(new TextEncoder().encode(last.signed));
      assert.equal(smCrypto.sm2.doVerifySignature(bytes, last.signature, last.publicKey, { hash: true, der: true }), true);

      const report = await ctx.services.auditCheckpoints.verify({ exported: lines });
      assert.equal(report.ok, true, JSON.stringify(report.findings));
      assert.equal(report.fileCheckpoints, lines.length);

      const otherKey = smCrypto.sm2.generateKeyPairHex().publicKey;
      const edited: ExportedCheckpoint[] = [
        { ...last, at: new Date(Date.parse(last.at) + 1000).toISOString() },
        { ...last, publicKey: otherKey },
      ];
      const tampered = await ctx.services.auditCheckpoints.verify({ exported: edited });
      assert.equal(tampered.ok, false);
      assert.deepEqual(
        tampered.findings.map((f) => f.kind),
        ['bad_signature', 'unknown_key'],
      );
    });

    test('an export that is not one is refused naming its lines', () => {
      assert.throws(
        () => parseExportedCheckpoints('{"seq":"1"}\n\nnot json\n'),
        (error: { code: string; messageZh: string; details: { line: number }[] }) => {
          assert.equal(error.code, 'VALIDATION_FAILED');
          assert.deepEqual(
            error.details.map((d) => d.line),
            [1, 3],
          );
          assert.match(error.messageZh, /第 3 行不是 JSON/);
          return true;
        },
      );
    });

    test('a checkpoint edited in the database fails its signature', async () => {
      await change();
      const written = await ctx.services.auditCheckpoints.checkpoint();
      assert.ok(written.written);
      const seq = written.checkpoint.seq;
      await asOwner('audit_checkpoints', sql`UPDATE audit_checkpoints SET at = at + interval '1 hour' WHERE seq = ${seq}`);
      const report = await ctx.services.auditCheckpoints.verify();
      assert.equal(report.ok, false);
      assert.deepEqual(report.findings, [{ kind: 'bad_signature', source: 'database', seq }]);
      assert.ok(describeFinding(report.findings[0]!).zh.includes(`检查点(第 ${seq} 行)签名无效`));
      await asOwner('audit_checkpoints', sql`UPDATE audit_checkpoints SET at = at - interval '1 hour' WHERE seq = ${seq}`);
      assert.equal((await ctx.services.auditCheckpoints.verify()).ok, true);
    });
  });

  describe(`truncating the audit log (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    const change = async (name: string) => {
      const response = await ctx.request({ method: 'POST', url: '/api/departments', cookie: admin, body: { name, regionCode: '370982' }, idempotencyKey: true });
      assert.equal(response.statusCode, 201, response.body);
    };
    const asOwner = async (table: 'audit_log' | 'audit_checkpoints', statement: ReturnType<typeof sql>) => {
      const db = ctx.database.db;
      await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER ${sql.id(`${table}_append_only`)}`.execute(db);
      try {
        await statement.execute(db);
      } finally {
        await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER ${sql.id(`${table}_append_only`)}`.execute(db);
      }
    };

    test('deleting the newest rows passes the chain check but not the checkpoint: the missing rows are named', async () => {
      await change('截断测试部门一');
      await change('截断测试部门二');
      await change('截断测试部门三');
      const anchored = await ctx.services.auditCheckpoints.checkpoint();
      assert.ok(anchored.written);
      const top = BigInt(anchored.checkpoint.seq);
      const exportedBefore: string[] = [];
      for await (const line of ctx.services.auditCheckpoints.exportLines()) exportedBefore.push(line);

      await asOwner('audit_log', sql`DELETE FROM audit_log WHERE seq > ${String(top - 3n)}`);
      const report = await ctx.services.auditCheckpoints.verify();
      assert.equal(report.chain.ok, true, 'what is left of the chain is whole: the chain alone misses the cut');
      assert.equal(report.ok, false);
      assert.deepEqual(report.findings, [{ kind: 'rows_missing', source: 'database', seq: String(top), headSeq: String(top - 3n) }]);
      const words = describeFinding(report.findings[0]!);
      assert.match(words.zh, new RegExp(`第 ${top - 2n}–${top} 行缺失`));
      assert.match(words.en, new RegExp(`TRUNCATED.*rows ${top - 2n}–${top} are missing`));

      // The owner cuts the checkpoints back too: the database alone now looks fine…
      await asOwner('audit_checkpoints', sql`DELETE FROM audit_checkpoints WHERE seq > ${String(top - 3n)}`);
      assert.equal((await ctx.services.auditCheckpoints.verify()).ok, true);
      // …but the copy exported before the cut still shows it.
      const withCopy = await ctx.services.auditCheckpoints.verify({ exported: parseExportedCheckpoints(exportedBefore.join('\n')) });
      assert.equal(withCopy.ok, false);
      assert.deepEqual(
        withCopy.findings.map((f) => [f.kind, f.source, f.seq]),
        [
          ['rows_missing', 'file', String(top)],
          ['missing_from_database', 'file', String(top)],
        ],
      );

      // Rows written again in place of the cut ones make a whole chain with other hashes: still caught.
      await change('截断后重写部门一');
      await change('截断后重写部门二');
      await change('截断后重写部门三');
      const rewritten = await ctx.services.auditCheckpoints.verify({ exported: parseExportedCheckpoints(exportedBefore.join('\n')) });
      assert.equal(rewritten.chain.ok, true);
      assert.deepEqual(
        rewritten.findings.map((f) => [f.kind, f.source, f.seq]),
        [
          ['hash_differs', 'file', String(top)],
          ['missing_from_database', 'file', String(top)],
        ],
      );
    });
  });
}
