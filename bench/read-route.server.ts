/**
 * The benchmark's server process: OneWindow with the demo organisation, and beside it in the same
 * process two baselines on their own ports — a bare Fastify route that answers the same JSON from
 * memory, and a bare route that runs the same SQL as OneWindow (session lookup, then the list)
 * with plain `pg` over the same pool. Prints one JSON line with the three URLs and a session cookie.
 */
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { loadDemo, demoPassword } from '../src/cli/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { openOneWindow, version } from '../src/main.ts';

const oneWindow = await openOneWindow({ dataDir: 'memory://', databaseUrl: process.env.DATABASE_URL || undefined });
await loadDemo(oneWindow.services);
const app = await buildApp({ services: oneWindow.services, databaseKind: oneWindow.database.kind, version });
const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: demoPassword } });
const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const token = login.cookies[0]!.value;
const body = (await app.inject({ method: 'GET', url: '/api/departments', headers: { cookie } })).json();

const bare = Fastify();
bare.get('/departments', async () => body);
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

const db = oneWindow.database.db;
const rawSql = Fastify();
rawSql.get('/departments', async (request, reply) => {
  const presented = /ow_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  if (!presented) return reply.status(401).send();
  const hash = createHash('sha256').update(presented).digest('hex');
  const session = await sql<{ id: string; grants: unknown[] }>`
    SELECT st.id, st.username, st.display_name, st.phone, st.active,
      (SELECT coalesce(json_agg(json_build_object('role', g.role, 'departmentId', g.department_id, 'regionCode', g.region_code, 'regionPath', r.path)
                                ORDER BY g.role, r.path), '[]')
       FROM staff_grants g JOIN regions r ON r.code = g.region_code WHERE g.staff_id = st.id) AS grants
    FROM sessions s JOIN staff st ON st.id = s.staff_id
    WHERE s.token_hash = ${hash} AND s.expires_at > now() AND st.active`.execute(db);
  if (session.rows.length === 0) return reply.status(401).send();
  const rows = await sql<{ id: string; name: string; uscc: string | null; region_code: string; phone: string | null }>`
    SELECT d.id, d.name, d.uscc, d.region_code, d.phone FROM departments d JOIN regions r ON r.code = d.region_code ORDER BY r.path, d.name`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, name: r.name, uscc: r.uscc, regionCode: r.region_code, phone: r.phone }));
});
const rawUrl = await rawSql.listen({ port: 0, host: '127.0.0.1' });

console.log(JSON.stringify({ database: oneWindow.database.kind, appUrl, bareUrl, rawUrl, cookie, token }));
process.on('SIGTERM', async () => {
  await Promise.all([app.close(), bare.close(), rawSql.close()]);
  await oneWindow.close();
  process.exit(0);
});
