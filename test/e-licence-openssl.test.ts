/**
 * docs/E-LICENCE.md, followed as a stranger would: a licence issued through the service on the
 * database, its public verify answer and published PEM taken over HTTP, and the documented shell
 * commands (base64 -d, openssl dgst -sm3 … distid:1234567812345678) run on them. The real licence
 * says "Verified OK"; a copy with one payload byte changed fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { composeUscc } from '../src/domain/uscc.ts';
import { opensslCommands, type LicenceVerification } from '../web/src/features/verify/model.ts';
import { createUnitOfWork } from '../src/repositories/index.ts';
import { systemActor } from '../src/services/actor.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const openssl = '/usr/bin/openssl';
const docs = readFileSync(join(import.meta.dirname, '..', 'docs', 'E-LICENCE.md'), 'utf8');

/** The shell lines of the doc's "Check it with openssl" block that work on local files (no curl, no jq). */
function documentedCommands(): string[] {
  const block = /```sh\n# check-with-openssl\n([\s\S]*?)```/.exec(docs)?.[1];
  assert.ok(block, 'docs/E-LICENCE.md has the check-with-openssl block');
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !/\b(curl|jq)\b/.test(l));
}

for (const backend of testBackends()) {
  describe(`an issued e-licence verifies with the openssl CLI, as docs/E-LICENCE.md says (${backend.name})`, () => {
    let ctx: TestContext;
    let identifier: string;
    let dir: string;
    before(async () => {
      ctx = await createTestContext(backend);
      const first17 = '37098219800312052';
      const holder = await ctx.services.applicants.register({ actor: systemActor }, { kind: 'person', idNumber: first17 + residentIdCheckChar(first17)!, name: '陈建红', phone: '', address: '' });
      const issued = await createUnitOfWork(ctx.database.db).transaction((repos) =>
        ctx.services.eLicences.issueInTransaction(repos, {
          caseId: null,
          caseNo: null,
          holderId: holder.id,
          holderName: '陈建红',
          holderRef: holder.idMasked!,
          licenceTypeCode: '11100000MB0143028R002' /* the demo's 食品经营许可证 */,
          issuerName: '新泰市市场监督管理局',
          issuerUscc: composeUscc('government', '370982', 'MB028500') /* the demo's first department */,
          issuedOn: '2026-11-23',
          at: ctx.clock.now(),
        }),
      );
      identifier = issued.identifier;
      dir = mkdtempSync(join(tmpdir(), 'e-licence-openssl-'));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await ctx.close();
    });

    test('the documented commands say Verified OK; one changed payload byte fails', async (t) => {
      if (!existsSync(openssl)) {
        console.log(`SKIPPED: ${openssl} is missing, so the openssl check of docs/E-LICENCE.md did not run`);
        t.skip(`${openssl} is missing`);
        return;
      }
      const answer = await ctx.request({ method: 'GET', url: `/api/licences/${identifier}/verify` });
      assert.equal(answer.statusCode, 200);
      const signed = (answer.json() as { valid: boolean; signed: { payloadBase64: string; signature: string; keyUrl: string } }).signed;
      const pem = await ctx.request({ method: 'GET', url: signed.keyUrl });
      assert.equal(pem.statusCode, 200);
      // What curl and jq would have written (the doc's first lines).
      writeFileSync(join(dir, 'key.pem'), pem.body);
      writeFileSync(join(dir, 'payload.b64'), `${signed.payloadBase64}\n`);
      writeFileSync(join(dir, 'signature.b64'), `${signed.signature}\n`);

      const run = () => {
        let output = '';
        for (const line of documentedCommands()) {
          try {
            output += execFileSync('/bin/sh', ['-c', line], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          } catch (error) {
            output += String((error as { stdout?: string }).stdout ?? '');
          }
        }
        return output;
      };
      const transcript = run();
      console.log(`openssl on ${identifier}: ${transcript.trim()}`);
      assert.equal(transcript.trim(), 'Verified OK');

      const payload = Buffer.from(signed.payloadBase64, 'base64');
      payload[payload.indexOf('2031')]! ^= 0x01; // 2031 → 3031: the licence made to last longer
      writeFileSync(join(dir, 'payload.b64'), `${payload.toString('base64')}\n`);
      const changed = run();
      assert.equal(changed.trim(), 'Verification failure');
    });

    test("the verify page's own commands (payload and signature inlined) say Verified OK", async (t) => {
      if (!existsSync(openssl)) {
        t.skip(`${openssl} is missing`);
        return;
      }
      const answer = (await ctx.request({ method: 'GET', url: `/api/licences/${identifier}/verify` })).json() as LicenceVerification;
      const pem = await ctx.request({ method: 'GET', url: answer.signed!.keyUrl });
      const pageDir = mkdtempSync(join(tmpdir(), 'e-licence-page-'));
      try {
        writeFileSync(join(pageDir, 'key.pem'), pem.body);
        // Every line the page shows but the key download, which needs a listening server; its PEM is written above.
        const lines = opensslCommands(answer.signed!, 'http://127.0.0.1:8080').split('\n');
        assert.match(lines[2]!, /^curl -s 'http:\/\/127\.0\.0\.1:8080\/api\/licences\/keys\/sm2-[0-9a-f]{16}\.pem' > key\.pem$/);
        const script = lines.filter((_, i) => i !== 2).join('\n');
        assert.equal(execFileSync('/bin/sh', ['-c', script], { cwd: pageDir, encoding: 'utf8' }).trim(), 'Verified OK');
      } finally {
        rmSync(pageDir, { recursive: true, force: true });
      }
    });
  });
}
