/**
 * The intake benchmark's baseline (B): the rows `CaseIntake.intake` writes, written with plain SQL
 * in one transaction over the same pool, and the rows of a case read back so that A and B can be
 * compared.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../src/db/schema.ts';
import { createRepositories } from '../../src/repositories/index.ts';
import { chinaDate } from '../../src/domain/china-time.ts';
import { shownName } from '../../src/services/actor.ts';
import { auditHash, canonicalJson, genesisHash } from '../../src/domain/audit-chain.ts';
import { limitEnd, shiftDue } from '../../src/domain/case-clock.ts';
import { formatCaseNumber } from '../../src/domain/case-number.ts';
import { applicableMaterials, reviewStages, stageEnds } from '../../src/domain/case-process.ts';
import type { CalendarData } from '../../src/domain/calendar.ts';
import type { MaterialRequirement } from '../../src/domain/catalog.ts';
import { intakeRequest, itemCode, scenario, storedForm, type World } from './intake-world.ts';

export interface Plan {
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
export async function planOf(world: World): Promise<Plan> {
  const repos = createRepositories(world.database.db);
  const version = (await repos.catalog.findVersion(itemCode, { status: 'published' }))!;
  const content = version.content;
  const regionCode = world.actor.grants
    .find((g) => g.role === 'front_desk')!
    .regionPath.split('.')
    .at(-1)!;
  const region = (await repos.org.findRegion(regionCode))!;
  const departments = await repos.org.listDepartments();
  const stages = reviewStages(content);
  const first = stages[0]!;
  return {
    itemVersionId: version.id,
    itemCode: version.implementationCode,
    itemName: content.name,
    departmentId: version.departmentId,
    region: { code: region.code, path: region.path },
    limitDays: content.promisedDays,
    limitUnit: content.promisedUnit,
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

export async function baselineIntake(world: World, plan: Plan, applicantId: string): Promise<string> {
  const { actor, ids } = world;
  const { input, requestHash } = intakeRequest(applicantId, new Date());
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
      return {
        key: r.key,
        name: r.name,
        required: r.required,
        deferrableUntil: r.deferrable ? r.deferrableUntil : null,
        state,
        licenceId: null,
        deferredDue: state === 'deferred' ? (mark?.deferredDue ?? null) : null,
        collectedAt: null,
        note: '',
      };
    });
    const system = `系统(${shownName(actor)})`;
    const actions = [
      {
        seq: 1,
        action: 'receive',
        fromStatus: null,
        toStatus: 'submitted',
        taskId: null,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: shownName(actor),
        channel: input.channel,
        regionCode: plan.region.code,
        at: now,
        payload: { itemCode: plan.itemCode, scenario, materials: input.materials.map((m) => ({ key: m.key, state: m.state })), viaAgent: false },
      },
      { seq: 2, action: 'accept', fromStatus: 'submitted', toStatus: 'accepted', taskId: null, actorKind: actor.kind, actorId: actor.id, actorName: shownName(actor), channel: 'window', regionCode: plan.region.code, at: now, payload: {} },
      { seq: 3, action: 'start_review', fromStatus: 'accepted', toStatus: 'in_review', taskId: null, actorKind: 'system', actorId: null, actorName: system, channel: 'system', regionCode: plan.region.code, at: now, payload: {} },
    ];
    await sql`INSERT INTO case_actions (case_id, seq, action, from_status, to_status, task_id, actor_kind, actor_id, actor_name, channel, region_code, at, payload) VALUES ${sql.join(
      actions.map((a) => sql`(${c.id}, ${a.seq}, ${a.action}, ${a.fromStatus}, ${a.toStatus}, ${a.taskId}, ${a.actorKind}, ${a.actorId}, ${a.actorName}, ${a.channel}, ${a.regionCode}, ${a.at}, ${JSON.stringify(a.payload)})`),
    )}`.execute(trx);
    await sql`INSERT INTO case_materials (case_id, key, name, required, deferrable_until, state, licence_id, deferred_due, note) VALUES ${sql.join(
      materials.map((m) => sql`(${c.id}, ${m.key}, ${m.name}, ${m.required}, ${m.deferrableUntil}, ${m.state}, ${m.licenceId}, ${m.deferredDue}, ${m.note})`),
    )}`.execute(trx);
    const deferred = materials.filter((m) => m.state === 'deferred');
    const notices = [
      { kind: 'acceptance', content: { caseNo, itemName: plan.itemName, applicantName: c.applicant_name, acceptedOn: today, dueDate, limitDays: plan.limitDays, limitUnit: plan.limitUnit, caseKind: 'promised' } },
      ...(deferred.length > 0
        ? [{ kind: 'deferred', content: { caseNo, itemName: plan.itemName, applicantName: c.applicant_name, materials: deferred.map((m) => ({ key: m.key, name: m.name, due: m.deferredDue, until: m.deferrableUntil })) } }]
        : []),
    ];
    await sql`INSERT INTO case_notices (case_id, kind, content, issued_at) VALUES ${sql.join(notices.map((n) => sql`(${c.id}, ${n.kind}, ${JSON.stringify(n.content)}, ${now})`))}`.execute(trx);
    await sql`INSERT INTO case_visits (case_id, at, reason, cause, region_code, recorded_by) VALUES (${c.id}, ${now}, 'application', NULL, ${plan.region.code}, ${actor.id})`.execute(trx);
    await sql`INSERT INTO case_tasks (case_id, stage_index, stage_name, mode, round, department_id, region_path, delegated, status, due_date, created_at) VALUES ${sql.join(
      plan.stage.departmentIds.map((d) => sql`(${c.id}, 0, ${plan.stage.name}, ${plan.stage.mode}, 1, ${d}, ${plan.region.path}, false, 'pending', ${taskDue}, ${now})`),
    )}`.execute(trx);

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

export async function rowsOf(db: Kysely<Tables>, caseId: string): Promise<Record<string, unknown>> {
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
