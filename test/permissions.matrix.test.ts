/**
 * The permission matrix across two counties. Every record-level route of the OpenAPI document
 * (every route with a path parameter that is not public) is driven by every caller of 新泰市 (the
 * demo) and 肥城市 (test/support/second-county.ts), plus a province administrator, an API key and
 * a signed-out caller, against records of both counties. The status expected of each call is what
 * `src/domain/permissions.ts` says of the caller's grants and the record's region and department;
 * a refused call must have written nothing. A route with a path parameter that no case here drives
 * fails the test, so a new route cannot be forgotten.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditHash } from '../src/domain/audit-chain.ts';
import { rolesFor } from '../src/domain/case-lifecycle.ts';
import { taskRoles } from '../src/domain/case-process.ts';
import { mayAnywhere, mayOn, permissions, type Permission, type RecordScope } from '../src/domain/permissions.ts';
import { isWithinRegion } from '../src/domain/region.ts';
import { grantCovers } from '../src/domain/roles.ts';
import { defaultQualitySettings } from '../src/domain/rating.ts';
import type { StaffMember } from '../src/repositories/staff.repository.ts';
import { systemActor } from '../src/services/actor.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { completeForm } from './support/forms.ts';
import { createMatrixWorld, type Call, type Caller, type CaseShape, type CountyTargets, type MatrixWorld } from './support/permission-matrix.ts';
import { allProvided, feicheng, type SecondCounty } from './support/second-county.ts';
import { onlineBusiness } from './support/online.ts';

const system = { actor: systemActor };

interface MatrixCase {
  /** `<method> <OpenAPI path>`, as the document lists it. */
  route: string;
  /** Which record (新泰 or 肥城, and what it is). */
  target: string;
  /** The request one caller makes, and the status the matrix gives them; fresh records when the call changes them. */
  make(caller: Caller): Promise<{ call: Call; expected: number }>;
}

for (const backend of testBackends()) {
  describe(`permission matrix across two counties (${backend.name})`, () => {
    let ctx: TestContext;
    let world: MatrixWorld;
    let second: SecondCounty;
    let callers: Caller[];
    let counties: CountyTargets[];
    let serial = 0;
    let onlineRecords: ReturnType<typeof onlineBusiness> | undefined;
    const business = () => (onlineRecords ??= onlineBusiness(ctx, '99'));

    const caller = (name: string) => world.caller(name);
    const send = (who: Caller, call: Call) => world.send(who, call);
    const auditCount = () => world.auditCount();

    before(async () => {
      ctx = await createTestContext(backend);
      world = await createMatrixWorld(ctx);
      ({ second, callers, counties } = world);
    });
    after(() => ctx.close());

    // ---- what the matrix says ----------------------------------------------------------------

    /** The route's own check: signed out 401; an API key or a caller whose roles lack the permission 403. */
    function gate(who: Caller, permission: Permission): number | null {
      if (who.kind === 'signed-out') return 401;
      if (who.kind === 'api-key') return 'apiKey' in permissions[permission] && permissions[permission].apiKey ? null : 403;
      return mayAnywhere(who.grants, permission) ? null : 403;
    }
    const onRecord = (who: Caller, permission: Permission, record: RecordScope | null, ok: number, denied = 403) => gate(who, permission) ?? (record === null || mayOn(who.grants, permission, record) ? ok : denied);
    /** A staff member is covered when each of their grants is (without grants: their home). */
    const coversMember = (who: Caller, permission: Permission, m: StaffMember) =>
      m.grants.length > 0
        ? m.grants.every((g) => mayOn(who.grants, permission, { regionPath: g.regionPath, departmentId: g.departmentId }))
        : m.home !== null && mayOn(who.grants, permission, { regionPath: m.home.regionPath, departmentId: m.home.departmentId });
    /** Who sees a case: any grant over its region and department, or over one of its tasks. */
    const seesCase = (who: Caller, records: RecordScope[]) => records.some((r) => mayOn(who.grants, 'case.view', r));
    const rolesOnCase = (who: Caller, records: RecordScope[]) => who.grants.filter((g) => records.some((r) => grantCovers(g, r))).map((g) => g.role);

    // ---- the cases: every record-level route, against a record of each county ------------------

    function cases(): MatrixCase[] {
      const list: MatrixCase[] = [];
      const add = (route: string, target: string, make: MatrixCase['make']) => list.push({ route, target, make });
      for (const county of counties) {
        const mzRecord = { regionPath: county.mz.regionPath, departmentId: county.mz.id };
        const at = (label: string) => `${county.label} ${label}`;
        add('patch /api/regions/{code}', at('town'), async (who) => ({
          call: { method: 'PATCH', url: `/api/regions/${county.townCode}`, body: { name: county.label === '新泰' ? '翟镇' : '王庄镇' } },
          expected: onRecord(who, 'org.manage', { regionPath: county.townPath }, 200),
        }));
        add('get /api/departments/{id}', at('民政局'), async (who) => ({ call: { method: 'GET', url: `/api/departments/${county.mz.id}` }, expected: onRecord(who, 'directory.read', null, 200) }));
        add('patch /api/departments/{id}', at('民政局'), async (who) => ({
          call: { method: 'PATCH', url: `/api/departments/${county.mz.id}`, body: { phone: '0538-0000000' } },
          expected: onRecord(who, 'org.manage', mzRecord, 200),
        }));
        add('get /api/departments/{id}/file-review-policy', at('民政局'), async (who) => ({
          call: { method: 'GET', url: `/api/departments/${county.mz.id}/file-review-policy` },
          expected: onRecord(who, 'workspace.read', null, 200),
        }));
        add('put /api/departments/{id}/file-review-policy', at('民政局'), async (who) => ({
          call: { method: 'PUT', url: `/api/departments/${county.mz.id}/file-review-policy`, body: { samplePercent: 100 } },
          expected: onRecord(who, 'filing.policy', mzRecord, 200),
        }));
        add('patch /api/centers/{id}', at('center'), async (who) => ({
          call: { method: 'PATCH', url: `/api/centers/${county.centerId}`, body: { phone: '0538-1111111' } },
          expected: onRecord(who, 'org.manage', { regionPath: county.centerPath }, 200),
        }));
        add('patch /api/windows/{id}', at('window'), async (who) => ({
          call: { method: 'PATCH', url: `/api/windows/${county.windowId}`, body: { active: true } },
          expected: onRecord(who, 'org.manage', { regionPath: county.centerPath }, 200),
        }));
        add('put /api/windows/{id}/classes', at('window'), async (who) => ({
          call: { method: 'PUT', url: `/api/windows/${county.windowId}/classes`, body: { codes: ['A', 'B', 'C', 'D'] } },
          expected: onRecord(who, 'org.manage', { regionPath: county.centerPath }, 200),
        }));
        add('get /api/windows/{id}/hall', at('window'), async (who) => ({
          call: { method: 'GET', url: `/api/windows/${county.windowId}/hall` },
          expected: onRecord(who, 'window.view', { regionPath: county.centerPath }, 200),
        }));
        add('post /api/windows/{id}/open', at('window'), async (who) => ({
          call: { method: 'POST', url: `/api/windows/${county.windowId}/open`, body: {} },
          expected: onRecord(who, 'window.work', { regionPath: county.centerPath }, 200),
        }));
        add('post /api/windows/{id}/call-next', at('window'), async (who) => {
          const expected = onRecord(who, 'window.work', { regionPath: county.centerPath }, 200);
          // One calls at a window one has taken.
          if (expected === 200) assert.equal((await send(who, { method: 'POST', url: `/api/windows/${county.windowId}/open`, body: {} })).statusCode, 200);
          return { call: { method: 'POST', url: `/api/windows/${county.windowId}/call-next`, body: {} }, expected };
        });
        add('post /api/tickets/{id}/actions', at('ticket called at the window'), async (who) => {
          await ctx.services.hall.issueTicket(system, { centerId: county.centerId, classCode: 'A' });
          const clerk = caller(county.clerk);
          assert.equal((await send(clerk, { method: 'POST', url: `/api/windows/${county.windowId}/open`, body: {} })).statusCode, 200);
          const called = (await send(clerk, { method: 'POST', url: `/api/windows/${county.windowId}/call-next`, body: {} })).json().ticket;
          const expected = onRecord(who, 'window.work', { regionPath: county.centerPath }, 200);
          if (expected === 200) assert.equal((await send(who, { method: 'POST', url: `/api/windows/${county.windowId}/open`, body: {} })).statusCode, 200);
          return { call: { method: 'POST', url: `/api/tickets/${called.id}/actions`, body: { action: 'recall' } }, expected };
        });
        add('get /api/centers/{id}/hall-stats', at('center'), async (who) => ({
          call: { method: 'GET', url: `/api/centers/${county.centerId}/hall-stats?from=2026-11-01&to=2026-11-30` },
          expected: onRecord(who, 'hall.stats', { regionPath: county.centerPath }, 200),
        }));
        add('get /api/centers/{id}/appointments', at('center'), async (who) => ({
          call: { method: 'GET', url: `/api/centers/${county.centerId}/appointments?day=2026-11-23` },
          expected: onRecord(who, 'appointment.read', { regionPath: county.centerPath }, 200),
        }));
        const template = { classCode: 'B', kind: 'regular', weekdays: [1], startTime: '08:00', endTime: '08:30', slotMinutes: 30, capacity: 1 } as const;
        add('post /api/centers/{id}/appointment-templates', at('center'), async (who) => ({
          call: { method: 'POST', url: `/api/centers/${county.centerId}/appointment-templates`, body: template },
          expected: onRecord(who, 'appointment.manage', { regionPath: county.centerPath }, 201),
        }));
        add('delete /api/centers/{id}/appointment-templates/{templateId}', at('center'), async (who) => {
          const id = await ctx.services.appointments.addTemplate(system, county.centerId, { ...template, weekdays: [2] });
          return { call: { method: 'DELETE', url: `/api/centers/${county.centerId}/appointment-templates/${id}` }, expected: onRecord(who, 'appointment.manage', { regionPath: county.centerPath }, 204) };
        });
        add('post /api/centers/{id}/ticket-classes/defaults', at('new center'), async (who) => {
          const center = await ctx.services.org.createCenter(system, { name: `${county.label}新建中心${++serial}`, level: 'city', regionCode: county.countyPath.split('.').at(-1)!, address: '', phone: '', openingHours: '' });
          return { call: { method: 'POST', url: `/api/centers/${center.id}/ticket-classes/defaults`, body: {} }, expected: onRecord(who, 'org.manage', { regionPath: center.regionPath }, 200) };
        });
        add('put /api/centers/{id}/ticket-classes/{code}', at('center'), async (who) => ({
          call: { method: 'PUT', url: `/api/centers/${county.centerId}/ticket-classes/F`, body: { name: '咨询' } },
          expected: onRecord(who, 'org.manage', { regionPath: county.centerPath }, 200),
        }));
        add('get /api/staff/{id}', at('reviewer'), async (who) => ({
          call: { method: 'GET', url: `/api/staff/${county.reviewer.id}` },
          expected: gate(who, 'workspace.read') ?? (who.id === county.reviewer.id || coversMember(who, 'staff.read', county.reviewer) ? 200 : 403),
        }));
        for (const [label, member] of [
          ['member with a grant', county.granted],
          ['member without grants', county.grantless],
        ] as const) {
          const manages = (who: Caller, ok: number) => gate(who, 'staff.manage') ?? (coversMember(who, 'staff.manage', member) ? ok : 403);
          add('patch /api/staff/{id}', at(label), async (who) => ({ call: { method: 'PATCH', url: `/api/staff/${member.id}`, body: { phone: '13800000000' } }, expected: manages(who, 200) }));
          add('post /api/staff/{id}/password', at(label), async (who) => ({ call: { method: 'POST', url: `/api/staff/${member.id}/password`, body: { password: 'reset-password-1' } }, expected: manages(who, 204) }));
          add('put /api/staff/{id}/grants', at(label), async (who) => {
            const grants = member.grants.map((g) => ({ role: g.role, departmentId: g.departmentId, regionCode: g.regionCode }));
            return { call: { method: 'PUT', url: `/api/staff/${member.id}/grants`, body: { grants } }, expected: manages(who, 200) };
          });
        }
        add('delete /api/api-keys/{id}', at('民政 key'), async (who) => {
          const key = await ctx.services.apiKeys.create(system, { name: '民政业务系统', departmentId: county.mz.id, regionCode: county.countyPath.split('.').at(-1)! });
          return { call: { method: 'DELETE', url: `/api/api-keys/${key.apiKey.id}` }, expected: onRecord(who, 'apikey.manage', mzRecord, 200) };
        });
        add('put /api/api-keys/{id}/scope', at('民政 key'), async (who) => {
          const key = await ctx.services.apiKeys.create(system, { name: '民政共享系统', departmentId: county.mz.id, regionCode: county.countyPath.split('.').at(-1)! });
          return { call: { method: 'PUT', url: `/api/api-keys/${key.apiKey.id}/scope`, body: { itemCodes: [county.itemCode], fields: ['case.caseNo'] } }, expected: onRecord(who, 'apikey.manage', mzRecord, 200) };
        });
        // 数据推送: a department administrator's own subscriptions; another's are not found.
        const pushRoutes = [
          ['get /api/push-subscriptions/{id}', 'GET', '', undefined],
          ['patch /api/push-subscriptions/{id}', 'PATCH', '', { active: false }],
          ['delete /api/push-subscriptions/{id}', 'DELETE', '', undefined],
          ['post /api/push-subscriptions/{id}/rotate-secret', 'POST', '/rotate-secret', undefined],
          ['get /api/push-subscriptions/{id}/deliveries', 'GET', '/deliveries', undefined],
          ['post /api/push-subscriptions/{id}/replay', 'POST', '/replay', 'replay'],
        ] as const;
        for (const [route, method, suffix, body] of pushRoutes) {
          add(route, at('民政 push subscription'), async (who) => {
            const id = await world.newPushSubscription(county);
            const sent = body === 'replay' ? { from: new Date(ctx.clock.now().getTime() - 3_600_000).toISOString() } : body;
            return { call: { method, url: `/api/push-subscriptions/${id}${suffix}`, ...(sent === undefined ? {} : { body: sent }) }, expected: onRecord(who, 'push.manage', mzRecord, 200, 404) };
          });
        }
        add('post /api/push-subscriptions/{id}/deliveries/{deliveryId}/redeliver', at('民政 dead letter'), async (who) => {
          const { subscriptionId, deliveryId } = await world.newDeadLetter(county);
          return { call: { method: 'POST', url: `/api/push-subscriptions/${subscriptionId}/deliveries/${deliveryId}/redeliver` }, expected: onRecord(who, 'push.manage', mzRecord, 200, 404) };
        });
        add('get /api/items/{code}/draft', at('民政 item'), async (who) => {
          await world.draftOf(county.itemCode);
          return { call: { method: 'GET', url: `/api/items/${county.itemCode}/draft` }, expected: onRecord(who, 'catalog.edit', mzRecord, 200) };
        });
        add('put /api/items/{code}/draft', at('民政 item'), async (who) => {
          const content = (await ctx.services.catalog.getPublished(county.itemCode)).content;
          return { call: { method: 'PUT', url: `/api/items/${county.itemCode}/draft`, body: content }, expected: onRecord(who, 'catalog.edit', mzRecord, 200) };
        });
        add('delete /api/items/{code}/draft', at('民政 item'), async (who) => {
          await world.draftOf(county.itemCode);
          return { call: { method: 'DELETE', url: `/api/items/${county.itemCode}/draft` }, expected: onRecord(who, 'catalog.edit', mzRecord, 204) };
        });
        add('put /api/items/{code}/publicity', at('民政 item'), async (who) => ({
          call: { method: 'PUT', url: `/api/items/${county.itemCode}/publicity`, body: { published: true, kind: 'assistance_list', periodDays: 7 } },
          expected: onRecord(who, 'catalog.edit', mzRecord, 200),
        }));
        add('post /api/items/{code}/publish', at('民政 item'), async (who) => {
          await world.draftOf(county.itemCode);
          return { call: { method: 'POST', url: `/api/items/${county.itemCode}/publish` }, expected: onRecord(who, 'catalog.edit', mzRecord, 200) };
        });
        const regionCode = county.countyPath.split('.').at(-1)!;
        add('put /api/calendar/overrides/{regionCode}/{date}', at('calendar'), async (who) => ({
          call: { method: 'PUT', url: `/api/calendar/overrides/${regionCode}/2026-12-26`, body: { isWorkday: false, note: '调休' } },
          expected: onRecord(who, 'calendar.manage', { regionPath: county.countyPath }, 200),
        }));
        add('delete /api/calendar/overrides/{regionCode}/{date}', at('calendar'), async (who) => {
          await ctx.services.calendar.setOverride(system, { regionCode, date: '2026-12-27', isWorkday: true, note: '' });
          return { call: { method: 'DELETE', url: `/api/calendar/overrides/${regionCode}/2026-12-27` }, expected: onRecord(who, 'calendar.manage', { regionPath: county.countyPath }, 204) };
        });
        add('put /api/calendar/years/{regionCode}/{year}', at('calendar'), async (who) => ({
          call: { method: 'PUT', url: `/api/calendar/years/${regionCode}/2027`, body: { note: '' } },
          expected: onRecord(who, 'calendar.manage', { regionPath: county.countyPath }, 204),
        }));
        const registered = { regionPath: county.applicant.regionPath };
        add('get /api/applicants/{id}', at('applicant'), async (who) => ({ call: { method: 'GET', url: `/api/applicants/${county.applicant.id}` }, expected: onRecord(who, 'applicant.read', null, 200) }));
        add('get /api/applicants/{id}/licences', at('applicant'), async (who) => ({ call: { method: 'GET', url: `/api/applicants/${county.applicant.id}/licences` }, expected: onRecord(who, 'applicant.read', null, 200) }));
        add('patch /api/applicants/{id}', at('applicant'), async (who) => ({
          call: { method: 'PATCH', url: `/api/applicants/${county.applicant.id}`, body: { phone: '13905381111' } },
          expected: onRecord(who, 'applicant.edit', registered, 200),
        }));
        add('post /api/applicants/{id}/licences', at('applicant'), async (who) => ({
          call: { method: 'POST', url: `/api/applicants/${county.applicant.id}/licences`, body: { licenceType: '驾驶证', number: `DL-${++serial}`, name: '机动车驾驶证', issuer: '公安交警', issuedOn: '2020-01-01', validUntil: null } },
          expected: onRecord(who, 'licence.import', registered, 201),
        }));
        add('post /api/licences/{identifier}/revoke', at('民政 e-licence'), async (who) => {
          const identifier = await world.newLicence(county);
          return { call: { method: 'POST', url: `/api/licences/${identifier}/revoke`, body: { reason: '申请注销' } }, expected: onRecord(who, 'licence.revoke', mzRecord, 200) };
        });
        // A case received at the county, accepted: its review task lies with the department there.
        let accepted: CaseShape | undefined;
        const caseRecords = (c: CaseShape) => [{ regionPath: c.regionPath, departmentId: c.departmentId }, ...c.tasks.map((t) => ({ regionPath: t.regionPath, departmentId: t.departmentId }))];
        const taskExpectation = (who: Caller, c: CaseShape, ok: number) => {
          const task = c.tasks[0]!;
          return gate(who, 'task.work') ?? (!seesCase(who, caseRecords(c)) ? 404 : who.grants.some((g) => (taskRoles(task.delegated) as string[]).includes(g.role) && grantCovers(g, task)) ? ok : 403);
        };
        add('get /api/cases/{id}', at('accepted case'), async (who) => {
          accepted ??= await world.newCase(county, 'accept');
          return { call: { method: 'GET', url: `/api/cases/${accepted.id}` }, expected: gate(who, 'case.view') ?? (seesCase(who, caseRecords(accepted)) ? 200 : 404) };
        });
        // The printed licence: for whoever sees the case that issued it; issued outside a case, for whoever may read the issuing department's cases.
        add('get /api/licences/{identifier}/pdf', at('e-licence of the accepted case'), async (who) => {
          accepted ??= await world.newCase(county, 'accept');
          const identifier = await world.newLicence(county, accepted);
          return { call: { method: 'GET', url: `/api/licences/${identifier}/pdf` }, expected: gate(who, 'case.view') ?? (seesCase(who, caseRecords(accepted)) ? 200 : 404) };
        });
        add('get /api/licences/{identifier}/pdf', at('民政 e-licence issued outside a case'), async (who) => {
          const identifier = await world.newLicence(county);
          return { call: { method: 'GET', url: `/api/licences/${identifier}/pdf` }, expected: gate(who, 'case.view') ?? (mayOn(who.grants, 'case.view', mzRecord) ? 200 : 404) };
        });
        // The shared-data API: API keys only, within the key's items and region (the matrix's key: 新泰, both counties' 民政 item).
        const reason = { 'x-request-reason': encodeURIComponent('权限矩阵核验') };
        add('get /api/shared/cases/{caseNo}', at('accepted case'), async (who) => {
          accepted ??= await world.newCase(county, 'accept');
          return { call: { method: 'GET', url: `/api/shared/cases/${accepted.caseNo}`, headers: reason }, expected: gate(who, 'shared.read') ?? (isWithinRegion(accepted.regionPath, counties[0]!.countyPath) ? 200 : 404) };
        });
        add('get /api/shared/licences/{identifier}', at('e-licence of the accepted case'), async (who) => {
          accepted ??= await world.newCase(county, 'accept');
          const identifier = await world.newLicence(county, accepted);
          return { call: { method: 'GET', url: `/api/shared/licences/${identifier}`, headers: reason }, expected: gate(who, 'shared.read') ?? (isWithinRegion(accepted.regionPath, counties[0]!.countyPath) ? 200 : 404) };
        });
        add('post /api/cases/{id}/query-password', at('accepted case'), async (who) => {
          accepted ??= await world.newCase(county, 'accept');
          const c = accepted;
          return {
            call: { method: 'POST', url: `/api/cases/${c.id}/query-password`, body: {} },
            expected: gate(who, 'case.query_password') ?? (!seesCase(who, caseRecords(c)) ? 404 : mayOn(who.grants, 'case.query_password', { regionPath: c.regionPath, departmentId: c.departmentId }) ? 200 : 403),
          };
        });
        add('get /api/cases/{id}/tasks/{taskId}/assignees', at('accepted case'), async (who) => {
          accepted ??= await world.newCase(county, 'accept');
          return { call: { method: 'GET', url: `/api/cases/${accepted.id}/tasks/${accepted.tasks[0]!.id}/assignees` }, expected: taskExpectation(who, accepted, 200) };
        });
        add('post /api/cases/{id}/tasks/{taskId}/actions', at('accepted case'), async (who) => {
          const c = await world.newCase(county, 'accept');
          return { call: { method: 'POST', url: `/api/cases/${c.id}/tasks/${c.tasks[0]!.id}/actions`, body: { action: 'claim' } }, expected: taskExpectation(who, c, 200) };
        });
        add('post /api/cases/{id}/actions', at('submitted case'), async (who) => {
          const c = await world.newCase(county, 'submit');
          const records = caseRecords(c);
          // Seeing the case is the matrix's; who may withdraw it is the transition table's (409 otherwise).
          const mayWithdraw = rolesOnCase(who, records).some((r) => rolesFor('withdraw').includes(r));
          return {
            call: { method: 'POST', url: `/api/cases/${c.id}/actions`, body: { action: 'withdraw', reason: '申请人撤回' } },
            expected: gate(who, 'case.view') ?? (!seesCase(who, records) ? 404 : mayWithdraw ? 200 : 409),
          };
        });
        // 帮办代办: the service point's region decides who reads; only the authorisation's own agent manages it (403 for another agent there).
        const point = { regionPath: county.villagePath, departmentId: null };
        const manages = (who: Caller, ok: number) => gate(who, 'agent.work') ?? (!mayOn(who.grants, 'agent.work', point) ? 404 : who.name === county.agent ? ok : 403);
        add('get /api/agent/authorisations/{id}', at('authorisation'), async (who) => ({
          call: { method: 'GET', url: `/api/agent/authorisations/${await world.newAuthorisation(county, false)}` },
          expected: onRecord(who, 'agent.read', point, 200, 404),
        }));
        add('get /api/agent/authorisations/{id}/paper', at('signed authorisation'), async (who) => ({
          call: { method: 'GET', url: `/api/agent/authorisations/${await world.newAuthorisation(county, true)}/paper` },
          expected: onRecord(who, 'agent.read', point, 200, 404),
        }));
        add('post /api/agent/authorisations/{id}/paper', at('pending authorisation'), async (who) => {
          const boundary = 'matrix-boundary';
          const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--${boundary}--\r\n`;
          return {
            call: { method: 'POST', url: `/api/agent/authorisations/${await world.newAuthorisation(county, false)}/paper`, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } },
            expected: manages(who, 200),
          };
        });
        add('post /api/agent/authorisations/{id}/code', at('pending authorisation of a person with a phone'), async (who) => ({
          call: { method: 'POST', url: `/api/agent/authorisations/${await world.newAuthorisation(county, false, await world.newPerson(county))}/code` },
          expected: manages(who, 200),
        }));
        add('post /api/agent/authorisations/{id}/confirm', at('pending authorisation, no code sent'), async (who) => ({
          call: { method: 'POST', url: `/api/agent/authorisations/${await world.newAuthorisation(county, false)}/confirm`, body: { code: '123456' } },
          // The own agent is refused by the code (none was sent): nothing is written either way.
          expected: manages(who, 400),
        }));
        add('post /api/agent/authorisations/{id}/actions', at('active authorisation'), async (who) => ({
          call: { method: 'POST', url: `/api/agent/authorisations/${await world.newAuthorisation(county, true)}/actions`, body: { action: 'suspend', reason: '委托人外出' } },
          expected: manages(who, 200),
        }));
        add('post /api/agent/authorisations/{id}/renewal', at('active authorisation'), async (who) => ({
          call: { method: 'POST', url: `/api/agent/authorisations/${await world.newAuthorisation(county, true)}/renewal`, body: { validUntil: `${Number(ctx.clock.now().toISOString().slice(0, 4)) + 1}-02-28` } },
          expected: manages(who, 201),
        }));
        add('post /api/agent/cases/{id}/follow-up', at('proxy case not yet concluded'), async (who) => {
          const c = await world.newProxyCase(county);
          // The own agent is refused by the state of things (no follow-up before the result): nothing is written either way.
          return { call: { method: 'POST', url: `/api/agent/cases/${c.id}/follow-up`, body: { result: 'satisfied', note: '' } }, expected: manages(who, 409) };
        });
        // 诉求件: the center reads by region; a department's grant only those dispatched to it; the
        // department accepts (complaint.handle), the center dispatches (complaint.dispatch).
        const center = { regionPath: county.countyPath, departmentId: null };
        const readsComplaint = (who: Caller, dispatched: boolean) => mayOn(who.grants, 'complaint.read', center) || (dispatched && mayOn(who.grants, 'complaint.read', mzRecord));
        add('get /api/complaints/{id}', at('complaint dispatched to 民政局'), async (who) => ({
          call: { method: 'GET', url: `/api/complaints/${await world.newComplaint(county, true)}` },
          expected: gate(who, 'complaint.read') ?? (readsComplaint(who, true) ? 200 : 404),
        }));
        add('post /api/complaints/{id}/actions', at('complaint dispatched to 民政局: accept'), async (who) => ({
          call: { method: 'POST', url: `/api/complaints/${await world.newComplaint(county, true)}/actions`, body: { action: 'accept' } },
          expected: gate(who, 'complaint.read') ?? (!readsComplaint(who, true) ? 404 : mayOn(who.grants, 'complaint.handle', mzRecord) ? 200 : 403),
        }));
        add('post /api/complaints/{id}/actions', at('complaint received: dispatch'), async (who) => ({
          call: { method: 'POST', url: `/api/complaints/${await world.newComplaint(county, false)}/actions`, body: { action: 'dispatch', departmentId: county.mz.id } },
          expected: gate(who, 'complaint.read') ?? (!readsComplaint(who, false) ? 404 : mayOn(who.grants, 'complaint.dispatch', center) ? 200 : 403),
        }));
        // 电子监察: the supervisor reads its region's alerts and closes them; the responsible department reads and responds to its own.
        for (const [route, suffix, permission, body] of [
          ['get /api/alerts/{id}', '', 'alert.read', undefined],
          ['post /api/alerts/{id}/respond', '/respond', 'alert.respond', { text: '材料已于当日补齐' }],
          ['post /api/alerts/{id}/close', '/close', 'alert.close', { verdict: 'justified', note: '' }],
        ] as const) {
          add(route, at('alert of 民政局'), async (who) => {
            const { alertId, record } = await world.newAlert(county);
            return {
              call: { method: body ? 'POST' : 'GET', url: `/api/alerts/${alertId}${suffix}`, ...(body ? { body } : {}) },
              expected: gate(who, permission) ?? (!mayOn(who.grants, 'alert.read', record) ? 404 : mayOn(who.grants, permission, record) ? 200 : 403),
            };
          });
        }
        // 好差评: the proxy agent records the applicant's rating (the own agent meets the state: not concluded yet).
        add('post /api/agent/cases/{id}/rating', at('proxy case not yet concluded'), async (who) => {
          const c = await world.newProxyCase(county);
          return { call: { method: 'POST', url: `/api/agent/cases/${c.id}/rating`, body: { level: 'satisfied' } }, expected: gate(who, 'rating.agent') ?? (who.name === county.agent ? 409 : 403) };
        });
        // The region's settings: read by whoever may set them; set where the grant covers the region (every department).
        add('get /api/quality/settings/{code}', at('town'), async (who) => ({ call: { method: 'GET', url: `/api/quality/settings/${county.townCode}` }, expected: onRecord(who, 'quality.settings', null, 200) }));
        add('put /api/quality/settings/{code}', at('town'), async (who) => ({
          call: { method: 'PUT', url: `/api/quality/settings/${county.townCode}`, body: defaultQualitySettings },
          expected: onRecord(who, 'quality.settings', { regionPath: county.townPath, departmentId: null }, 200),
        }));
        // The window's pad: the window roles of the window's region; nothing served there, so a rating meets the state.
        add('get /api/ratings/pad/{windowId}', at('window'), async (who) => ({
          call: { method: 'GET', url: `/api/ratings/pad/${county.windowId}` },
          expected: onRecord(who, 'rating.pad', { regionPath: county.centerPath, departmentId: null }, 200),
        }));
        add('post /api/ratings/pad/{windowId}', at('window'), async (who) => ({
          call: { method: 'POST', url: `/api/ratings/pad/${county.windowId}`, body: { ticketId: '00000000-0000-4000-8000-000000000002', level: 'satisfied' } },
          expected: onRecord(who, 'rating.pad', { regionPath: county.centerPath, departmentId: null }, 409),
        }));
        // A rating of the county's 民政局: read by the department and those over every department of the region.
        let ratingId: string | undefined;
        add('get /api/ratings/{id}', at('民政 rating'), async (who) => {
          ratingId ??= await world.newRating(county);
          return { call: { method: 'GET', url: `/api/ratings/${ratingId}` }, expected: onRecord(who, 'rating.read', mzRecord, 200) };
        });
        // 网上预审: an online application of the county's 民政 item, submitted by its applicant.
        let online: CaseShape | undefined;
        const prereviewExpectation = (who: Caller, c: CaseShape, permission: Permission, ok: number) =>
          gate(who, permission) ?? (!seesCase(who, caseRecords(c)) ? 404 : mayOn(who.grants, permission, { regionPath: c.regionPath, departmentId: c.departmentId }) ? ok : 403);
        add('post /api/prereview/{id}', at('online application'), async (who) => {
          online ??= await world.newOnlineCase(county);
          const c = online;
          const expected = prereviewExpectation(who, c, 'case.prereview', 200);
          // An accepted application leaves the queue: the next caller gets a fresh one.
          if (expected === 200) online = undefined;
          return { call: { method: 'POST', url: `/api/prereview/${c.id}`, body: { action: 'accept' } }, expected };
        });
        add('get /api/online-cases/{id}/files', at('online application'), async (who) => {
          online ??= await world.newOnlineCase(county);
          return { call: { method: 'GET', url: `/api/online-cases/${online.id}/files` }, expected: prereviewExpectation(who, online, 'case.view', 200) };
        });
        add('get /api/online-cases/{id}/files/{fileId}', at('online application'), async (who) => {
          online ??= await world.newOnlineCase(county);
          const file = (await ctx.services.prereview.files(systemActor, online.id))[0]!;
          return { call: { method: 'GET', url: `/api/online-cases/${online.id}/files/${file.id}` }, expected: prereviewExpectation(who, online, 'case.view', 200) };
        });
        add('post /api/filings/{id}/receive', at('filing of a town decision'), async (who) => {
          const id = await world.newFiling(county);
          return { call: { method: 'POST', url: `/api/filings/${id}/receive`, body: {} }, expected: onRecord(who, 'filing.review', mzRecord, 200) };
        });
        add('post /api/filings/{id}/review', at('filing of a town decision'), async (who) => {
          const id = await world.newFiling(county);
          return { call: { method: 'POST', url: `/api/filings/${id}/review`, body: { verdict: 'correct', note: '' } }, expected: onRecord(who, 'filing.review', mzRecord, 200) };
        });
        // 差评整改: the task's region and department decide who reads it (404 beyond), then the step's own permission (403).
        const onTask = (who: Caller, permission: Permission, record: RecordScope, ok: number) => gate(who, permission) ?? (!mayOn(who.grants, 'rectification.read', record) ? 404 : mayOn(who.grants, permission, record) ? ok : 403);
        // Triage and report are routed to readers (a task of no department is the supervisor's, rectification.center); a department's task needs rectification.work.
        const onWork = (who: Caller, record: RecordScope, ok: number) => gate(who, 'rectification.read') ?? (!mayOn(who.grants, 'rectification.read', record) ? 404 : mayOn(who.grants, 'rectification.work', record) ? ok : 403);
        const taskAt = async (step: 'open' | 'triaged' | 'reported' | 'revisited') => {
          const rated = await world.newBadRating(county);
          const id = rated.rectificationId;
          if (step !== 'open') await ctx.services.rectifications.triage(system, id, { triage: 'immediate', finding: '属实', measures: '已当场整改', report: step !== 'triaged' });
          if (step === 'revisited') await ctx.services.rectifications.revisit(system, id, { result: 'basic', note: '' });
          return rated;
        };
        add('get /api/rectifications/{id}', at('bad rating’s task'), async (who) => {
          const { rectificationId, record } = await taskAt('open');
          return { call: { method: 'GET', url: `/api/rectifications/${rectificationId}` }, expected: onTask(who, 'rectification.read', record, 200) };
        });
        add('post /api/rectifications/{id}/triage', at('open task'), async (who) => {
          const { rectificationId, record } = await taskAt('open');
          return {
            call: { method: 'POST', url: `/api/rectifications/${rectificationId}/triage`, body: { triage: 'explain', finding: '核实情况', measures: '已解释', report: true } },
            expected: onWork(who, record, 200),
          };
        });
        add('post /api/rectifications/{id}/report', at('triaged task'), async (who) => {
          const { rectificationId, record } = await taskAt('triaged');
          return { call: { method: 'POST', url: `/api/rectifications/${rectificationId}/report`, body: { measures: '已整改' } }, expected: onWork(who, record, 200) };
        });
        add('post /api/rectifications/{id}/revisit', at('reported task'), async (who) => {
          const { rectificationId, record } = await taskAt('reported');
          return { call: { method: 'POST', url: `/api/rectifications/${rectificationId}/revisit`, body: { result: 'satisfied', reLevel: 'satisfied', close: true } }, expected: onTask(who, 'rectification.revisit', record, 200) };
        });
        add('post /api/rectifications/{id}/re-rating', at('revisited task'), async (who) => {
          const { rectificationId, record } = await taskAt('revisited');
          return { call: { method: 'POST', url: `/api/rectifications/${rectificationId}/re-rating`, body: { reLevel: 'basic' } }, expected: onTask(who, 'rectification.revisit', record, 200) };
        });
        add('post /api/rectifications/{id}/close', at('revisited task'), async (who) => {
          const { rectificationId, record } = await taskAt('revisited');
          return { call: { method: 'POST', url: `/api/rectifications/${rectificationId}/close`, body: {} }, expected: onTask(who, 'rectification.revisit', record, 200) };
        });
        add('post /api/rectifications/{id}/appeal', at('open task'), async (who) => {
          const { rectificationId, record } = await taskAt('open');
          return { call: { method: 'POST', url: `/api/rectifications/${rectificationId}/appeal`, body: { reason: 'malicious', statement: '恶意差评,有录像为证' } }, expected: onTask(who, 'rating.appeal.file', record, 200) };
        });
        add('post /api/rating-appeals/{id}/decision', at('pending appeal'), async (who) => {
          const { appealId, record } = await world.newAppeal(county);
          return { call: { method: 'POST', url: `/api/rating-appeals/${appealId}/decision`, body: { verdict: 'upheld', note: '申诉成立' } }, expected: onRecord(who, 'rating.appeal.decide', record, 200, 404) };
        });
      }
      // 一件事 are 新泰's only; 肥城's callers are driven against them all the same.
      // The online channel's routes are for applicants signed in online: no staff member or key reaches them
      // (test/permissions.applicant.test.ts drives them as applicants).
      const applicantOnly = (who: Caller) => (who.kind === 'signed-out' ? 401 : 403);
      add('get /api/applicant/businesses/{id}/handlers', '网上办事 单位', async (who) => ({
        call: { method: 'GET', url: `/api/applicant/businesses/${(await business()).organisationId}/handlers` },
        expected: applicantOnly(who),
      }));
      add('post /api/applicant/businesses/{id}/handlers', '网上办事 单位', async (who) => ({
        call: { method: 'POST', url: `/api/applicant/businesses/${(await business()).organisationId}/handlers`, body: { phone: '13500000992' } },
        expected: applicantOnly(who),
      }));
      add('delete /api/applicant/businesses/{id}/handlers/{handlerId}', '网上办事 单位', async (who) => {
        const { organisationId, handlerId } = await business();
        return { call: { method: 'DELETE', url: `/api/applicant/businesses/${organisationId}/handlers/${handlerId}` }, expected: applicantOnly(who) };
      });
      // 一网通办 applications: refused at the door for every staff member and key, whoever's case it is.
      const onlineCase = '00000000-0000-4000-8000-000000000001';
      for (const [route, method, url] of [
        ['get /api/online/cases/{id}', 'GET', ''],
        ['put /api/online/cases/{id}', 'PUT', ''],
        ['post /api/online/cases/{id}/materials/{key}/files', 'POST', '/materials/termination_proof/files'],
        ['get /api/online/cases/{id}/files/{fileId}', 'GET', `/files/${onlineCase}`],
        ['delete /api/online/cases/{id}/files/{fileId}', 'DELETE', `/files/${onlineCase}`],
        ['post /api/online/cases/{id}/submit', 'POST', '/submit'],
        ['post /api/online/cases/{id}/resubmit', 'POST', '/resubmit'],
        ['post /api/online/cases/{id}/withdraw', 'POST', '/withdraw'],
        ['get /api/online/cases/{id}/licences/{identifier}/pdf', 'GET', '/licences/1.2.156.3005.2.X/pdf'],
        ['get /api/online/cases/{id}/rating', 'GET', '/rating'],
        ['post /api/online/cases/{id}/rating', 'POST', '/rating'],
      ] as const) {
        add(route, '网上办事 申请', async (who) => ({ call: { method, url: `/api/online/cases/${onlineCase}${url}`, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) }, expected: applicantOnly(who) }));
      }
      // 网上诉求: the applicant's own complaints, refused at the door for staff and keys.
      for (const [route, method, url] of [
        ['get /api/applicant/complaints/{id}', 'GET', ''],
        ['post /api/applicant/complaints/{id}/rating', 'POST', '/rating'],
      ] as const) {
        add(route, '网上诉求', async (who) => ({ call: { method, url: `/api/applicant/complaints/${onlineCase}${url}`, ...(method === 'GET' ? {} : { body: { satisfaction: 'satisfied' } }) }, expected: applicantOnly(who) }));
      }
      // 窗口核验: any front desk, anywhere (the person shows their card where they are).
      add('post /api/applicants/{id}/online-account/verify', '网上办事 账号', async (who) => {
        const { representativeId, representativeIdNumber } = await business();
        return { call: { method: 'POST', url: `/api/applicants/${representativeId}/online-account/verify`, body: { idNumber: representativeIdNumber } }, expected: onRecord(who, 'applicant.register', null, 200) };
      });
      add('put /api/bundles/{code}', '新泰 一件事 (牵头部门)', async (who) => {
        const bundle = await ctx.services.catalog.getBundle('370982-YJS-001');
        const lead = await ctx.services.org.getDepartment(bundle.bundle.leadDepartmentId);
        return { call: { method: 'PUT', url: '/api/bundles/370982-YJS-001', body: { content: bundle.bundle.content, status: 'published' } }, expected: onRecord(who, 'catalog.edit', { regionPath: lead.regionPath }, 200) };
      });
      // Notification templates are the platform's: read by every administrator, edited only at the province.
      add('put /api/notification-templates/{event}/{channel}', '全平台 通知模板', async (who) => ({
        call: { method: 'PUT', url: '/api/notification-templates/appointment_reminder/sms', body: { body: '【一窗通】提醒:您预约了明天{time}的{className}业务,预约码{code}。', enabled: true } },
        expected: onRecord(who, 'notification.manage', { regionPath: '370000' }, 200),
      }));
      add('get /api/notification-templates/{event}/{channel}/history', '全平台 通知模板', async (who) => ({
        call: { method: 'GET', url: '/api/notification-templates/accepted/sms/history' },
        expected: onRecord(who, 'notification.manage', null, 200),
      }));
      return list;
    }

    test('every record-level route, every caller of both counties: the status the matrix gives, and nothing written when refused', async (t) => {
      const spec = (await ctx.request({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
      const recordLevel = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => op['x-permission'] !== 'public' && path.includes('{'))
          .map(([method]) => `${method} ${path}`),
      );
      const all = cases();
      const driven = new Set(all.map((c) => c.route));
      assert.deepEqual(
        recordLevel.filter((route) => !driven.has(route)),
        [],
        'every route with a path parameter is in the matrix',
      );
      assert.deepEqual(
        [...driven].filter((route) => !recordLevel.includes(route)),
        [],
        'and the matrix names no route that is gone',
      );

      const violations: string[] = [];
      const byStatus = new Map<number, number>();
      let requests = 0;
      for (const matrixCase of all) {
        for (const who of callers) {
          const { call, expected } = await matrixCase.make(who);
          const before = await auditCount();
          const response = await send(who, call);
          requests++;
          byStatus.set(expected, (byStatus.get(expected) ?? 0) + 1);
          if (response.statusCode !== expected) violations.push(`${matrixCase.route} (${matrixCase.target}) as ${who.name}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 160)}`);
          if (response.statusCode >= 400 && (await auditCount()) !== before) violations.push(`${matrixCase.route} (${matrixCase.target}) as ${who.name}: refused with ${response.statusCode} but wrote`);
        }
      }
      const statuses = [...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
      const figures = `routes ${driven.size}, cases ${all.length}, callers ${callers.length}, requests ${requests} (expected ${statuses}), violations ${violations.length}`;
      t.diagnostic(figures);
      console.log(`permission matrix (${backend.name}): ${figures}`);
      assert.deepEqual(violations, []);
    });

    test('好差评 publication: the report, its Excel and the upward file by region, every caller of both counties (a department grant: narrowed, not refused)', async () => {
      const violations: string[] = [];
      for (const county of counties) {
        for (const [regionCode, regionPath] of [
          [county.countyPath.split('.').at(-1)!, county.countyPath],
          [county.townCode, county.townPath],
        ] as const) {
          for (const route of ['/api/quality/report', '/api/quality/report/export', '/api/quality/upward']) {
            for (const who of callers) {
              const expected = gate(who, 'quality.report') ?? (who.grants.some((g) => mayAnywhere([g], 'quality.report') && isWithinRegion(regionPath, g.regionPath)) ? 200 : 403);
              const response = await send(who, { method: 'GET', url: `${route}?region=${regionCode}&month=2026-11` });
              if (response.statusCode !== expected) violations.push(`${route} ${regionCode} as ${who.name}: expected ${expected}, got ${response.statusCode}`);
              if (route === '/api/quality/report' && response.statusCode === 200) {
                const narrowed = who.grants.filter((g) => mayAnywhere([g], 'quality.report') && isWithinRegion(regionPath, g.regionPath)).every((g) => g.departmentId !== null);
                if (response.json().narrowed !== narrowed) violations.push(`${route} ${regionCode} as ${who.name}: narrowed should be ${narrowed}`);
              }
            }
          }
        }
      }
      assert.deepEqual(violations, []);
    });

    test('督查驾驶舱: overview, breakdowns, the cases behind a number, the workbook and targets by region, every caller of both counties (a department grant: narrowed, not refused)', async () => {
      const violations: string[] = [];
      const period = 'from=2026-10&to=2026-11';
      for (const county of counties) {
        for (const [regionCode, regionPath] of [
          [county.countyPath.split('.').at(-1)!, county.countyPath],
          [county.townCode, county.townPath],
        ] as const) {
          for (const route of [
            '/api/supervision/overview?',
            '/api/supervision/breakdown?by=region&',
            '/api/supervision/breakdown?by=item&',
            '/api/supervision/cases?figure=received&',
            '/api/supervision/export?',
            '/api/supervision/targets?',
          ]) {
            for (const who of callers) {
              const expected = gate(who, 'supervision.read') ?? (who.grants.some((g) => mayAnywhere([g], 'supervision.read') && isWithinRegion(regionPath, g.regionPath)) ? 200 : 403);
              const url = route.startsWith('/api/supervision/targets') ? `${route}region=${regionCode}` : `${route}region=${regionCode}&${period}`;
              const response = await send(who, { method: 'GET', url });
              if (response.statusCode !== expected) violations.push(`${url} as ${who.name}: expected ${expected}, got ${response.statusCode}`);
              if (route === '/api/supervision/overview?' && response.statusCode === 200) {
                const narrowed = who.grants.filter((g) => mayAnywhere([g], 'supervision.read') && isWithinRegion(regionPath, g.regionPath)).every((g) => g.departmentId !== null);
                if (response.json().narrowed !== narrowed) violations.push(`${url} as ${who.name}: narrowed should be ${narrowed}`);
              }
            }
          }
          for (const who of callers) {
            const expected = gate(who, 'supervision.target') ?? (who.grants.some((g) => mayAnywhere([g], 'supervision.target') && g.departmentId === null && isWithinRegion(regionPath, g.regionPath)) ? 200 : 403);
            const response = await send(who, { method: 'PUT', url: '/api/supervision/targets', body: { region: regionCode, targets: { on_time_rate: 95 } } });
            if (response.statusCode !== expected) violations.push(`PUT targets ${regionCode} as ${who.name}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 120)}`);
          }
        }
      }
      assert.deepEqual(violations, []);
    });

    const [xt, fc] = [() => counties[0]!, () => counties[1]!];
    const statusOf = async (name: string, call: Call) => (await send(caller(name), call)).statusCode;

    test('the holes of issue 10 stay closed: revoke, password, licence import and applicant edits from the other county', async () => {
      assert.equal(await statusOf('fc.issuer', { method: 'POST', url: `/api/licences/${await world.newLicence(xt())}/revoke`, body: { reason: 'x' } }), 403, 'another county’s issuer');
      assert.equal(await statusOf('fc.admin', { method: 'POST', url: `/api/licences/${await world.newLicence(xt())}/revoke`, body: { reason: 'x' } }), 403, 'another county’s admin');
      assert.equal(await statusOf('issuer', { method: 'POST', url: `/api/licences/${await world.newLicence(xt())}/revoke`, body: { reason: '申请注销' } }), 200, 'our issuer');
      const newcomer = xt().grantless;
      for (const name of ['admin.zhaizhen', 'fc.admin', 'admin.mz']) {
        assert.equal(await statusOf(name, { method: 'POST', url: `/api/staff/${newcomer.id}/password`, body: { password: 'taken-over-1' } }), 403, `${name} sets no password of a newcomer of 新泰`);
      }
      assert.equal(await statusOf('admin', { method: 'POST', url: `/api/staff/${newcomer.id}/password`, body: { password: 'welcome-123' } }), 204);
      const licence = { licenceType: '行驶证', name: '机动车行驶证', issuer: '公安交警', issuedOn: '2020-01-01', validUntil: null };
      assert.equal(await statusOf('fc.issuer', { method: 'POST', url: `/api/applicants/${xt().applicant.id}/licences`, body: { ...licence, number: 'X-1' } }), 403);
      assert.equal(await statusOf('issuer', { method: 'POST', url: `/api/applicants/${xt().applicant.id}/licences`, body: { ...licence, number: 'X-2' } }), 201);
      assert.equal(await statusOf('fc.frontdesk', { method: 'PATCH', url: `/api/applicants/${xt().applicant.id}`, body: { phone: '13000000000' } }), 403);
      assert.equal(await statusOf('fc.frontdesk', { method: 'GET', url: `/api/applicants/${xt().applicant.id}` }), 200, 'people apply away from home: looking them up stays open (masked)');
    });

    test('the e-licence public keys are public: every caller, signed out and from either county, reads the list and each PEM', async () => {
      const identifier = await world.newLicence(xt());
      const verified = await send(caller('signed-out'), { method: 'GET', url: `/api/licences/${identifier}/verify` });
      const keyUrl = (verified.json() as { signed: { keyUrl: string } }).signed.keyUrl;
      for (const who of callers) {
        const list = await send(who, { method: 'GET', url: '/api/licences/keys' });
        assert.equal(list.statusCode, 200, `${who.name}: ${list.body}`);
        assert.ok(
          (list.json() as { keys: { pemUrl: string }[] }).keys.some((k) => k.pemUrl === keyUrl),
          who.name,
        );
        const pem = await send(who, { method: 'GET', url: keyUrl });
        assert.equal(pem.statusCode, 200, `${who.name}: ${pem.body}`);
        assert.match(pem.body, /^-----BEGIN PUBLIC KEY-----/);
      }
    });

    test('the audit log: each reader sees the rows of their region and department; platform-wide rows only at the province', async () => {
      const rowsOf = async (name: string) => {
        const response = await send(caller(name), { method: 'GET', url: '/api/audit?limit=200' });
        assert.equal(response.statusCode, 200, `${name}: ${response.body}`);
        return response.json() as { regionPath: string | null; departmentId: string | null }[];
      };
      const inside = (rows: { regionPath: string | null }[], path: string) => rows.every((r) => r.regionPath !== null && (r.regionPath === path || r.regionPath.startsWith(`${path}.`)));
      const xtRows = await rowsOf('admin');
      assert.ok(xtRows.length > 0 && inside(xtRows, xt().countyPath), '新泰 reads 新泰 only');
      const fcRows = await rowsOf('fc.admin');
      assert.ok(fcRows.length > 0 && inside(fcRows, fc().countyPath), '肥城 reads 肥城 only');
      const fcSupervisor = await rowsOf('fc.supervisor');
      assert.ok(fcSupervisor.length > 0 && inside(fcSupervisor, fc().countyPath));
      const mzRows = await rowsOf('admin.mz');
      assert.ok(mzRows.length > 0 && inside(mzRows, xt().countyPath) && mzRows.every((r) => r.departmentId === xt().mz.id), 'a department administrator reads its department’s rows');
      const townRows = await rowsOf('admin.zhaizhen');
      assert.ok(townRows.length > 0 && inside(townRows, xt().townPath), 'a town administrator reads its town’s rows');
      const imports = async (name: string) => (await send(caller(name), { method: 'GET', url: '/api/audit?entityType=catalog' })).json() as { regionPath: string | null }[];
      assert.ok(
        (await imports('sd.admin')).some((r) => r.regionPath === null),
        'platform-wide rows (the demo’s catalog import) for the province',
      );
      assert.deepEqual(await imports('admin'), [], 'not for a county');
      const both = await send(caller('sd.admin'), { method: 'GET', url: '/api/audit?limit=200&entityType=staff' });
      const paths = (both.json() as { regionPath: string | null }[]).map((r) => r.regionPath ?? '');
      assert.ok(paths.some((p) => p.startsWith(xt().countyPath)) && paths.some((p) => p.startsWith(fc().countyPath)), 'the province reads both counties');
      assert.equal(await statusOf('reviewer.mz', { method: 'GET', url: '/api/audit' }), 403);
    });

    test('an audit row’s region is covered by its hash; a row without one hashes as rows always did', async () => {
      const row = await ctx.database.db.selectFrom('audit_log').selectAll().where('region_path', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      const content = { seq: row.seq, at: row.at, actorKind: row.actor_kind, actorId: row.actor_id, action: row.action, entityType: row.entity_type, entityId: row.entity_id, payload: row.payload };
      assert.equal(auditHash(row.prev_hash, { ...content, regionPath: row.region_path, departmentId: row.department_id }), row.hash);
      assert.notEqual(auditHash(row.prev_hash, { ...content, regionPath: fc().countyPath, departmentId: row.department_id }), row.hash, 'moving a row to another region breaks the chain');
      assert.equal(auditHash(row.prev_hash, { ...content, regionPath: null, departmentId: null }), auditHash(row.prev_hash, content));
      assert.deepEqual(await ctx.services.audit.verifyChain().then((r) => r.ok), true);
    });

    test('lists: catalog drafts, bundles and staff of the other county stay out of sight', async () => {
      const items = async (name: string) => (await send(caller(name), { method: 'GET', url: '/api/admin/items' })).json() as { implementationCode: string; departmentId: string }[];
      const fcItems = await items('fc.admin');
      assert.deepEqual(
        fcItems.map((i) => i.implementationCode),
        [second.itemCode],
      );
      assert.ok(!(await items('admin')).some((i) => i.implementationCode === second.itemCode));
      assert.ok((await items('admin.mz')).every((i) => i.departmentId === xt().mz.id));
      assert.equal((await items('sd.admin')).length, (await items('admin')).length + 1);
      assert.deepEqual((await send(caller('fc.admin'), { method: 'GET', url: '/api/admin/bundles' })).json(), []);
      assert.ok(((await send(caller('admin'), { method: 'GET', url: '/api/admin/bundles' })).json() as unknown[]).length > 0);
      const staffOf = async (name: string) => ((await send(caller(name), { method: 'GET', url: '/api/staff' })).json() as { username: string }[]).map((s) => s.username);
      assert.deepEqual((await staffOf('fc.admin')).sort(), [...Object.keys(second.accounts).filter((u) => u.startsWith('fc.')), 'fc.helper', 'fc.newcomer'].sort());
      assert.ok(!(await staffOf('admin')).some((u) => u.startsWith('fc.')));
      assert.ok((await staffOf('admin')).includes('xt.newcomer'), 'a newcomer without grants is listed where their home is');
    });

    test('licence types: anyone reads them; only a catalog editor not narrowed to a department saves them', async () => {
      const type = { code: '11100000000019002H099', name: '测试证照类型', authorityName: '民政部', validityYears: 3 };
      const before = await auditCount();
      for (const name of ['frontdesk', 'issuer', 'supervisor', 'admin.mz', 'reviewer.mz']) {
        assert.equal(await statusOf(name, { method: 'PUT', url: '/api/admin/licence-types', body: [type] }), 403, name);
      }
      assert.equal((await ctx.request({ method: 'PUT', url: '/api/admin/licence-types', body: [type], idempotencyKey: true })).statusCode, 401);
      assert.equal(await auditCount(), before, 'a refused call wrote nothing');
      assert.equal(await statusOf('admin', { method: 'PUT', url: '/api/admin/licence-types', body: [type] }), 200);
      const listed = await ctx.request({ method: 'GET', url: '/api/licence-types' });
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(
        (listed.json() as { code: string }[]).find((t) => t.code === type.code),
        type,
      );
    });

    test('the clock sweep runs every region’s cases: by hand only at the province (the timer runs it anyway)', async () => {
      for (const name of ['admin', 'fc.admin', 'supervisor', 'fc.supervisor', 'admin.zhaizhen', 'frontdesk']) {
        assert.equal(await statusOf(name, { method: 'POST', url: '/api/clock/sweep', body: {} }), 403, name);
      }
      assert.equal((await ctx.request({ method: 'POST', url: '/api/clock/sweep', body: {} })).statusCode, 401);
      assert.equal(await statusOf('sd.admin', { method: 'POST', url: '/api/clock/sweep', body: {} }), 200);
    });

    test('跨域通办 is declared per item: another county receives only items whose 通办范围 reaches it, and the owning department reviews them', async () => {
      const intake = async (name: string, itemCode: string, applicantId: string, scenario: string | null = null) => {
        const item = await ctx.services.catalog.getPublished(itemCode);
        return send(caller(name), {
          method: 'POST',
          url: '/api/cases',
          body: { itemCode, scenario, applicantId, channel: 'window', materials: allProvided(item.content, scenario), form: completeForm(item.content.formFields), decision: 'accept' },
        });
      };
      const casesBefore = (await ctx.database.db.selectFrom('cases').select('id').execute()).length;
      const before = await auditCount();
      const refused = await intake('fc.frontdesk', '370982-MZ-001', fc().applicant.id, 'general');
      assert.equal(refused.statusCode, 403, refused.body);
      assert.match(refused.json().error.message, /新泰市民政局实施,通办范围为“不通办”,不能在肥城市受理/);
      assert.equal((await intake('fc.frontdesk', '370982-GA-003', fc().applicant.id)).statusCode, 403, '全县通办 stays in 新泰');
      assert.equal((await intake('frontdesk', second.itemCode, xt().applicant.id, 'general')).statusCode, 403, 'and 新泰 does not take 肥城’s');
      assert.equal(await auditCount(), before, 'nothing written');
      assert.equal((await ctx.database.db.selectFrom('cases').select('id').execute()).length, casesBefore);

      const taken = await intake('fc.frontdesk', '370982-MZ-009', fc().applicant.id, 'living');
      assert.equal(taken.statusCode, 201, taken.body);
      const c = taken.json() as CaseShape & { regionCode: string };
      assert.equal(c.regionCode, feicheng.county, 'received where the applicant came');
      assert.deepEqual(
        c.tasks.map((t) => [t.regionPath, t.departmentId]),
        [[xt().countyPath, xt().mz.id]],
        'reviewed where the department is',
      );
      const inbox = async (name: string) => ((await send(caller(name), { method: 'GET', url: '/api/inbox' })).json() as { id: string }[]).map((e) => e.id);
      assert.ok((await inbox('reviewer.mz')).includes(c.id), 'the owning department’s reviewer has the task');
      assert.ok(!(await inbox('fc.reviewer.mz')).includes(c.id), 'the receiving county’s reviewer does not');
      assert.equal(await statusOf('fc.frontdesk', { method: 'GET', url: `/api/cases/${c.id}` }), 200, 'the receiving window follows its case');
    });
  });
}
