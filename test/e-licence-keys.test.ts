/**
 * E-licence signing keys: one per issuing body, rotation (old licences still verify), a compromised
 * key (what it signed from then on reads key_compromised), and licences of the earlier shared key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import smCrypto from 'sm-crypto';
import { createUnitOfWork } from '../src/repositories/index.ts';
import { systemActor } from '../src/services/actor.ts';
import type { IssueELicenceInput } from '../src/services/e-licence.service.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { issueInput, issuerUscc, registerPerson, settles, usccOf } from './support/e-licences.ts';

for (const backend of testBackends()) {
  describe(`e-licence keys: one per issuer, rotation, compromise (${backend.name})`, () => {
    let ctx: TestContext;
    let holder: Awaited<ReturnType<typeof registerPerson>>;
    const otherIssuer = usccOf('11370982MB0285002');
    const issue = (input: Partial<IssueELicenceInput> = {}) => createUnitOfWork(ctx.database.db).transaction((repos) => ctx.services.eLicences.issueInTransaction(repos, { ...issueInput(holder, ctx.clock.now()), ...input }));
    const keyOf = async (id: string) => (await ctx.database.db.selectFrom('licences').select('key_id').where('number', '=', id).executeTakeFirstOrThrow()).key_id!;
    const verify = async (id: string) => {
      const result = await ctx.services.eLicences.verify(id);
      return [result.valid, result.reason];
    };
    before(async () => {
      ctx = await createTestContext(backend);
      holder = await registerPerson(ctx, '37098219800312052', '陈建红');
    });
    after(() => ctx.close());

    test('each issuing body signs with its own key', async () => {
      const a = await issue();
      const b = await issue({ issuerUscc: otherIssuer, issuerName: '新泰市卫生健康局' });
      const a2 = await issue();
      assert.notEqual(await keyOf(a.identifier), await keyOf(b.identifier));
      assert.equal(await keyOf(a.identifier), await keyOf(a2.identifier));
      const keys = await ctx.services.licenceKeys.list();
      assert.deepEqual(
        keys.map((k) => [k.issuerUscc, k.issuerName, k.retiredAt]).sort(),
        [
          [issuerUscc, '新泰市市场监督管理局', null],
          [otherIssuer, '新泰市卫生健康局', null],
        ].sort(),
      );
    });

    test('rotation gives a new key id; licences of the old key still verify, new ones use the new key', async () => {
      const old = await issue();
      const oldKey = await keyOf(old.identifier);
      ctx.clock.advance(60_000);
      const rotated = await ctx.services.licenceKeys.rotate({ actor: systemActor }, issuerUscc.toLowerCase());
      assert.equal(rotated.retiredKeyId, oldKey);
      assert.notEqual(rotated.key.keyId, oldKey);
      const fresh = await issue();
      assert.equal(await keyOf(fresh.identifier), rotated.key.keyId);
      assert.deepEqual(await verify(old.identifier), [true, 'ok']);
      assert.deepEqual(await verify(fresh.identifier), [true, 'ok']);
      const retired = (await ctx.services.licenceKeys.find(oldKey))!;
      assert.equal(retired.retiredAt?.toISOString(), ctx.clock.now().toISOString());
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'licence_key.rotated').execute();
      assert.deepEqual(audit, [{ action: 'licence_key.rotated', entity_id: rotated.key.keyId }]);
      await assert.rejects(ctx.services.licenceKeys.rotate({ actor: systemActor }, usccOf('91370982MA3C00000')), (error: Error & { code?: string }) => error.code === 'NOT_FOUND');
      await assert.rejects(ctx.services.licenceKeys.rotate({ actor: systemActor }, 'nonsense'), (error: Error & { code?: string }) => error.code === 'VALIDATION_FAILED');
    });

    test('a compromised key: what it signed from that time reads key_compromised, earlier ones stay valid', async () => {
      ctx.clock.advance(60_000);
      const before = await issue();
      ctx.clock.advance(60_000);
      const since = ctx.clock.now();
      const after = await issue();
      const key = await keyOf(before.identifier);
      assert.equal(await keyOf(after.identifier), key);
      assert.deepEqual(await verify(after.identifier), [true, 'ok'], 'verified (and cached) before the compromise');
      ctx.clock.advance(60_000);
      const marked = await ctx.services.licenceKeys.compromise({ actor: systemActor }, key, since, '私钥介质丢失');
      assert.equal(marked.compromisedSince?.toISOString(), since.toISOString());
      assert.notEqual(marked.retiredAt, null, 'a compromised key signs nothing more');
      assert.deepEqual(await verify(before.identifier), [true, 'ok']);
      assert.deepEqual(await verify(after.identifier), [false, 'key_compromised']);
      const overHttp = await ctx.request({ method: 'GET', url: `/api/licences/${after.identifier}/verify` });
      assert.deepEqual([overHttp.json().valid, overHttp.json().reason, overHttp.json().signed.keyId], [false, 'key_compromised', key]);
      const next = await issue();
      assert.notEqual(await keyOf(next.identifier), key, 'the next licence gets a new key');
      assert.deepEqual(await verify(next.identifier), [true, 'ok']);
      const published = (await ctx.request({ method: 'GET', url: '/api/licences/keys' })).json() as { keys: { keyId: string; compromisedSince: string | null }[] };
      assert.equal(published.keys.find((k) => k.keyId === key)?.compromisedSince, since.toISOString());
      await assert.rejects(ctx.services.licenceKeys.compromise({ actor: systemActor }, key, since, ' '), (error: Error & { code?: string }) => error.code === 'VALIDATION_FAILED');
      await assert.rejects(ctx.services.licenceKeys.compromise({ actor: systemActor }, 'sm2-0000000000000000', since, 'x'), (error: Error & { code?: string }) => error.code === 'NOT_FOUND');
    });

    test('licences signed before keys per issuer (sm-crypto, hex DER, shared key) still verify', async () => {
      const licence = await issue({ issuerUscc: otherIssuer, issuerName: '新泰市卫生健康局' });
      const db = ctx.database.db;
      const row = await db.selectFrom('licences').selectAll().where('number', '=', licence.identifier).executeTakeFirstOrThrow();
      // The shared key of earlier releases, as migration 0011 leaves it: no issuer, retired.
      const legacy = smCrypto.sm2.generateKeyPairHex();
      const legacyId = `sm2-${smCrypto.sm3(legacy.publicKey).slice(0, 16)}`;
      await db
        .insertInto('signing_keys')
        .values({
          id: legacyId,
          algorithm: 'SM2withSM3',
          public_key: legacy.publicKey,
          private_key_sealed: 'v1.x',
          created_at: new Date('2026-01-01T00:00:00Z'),
          valid_from: new Date('2026-01-01T00:00:00Z'),
          retired_at: new Date('2026-11-01T00:00:00Z'),
          purpose: 'licence',
        })
        .execute();
      const signature = smCrypto.sm2.doSignature(Array.from(Buffer.from(row.signed_payload!, 'utf8')), legacy.privateKey, { hash: true, der: true });
      await db.updateTable('licences').set({ key_id: legacyId, signature }).where('id', '=', row.id).execute();
      assert.deepEqual(
        await settles(
          () => verify(licence.identifier),
          ([, reason]) => reason === 'ok',
        ),
        [true, 'ok'],
      );
      const published = (await ctx.services.licenceKeys.find(legacyId))!;
      assert.deepEqual([published.issuerUscc, published.retiredAt?.toISOString()], [null, '2026-11-01T00:00:00.000Z']);
    });
  });
}
