/**
 * The verify benchmark's server process: OneWindow with the demo organisation and `--licences`
 * e-licences issued through the service (signed, on the database), and beside it a bare Fastify
 * server with two baselines: the same verification JSON from memory, and the same JSON after
 * running the licence row's SQL (the repository's query, raw) over the same pool. Prints one JSON
 * line with the URLs and the identifiers. The verify route runs as in production (rate limiter
 * included, counted in memory) with VERIFY_RATE_LIMIT raised so the load generator's one address
 * is not refused.
 */
import Fastify from 'fastify';
import { sql } from 'kysely';
import { loadDemo } from '../src/cli/demo.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { composeUscc } from '../src/domain/uscc.ts';
import { buildApp } from '../src/http/app.ts';
import { openOneWindow, version } from '../src/main.ts';
import { createUnitOfWork } from '../src/repositories/index.ts';
import { systemActor } from '../src/services/actor.ts';

const count = Number(process.argv[2] ?? 50);
const oneWindow = await openOneWindow({ dataDir: 'memory://', databaseUrl: process.env.DATABASE_URL || undefined });
await loadDemo(oneWindow.services);
const app = await buildApp({ services: oneWindow.services, databaseKind: oneWindow.database.kind, version, verifyRateLimitPerMinute: 1_000_000_000 });
const uow = createUnitOfWork(oneWindow.database.db);
const identifiers: string[] = [];
for (let i = 0; i < count; i++) {
  const first17 = `37098219800312${String(i).padStart(3, '0')}`; // up to 1,000 holders
  const holder = await oneWindow.services.applicants.register({ actor: systemActor }, { kind: 'person', idNumber: first17 + residentIdCheckChar(first17)!, name: `持证人${i}`, phone: '', address: '' });
  const issued = await uow.transaction((repos) =>
    oneWindow.services.eLicences.issueInTransaction(repos, {
      caseId: null,
      caseNo: null,
      holderId: holder.id,
      holderName: `持证人${i}`,
      holderRef: holder.idMasked!,
      licenceTypeCode: '11100000MB0143028R002' /* the demo's 食品经营许可证 */,
      issuerName: '新泰市市场监督管理局',
      issuerUscc: composeUscc('government', '370982', 'MB028500') /* the demo's first department */,
      issuedOn: '2026-11-23',
      at: new Date(),
    }),
  );
  identifiers.push(issued.identifier);
}
const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const body = (await app.inject({ method: 'GET', url: `/api/licences/${identifiers[0]}/verify` })).json();
if (body.valid !== true) throw new Error(`the licence does not verify: ${JSON.stringify(body)}`);

const bare = Fastify();
bare.get('/verify/:identifier', async () => body);
// What a verification reads when it keeps nothing in memory: the licence row with holder, case, versions and key.
bare.get<{ Params: { identifier: string } }>('/verify-sql/:identifier', async (request) => {
  const { rows } = await sql`
    SELECT l.*, coalesce(a.id_masked, a.uscc) AS holder_ref, c.case_no, prev.number AS replaces_number,
      (SELECT n.number FROM licences n WHERE n.replaces_id = l.id) AS replaced_by_number, k.public_key, k.compromised_since
    FROM licences l LEFT JOIN applicants a ON a.id = l.holder_id LEFT JOIN cases c ON c.id = l.case_id
      LEFT JOIN licences prev ON prev.id = l.replaces_id LEFT JOIN signing_keys k ON k.id = l.key_id AND k.purpose = 'licence'
    WHERE l.number = ${request.params.identifier} AND l.source = 'issued' ORDER BY l.created_at LIMIT 1`.execute(oneWindow.database.db);
  if (rows.length !== 1) throw new Error('no such licence');
  return body;
});
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

console.log(JSON.stringify({ database: oneWindow.database.kind, appUrl, bareUrl, identifiers }));
process.on('SIGTERM', async () => {
  await Promise.all([app.close(), bare.close()]);
  await oneWindow.close();
  process.exit(0);
});
