/**
 * The fuzzer's world on one app: who sends requests (signed out, a bogus credential, the
 * administrator, a front-desk clerk, a civil-affairs reviewer, an API key) and a few records it
 * can act on (applicants, cases in review and awaiting correction, a ticket), made through the
 * API as a clerk would. Used by test/openapi.fuzz.test.ts and bench/fuzz.bench.ts.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/http/app.ts';
import type { Services } from '../../src/main.ts';
import type { Actor } from '../../src/services/actor.ts';
import { demoPassword } from '../../src/cli/demo.ts';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { usccCheckChar } from '../../src/domain/uscc.ts';
import { applicantCookie, sessionCookie } from '../../src/http/access.ts';
import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/schema.ts';
import { systemActor } from '../../src/services/actor.ts';
import type { FuzzTarget, Identity } from './openapi-fuzz.ts';
import { sharedFieldNames } from '../../src/domain/shared-data.ts';
import { insertDeadLetter } from './push.ts';
import { insertBadRating } from './ratings.ts';

/** The only operations the fuzzer leaves out, and why. */
export const fuzzSkips: Record<string, string> = {
  'GET /api/centers/{id}/board/stream': 'server-sent events: a good request never ends; its bad input is tested by hand in bad-input.test.ts',
};

/** The demo accounts the fuzzer signs in as. */
export const fuzzRoles = ['admin', 'frontdesk', 'reviewer.mz'] as const;
const fuzzAccountAddress = '192.0.2.10';

function staffIdentity(services: Services, username: string): Identity {
  let cookie: string | undefined;
  return {
    name: username,
    signedIn: true,
    async headers() {
      // Signed in through the service, from an address of its own: the fuzzer's failed sign-ins (from
      // 127.0.0.1, on other accounts) may lock that address out, and that is not what is being tested.
      cookie ??= `${sessionCookie}=${(await services.auth.signIn({ username, password: demoPassword, ip: fuzzAccountAddress, userAgent: 'onewindow fuzz' })).token}`;
      return { cookie };
    },
    observe(response: LightMyRequestResponse) {
      // Signed out (the fuzzer called sign-out): sign in again, as a person would.
      const cleared = response.cookies.some((c) => c.name === sessionCookie && c.value === '');
      if (cleared || (response.statusCode === 401 && response.body.includes('"UNAUTHENTICATED"'))) cookie = undefined;
    },
  };
}

/**
 * A citizen signed in online (一网通办), bound to a person as the identity platform would vouch for
 * them, so the applicant routes are reached past their access check.
 */
function applicantIdentity(services: Services): Identity {
  let cookie: string | undefined;
  const first17 = '37098219800101404';
  return {
    name: 'online applicant',
    signedIn: true,
    async headers() {
      cookie ??= `${applicantCookie}=${
        (
          await services.onlineAccounts.signInVouched({
            issuer: 'https://fuzz.invalid',
            subject: 'fuzz-applicant',
            phone: '13905380404',
            name: '模糊测试网办',
            residentId: first17 + residentIdCheckChar(first17),
            ip: fuzzAccountAddress,
            userAgent: 'onewindow fuzz',
          })
        ).token
      }`;
      return { cookie };
    },
    observe(response: LightMyRequestResponse) {
      const cleared = response.cookies.some((c) => c.name === applicantCookie && c.value === '');
      if (cleared || (response.statusCode === 401 && response.body.includes('"UNAUTHENTICATED"'))) cookie = undefined;
    },
  };
}

function bogusIdentity(): Identity {
  const variants: Record<string, string>[] = [
    { cookie: `${sessionCookie}=not-a-session` },
    { cookie: `${applicantCookie}=not-a-session` },
    { 'x-api-key': 'ow_not_a_key' },
    { authorization: `Bearer ow_${'x'.repeat(40)}` },
    { cookie: `${sessionCookie}=${'%00'.repeat(3)}` },
  ];
  let next = 0;
  return { name: 'bogus credentials', signedIn: false, headers: async () => variants[next++ % variants.length]! };
}

export interface Seeded {
  target: FuzzTarget;
  /** What was made, for the log. */
  records: string[];
  /** The answers that made them, by operation path, for the fuzzer to learn ids from. */
  answers: { path: string; body: unknown }[];
}

/**
 * Identities and records for fuzzing `app`. Records are made best-effort: if a later change
 * refuses one (a new required field), the fuzzer still runs, with less to find.
 *
 * @param db when given, bad ratings (and an appeal) are written as the rating capture saves them, for the rectification routes.
 */
export async function prepareFuzzTarget(app: App, services: Services, db?: Kysely<Tables>): Promise<Seeded> {
  const admin = await services.auth.signIn({ username: 'admin', password: demoPassword, ip: fuzzAccountAddress, userAgent: 'onewindow fuzz' });
  const adminActor = (await services.auth.authenticateSession(admin.token))!.actor;
  // Its own accounts are never offered to requests: not their ids (a password reset, a grant change)
  // nor their names (failed sign-ins would make the account wait).
  const own = (await services.staff.list(adminActor)).filter((m) => (fuzzRoles as readonly string[]).includes(m.username));
  const protectedValues = new Set([...own.map((m) => m.id), ...own.map((m) => m.username)]);
  const created = await services.apiKeys.create({ actor: adminActor, idempotencyKey: randomUUID() }, { name: '模糊测试 fuzz', departmentId: null, regionCode: '370982' });
  protectedValues.add(created.apiKey.id);
  // Scoped to read every shareable field of two items, so the shared-data routes are reached past their scope check.
  await services.apiKeys.setScope({ actor: adminActor, idempotencyKey: randomUUID() }, created.apiKey.id, { itemCodes: ['370982-MZ-001', '370982-MZ-004'], fields: [...sharedFieldNames], ratePerMinute: 6000, expiresAt: null });
  const apiKey: Identity = { name: 'api key', signedIn: true, headers: async () => ({ 'x-api-key': created.key! }) };
  const identities = [{ name: 'signed out', signedIn: false, headers: async () => ({}) }, bogusIdentity(), ...fuzzRoles.map((username) => staffIdentity(services, username)), apiKey, applicantIdentity(services)];
  const { records, answers } = await seedRecords(app, identities[3]!);
  // The online applicant's own business, so the business routes have a record of theirs to find.
  const applicant = identities.at(-1)!;
  const usccBody = '91370982MA3WBFH0K';
  const business = await app.inject({
    method: 'POST',
    url: '/api/applicant/businesses',
    headers: { host: 'localhost', origin: 'http://localhost', ...(await applicant.headers()) },
    payload: { uscc: usccBody + usccCheckChar(usccBody), name: '模糊测试网办有限公司' },
  });
  if (business.statusCode === 201) {
    answers.push({ path: '/api/applicant/businesses', body: business.json() });
    records.push('online business');
  } else records.push(`(not made: online business: ${business.statusCode} ${business.body.slice(0, 200)})`);
  await seedOnlineApplications(services, records, answers);
  if (db) await seedBadRatings(db, services, records, answers);
  if (db) await seedAlerts(db, records, answers);
  await seedComplaints(services, records, answers);
  if (db) await seedPush(db, services, records, answers);
  // The online applicant's own complaint, so their complaint routes have a record of theirs.
  const filed = await app.inject({
    method: 'POST',
    url: '/api/applicant/complaints',
    headers: { host: 'localhost', origin: 'http://localhost', 'idempotency-key': randomUUID(), ...(await applicant.headers()) },
    payload: { category: 'help', subject: '模糊测试求助', content: '请帮忙查询办理进度', regionCode: '370982' },
  });
  if (filed.statusCode === 201) {
    answers.push({ path: '/api/applicant/complaints', body: { items: [filed.json()] } });
    records.push('online complaint');
  } else records.push(`(not made: online complaint: ${filed.statusCode} ${filed.body.slice(0, 200)})`);
  await seedRatings(app, services, adminActor, identities[3]!, applicant, records, answers);
  return { target: { app, identities, protectedValues }, records, answers };
}

/**
 * 好差评: a visit rated at a window's pad (a rating for `/api/ratings/{id}`), and a case of the online
 * applicant concluded at the window, whose SMS invitation (the consumer's message) gives a token for
 * `/api/rate/{token}` and whose id the applicant's own rating routes find.
 */
async function seedRatings(app: App, services: Services, admin: Actor, clerk: Identity, applicant: Identity, records: string[], answers: { path: string; body: unknown }[]): Promise<void> {
  const call = async (who: Identity, method: 'GET' | 'POST', url: string, body?: unknown): Promise<any> => {
    const headers = { host: 'localhost', origin: 'http://localhost', ...(await who.headers()), 'idempotency-key': randomUUID() };
    const response = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
    return response.json();
  };
  try {
    const center = ((await call(clerk, 'GET', '/api/hall/centers')) as { id: string; name: string }[]).find((c) => c.name === '新泰市政务服务中心')!;
    const window = ((await call(clerk, 'GET', `/api/windows?centerId=${center.id}`)) as { id: string; number: number }[]).find((w) => w.number === 1)!;
    await call(clerk, 'POST', `/api/windows/${window.id}/open`, {});
    const ticket = (await call(clerk, 'POST', `/api/centers/${center.id}/tickets`, { classCode: 'A' })) as { id: string };
    for (let i = 0; i < 20; i++) {
      const called = (await call(clerk, 'POST', `/api/windows/${window.id}/call-next`, {})).ticket as { id: string } | null;
      if (!called || called.id === ticket.id) break;
      await call(clerk, 'POST', `/api/tickets/${called.id}/actions`, { action: 'skip' });
    }
    await call(clerk, 'POST', `/api/tickets/${ticket.id}/actions`, { action: 'serve' });
    const rating = await call(clerk, 'POST', `/api/ratings/pad/${window.id}`, { ticketId: ticket.id, level: 'dissatisfied', tags: ['long_wait'], anonymous: true });
    answers.push({ path: '/api/ratings', body: { rows: [rating] } });
    records.push('pad rating');
    // A second visit served and not rated yet: the kiosk finds it by its number.
    const next = (await call(clerk, 'POST', `/api/centers/${center.id}/tickets`, { classCode: 'A' })) as { id: string; number: string };
    for (let i = 0; i < 20; i++) {
      const called = (await call(clerk, 'POST', `/api/windows/${window.id}/call-next`, {})).ticket as { id: string } | null;
      if (!called || called.id === next.id) break;
      await call(clerk, 'POST', `/api/tickets/${called.id}/actions`, { action: 'skip' });
    }
    await call(clerk, 'POST', `/api/tickets/${next.id}/actions`, { action: 'serve' });
    answers.push({ path: '/api/ratings/kiosk', body: { ticketNo: next.number } });
    records.push('visit to rate at the kiosk');
  } catch (error) {
    records.push(`(not made: pad rating: ${(error as Error).message})`);
  }
  try {
    const me = (await call(applicant, 'GET', '/api/applicant/me')) as { person: { applicantId: string } };
    const content = (await call(clerk, 'GET', '/api/items/370982-MZ-004')).content;
    const materials = content.materials.filter((m: { required: boolean; scenarios: string[] }) => m.required && m.scenarios.length === 0).map((m: { key: string }) => ({ key: m.key, state: 'provided' }));
    const c = (await call(clerk, 'POST', '/api/cases', { itemCode: '370982-MZ-004', applicantId: me.person.applicantId, channel: 'window', materials, decision: 'accept', form: formFor(content.formFields) })) as {
      id: string;
      caseNo: string;
    };
    await call(clerk, 'POST', `/api/cases/${c.id}/actions`, { action: 'decide_on_spot' });
    answers.push({ path: '/api/online/cases', body: [{ id: c.id }] });
    // The outbox consumed (writing the messages, not sending them) until the case's invitation is among them.
    for (let i = 0; i < 200 && (await services.notifier.consume()).claimed > 0; i++) {
      /* next batch */
    }
    const invitation = (await services.notifications.listMessages(admin, { event: 'rating_invitation', limit: 50, offset: 0 })).find((m) => m.body.includes(c.caseNo));
    const token = /\/rate\/([\w-]+)/.exec(invitation?.body ?? '')?.[1];
    if (!token) throw new Error('no invitation message');
    answers.push({ path: '/api/rate', body: { code: token } });
    records.push('concluded case with a rating invitation');
  } catch (error) {
    records.push(`(not made: rating invitation: ${(error as Error).message})`);
  }
}

async function seedRecords(app: App, clerk: Identity): Promise<{ records: string[]; answers: { path: string; body: unknown }[] }> {
  const records: string[] = [];
  const answers: { path: string; body: unknown }[] = [];
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown): Promise<any> => {
    const headers = { host: 'localhost', origin: 'http://localhost', ...(await clerk.headers()), 'idempotency-key': randomUUID() };
    const response = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
    // The operation's path, as the fuzzer knows it: ids back to their {id}.
    answers.push({ path: url.split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}'), body: response.json() });
    return response.json();
  };
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
      records.push(what);
    } catch (error) {
      records.push(`(not made: ${what}: ${(error as Error).message})`);
    }
  };
  const people: string[] = [];
  for (const [i, serial] of ['101', '202', '303'].entries()) {
    const first17 = `37098219800101${serial}`;
    await attempt(`applicant ${i + 1}`, async () =>
      people.push((await call('POST', '/api/applicants', { kind: 'person', idNumber: first17 + residentIdCheckChar(first17), name: `模糊测试${i + 1}`, phone: `1390538000${i}`, address: '新泰' })).id),
    );
  }
  const usccBody = '91370982MA3FUKK0M';
  await attempt('organisation', () => call('POST', '/api/applicants', { kind: 'organisation', uscc: usccBody + usccCheckChar(usccBody), name: '模糊测试有限公司', legalRepresentative: '王建国', phone: '13905380009', address: '新泰' }));
  const items = ((await call('GET', '/api/items?limit=6').catch(() => ({ items: [] }))) as { items: { implementationCode: string }[] }).items;
  for (const [i, { implementationCode }] of items.entries()) {
    await attempt(`case of ${implementationCode}`, async () => {
      const content = (await call('GET', `/api/items/${implementationCode}`)).content;
      const scenario: string | null = content.scenarios[0]?.code ?? null;
      const materials = content.materials
        .filter((m: { scenarios: string[] }) => m.scenarios.length === 0 || scenario === null || m.scenarios.includes(scenario))
        .map((m: { key: string; required: boolean }, j: number) => ({ key: m.key, state: i % 2 === 1 && j === 0 ? 'missing' : 'provided' }));
      await call('POST', '/api/cases', {
        itemCode: implementationCode,
        scenario,
        applicantId: people[i % Math.max(1, people.length)],
        materials,
        decision: i % 2 === 1 ? 'correction' : 'accept',
        form: formFor(content.formFields),
      });
    });
  }
  const centers = (await call('GET', '/api/hall/centers').catch(() => [])) as { id: string }[];
  for (const center of centers.slice(0, 2)) await attempt('ticket', () => call('POST', `/api/centers/${center.id}/tickets`, { classCode: 'A' }));
  return { records, answers };
}

/**
 * Online applications (一网通办) of the seeded people, submitted and waiting for 网上预审, so the
 * pre-review and the staff's file routes have records to reach. Made through the service, as an
 * applicant signed in online (the fuzzer has no such identity until the identity work's sign-in).
 */
async function seedOnlineApplications(services: Services, records: string[], answers: { path: string; body: unknown }[]): Promise<void> {
  const people = answers.filter((a) => a.path === '/api/applicants' && (a.body as { kind?: string }).kind === 'person').map((a) => (a.body as { id: string }).id);
  for (const applicantId of people.slice(0, 2)) {
    try {
      const accountId = randomUUID();
      const actor: Actor = { kind: 'applicant', id: accountId, name: '13800000000', grants: [], account: { accountId, phone: '13800000000', applicantId, verified: true } };
      const item = await services.catalog.getPublished('370982-MZ-009');
      let draft = await services.online.startDraft({ actor }, { itemCode: '370982-MZ-009', scenario: 'nursing' });
      draft = await services.online.saveDraft({ actor }, draft.id, { form: { ...formFor(item.content.formFields), ...draft.form } });
      for (const m of draft.materials.filter((x) => x.state === 'missing'))
        draft = await services.online.upload({ actor }, draft.id, m.key, { name: `${m.name}.pdf`, data: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n') });
      const submitted = await services.online.submit({ actor }, draft.id);
      // Remembered as an online case and as a pre-review entry (their `{id}`), its files as files (`{fileId}`).
      answers.push(
        { path: '/api/online-cases', body: [{ id: submitted.id }] },
        { path: '/api/prereview', body: [{ id: submitted.id, caseNo: submitted.caseNo }] },
        { path: '/api/online-cases/{id}/files', body: submitted.materials.flatMap((m) => m.files.map((f) => ({ fileId: f.id, id: f.id }))) },
      );
      records.push('online application');
    } catch (error) {
      records.push(`(not made: online application: ${(error as Error).message})`);
    }
  }
}

/**
 * Bad ratings of the seeded cases (written as the rating capture saves them) and their tasks: one
 * open, one reported (to revisit), one appealed, so each step's route has a record to reach.
 */
async function seedBadRatings(db: Kysely<Tables>, services: Services, records: string[], answers: { path: string; body: unknown }[]): Promise<void> {
  const caseIds = answers.filter((a) => a.path === '/api/cases').map((a) => (a.body as { id: string }).id);
  const system = { actor: systemActor };
  for (const [i, caseId] of caseIds.slice(0, 3).entries()) {
    try {
      const rated = await insertBadRating(db, services, { caseId, givenAt: new Date(), anonymous: i === 2 });
      if (i === 1) await services.rectifications.triage(system, rated.rectificationId, { triage: 'immediate', finding: '属实', measures: '已整改', report: true });
      answers.push({ path: '/api/rectifications', body: [{ id: rated.rectificationId }] });
      if (i === 2) {
        // The rated case's own department appeals: its reviewer.
        const department = (await services.rectifications.get(system.actor, rated.rectificationId)).department?.id;
        const reviewer = (await services.staff.list(system.actor)).find((m) => m.grants.some((g) => g.role === 'reviewer' && g.departmentId === department))!;
        const actor: Actor = { kind: 'staff', id: reviewer.id, name: reviewer.username, grants: reviewer.grants.map((g) => ({ role: g.role, departmentId: g.departmentId, regionPath: g.regionPath })) };
        const task = await services.rectifications.appeal({ actor }, rated.rectificationId, { reason: 'mistaken', statement: '申请人误评,已电话确认' });
        answers.push({ path: '/api/rating-appeals', body: task.appeals.map((a) => ({ id: a.id })) });
      }
      records.push('bad rating with its rectification task');
    } catch (error) {
      records.push(`(not made: bad rating: ${(error as Error).message})`);
    }
  }
}

/** 电子监察 alerts about the seeded cases, as the alert job writes them: one open, one for each fuzzed step to find. */
async function seedAlerts(db: Kysely<Tables>, records: string[], answers: { path: string; body: unknown }[]): Promise<void> {
  const caseIds = answers.filter((a) => a.path === '/api/cases').map((a) => (a.body as { id: string }).id);
  try {
    const ids: { id: string }[] = [];
    for (const caseId of caseIds.slice(0, 2)) {
      const c = await db.selectFrom('cases').select(['department_id', 'region_path', 'case_no']).where('id', '=', caseId).executeTakeFirstOrThrow();
      const today = new Date().toISOString().slice(0, 10);
      const row = await db
        .insertInto('supervision_alerts')
        .values({
          rule: 'case_red',
          subject_key: caseId,
          case_id: caseId,
          department_id: c.department_id,
          region_path: c.region_path,
          raised_at: new Date(),
          raised_on: today,
          facts: JSON.stringify({ caseNo: c.case_no }),
          response_due: today,
        })
        .onConflict((oc) => oc.columns(['rule', 'subject_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) ids.push({ id: row.id });
    }
    answers.push({ path: '/api/alerts', body: { items: ids } });
    records.push('supervision alerts');
  } catch (error) {
    records.push(`(not made: supervision alerts: ${(error as Error).message})`);
  }
}

/** Complaints (诉求件): one received at the hall, one dispatched to 民政局 (so reviewer.mz reaches it). */
async function seedComplaints(services: Services, records: string[], answers: { path: string; body: unknown }[]): Promise<void> {
  try {
    const actor: Actor = { kind: 'system', id: null, name: 'system', grants: [] };
    const mz = (await services.org.listDepartments()).find((d) => d.name === '新泰市民政局');
    const ids: { id: string }[] = [];
    for (const dispatched of [false, true]) {
      const c = await services.complaints.receive(
        { actor },
        { source: 'hall', category: 'complaint', urgent: false, subject: '模糊测试诉求', content: '窗口等候时间过长', anonymous: false, complainantName: '模糊测试', complainantPhone: '13905380007', regionCode: '370982' },
      );
      if (dispatched && mz) await services.complaints.act({ actor }, c.record.id, { action: 'dispatch', departmentId: mz.id });
      ids.push({ id: c.record.id });
    }
    answers.push({ path: '/api/complaints', body: { items: ids } });
    records.push('complaints');
  } catch (error) {
    records.push(`(not made: complaints: ${(error as Error).message})`);
  }
}

/** 数据推送: a subscription of 民政局 with one dead letter, so the redeliver route has one to send. */
async function seedPush(db: Kysely<Tables>, services: Services, records: string[], answers: { path: string; body: unknown }[]): Promise<void> {
  try {
    const mz = (await services.org.listDepartments()).find((d) => d.name === '新泰市民政局')!;
    const created = await services.push.create({ actor: systemActor }, { departmentId: mz.id, name: '模糊测试接收端', url: 'https://mz.example.gov.cn/onewindow', topics: ['case.*'], itemCodes: [], active: true });
    const dead = { id: await insertDeadLetter(db, created.subscription.id, mz, new Date()) };
    answers.push({ path: '/api/push-subscriptions', body: { items: [{ id: created.subscription.id }] } });
    answers.push({ path: '/api/push-subscriptions/{id}/deliveries', body: { items: [{ id: dead.id, deliveryId: dead.id }] } });
    records.push('push subscription with a dead letter');
  } catch (error) {
    records.push(`(not made: push subscription: ${(error as Error).message})`);
  }
}

/** Answers for an item's form, by field type, as a clerk would type them. */
function formFor(fields: { key: string; type: string; options?: string[] }[]): Record<string, string> {
  const first17 = '37098219900101123';
  const byType: Record<string, string> = { number: '1', date: '2026-11-23', phone: '13905380001', id_number: first17 + residentIdCheckChar(first17) };
  return Object.fromEntries(fields.map((field) => [field.key, field.type === 'select' ? (field.options?.[0] ?? '是') : (byType[field.type] ?? '模糊测试')]));
}
