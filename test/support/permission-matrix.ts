/**
 * The world the permission matrix (test/permissions.matrix.test.ts) is driven in: its callers (every
 * account of 新泰 and 肥城, an API key, signed out), the records of each county that calls aim at, and the
 * fresh records a call that changes one needs (a case, a filing, an e-licence, a draft).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { ServiceItemContent } from '../../src/domain/catalog.ts';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import type { Grant } from '../../src/domain/roles.ts';
import { createUnitOfWork } from '../../src/repositories/index.ts';
import type { StaffMember } from '../../src/repositories/staff.repository.ts';
import { systemActor, type Actor } from '../../src/services/actor.ts';
import { insertBadRating } from './ratings.ts';
import type { RequestOptions, TestContext } from './context.ts';
import { completeForm } from './forms.ts';
import { insertDeadLetter } from './push.ts';
import { addSecondCounty, allProvided, feicheng, type SecondCounty } from './second-county.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const system = { actor: systemActor };

export interface Caller {
  name: string;
  kind: 'signed-out' | 'api-key' | 'staff';
  id: string | null;
  grants: Grant[];
  auth: Pick<RequestOptions, 'cookie' | 'headers'>;
}

/** A request; its headers are the call's own (an upload's content type), the caller's are added. */
export type Call = Omit<RequestOptions, 'cookie' | 'idempotencyKey'>;

export interface MatrixCase {
  /** `<method> <OpenAPI path>`, as the document lists it. */
  route: string;
  /** Which record (新泰 or 肥城, and what it is). */
  target: string;
  /** The request one caller makes, and the status the matrix gives them; fresh records when the call changes them. */
  make(caller: Caller): Promise<{ call: Call; expected: number }>;
}

/** What the tests read of a case view. */
export interface CaseShape {
  id: string;
  caseNo: string;
  regionPath: string;
  departmentId: string;
  tasks: { id: string; status: string; regionPath: string; departmentId: string; delegated: boolean }[];
  filing: { id: string } | null;
}

/** One county's records that the cases are driven against. */
export interface CountyTargets {
  label: string;
  countyPath: string;
  townCode: string;
  townPath: string;
  mz: { id: string; regionPath: string; uscc: string };
  centerId: string;
  centerPath: string;
  windowId: string;
  /** Their front-desk clerk (who takes cases and calls tickets) and their town's approver. */
  clerk: string;
  townApprover: string;
  itemCode: string;
  applicant: { id: string; name: string; idMasked: string; regionPath: string };
  /** Staff members to change: one with a grant, one without any yet (only a home region). */
  granted: StaffMember;
  grantless: StaffMember;
  /** One whose own record other callers read. */
  reviewer: StaffMember;
  /** The village proxy agent (帮办代办) and their service point. */
  agent: string;
  villagePath: string;
}

export interface MatrixWorld {
  second: SecondCounty;
  callers: Caller[];
  /** 新泰 first, then 肥城. */
  counties: CountyTargets[];
  caller(name: string): Caller;
  /** The call as `who`, with an Idempotency-Key. */
  send(who: Caller, call: Call): Promise<LightMyRequestResponse>;
  /** Rows in the audit log: a refused call must leave it as it was. */
  auditCount(): Promise<number>;
  /** A case of the county's 民政 item taken by its front desk (or, in the town, its approver). */
  newCase(county: CountyTargets, decision: 'accept' | 'submit', inTown?: boolean): Promise<CaseShape>;
  /** An online application (一网通办) of the county's 民政 item, submitted by the county's applicant: waiting for pre-review. */
  newOnlineCase(county: CountyTargets): Promise<CaseShape>;
  /** A filing (备案) of a town decision, with the county's 民政局. */
  newFiling(county: CountyTargets): Promise<string>;
  /** An e-licence of the county's 民政局, of the case if given; its identifier. */
  newLicence(county: CountyTargets, ofCase?: CaseShape): Promise<string>;
  /** A draft of the published item, saved as it is. */
  draftOf(code: string): Promise<ServiceItemContent>;
  /** The county's agent's 代办服务委托书 for its applicant and 民政 item: pending, or confirmed by a signed scan. */
  newAuthorisation(county: CountyTargets, confirmed: boolean, applicantId?: string): Promise<string>;
  /** A person registered by the county's front desk with a mobile number of their own (codes are limited per number). */
  newPerson(county: CountyTargets): Promise<string>;
  /** A bad rating of a fresh case of the county's 民政 item, as the rating capture saves it, with its open rectification task. */
  newBadRating(county: CountyTargets): Promise<{ rectificationId: string; ratingId: string; record: { regionPath: string; departmentId: string } }>;
  /** A bad rating whose task the county's 民政 reviewer has appealed: the pending appeal. */
  newAppeal(county: CountyTargets): Promise<{ appealId: string; record: { regionPath: string; departmentId: string } }>;
  /** A case the county's agent submitted under a fresh, confirmed authorisation. */
  newProxyCase(county: CountyTargets): Promise<CaseShape>;
  /** A complaint received at the county, dispatched to its 民政局 when `dispatched`; its id. */
  newComplaint(county: CountyTargets, dispatched: boolean): Promise<string>;
  /** A rating of the county's 民政局 given at its window's pad (a ticket of its center), real-name. */
  newRating(county: CountyTargets): Promise<string>;
  /** An open 电子监察 alert of the county's 民政局 about a case of its (as the alert job writes it); its id and record. */
  newAlert(county: CountyTargets): Promise<{ alertId: string; record: { regionPath: string; departmentId: string } }>;
  /** A push subscription of the county's 民政局 (数据推送); its id. */
  newPushSubscription(county: CountyTargets): Promise<string>;
  /** A dead letter of a fresh push subscription of the county's 民政局. */
  newDeadLetter(county: CountyTargets): Promise<{ subscriptionId: string; deliveryId: string }>;
}

/** Adds 肥城 and the staff to change to the demo in `ctx`, signs every caller in and registers an applicant per county. */
export async function createMatrixWorld(ctx: TestContext): Promise<MatrixWorld> {
  const callers: Caller[] = [];
  const counties: CountyTargets[] = [];
  const caller = (name: string) => callers.find((c) => c.name === name)!;
  const send = async (who: Caller, call: Call) => ctx.request({ ...call, ...who.auth, headers: { ...call.headers, ...who.auth.headers }, idempotencyKey: true });
  const auditCount = async () =>
    Number(
      (
        await ctx.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const second = await addSecondCounty(ctx.services);
  const options = system;
  // Staff to change in each county: a member with a grant and a newcomer with none yet.
  const xtMz = (await ctx.services.org.listDepartments()).find((d) => d.name === '新泰市民政局')!;
  const fcMz = await ctx.services.org.getDepartment(second.departments.mz);
  for (const [prefix, county] of [
    ['xt', '370982'],
    ['fc', feicheng.county],
  ] as const) {
    await ctx.services.staff.create(options, { username: `${prefix}.helper`, displayName: '帮办员', password: 'password-123', grants: [{ role: 'guide', departmentId: null, regionCode: county }] });
    await ctx.services.staff.create(options, { username: `${prefix}.newcomer`, displayName: '新入职人员', password: 'password-123', grants: [], homeRegionCode: county });
  }
  // Filings are sampled in full, so each can be reviewed.
  for (const d of [xtMz.id, fcMz.id]) await ctx.services.cases.filings.setSamplePercent(options, d, 100);

  const staff = await ctx.services.staff.list(systemActor);
  callers.push({ name: 'signed-out', kind: 'signed-out', id: null, grants: [], auth: {} });
  const key = await ctx.services.apiKeys.create(options, { name: '外部系统', departmentId: null, regionCode: '370982' });
  // Scoped to both counties' 民政 item: a 肥城 record is then out of the key's reach by region alone.
  await ctx.services.apiKeys.setScope(options, key.apiKey.id, { itemCodes: ['370982-MZ-001', second.itemCode], fields: ['case.caseNo', 'licence.identifier'], ratePerMinute: 6000, expiresAt: null });
  callers.push({ name: 'api-key', kind: 'api-key', id: null, grants: [], auth: { headers: { 'x-api-key': key.key! } } });
  const usernames = ['admin', 'admin.mz', 'admin.zhaizhen', 'supervisor', 'guide', 'frontdesk', 'reviewer.mz', 'reviewer.ga', 'issuer', 'agent', 'town.zhaizhen', ...Object.keys(second.accounts)];
  for (const username of usernames) {
    const member = staff.find((s) => s.username === username)!;
    callers.push({
      name: username,
      kind: 'staff',
      id: member.id,
      grants: member.grants.map((g) => ({ role: g.role, departmentId: g.departmentId, regionPath: g.regionPath })),
      auth: { cookie: await ctx.signIn(username) },
    });
  }

  const regions = await ctx.services.org.listRegions();
  const pathOf = (code: string) => regions.find((r) => r.code === code)!.path;
  const centers = await ctx.services.org.listCenters();
  const xtCenter = centers.find((c) => c.name === '新泰市政务服务中心')!;
  const xtWindow = (await ctx.services.org.listWindows(xtCenter.id)).find((w) => w.number === 1)!;
  const fcCenter = centers.find((c) => c.id === second.centers.county)!;
  const register = async (clerk: string, first17: string, name: string) => {
    const response = await send(caller(clerk), { method: 'POST', url: '/api/applicants', body: { kind: 'person', idNumber: idOf(first17), name, phone: '13905380000', address: '' } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; name: string; idMasked: string; regionCode: string };
  };
  const find = (username: string) => staff.find((s) => s.username === username)!;
  const xtApplicant = await register('frontdesk', '37098219800312052', '陈建红');
  const fcApplicant = await register('fc.frontdesk', '37098319810415063', '李春花');
  counties.push({
    label: '新泰',
    countyPath: pathOf('370982'),
    townCode: '370982103',
    townPath: pathOf('370982103'),
    mz: { id: xtMz.id, regionPath: xtMz.regionPath, uscc: xtMz.uscc! },
    centerId: xtCenter.id,
    centerPath: xtCenter.regionPath,
    windowId: xtWindow.id,
    clerk: 'frontdesk',
    townApprover: 'town.zhaizhen',
    itemCode: '370982-MZ-001',
    applicant: { ...xtApplicant, regionPath: pathOf(xtApplicant.regionCode) },
    granted: find('xt.helper'),
    grantless: find('xt.newcomer'),
    reviewer: find('reviewer.mz'),
    agent: 'agent',
    villagePath: pathOf('370982103201'),
  });
  counties.push({
    label: '肥城',
    countyPath: pathOf(feicheng.county),
    townCode: feicheng.town,
    townPath: pathOf(feicheng.town),
    mz: { id: fcMz.id, regionPath: fcMz.regionPath, uscc: fcMz.uscc! },
    centerId: fcCenter.id,
    centerPath: fcCenter.regionPath,
    windowId: second.windows.county,
    clerk: 'fc.frontdesk',
    townApprover: 'fc.town',
    itemCode: second.itemCode,
    applicant: { ...fcApplicant, regionPath: pathOf(fcApplicant.regionCode) },
    granted: find('fc.helper'),
    grantless: find('fc.newcomer'),
    reviewer: find('fc.reviewer.mz'),
    agent: 'fc.agent',
    villagePath: pathOf(feicheng.village),
  });

  async function newCase(county: CountyTargets, decision: 'accept' | 'submit', inTown = false): Promise<CaseShape> {
    const item = await ctx.services.catalog.getPublished(county.itemCode);
    const clerk = caller(inTown ? county.townApprover : county.clerk);
    const response = await send(clerk, {
      method: 'POST',
      url: '/api/cases',
      body: { itemCode: county.itemCode, scenario: 'general', applicantId: county.applicant.id, channel: 'window', materials: allProvided(item.content, 'general'), form: completeForm(item.content.formFields), decision },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as CaseShape;
  }
  async function newOnlineCase(county: CountyTargets): Promise<CaseShape> {
    const accountId = randomUUID();
    const actor: Actor = { kind: 'applicant', id: accountId, name: '13800000000', grants: [], account: { accountId, phone: '13800000000', applicantId: county.applicant.id, verified: true } };
    const item = await ctx.services.catalog.getPublished(county.itemCode);
    const draft = await ctx.services.online.startDraft({ actor }, { itemCode: county.itemCode, scenario: 'general', channel: 'mobile' });
    await ctx.services.online.saveDraft({ actor }, draft.id, { form: completeForm(item.content.formFields) });
    for (const material of draft.materials.filter((m) => m.state === 'missing')) {
      await ctx.services.online.upload({ actor }, draft.id, material.key, { name: `${material.name}.pdf`, data: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n') });
    }
    const submitted = await ctx.services.online.submit({ actor }, draft.id);
    assert.equal(submitted.status, 'submitted');
    return (await ctx.services.cases.queries.view(systemActor, draft.id)) as unknown as CaseShape;
  }
  async function newFiling(county: CountyTargets): Promise<string> {
    const c = await newCase(county, 'accept', true);
    // The town decides each review stage in turn; the 公示 stage once its notice has run (the test clock waits, then is put back).
    let waited = 0;
    let decided = await send(caller(county.townApprover), { method: 'POST', url: `/api/cases/${c.id}/tasks/${c.tasks[0]!.id}/actions`, body: { action: 'approve', opinion: '同意' } });
    try {
      for (let guard = 0; guard < 10 && !decided.json().filing; guard++) {
        const open = (decided.json() as CaseShape).tasks.find((t) => t.status === 'pending' || t.status === 'claimed');
        assert.ok(open, decided.body);
        const cookie = waited > 0 ? await ctx.signIn(county.townApprover) : caller(county.townApprover).auth.cookie;
        decided = await ctx.request({ method: 'POST', url: `/api/cases/${c.id}/tasks/${open.id}/actions`, cookie, body: { action: 'approve', opinion: '同意' }, idempotencyKey: true });
        const notice = decided.statusCode === 409 ? /公示期未满,(\d{4}-\d{2}-\d{2}) 起方可决定/.exec(decided.json().error.message) : null;
        if (notice) {
          const days = Math.round((Date.parse(`${notice[1]}T00:00:00Z`) - Date.parse(`${ctx.clock.now().toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000);
          ctx.clock.advance(days * 86_400_000);
          waited += days;
          decided = await ctx.request({ method: 'GET', url: `/api/cases/${c.id}`, cookie: await ctx.signIn(county.townApprover) });
        }
      }
    } finally {
      ctx.clock.advance(-waited * 86_400_000);
    }
    assert.ok(decided.json().filing, decided.body);
    return decided.json().filing.id;
  }
  async function newLicence(county: CountyTargets, ofCase?: CaseShape): Promise<string> {
    const uow = createUnitOfWork(ctx.database.db);
    const issued = await uow.transaction((repos) =>
      ctx.services.eLicences.issueInTransaction(repos, {
        caseId: ofCase?.id ?? null,
        caseNo: ofCase?.caseNo ?? null,
        holderId: county.applicant.id,
        holderName: county.applicant.name,
        holderRef: county.applicant.idMasked,
        licenceTypeCode: '11100000000019002H004',
        issuerName: `${county.label}市民政局`,
        issuerUscc: county.mz.uscc,
        issuedOn: '2026-11-23',
        at: ctx.clock.now(),
      }),
    );
    return issued.identifier;
  }
  const draftOf = async (code: string) => {
    const published = await ctx.services.catalog.getPublished(code);
    await ctx.services.catalog.saveDraft(system, published.content);
    return published.content;
  };

  const signedScan = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  let people = 0;
  async function newPerson(county: CountyTargets): Promise<string> {
    people++;
    const first17 = `${county.label === '新泰' ? '370982' : '370983'}19750101${String(people).padStart(3, '0')}`;
    const response = await send(caller(county.clerk), {
      method: 'POST',
      url: '/api/applicants',
      body: { kind: 'person', idNumber: idOf(first17), name: `代办委托人${people}`, phone: `1370538${String(people).padStart(4, '0')}`, address: '' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { id: string }).id;
  }
  async function newAuthorisation(county: CountyTargets, confirmed: boolean, applicantId = county.applicant.id): Promise<string> {
    const member = find(county.agent);
    const actor = { kind: 'staff' as const, id: member.id, name: member.username, grants: member.grants.map((g) => ({ role: g.role, departmentId: g.departmentId, regionPath: g.regionPath })) };
    const today = ctx.clock.now().toISOString().slice(0, 10);
    const taken = await ctx.services.agents.create(
      { actor },
      { applicantId, matters: [{ kind: 'item', code: county.itemCode }], powers: ['apply', 'correct', 'receive'], validFrom: today, validUntil: `${Number(today.slice(0, 4)) + 1}-01-31` },
    );
    if (confirmed) await ctx.services.agents.confirmByPaper({ actor }, taken.id, signedScan);
    return taken.id;
  }
  async function newProxyCase(county: CountyTargets): Promise<CaseShape> {
    const authorisationId = await newAuthorisation(county, true);
    const item = await ctx.services.catalog.getPublished(county.itemCode);
    const response = await send(caller(county.agent), {
      method: 'POST',
      url: '/api/cases',
      body: {
        itemCode: county.itemCode,
        scenario: 'general',
        applicantId: county.applicant.id,
        channel: 'window',
        materials: allProvided(item.content, 'general'),
        form: completeForm(item.content.formFields),
        decision: 'submit',
        authorisationId,
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as CaseShape;
  }

  // One rated case per county (each bad rating is another visit to it): fresh cases would crowd the reviewers' inboxes.
  const ratedCases = new Map<string, Promise<CaseShape>>();
  async function newBadRating(county: CountyTargets) {
    if (!ratedCases.has(county.label)) ratedCases.set(county.label, newCase(county, 'accept'));
    const c = await ratedCases.get(county.label)!;
    const rated = await insertBadRating(ctx.database.db, ctx.services, { caseId: c.id, givenAt: ctx.clock.now(), staffUsername: county.clerk });
    return { rectificationId: rated.rectificationId, ratingId: rated.ratingId, record: { regionPath: c.regionPath, departmentId: c.departmentId } };
  }
  async function newAppeal(county: CountyTargets) {
    const rated = await newBadRating(county);
    const member = county.reviewer;
    const actor = { kind: 'staff' as const, id: member.id, name: member.username, grants: member.grants.map((g) => ({ role: g.role, departmentId: g.departmentId, regionPath: g.regionPath })) };
    const task = await ctx.services.rectifications.appeal({ actor }, rated.rectificationId, { reason: 'mistaken', statement: '申请人误评,已电话确认' });
    return { appealId: task.appeals[0]!.id, record: rated.record };
  }
  async function newComplaint(county: CountyTargets, dispatched: boolean): Promise<string> {
    const c = await ctx.services.complaints.receive(system, {
      source: 'hall',
      category: 'complaint',
      urgent: false,
      subject: '窗口服务',
      content: '窗口工作人员态度生硬',
      anonymous: false,
      complainantName: '投诉人',
      complainantPhone: '13905380000',
      regionCode: county.countyPath.split('.').at(-1)!,
    });
    if (dispatched) await ctx.services.complaints.act(system, c.record.id, { action: 'dispatch', departmentId: county.mz.id });
    return c.record.id;
  }

  async function newRating(county: CountyTargets): Promise<string> {
    const ticket = await ctx.services.hall.issueTicket(system, { centerId: county.centerId, classCode: 'A' });
    const form = await ctx.services.ratings.form('onsite');
    const at = ctx.clock.now();
    const row = await ctx.database.db
      .insertInto('ratings')
      .values({
        subject_key: `ticket:${ticket.id}`,
        channel: 'onsite',
        source: 'pad',
        form_id: form.id,
        ticket_id: ticket.id,
        level: 'dissatisfied',
        indicators: '{}',
        applicant_id: county.applicant.id,
        department_id: county.mz.id,
        region_code: county.mz.regionPath.split('.').at(-1)!,
        region_path: county.mz.regionPath,
        center_id: county.centerId,
        window_id: county.windowId,
        given_at: at,
        change_until: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  // One case per county carries every alert (one per deferred material key, made unique): fresh cases would crowd the inboxes.
  const alertedCases = new Map<string, Promise<CaseShape>>();
  async function newAlert(county: CountyTargets) {
    if (!alertedCases.has(county.label)) alertedCases.set(county.label, newCase(county, 'accept'));
    const c = await alertedCases.get(county.label)!;
    const row = await ctx.database.db
      .insertInto('supervision_alerts')
      .values({
        rule: 'deferred_overdue',
        subject_key: `${c.id}:${randomUUID()}`,
        case_id: c.id,
        department_id: c.departmentId,
        region_path: c.regionPath,
        raised_at: ctx.clock.now(),
        raised_on: ctx.clock.now().toISOString().slice(0, 10),
        facts: JSON.stringify({ caseNo: c.caseNo, material: '场地使用证明' }),
        response_due: '2026-12-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { alertId: row.id, record: { regionPath: c.regionPath, departmentId: c.departmentId } };
  }

  async function newPushSubscription(county: CountyTargets): Promise<string> {
    const created = await ctx.services.push.create(system, { departmentId: county.mz.id, name: '民政业务系统', url: 'https://mz.example.gov.cn/onewindow', topics: ['case.*'], itemCodes: [], active: true });
    return created.subscription.id;
  }
  /** A delivery that failed its last attempt, as the push job leaves it. */
  async function newDeadLetter(county: CountyTargets): Promise<{ subscriptionId: string; deliveryId: string }> {
    const subscriptionId = await newPushSubscription(county);
    const deliveryId = await insertDeadLetter(ctx.database.db, subscriptionId, county.mz, ctx.clock.now());
    return { subscriptionId, deliveryId };
  }

  return {
    second,
    callers,
    counties,
    caller,
    send,
    auditCount,
    newCase,
    newOnlineCase,
    newFiling,
    newLicence,
    draftOf,
    newAuthorisation,
    newProxyCase,
    newPerson,
    newComplaint,
    newBadRating,
    newAppeal,
    newRating,
    newAlert,
    newPushSubscription,
    newDeadLetter,
  };
}
