import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { isValidLicenceIdentifier } from '../src/domain/licence-id.ts';
import { issuedLicenceIdentifier } from '../src/domain/licence-payload.ts';
import { publicKeyFromPem, sm2 } from '../src/domain/sm2.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { createServices, type Services } from '../src/main.ts';
import { createUnitOfWork } from '../src/repositories/index.ts';
import { systemActor } from '../src/services/actor.ts';
import type { IssueELicenceInput } from '../src/services/e-licence.service.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { issueInput, issuerUscc, licenceType, licenceTypeCode, registerPerson, settles, usccOf } from './support/e-licences.ts';

// Signing keys (one per issuer, rotation, compromise) are tested in test/e-licence-keys.test.ts.

/** The form real issuers use: root, type code, issuer USCC, serial (year + 12 random digits), 3-digit version, check character. */
const identifierForm = new RegExp(`^1\\.2\\.156\\.3005\\.2\\.${licenceTypeCode}\\.${issuerUscc}\\.2026\\d{12}\\.001\\.[0-9A-Z]$`);

for (const backend of testBackends()) {
  describe(`e-licences: SM2-signed, publicly verifiable (${backend.name})`, () => {
    let ctx: TestContext;
    let holder: Awaited<ReturnType<typeof registerPerson>>;
    let identifier: string;
    before(async () => {
      ctx = await createTestContext(backend);
      holder = await registerPerson(ctx, '37098219800312052', '陈建红');
      const uow = createUnitOfWork(ctx.database.db);
      const issued = await uow.transaction((repos) => ctx.services.eLicences.issueInTransaction(repos, issueInput(holder, ctx.clock.now())));
      identifier = issued.identifier;
    });
    after(() => ctx.close());

    const verifyOverHttp = async (id: string) => {
      const response = await ctx.request({ method: 'GET', url: `/api/licences/${id}/verify` });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { valid: boolean; reason: string; licence?: Record<string, unknown>; signed?: Record<string, string> };
    };
    const licenceRow = () => ctx.database.db.selectFrom('licences').selectAll().where('number', '=', identifier).executeTakeFirstOrThrow();

    test('an issued licence has a GB/T 36904 identifier, a stored SM2 signature and a sealed key', async () => {
      assert.match(identifier, identifierForm);
      assert.equal(isValidLicenceIdentifier(identifier), true);
      const row = await licenceRow();
      assert.deepEqual([row.source, row.status, row.name, row.licence_type, row.holder_id], ['issued', 'valid', licenceType, licenceType, holder.id]);
      assert.match(row.signature!, /^30[0-9a-f]+$/, 'a DER-encoded (r, s)');
      assert.equal(JSON.parse(row.signed_payload!).holderName, '陈建红');
      const key = await ctx.database.db.selectFrom('signing_keys').selectAll().where('id', '=', row.key_id!).executeTakeFirstOrThrow();
      assert.match(key.id, /^sm2-[0-9a-f]{16}$/);
      assert.match(key.public_key, /^04[0-9a-f]{128}$/);
      assert.match(key.private_key_sealed, /^v1\./, 'the private key is stored only sealed');
    });

    test('it verifies, through the service and over HTTP without signing in', async () => {
      const result = await ctx.services.eLicences.verify(identifier);
      assert.deepEqual([result.valid, result.reason], [true, 'ok']);
      const body = await verifyOverHttp(identifier);
      assert.equal(body.valid, true);
      assert.equal(body.reason, 'ok');
      assert.deepEqual(
        body.licence,
        {
          identifier,
          licenceType,
          licenceTypeCode,
          holderName: '陈建红',
          holderRef: holder.idMasked,
          issuer: '新泰市市场监督管理局',
          issuerUscc,
          issuedOn: '2026-11-23',
          validUntil: '2031-11-22',
          caseNo: null,
          version: 1,
          status: 'valid',
          revokedAt: null,
          revokedReason: '',
          replacedBy: null,
          replaces: null,
        },
        'a food business licence is valid 5 years, less a day, from its type',
      );
      assert.equal((await verifyOverHttp(identifier.toLowerCase())).valid, true, 'letters in either case');
    });

    test('the answer carries the signed bytes, the DER signature and the key, which verify with the published PEM alone', async () => {
      const row = await licenceRow();
      const body = await verifyOverHttp(identifier);
      const signed = body.signed!;
      assert.deepEqual(
        { ...signed, payloadBase64: undefined, signature: undefined },
        { payload: row.signed_payload, payloadBase64: undefined, algorithm: 'SM2withSM3', userId: '1234567812345678', signature: undefined, signatureEncoding: 'DER', keyId: row.key_id, keyUrl: `/api/licences/keys/${row.key_id}.pem` },
      );
      const payload = Buffer.from(signed.payloadBase64!, 'base64');
      assert.equal(payload.toString('utf8'), row.signed_payload);
      const signature = Buffer.from(signed.signature!, 'base64');
      assert.equal(signature.toString('hex'), row.signature);
      const pem = await ctx.request({ method: 'GET', url: signed.keyUrl! });
      assert.equal(pem.statusCode, 200);
      assert.match(String(pem.headers['content-type']), /^text\/plain/);
      assert.equal(sm2.verify(payload, signature, publicKeyFromPem(pem.body)), true);
      const changed = Buffer.from(payload);
      changed[10]! ^= 1;
      assert.equal(sm2.verify(changed, signature, publicKeyFromPem(pem.body)), false);

      const list = await ctx.request({ method: 'GET', url: '/api/licences/keys' });
      assert.equal(list.statusCode, 200);
      const key = (list.json() as { keys: Record<string, unknown>[] }).keys.find((k) => k.keyId === row.key_id);
      assert.deepEqual(key, {
        keyId: row.key_id,
        issuerName: '新泰市市场监督管理局',
        issuerUscc,
        algorithm: 'SM2withSM3',
        publicKeyPem: pem.body,
        pemUrl: signed.keyUrl,
        validFrom: ctx.clock.now().toISOString(),
        retiredAt: null,
        compromisedSince: null,
      });
      assert.equal((await ctx.request({ method: 'GET', url: '/api/licences/keys/sm2-0000000000000000.pem' })).statusCode, 404);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/licences/keys/nonsense.pem' })).statusCode, 404);
    });

    test('the verify route answers 429 past VERIFY_RATE_LIMIT per client and minute, in both languages', async () => {
      const limited = await createTestContext(backend, { verifyRateLimitPerMinute: 2 });
      try {
        const url = `/api/licences/${identifier}/verify`;
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await limited.request({ method: 'GET', url })).statusCode);
        assert.deepEqual(statuses, [200, 200, 429]);
        const refused = await limited.request({ method: 'GET', url });
        assert.match(refused.json().error.message, /核验过于频繁/);
        assert.match(refused.json().error.messageEn, /Too many verifications/);
        assert.ok(Number(refused.headers['retry-after']) >= 1);
      } finally {
        await limited.close();
      }
    });

    test('an unknown or malformed identifier reads not_found (200, for the public page)', async () => {
      const unknown = issuedLicenceIdentifier({ licenceTypeCode, issuerUscc, serial: '2026000000099999' });
      assert.deepEqual(await verifyOverHttp(unknown), { valid: false, reason: 'not_found' });
      const wrongCheck = identifier.slice(0, -1) + (identifier.endsWith('0') ? '1' : '0');
      assert.deepEqual(await verifyOverHttp(wrongCheck), { valid: false, reason: 'not_found' });
      assert.deepEqual(await verifyOverHttp('nonsense'), { valid: false, reason: 'not_found' });
      const tooLong = await ctx.request({ method: 'GET', url: `/api/licences/${'1'.repeat(200)}/verify` });
      assert.equal(tooLong.statusCode, 414, 'Fastify caps route parameters at 100 characters');
    });

    test('a row read while a change was heard is not kept: it may predate the change', async () => {
      const eLicences = ctx.services.eLicences;
      const kept = await settles(
        async () => {
          eLicences.forget(identifier);
          await eLicences.verify(identifier);
          return eLicences.isKept(identifier);
        },
        (k) => k,
      );
      assert.equal(kept, true, 'a verified licence is kept once the process listens');
      eLicences.forget(identifier);
      const reading = eLicences.verify(identifier); // reads the database from here…
      eLicences.forget(identifier); // …while a change is heard
      assert.equal((await reading).valid, true);
      assert.equal(eLicences.isKept(identifier), false);
      await eLicences.verify(identifier);
      assert.equal(eLicences.isKept(identifier), true, 'the next quiet read is kept');
    });

    test('a record edited in the database reads tampered; an edited payload or signature, bad_signature', async () => {
      const db = ctx.database.db;
      const original = await licenceRow();
      const other = await registerPerson(ctx, '37098219751105003', '李明');
      const edits: [Partial<typeof original>, string][] = [
        [{ name: '食品经营许可证(正本)' }, 'tampered'],
        [{ holder_id: other.id }, 'tampered'],
        [{ valid_until: '2099-12-31' }, 'tampered'],
        [{ issuer: '新泰市人民政府' }, 'tampered'],
        [{ licence_type: '卫生许可证', name: '卫生许可证' }, 'tampered'],
        [{ signed_payload: original.signed_payload!.replace('陈建红', '李明') }, 'bad_signature'],
        [{ signature: original.signature!.slice(0, 40) + (original.signature![40] === 'a' ? 'b' : 'a') + original.signature!.slice(41) }, 'bad_signature'],
        [{ signature: 'zz' }, 'bad_signature'],
      ];
      // A verified licence is kept in memory; an edit made straight in the database is heard through
      // its notification (migration 0014's trigger), within moments, not at once: wait for it.
      const verifySettled = (want: string) =>
        settles(
          () => ctx.services.eLicences.verify(identifier),
          (r) => r.reason === want,
        );
      assert.equal((await ctx.services.eLicences.verify(identifier)).valid, true);
      for (const [patch, reason] of edits) {
        await db.updateTable('licences').set(patch).where('id', '=', original.id).execute();
        const result = await verifySettled(reason);
        assert.deepEqual([result.valid, result.reason], [false, reason], JSON.stringify(patch));
        await db
          .updateTable('licences')
          .set({ name: original.name, holder_id: original.holder_id, valid_until: original.valid_until, issuer: original.issuer, licence_type: original.licence_type, signed_payload: original.signed_payload, signature: original.signature })
          .where('id', '=', original.id)
          .execute();
        assert.equal((await verifySettled('ok')).valid, true, 'restored, it verifies again');
      }
      const edited = await verifyOverHttp(identifier);
      assert.equal(edited.valid, true, 'restored, it verifies again');

      await db.updateTable('licences').set({ name: '某证' }).where('id', '=', original.id).execute();
      const overHttp = await settles(
        () => verifyOverHttp(identifier),
        (r) => r.reason === 'tampered',
      );
      assert.deepEqual([overHttp.valid, overHttp.reason], [false, 'tampered']);
      await db.updateTable('licences').set({ name: original.name }).where('id', '=', original.id).execute();
      assert.equal((await verifySettled('ok')).valid, true);
    });

    test('an issue whose case number does not match the records rolls back', async () => {
      const uow = createUnitOfWork(ctx.database.db);
      const before = await ctx.database.db.selectFrom('licences').select('id').execute();
      await assert.rejects(
        uow.transaction((repos) => ctx.services.eLicences.issueInTransaction(repos, { ...issueInput(holder, ctx.clock.now()), caseNo: '370982-20261123-9999' })),
        /would not verify \(tampered\)/,
      );
      await assert.rejects(
        uow.transaction((repos) => ctx.services.eLicences.issueInTransaction(repos, { ...issueInput(holder, ctx.clock.now()), issuerUscc: '11370982MB02850010' })),
        (error: Error & { code?: string }) => error.code === 'VALIDATION_FAILED',
      );
      assert.equal((await ctx.database.db.selectFrom('licences').select('id').execute()).length, before.length);
    });

    test('only issuers and administrators revoke; a revoked licence reads revoked', async () => {
      const url = `/api/licences/${identifier}/revoke`;
      const asFrontDesk = await ctx.request({ method: 'POST', url, cookie: await ctx.signIn('frontdesk'), body: { reason: '申请人申请注销' }, idempotencyKey: true });
      assert.equal(asFrontDesk.statusCode, 403);
      const signedOut = await ctx.request({ method: 'POST', url, body: { reason: '申请人申请注销' }, idempotencyKey: true });
      assert.equal(signedOut.statusCode, 401);
      const issuer = await ctx.signIn('issuer');
      const revoked = await ctx.request({ method: 'POST', url, cookie: issuer, body: { reason: '申请人申请注销' }, idempotencyKey: true });
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.equal(revoked.json().status, 'revoked');
      assert.equal(revoked.json().revokedAt, ctx.clock.now().toISOString());
      const again = await ctx.request({ method: 'POST', url, cookie: issuer, body: { reason: '再次注销' }, idempotencyKey: true });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.message, '该电子证照已注销,无需重复注销');
      assert.equal(again.json().error.code, 'LICENCE_ALREADY_REVOKED');
      const unknown = await ctx.request({ method: 'POST', url: `/api/licences/${issuedLicenceIdentifier({ licenceTypeCode, issuerUscc, serial: '2026000000099999' })}/revoke`, cookie: issuer, body: { reason: 'x' }, idempotencyKey: true });
      assert.equal(unknown.statusCode, 404);

      // Verified (and its signature cached) by the tests before: the revocation shows at once all the same.
      const body = await verifyOverHttp(identifier);
      assert.deepEqual([body.valid, body.reason, body.licence?.status, body.licence?.revokedReason], [false, 'revoked', 'revoked', '申请人申请注销']);
      assert.equal(body.signed?.keyId, (await licenceRow()).key_id, 'a revoked licence still shows what was signed');
      const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'entity_type']).where('action', '=', 'licence.revoked').execute();
      assert.deepEqual(audit, [{ action: 'licence.revoked', entity_type: 'licence' }]);
    });
  });

  describe(`e-licences issued concurrently (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    test('two first issues in separate transactions get distinct serials and share one signing key', { skip: raceNeedsPostgres(backend) }, async () => {
      const keysBefore = (await ctx.database.db.selectFrom('signing_keys').select('id').execute()).length;
      const holders = [await registerPerson(ctx, '37098219800312052', '陈建红'), await registerPerson(ctx, '37098219751105003', '李明')];
      const uow = createUnitOfWork(ctx.database.db);
      // Both transactions are open before either issues.
      let arrived = 0;
      let release!: () => void;
      const bothOpen = new Promise<void>((resolve) => (release = resolve));
      const issued = await Promise.all(
        holders.map((holder) =>
          uow.transaction(async (repos) => {
            await repos.system.ping();
            if (++arrived === 2) release();
            await bothOpen;
            return ctx.services.eLicences.issueInTransaction(repos, issueInput(holder, ctx.clock.now()));
          }),
        ),
      );
      const serials = issued.map((l) => l.identifier.split('.').at(-3)!);
      assert.notEqual(serials[0], serials[1]);
      for (const licence of issued) {
        assert.match(licence.identifier, identifierForm);
        assert.equal(licence.verifyPath, `/verify/${licence.identifier}`);
        assert.equal((await ctx.services.eLicences.verify(licence.identifier)).valid, true);
      }
      const keys = await ctx.database.db.selectFrom('signing_keys').select('id').execute();
      assert.equal(keys.length, Math.max(keysBefore, 1));
      const keyIds = await ctx.database.db.selectFrom('licences').select('key_id').distinct().where('source', '=', 'issued').execute();
      assert.equal(keyIds.length, 1);
    });
  });
}

for (const backend of testBackends()) {
  describe(`e-licences: holder, serial, validity and versions (${backend.name})`, () => {
    let ctx: TestContext;
    let shop: { id: string; name: string; uscc: string | null; idMasked: string | null };
    const issue = (input: Partial<IssueELicenceInput> & { holder: { id: string; name: string; uscc: string | null; idMasked: string | null } }) => {
      const uow = createUnitOfWork(ctx.database.db);
      const { holder, ...rest } = input;
      return uow.transaction((repos) =>
        ctx.services.eLicences.issueInTransaction(repos, {
          caseId: null,
          caseNo: null,
          holderId: holder.id,
          holderName: holder.name,
          holderRef: holder.idMasked ?? holder.uscc!,
          licenceTypeCode,
          issuerName: '新泰市市场监督管理局',
          issuerUscc,
          issuedOn: '2026-11-23',
          at: ctx.clock.now(),
          ...rest,
        }),
      );
    };
    before(async () => {
      ctx = await createTestContext(backend);
      shop = await ctx.services.applicants.register({ actor: systemActor }, { kind: 'organisation', uscc: usccOf('91370982MA3C8K2X1'), name: '新泰市鲁味轩餐饮有限公司', legalRepresentative: '陈建红', phone: '', address: '' });
    });
    after(() => ctx.close());

    test('an organisation’s licence names the organisation and its USCC', async () => {
      const issued = await issue({ holder: shop });
      const body = (await ctx.request({ method: 'GET', url: `/api/licences/${issued.identifier}/verify` })).json();
      assert.deepEqual([body.valid, body.licence.holderName, body.licence.holderRef], [true, '新泰市鲁味轩餐饮有限公司', shop.uscc]);
    });

    test('two consecutive issues give unrelated serials: a neighbour of one serial finds nothing', async () => {
      const first = await issue({ holder: shop });
      const second = await issue({ holder: shop });
      const [a, b] = [first, second].map((l) => l.identifier.split('.').at(-3)!);
      assert.match(a!, /^2026\d{12}$/);
      assert.match(b!, /^2026\d{12}$/);
      const distance = BigInt(a!) > BigInt(b!) ? BigInt(a!) - BigInt(b!) : BigInt(b!) - BigInt(a!);
      assert.ok(distance > 1000n, `serials ${a} and ${b} are not neighbours`);
      // Walking on from a known serial, as one could from 1 to 40 before, reads nothing.
      for (let step = 1n; step <= 40n; step++) {
        const neighbour = issuedLicenceIdentifier({ licenceTypeCode, issuerUscc, serial: String(BigInt(a!) + step) });
        const body = (await ctx.request({ method: 'GET', url: `/api/licences/${neighbour}/verify` })).json();
        assert.deepEqual(body, { valid: false, reason: 'not_found' }, neighbour);
      }
    });

    test('validity comes from the type: 5 years for a food business licence, 长期 for a business licence', async () => {
      const food = await issue({ holder: shop, issuedOn: '2026-11-23' });
      assert.equal(food.validUntil, '2031-11-22');
      const business = await issue({ holder: shop, licenceTypeCode: '11100000MB0143028R001' });
      assert.equal(business.validUntil, null);
      assert.equal(business.licenceType, '营业执照');
      await assert.rejects(issue({ holder: shop, licenceTypeCode: '11100000MB0143028R999' }), (error: Error & { code?: string }) => error.code === 'VALIDATION_FAILED');
    });

    test('a licence past its end date reads expired, not valid', async () => {
      const old = await issue({ holder: shop, issuedOn: '2020-03-01' });
      assert.equal(old.validUntil, '2025-02-28');
      const body = (await ctx.request({ method: 'GET', url: `/api/licences/${old.identifier}/verify` })).json();
      assert.deepEqual([body.valid, body.reason, body.licence.status], [false, 'expired', 'expired']);
      // The clock stands on 2026-11-23 in China: a licence whose last day is today is valid, one whose last day was yesterday is not.
      const lastDay = await issue({ holder: shop, issuedOn: '2021-11-24' });
      assert.equal(lastDay.validUntil, '2026-11-23');
      assert.equal((await ctx.services.eLicences.verify(lastDay.identifier)).reason, 'ok');
      const dayAfter = await issue({ holder: shop, issuedOn: '2021-11-23' });
      assert.equal((await ctx.services.eLicences.verify(dayAfter.identifier)).reason, 'expired');
    });

    test('a change issues the next version of the licence in force: same serial, version + 1, linked both ways', async () => {
      const holder = await ctx.services.applicants.register({ actor: systemActor }, { kind: 'organisation', uscc: usccOf('91370982MA3D0L5Q2'), name: '新泰市青云小吃店', legalRepresentative: '李明', phone: '', address: '' });
      const first = await issue({ holder });
      const changed = await issue({ holder, isChange: true, issuedOn: '2027-03-10' });
      const [oldParts, newParts] = [first, changed].map((l) => l.identifier.split('.'));
      assert.equal(newParts!.slice(0, -2).join('.'), oldParts!.slice(0, -2).join('.'), 'type, issuer and serial stay');
      assert.deepEqual([newParts!.at(-2), changed.version, changed.replaces], ['002', 2, first.identifier]);
      assert.notEqual(newParts!.at(-1), oldParts!.at(-1), 'a new check character');
      const oldBody = (await ctx.request({ method: 'GET', url: `/api/licences/${first.identifier}/verify` })).json();
      assert.deepEqual([oldBody.valid, oldBody.reason, oldBody.licence.status, oldBody.licence.replacedBy], [false, 'superseded', 'superseded', changed.identifier]);
      const newBody = (await ctx.request({ method: 'GET', url: `/api/licences/${changed.identifier}/verify` })).json();
      assert.deepEqual([newBody.valid, newBody.licence.version, newBody.licence.replaces, newBody.licence.replacedBy], [true, 2, first.identifier, null]);
      const payload = JSON.parse((await ctx.database.db.selectFrom('licences').select('signed_payload').where('number', '=', changed.identifier).executeTakeFirstOrThrow()).signed_payload!);
      assert.deepEqual([payload.version, payload.replaces, payload.licenceTypeCode, payload.issuerUscc], [2, first.identifier, licenceTypeCode, issuerUscc], 'the link is signed');

      const revokeOld = await ctx.request({ method: 'POST', url: `/api/licences/${first.identifier}/revoke`, cookie: await ctx.signIn('issuer'), body: { reason: '变更后注销' }, idempotencyKey: true });
      assert.equal(revokeOld.statusCode, 409, 'a superseded version is not revoked: its successor is');
      assert.equal(revokeOld.json().error.code, 'LICENCE_SUPERSEDED');
      // A change for a holder with nothing in force is a first issue.
      const fresh = await issue({ holder: shop, isChange: true, licenceTypeCode: '11100000MB0143028R001' });
      assert.equal(fresh.version, 2, 'the business licence issued above is in force, so this is its version 2');
      const none = await issue({ holder, isChange: true, licenceTypeCode: '11100000MB0143028R001' });
      assert.deepEqual([none.version, none.replaces], [1, null]);
    });
  });
}

const postgres = testBackends().find((b) => b.name === 'postgres');

describe('two processes: a revocation in one reads revoked in the other, which had the licence in memory', { skip: postgres ? false : 'needs PostgreSQL (TEST_DATABASE_URL)' }, () => {
  let ctx: TestContext;
  let second: { database: Database; services: Services };
  before(async () => {
    ctx = await createTestContext(postgres!);
    const database = await createDatabase({ databaseUrl: ctx.database.url!, poolSize: 2 });
    second = { database, services: createServices(database, ctx.clock, randomBytes(32)) };
  });
  after(async () => {
    await second?.database.close();
    await ctx?.close();
  });

  test('the other process hears the change and drops its copy', async () => {
    const holder = await registerPerson(ctx, '37098219800312052', '陈建红');
    const licence = await createUnitOfWork(ctx.database.db).transaction((repos) => ctx.services.eLicences.issueInTransaction(repos, issueInput(holder, ctx.clock.now())));
    // The second process listens before it keeps anything: wait until a repeat read is served from memory.
    const first = await settles(
      async () => {
        await second.services.eLicences.verify(licence.identifier);
        return second.services.eLicences.isKept(licence.identifier);
      },
      (kept) => kept,
    );
    assert.equal(first, true, 'the second process keeps the verified licence');
    await ctx.services.eLicences.revoke({ actor: systemActor }, licence.identifier, '持证人申请注销');
    assert.equal((await ctx.services.eLicences.verify(licence.identifier)).reason, 'revoked', 'at once in the process that revoked');
    const other = await settles(
      () => second.services.eLicences.verify(licence.identifier),
      (r) => r.reason === 'revoked',
    );
    assert.deepEqual([other.valid, other.reason, other.licence?.revokedReason], [false, 'revoked', '持证人申请注销']);
  });
});
