/**
 * Case intake throughput (`CaseIntake.intake`, accept with one deferred material) against a
 * baseline that writes THE SAME ROWS with plain SQL, one transaction per intake, over the same
 * Kysely/pg pool (`database.db`). Both on PostgreSQL and on the embedded PGlite, side by side.
 *
 *   node bench/intake.bench.ts [--pg-only | --pglite-only] [--rounds 5] [--profile]
 *       [--pg-count 300] [--pg-concurrency 8] [--pglite-count 150] [--pglite-concurrency 2]
 *   DATABASE_URL=postgres://…/onewindow_bench node bench/intake.bench.ts
 *
 * PostgreSQL: the database named in DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/onewindow_bench) is DROPPED and created afresh; its name must
 * contain "bench" or "scratch". PGlite runs in memory, on this thread, behind a pool of one
 * connection: its concurrent clients queue.
 *
 * Each backend: migrate, load the demo, sign `frontdesk` in (the actor as the HTTP layer sees it),
 * register the applicants, then check once that A and B wrote equal rows. Rounds alternate the
 * order (A B, B A, …) so drift and table growth hit both alike; we quote median intakes/s of the
 * rounds and A / B. Statements per intake are counted at concurrency 1 (pg client round trips,
 * BEGIN and COMMIT included); `--profile` adds where they go and how long the locks are held.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { adminQuery, benchDatabaseUrl, freshPostgres } from './scratch-database.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import type { Tables } from '../src/db/schema.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createRepositories } from '../src/repositories/index.ts';
import { createServices, type Services } from '../src/main.ts';
import { loadDemo, demoPassword } from '../src/cli/demo.ts';
import { chinaDate } from '../src/domain/china-time.ts';
import { CaseIntake, type IntakeInput } from '../src/services/cases/index.ts';
import { CaseProcess } from '../src/services/cases/process.ts';
import { CaseSteps } from '../src/services/cases/shared.ts';
import { CalendarService } from '../src/services/calendar.service.ts';
import { AuditRepository } from '../src/repositories/audit.repository.ts';
import { createIdProtector, type IdProtector } from '../src/services/id-protection.ts';
import { shownName, type Actor } from '../src/services/actor.ts';
import { auditHash, canonicalJson, genesisHash } from '../src/domain/audit-chain.ts';
import { limitEnd, shiftDue } from '../src/domain/case-clock.ts';
import { formatCaseNumber } from '../src/domain/case-number.ts';
import { applicableMaterials, reviewStages, stageEnds, type MaterialMark } from '../src/domain/case-process.ts';
import type { CalendarData } from '../src/domain/calendar.ts';
import type { MaterialRequirement } from '../src/domain/catalog.ts';
import { usccCheckChar } from '../src/domain/uscc.ts';
import { separateResidentIds } from '../src/domain/form-check.ts';

const { values: args } = parseArgs({
  options: {
    'pg-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
    'pg-count': { type: 'string', default: '300' },
    'pg-concurrency': { type: 'string', default: '8' },
    'pglite-count': { type: 'string', default: '150' },
    'pglite-concurrency': { type: 'string', default: '2' },
    applicants: { type: 'string', default: '100' },
    profile: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const applicantCount = Number(args.applicants);
const pgUrl = benchDatabaseUrl;

const itemCode = '370982-MZ-006'; // 社会团体成立登记: two departments countersign in the first stage
const scenario = 'general';
/** The application form, complete; its ID number is stored masked, the original sealed. */
const form: Record<string, string> = {
  org_name: '新泰市书法家协会筹备组', legal_representative: '王建国', applicant_name: '王建国', id_number: '11010519491231002X', phone: '13905380001',
  address: '新泰市青云街道', business_scope: '书法交流、展览、培训', registered_capital: '5',
};
const storedForm = separateResidentIds([{ key: 'id_number', label: '', type: 'id_number', required: true }], form);

// ---- setup --------------------------------------------------------------------------------------

interface World {
  database: Database;
  services: Services;
  ids: IdProtector;
  actor: Actor;
  applicantIds: string[];
}

async function openWorld(kind: 'postgres' | 'pglite'): Promise<World> {
  if (kind === 'postgres') await freshPostgres(pgUrl);
  const database = await createDatabase(kind === 'postgres' ? { databaseUrl: pgUrl } : { dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const dataKey = randomBytes(32);
  const services = createServices(database, undefined, dataKey);
  await loadDemo(services);
  // The actor exactly as a signed-in request carries it (grants from the session lookup).
  const signedIn = await services.auth.signIn({ username: 'frontdesk', password: demoPassword, ip: '127.0.0.1', userAgent: 'intake bench' });
  const actor = (await services.auth.authenticateSession(signedIn.token))!.actor;
  const applicantIds: string[] = [];
  for (let i = 0; i < applicantCount; i++) {
    const first17 = `52370982MJD${String(100_000 + i).padStart(6, '0')}`;
    const applicant = await services.applicants.register({ actor, idempotencyKey: randomUUID() }, {
      kind: 'organisation', uscc: first17 + usccCheckChar(first17)!, name: `新泰市第${i + 1}书法家协会筹备组`, legalRepresentative: '王建国', phone: `139053${String(i).padStart(5, '0')}`, address: '新泰市青云街道',
    });
    applicantIds.push(applicant.id);
  }
  return { database, services, ids: createIdProtector(dataKey), actor, applicantIds };
}

const deferredMaterial = 'property_certificate';

/** The front desk's marks: everything provided, the property certificate deferred a week. */
function marksFor(today: string): MaterialMark[] {
  const due = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  return ['society_application', 'supervisor_approval', 'articles_of_association', 'capital_proof', 'lease_contract', deferredMaterial, 'id_card', 'leader_info', 'member_list']
    .map((key) => (key === deferredMaterial ? { key, state: 'deferred', deferredDue: due } : { key, state: 'provided' }));
}

/** A request body as POST /api/cases receives it, and its digest as the HTTP layer computes it. */
function request(applicantId: string, now: Date): { input: IntakeInput; requestHash: string } {
  const input: IntakeInput = { itemCode, scenario, applicantId, channel: 'window', form, materials: marksFor(chinaDate(now)), decision: 'accept' };
  const requestHash = createHash('sha256').update(`POST /api/cases\n${canonicalJson(input)}`).digest('hex');
  return { input, requestHash };
}

// ---- A: the service -----------------------------------------------------------------------------

async function serviceIntake(world: World, applicantId: string): Promise<string> {
  const { input, requestHash } = request(applicantId, new Date());
  const view = await world.services.cases.intake.intake({ actor: world.actor, idempotencyKey: randomUUID(), requestHash }, input);
  return view.id;
}

// ---- B: the same rows in plain SQL ------------------------------------------------------------

interface Plan {
  itemVersionId: string;
  itemCode: string;
  itemName: string;
  departmentId: string;
  region: { code: string; path: string };
  limitDays: number;
  limitUnit: 'working' | 'natural';
  requirements: MaterialRequirement[];
  stage: { name: string; mode: 'all' | 'any'; departmentIds: string[]; endDays: number };
  calendar: CalendarData;
  dates: Map<string, { dueDate: string; taskDue: string }>;
}

/** What the baseline knows up front: the item, the region, the reviewing departments, the calendar. */
async function planOf(world: World): Promise<Plan> {
  const repos = createRepositories(world.database.db);
  const version = (await repos.catalog.findVersion(itemCode, { status: 'published' }))!;
  const content = version.content;
  const regionCode = world.actor.grants.find((g) => g.role === 'front_desk')!.regionPath.split('.').at(-1)!;
  const region = (await repos.org.findRegion(regionCode))!;
  const departments = await repos.org.listDepartments();
  const stages = reviewStages(content);
  const first = stages[0]!;
  return {
    itemVersionId: version.id, itemCode: version.implementationCode, itemName: content.name, departmentId: version.departmentId,
    region: { code: region.code, path: region.path }, limitDays: content.promisedDays, limitUnit: content.promisedUnit,
    requirements: applicableMaterials(content, scenario),
    stage: { name: first.name, mode: first.mode, departmentIds: first.departments.map((name) => departments.find((d) => d.name === name)!.id), endDays: stageEnds(stages, content.promisedDays)[0]! },
    calendar: await world.services.calendar.calendarFor(region.code),
    dates: new Map(),
  };
}

function datesOf(plan: Plan, today: string): { dueDate: string; taskDue: string } {
  let dates = plan.dates.get(today);
  if (!dates) {
    const dueDate = limitEnd(plan.calendar, today, plan.limitDays, plan.limitUnit);
    const stageDue = shiftDue(plan.calendar, limitEnd(plan.calendar, today, plan.stage.endDays, plan.limitUnit), 0, plan.limitUnit);
    dates = { dueDate, taskDue: stageDue > dueDate ? dueDate : stageDue };
    plan.dates.set(today, dates);
  }
  return dates;
}

const auditChainLock = 7_297_001;

async function baselineIntake(world: World, plan: Plan, applicantId: string): Promise<string> {
  const { actor, ids } = world;
  const { input, requestHash } = request(applicantId, new Date());
  const key = randomUUID();
  const actorKey = `${actor.kind}:${actor.id}`;
  const password = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return world.database.db.transaction().execute(async (trx: Kysely<Tables>) => {
    const now = new Date();
    const today = chinaDate(now);
    const { dueDate, taskDue } = datesOf(plan, today);
    const claimed = await sql`INSERT INTO idempotency_keys (actor, key, request_hash, created_at, status_code, response) VALUES (${actorKey}, ${key}, ${requestHash}, ${now}, NULL, NULL)
      ON CONFLICT DO NOTHING RETURNING key`.execute(trx);
    if (claimed.rows.length === 0) throw new Error('idempotency key taken');
    const sequence = await sql<{ last_value: number }>`INSERT INTO case_number_sequences (region_code, day, last_value) VALUES (${plan.region.code}, ${today}, 1)
      ON CONFLICT (region_code, day) DO UPDATE SET last_value = case_number_sequences.last_value + 1 RETURNING last_value`.execute(trx);
    const caseNo = formatCaseNumber(plan.region.code, today, sequence.rows[0]!.last_value);
    const inserted = await sql<{ id: string; applicant_name: string; applicant_ref: string }>`
      INSERT INTO cases (case_no, parent_id, bundle_code, item_version_id, item_code, item_name, department_id, region_code, region_path, applicant_id, applicant_name, applicant_ref,
        applicant_phone, scenario, channel, via_agent, status, case_kind, limit_days, limit_unit, delegated, form, form_sealed, query_secret, received_at, accepted_on, due_date, visits, action_seq, created_by, updated_at)
      SELECT ${caseNo}, NULL, NULL, ${plan.itemVersionId}, ${plan.itemCode}, ${plan.itemName}, ${plan.departmentId}, ${plan.region.code}, ${plan.region.path}, a.id, a.name, coalesce(a.id_masked, a.uscc, ''),
        a.phone, ${scenario}, ${input.channel}, false, 'in_review', 'promised', ${plan.limitDays}, ${plan.limitUnit}, false, ${JSON.stringify(storedForm.shown)}, ${ids.seal(JSON.stringify(storedForm.secret))}, ${ids.seal(password)}, ${now}, ${today}, ${dueDate}, 1, 3, ${actor.id}, ${now}
      FROM applicants a WHERE a.id = ${applicantId}
      RETURNING id, applicant_name, applicant_ref`.execute(trx);
    const c = inserted.rows[0];
    if (!c) throw new Error('no such applicant');
    const marks = new Map(input.materials.map((m) => [m.key, m]));
    const materials = plan.requirements.map((r) => {
      const mark = marks.get(r.key);
      const state = mark?.state ?? 'missing';
      return { key: r.key, name: r.name, required: r.required, deferrableUntil: r.deferrable ? r.deferrableUntil : null, state, licenceId: null, deferredDue: state === 'deferred' ? mark?.deferredDue ?? null : null, collectedAt: null, note: '' };
    });
    const system = `系统(${shownName(actor)})`;
    const actions = [
      { seq: 1, action: 'receive', fromStatus: null, toStatus: 'submitted', taskId: null, actorKind: actor.kind, actorId: actor.id, actorName: shownName(actor), channel: input.channel, regionCode: plan.region.code, at: now,
        payload: { itemCode: plan.itemCode, scenario, materials: input.materials.map((m) => ({ key: m.key, state: m.state })), viaAgent: false } },
      { seq: 2, action: 'accept', fromStatus: 'submitted', toStatus: 'accepted', taskId: null, actorKind: actor.kind, actorId: actor.id, actorName: shownName(actor), channel: 'window', regionCode: plan.region.code, at: now, payload: {} },
      { seq: 3, action: 'start_review', fromStatus: 'accepted', toStatus: 'in_review', taskId: null, actorKind: 'system', actorId: null, actorName: system, channel: 'system', regionCode: plan.region.code, at: now, payload: {} },
    ];
    await sql`INSERT INTO case_actions (case_id, seq, action, from_status, to_status, task_id, actor_kind, actor_id, actor_name, channel, region_code, at, payload) VALUES ${sql.join(actions.map((a) =>
      sql`(${c.id}, ${a.seq}, ${a.action}, ${a.fromStatus}, ${a.toStatus}, ${a.taskId}, ${a.actorKind}, ${a.actorId}, ${a.actorName}, ${a.channel}, ${a.regionCode}, ${a.at}, ${JSON.stringify(a.payload)})`))}`.execute(trx);
    await sql`INSERT INTO case_materials (case_id, key, name, required, deferrable_until, state, licence_id, deferred_due, note) VALUES ${sql.join(materials.map((m) =>
      sql`(${c.id}, ${m.key}, ${m.name}, ${m.required}, ${m.deferrableUntil}, ${m.state}, ${m.licenceId}, ${m.deferredDue}, ${m.note})`))}`.execute(trx);
    const deferred = materials.filter((m) => m.state === 'deferred');
    const notices = [
      { kind: 'acceptance', content: { caseNo, itemName: plan.itemName, applicantName: c.applicant_name, acceptedOn: today, dueDate, limitDays: plan.limitDays, limitUnit: plan.limitUnit, caseKind: 'promised' } },
      ...(deferred.length > 0 ? [{ kind: 'deferred', content: { caseNo, itemName: plan.itemName, applicantName: c.applicant_name, materials: deferred.map((m) => ({ key: m.key, name: m.name, due: m.deferredDue, until: m.deferrableUntil })) } }] : []),
    ];
    await sql`INSERT INTO case_notices (case_id, kind, content, issued_at) VALUES ${sql.join(notices.map((n) => sql`(${c.id}, ${n.kind}, ${JSON.stringify(n.content)}, ${now})`))}`.execute(trx);
    await sql`INSERT INTO case_visits (case_id, at, reason, cause, region_code, recorded_by) VALUES (${c.id}, ${now}, 'application', NULL, ${plan.region.code}, ${actor.id})`.execute(trx);
    await sql`INSERT INTO case_tasks (case_id, stage_index, stage_name, mode, round, department_id, region_path, delegated, status, due_date, created_at) VALUES ${sql.join(plan.stage.departmentIds.map((d) =>
      sql`(${c.id}, 0, ${plan.stage.name}, ${plan.stage.mode}, 1, ${d}, ${plan.region.path}, false, 'pending', ${taskDue}, ${now})`))}`.execute(trx);

    // The audit chain, as AuditRepository.append does it: lock, last row, hash, insert.
    await sql`SELECT pg_advisory_xact_lock(${auditChainLock})`.execute(trx);
    const last = (await sql<{ seq: string; hash: string }>`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`.execute(trx)).rows[0];
    const seq = String(BigInt(last?.seq ?? '0') + 1n);
    const prevHash = last?.hash ?? genesisHash;
    const payload = JSON.parse(canonicalJson({ caseNo, itemCode: plan.itemCode, applicant: c.applicant_ref })) as unknown;
    const entry = { seq, at: now, actorKind: actor.kind, actorId: actor.id, action: 'case.accepted', entityType: 'case', entityId: c.id, payload };
    await sql`INSERT INTO audit_log (seq, at, actor_kind, actor_id, action, entity_type, entity_id, payload, prev_hash, hash)
      VALUES (${seq}, ${now}, ${entry.actorKind}, ${entry.actorId}, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${JSON.stringify(payload)}, ${prevHash}, ${auditHash(prevHash, entry)})`.execute(trx);
    await sql`INSERT INTO outbox (topic, payload, created_at, available_at) VALUES ('case.accepted', ${JSON.stringify({ entityType: 'case', entityId: c.id })}, ${now}, ${now})`.execute(trx);

    // The replay record: performWrite keeps what the work returned, the case id (the view is read after commit).
    await sql`UPDATE idempotency_keys SET status_code = 200, response = ${JSON.stringify(c.id)} WHERE actor = ${actorKey} AND key = ${key}`.execute(trx);
    return c.id;
  });
}

// ---- the rows both wrote, compared ------------------------------------------------------------

async function rowsOf(db: Kysely<Tables>, caseId: string): Promise<Record<string, unknown>> {
  const all = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Record<string, unknown>[];
  const drop = (rows: Record<string, unknown>[], ...keys: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k))));
  const [c] = await all(sql`SELECT * FROM cases WHERE id = ${caseId}`);
  const caseNo = c!.case_no as string;
  const scrub = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(caseNo, '<caseNo>').replaceAll(caseId, '<caseId>')) as unknown;
  const idem = await all(sql`SELECT * FROM idempotency_keys WHERE response #>> '{}' = ${caseId}`);
  return {
    cases: drop([c!], 'id', 'case_no', 'query_secret', 'form_sealed', 'received_at', 'updated_at'),
    case_actions: drop(await all(sql`SELECT * FROM case_actions WHERE case_id = ${caseId} ORDER BY seq`), 'case_id', 'at'),
    case_materials: drop(await all(sql`SELECT * FROM case_materials WHERE case_id = ${caseId} ORDER BY key`), 'case_id'),
    case_notices: drop(await all(sql`SELECT * FROM case_notices WHERE case_id = ${caseId} ORDER BY kind`), 'id', 'case_id', 'issued_at').map(scrub),
    case_visits: drop(await all(sql`SELECT * FROM case_visits WHERE case_id = ${caseId}`), 'id', 'case_id', 'at'),
    case_tasks: drop(await all(sql`SELECT * FROM case_tasks WHERE case_id = ${caseId} ORDER BY department_id`), 'id', 'case_id', 'created_at'),
    case_notifications: await all(sql`SELECT count(*)::int AS n FROM case_notifications WHERE case_id = ${caseId}`),
    audit_log: drop(await all(sql`SELECT * FROM audit_log WHERE entity_id = ${caseId}`), 'seq', 'at', 'prev_hash', 'hash').map(scrub),
    outbox: drop(await all(sql`SELECT * FROM outbox WHERE payload->>'entityId' = ${caseId}`), 'id', 'created_at', 'available_at').map(scrub),
    idempotency_keys: drop(idem, 'key', 'created_at', 'request_hash').map(scrub),
  };
}

// ---- measuring ----------------------------------------------------------------------------------

async function drive(count: number, concurrency: number, one: (i: number) => Promise<unknown>): Promise<{ perSecond: number; p50: number; p95: number }> {
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      await one(i);
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: latencies[Math.floor(latencies.length * 0.5)]!, p95: latencies[Math.floor(latencies.length * 0.95)]! };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ---- counting statements (pg client round trips) ---------------------------------------------

interface Statement { text: string; start: number; end: number }

/** Runs `work` with every pg client query recorded (BEGIN and COMMIT included). */
async function recorded(work: () => Promise<unknown>): Promise<Statement[]> {
  const log: Statement[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text?: string } | undefined)?.text ?? '?';
    const entry: Statement = { text: text.replace(/\s+/g, ' ').trim(), start: performance.now(), end: 0 };
    log.push(entry);
    const result = original.apply(this, a);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(() => { entry.end = performance.now(); }, () => { entry.end = performance.now(); });
    }
    return result;
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return log;
}

/** A statement's shape: its verb and table, for grouping. */
function shape(text: string): string {
  const t = text.toLowerCase();
  if (t === 'begin' || t === 'commit' || t === 'rollback') return t.toUpperCase();
  if (t.includes('pg_advisory_xact_lock')) return 'SELECT pg_advisory_xact_lock';
  const m = /^(select|insert into|update|delete from)\s+(?:"?(\w+)"?)?/.exec(t);
  if (m && m[1] !== 'select') return `${m[1]!.toUpperCase()} ${m[2]}`;
  const from = /\bfrom\s+"?(\w+)"?(?:\s+as\s+"?(\w+)"?)?/.exec(t);
  const joins = [...t.matchAll(/\bjoin\s+"?(\w+)"?/g)].map((j) => j[1]);
  const forUpdate = /\bfor update\b/.test(t) ? ' FOR UPDATE' : '';
  return `SELECT ${from?.[1] ?? '?'}${joins.length ? ` ⋈ ${joins.join(' ⋈ ')}` : ''}${forUpdate}`;
}

interface Phases {
  total: number; before: number; inTx: number; after: number;
  /** Wall time, time with at least one statement in flight, node CPU (PGlite's own work included), BEGIN → COMMIT. */
  wallMs: number; sqlMs: number; cpuMs: number; txMs: number;
  /** From the case-number upsert / the audit-chain lock to the end of COMMIT. */
  sequenceHoldMs: number; auditHoldMs: number;
  shapes: Map<string, { n: number; ms: number; phase: string }>;
  sections: Map<string, { n: number; ms: number }>;
  /** The statements of one intake, in order. */
  order: string[];
}

/** One operation's statements, split at its BEGIN / COMMIT. */
function phasesOf(log: Statement[], wallMs: number, cpuMs: number): Phases {
  const result: Phases = { total: log.length, before: 0, inTx: 0, after: 0, wallMs, sqlMs: 0, cpuMs, txMs: 0, sequenceHoldMs: 0, auditHoldMs: 0, shapes: new Map(), sections: new Map(), order: log.map((s) => shape(s.text)) };
  let phase: 'before' | 'in' | 'after' = 'before';
  let begin = 0;
  let sequenceAt = 0;
  let auditAt = 0;
  let coveredUntil = 0;
  for (const s of log) {
    const lower = s.text.toLowerCase();
    if (lower === 'begin') { phase = 'in'; begin = s.start; }
    if (phase === 'before') result.before++;
    else if (phase === 'in') result.inTx++;
    else result.after++;
    if (lower.includes('case_number_sequences')) sequenceAt = s.start;
    if (lower.includes('pg_advisory_xact_lock')) auditAt = s.start;
    // Statements run in parallel after the commit (Promise.all): count covered time once.
    result.sqlMs += Math.max(0, s.end - Math.max(s.start, coveredUntil));
    coveredUntil = Math.max(coveredUntil, s.end);
    const label = phase === 'before' ? 'read, before' : phase === 'in' ? 'transaction' : 'read, after';
    const key = `${label}|${shape(s.text)}`;
    const seen = result.shapes.get(key) ?? { n: 0, ms: 0, phase: label };
    seen.n++;
    seen.ms += s.end - s.start;
    result.shapes.set(key, seen);
    if (lower === 'commit') {
      result.txMs = s.end - begin;
      if (sequenceAt) result.sequenceHoldMs = s.end - sequenceAt;
      if (auditAt) result.auditHoldMs = s.end - auditAt;
      phase = 'after';
    }
  }
  return result;
}

type Sections = Map<string, { n: number; ms: number }>;

/** Wraps async methods on prototypes to time them (inclusive), while `work` runs. */
async function timed<T>(targets: [object, string, string[]][], sections: Sections, work: () => Promise<T>): Promise<T> {
  const restore: (() => void)[] = [];
  for (const [proto, prefix, names] of targets) {
    const p = proto as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const name of names) {
      const original = p[name]!;
      p[name] = async function (this: unknown, ...a: unknown[]) {
        const start = performance.now();
        try {
          return await original.apply(this, a);
        } finally {
          const seen = sections.get(`${prefix}.${name}`) ?? { n: 0, ms: 0 };
          seen.n++;
          seen.ms += performance.now() - start;
          sections.set(`${prefix}.${name}`, seen);
        }
      };
      restore.push(() => { p[name] = original; });
    }
  }
  try {
    return await work();
  } finally {
    for (const undo of restore) undo();
  }
}

const serviceSections: [object, string, string[]][] = [
  [CaseIntake.prototype, 'cases', ['intake', 'intakeRegion', 'itemPlan', 'intakeItem', 'intakeBundle']],
  [CaseProcess.prototype, 'cases', ['checkLicenceMarks', 'acceptCase', 'openStage', 'stagesOf']],
  [CaseSteps.prototype, 'cases', ['facts', 'step', 'log', 'visit', 'viewIn', 'writtenViewOrRead']],
  [CalendarService.prototype, 'calendar', ['calendarFor', 'calendarForRegion']],
  [AuditRepository.prototype, 'audit', ['append', 'claimIdempotencyKey', 'completeIdempotencyKey']],
];

/** Statements and times of `n` operations run one after another, averaged per operation. */
async function countStatements(run: () => Promise<unknown>, n: number, withSections = false): Promise<Phases> {
  const perOp: Phases[] = [];
  const sections: Sections = new Map();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const log = await recorded(() => (withSections ? timed(serviceSections, sections, run) : run()));
    const used = process.cpuUsage(cpu);
    perOp.push(phasesOf(log, performance.now() - start, (used.user + used.system) / 1000));
  }
  const avg = (f: (p: Phases) => number) => perOp.reduce((sum, p) => sum + f(p), 0) / n;
  const shapes = new Map<string, { n: number; ms: number; phase: string }>();
  for (const p of perOp) {
    for (const [k, v] of p.shapes) {
      const seen = shapes.get(k) ?? { n: 0, ms: 0, phase: v.phase };
      seen.n += v.n / n;
      seen.ms += v.ms / n;
      shapes.set(k, seen);
    }
  }
  for (const v of sections.values()) { v.n /= n; v.ms /= n; }
  return {
    total: avg((p) => p.total), before: avg((p) => p.before), inTx: avg((p) => p.inTx), after: avg((p) => p.after), wallMs: avg((p) => p.wallMs), sqlMs: avg((p) => p.sqlMs),
    cpuMs: avg((p) => p.cpuMs), txMs: avg((p) => p.txMs), sequenceHoldMs: avg((p) => p.sequenceHoldMs), auditHoldMs: avg((p) => p.auditHoldMs), shapes, sections,
    order: perOp.at(-1)!.order,
  };
}

function printProfile(name: string, p: Phases): void {
  console.log(`\n  ${name}: ${p.total.toFixed(1)} statements per intake (${p.before.toFixed(1)} before the transaction, ${p.inTx.toFixed(1)} in it incl. BEGIN/COMMIT, ${p.after.toFixed(1)} after), one at a time:`);
  console.log(`    ${p.wallMs.toFixed(2)} ms per intake: SQL in flight ${p.sqlMs.toFixed(2)} ms, JavaScript between statements ${(p.wallMs - p.sqlMs).toFixed(2)} ms; node CPU ${p.cpuMs.toFixed(2)} ms; transaction ${p.txMs.toFixed(2)} ms`);
  console.log(`    case-number counter row locked ${p.sequenceHoldMs.toFixed(2)} ms, audit-chain lock held ${p.auditHoldMs.toFixed(2)} ms (both until COMMIT; every intake of the region and day queues on the first)`);
  for (const [key, v] of [...p.shapes.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`      ${v.phase.padEnd(12)} ${v.n.toFixed(1).padStart(5)} × ${key.split('|')[1]!.padEnd(50)} ${v.ms.toFixed(2).padStart(7)} ms`);
  }
  const numbered = p.order.map((s, i) => `${String(i + 1).padStart(2)} ${s}`);
  console.log('    one intake in order:');
  for (let i = 0; i < numbered.length; i += 3) console.log(`      ${numbered.slice(i, i + 3).map((x) => x.padEnd(48)).join('')}`);
  if (p.sections.size > 0) {
    console.log('    sections (inclusive ms per intake, calls):');
    for (const [key, v] of [...p.sections.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`      ${key.padEnd(34)} ${v.ms.toFixed(2).padStart(7)} ms  ${v.n.toFixed(1).padStart(4)} ×`);
    }
  }
}

// ---- one backend --------------------------------------------------------------------------------

interface Outcome { backend: string; concurrency: number; a: number; b: number; aP50: number; bP50: number; statementsA: Phases; statementsB: Phases }

async function bench(kind: 'postgres' | 'pglite'): Promise<Outcome> {
  const count = Number(kind === 'postgres' ? args['pg-count'] : args['pglite-count']);
  const concurrency = Number(kind === 'postgres' ? args['pg-concurrency'] : args['pglite-concurrency']);
  const label = kind === 'postgres' ? `PostgreSQL (${new URL(pgUrl).pathname.slice(1)})` : 'PGlite (in memory)';
  console.log(`\n== ${label}: ${rounds} rounds × ${count} intakes per side, ${concurrency} concurrent clients`);
  const setupStart = performance.now();
  const world = await openWorld(kind);
  const plan = await planOf(world);
  let nextA = 0;
  let nextB = 0;
  const applicant = (i: number) => world.applicantIds[i % world.applicantIds.length]!;
  const runA = () => serviceIntake(world, applicant(nextA++));
  const runB = () => baselineIntake(world, plan, applicant(nextB++));
  console.log(`  setup (migrate, demo, ${applicantCount} applicants): ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

  // The same rows, checked once on one applicant.
  const same = world.applicantIds[0]!;
  const idA = await serviceIntake(world, same);
  const idB = await baselineIntake(world, plan, same);
  assert.deepEqual(await rowsOf(world.database.db, idB), await rowsOf(world.database.db, idA), 'the baseline must write the rows the service writes');
  console.log('  rows check: B wrote the same rows as A (cases, case_actions, case_materials, case_notices, case_visits, case_tasks, audit_log, outbox, idempotency_keys)');

  // Warm-up, then statements per intake at concurrency 1.
  await drive(30, concurrency, runA);
  await drive(30, concurrency, runB);
  const statementsA = await countStatements(runA, 10, args.profile);
  const statementsB = await countStatements(runB, 10);
  console.log(`  statements per intake: A ${statementsA.total.toFixed(1)} (${statementsA.before.toFixed(0)} reads before, ${statementsA.inTx.toFixed(0)} in the transaction, ${statementsA.after.toFixed(0)} reads after), B ${statementsB.total.toFixed(1)}`);

  const runsA: number[] = [];
  const runsB: number[] = [];
  const p50A: number[] = [];
  const p50B: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? (['A', 'B'] as const) : (['B', 'A'] as const);
    const got: Record<'A' | 'B', { perSecond: number; p50: number; p95: number }> = {} as never;
    for (const side of order) got[side] = await drive(count, concurrency, side === 'A' ? runA : runB);
    runsA.push(got.A.perSecond); runsB.push(got.B.perSecond); p50A.push(got.A.p50); p50B.push(got.B.p50);
    console.log(`  round ${round}/${rounds} (${order.join(' then ')}): A service ${got.A.perSecond.toFixed(0).padStart(5)} intakes/s (p50 ${got.A.p50.toFixed(1)} ms) · B plain SQL ${got.B.perSecond.toFixed(0).padStart(5)} intakes/s (p50 ${got.B.p50.toFixed(1)} ms) · A/B ${(got.A.perSecond / got.B.perSecond).toFixed(2)}`);
  }
  const outcome: Outcome = { backend: label, concurrency, a: median(runsA), b: median(runsB), aP50: median(p50A), bP50: median(p50B), statementsA, statementsB };
  console.log(`  median: A ${outcome.a.toFixed(0)} intakes/s, B ${outcome.b.toFixed(0)} intakes/s, A/B ${(outcome.a / outcome.b).toFixed(2)}`);
  if (args.profile) {
    printProfile('A service', statementsA);
    printProfile('B plain SQL', statementsB);
  }
  await world.database.close();
  return outcome;
}

const backends: ('postgres' | 'pglite')[] = args['pg-only'] ? ['postgres'] : args['pglite-only'] ? ['pglite'] : ['postgres', 'pglite'];
console.log('OneWindow intake benchmark — A: CaseIntake.intake (社会团体成立登记, accepted, one deferred material) vs B: the same rows in plain SQL, same pool');
const outcomes: Outcome[] = [];
for (const kind of backends) {
  if (kind === 'postgres') {
    try {
      await adminQuery(Object.assign(new URL(pgUrl), { pathname: '/postgres' }).toString(), 'SELECT 1');
    } catch (error) {
      if (args['pg-only']) throw error;
      console.log(`\n== PostgreSQL skipped: ${(error as Error).message} (set DATABASE_URL to a scratch database)`);
      continue;
    }
  }
  outcomes.push(await bench(kind));
}
console.log('\nmedians                        clients  A service (p50)        B plain SQL (p50)       A / B   statements A / B');
for (const o of outcomes) {
  const side = (perSecond: number, p50: number) => `${perSecond.toFixed(0).padStart(5)} /s (${p50.toFixed(1).padStart(5)} ms)`;
  console.log(`${o.backend.padEnd(30)} ${String(o.concurrency).padStart(7)}  ${side(o.a, o.aP50)}    ${side(o.b, o.bP50)}    ${(o.a / o.b).toFixed(2).padStart(5)}   ${o.statementsA.total.toFixed(0)} / ${o.statementsB.total.toFixed(0)}`);
}
console.log('target: A / B ≥ 0.4');
