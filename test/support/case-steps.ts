/**
 * The case tests' shared steps: a fresh applicant, intake, case and task actions, the view, and
 * the 社会团体成立登记 materials. `get` returns the test context once its `before` has made it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { usccCheckChar } from '../../src/domain/uscc.ts';
import type { TestContext } from './context.ts';
import { withCompleteForm } from './forms.ts';

export const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
export const day = 86_400_000;

export function caseSteps(get: () => TestContext, firstSerial = 100) {
  let serial = firstSerial;
  const nextPerson = async () => {
    const created = await get().request({
      method: 'POST',
      url: '/api/applicants',
      cookie: await get().signIn('frontdesk'),
      idempotencyKey: true,
      body: { kind: 'person', idNumber: idOf(`37098219700101${serial++}`), name: `申请人${serial}`, phone: `139053${String(serial).padStart(5, '0')}`, address: '翟镇' },
    });
    assert.equal(created.statusCode, 201, created.body);
    return created.json() as { id: string };
  };
  const intake = async (body: Record<string, unknown>, cookie?: string, key: string = randomUUID()) =>
    get().request({ method: 'POST', url: '/api/cases', cookie: cookie ?? (await get().signIn('frontdesk')), body: await withCompleteForm(get().services, body), idempotencyKey: key });
  const act = (id: string, body: Record<string, unknown>, cookie: string, key: string = randomUUID()) => get().request({ method: 'POST', url: `/api/cases/${id}/actions`, cookie, body, idempotencyKey: key });
  const taskAct = (id: string, taskId: string, body: Record<string, unknown>, cookie: string, key: string = randomUUID()) =>
    get().request({ method: 'POST', url: `/api/cases/${id}/tasks/${taskId}/actions`, cookie, body, idempotencyKey: key });
  const view = async (id: string, cookie?: string) => {
    const response = await get().request({ method: 'GET', url: `/api/cases/${id}`, cookie: cookie ?? (await get().signIn('frontdesk')) });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const openTask = (c: { tasks: { id: string; status: string; departmentName: string; stageName: string; dueDate: string; assigneeName: string | null }[] }, department: string) =>
    c.tasks.find((t) => ['pending', 'claimed'].includes(t.status) && t.departmentName === department)!;

  const societyMaterials = (deferred: string) => [
    { key: 'society_application', state: 'provided' },
    { key: 'supervisor_approval', state: 'provided' },
    { key: 'articles_of_association', state: 'provided' },
    { key: 'capital_proof', state: 'provided' },
    { key: 'lease_contract', state: 'provided' },
    { key: 'property_certificate', state: 'deferred', deferredDue: deferred },
    { key: 'id_card', state: 'provided' },
    { key: 'leader_info', state: 'provided' },
    { key: 'member_list', state: 'provided' },
  ];

  /**
   * Approves a case's review stages one after another as `caller` (who decides every task), waiting
   * out each public notice (公示) on the test clock; the clock is put back afterwards. Returns the
   * last answer.
   */
  const approveThrough = async (id: string, caller: string) => {
    let waited = 0;
    let last: Awaited<ReturnType<typeof taskAct>> | undefined;
    try {
      for (let guard = 0; guard < 10; guard++) {
        const cookie = await get().signIn(caller);
        const open = ((await view(id, cookie)).tasks as { id: string; status: string }[]).filter((t) => ['pending', 'claimed'].includes(t.status));
        if (open.length === 0) break;
        for (const task of open) {
          last = await taskAct(id, task.id, { action: 'approve', opinion: '同意' }, cookie);
          const notice = last.statusCode === 409 ? /公示期未满,(\d{4}-\d{2}-\d{2}) 起方可决定/.exec(last.json().error.message) : null;
          if (notice) {
            const days = Math.round((Date.parse(`${notice[1]}T00:00:00Z`) - Date.parse(`${get().clock.now().toISOString().slice(0, 10)}T00:00:00Z`)) / day);
            get().clock.advance(days * day);
            waited += days;
            break;
          }
          assert.equal(last.statusCode, 200, last.body);
        }
      }
    } finally {
      get().clock.advance(-waited * day);
    }
    return last!;
  };

  return { nextPerson, intake, act, taskAct, view, openTask, societyMaterials, approveThrough };
}

/** The applicants every case test starts from: a person, and the organisation the society cases are for. */
export async function onFile(ctx: TestContext): Promise<{ id: string }> {
  const frontdesk = await ctx.signIn('frontdesk');
  // A person on file besides the organisation, as at a real front desk.
  await ctx.request({ method: 'POST', url: '/api/applicants', cookie: frontdesk, idempotencyKey: true, body: { kind: 'person', idNumber: idOf('37098219650708101'), name: '王建国', phone: '13905380001', address: '新泰市青云街道' } });
  const uscc = `52370982MJD${String(654321).padStart(6, '0')}`;
  const org = await ctx.request({
    method: 'POST',
    url: '/api/applicants',
    cookie: frontdesk,
    idempotencyKey: true,
    body: { kind: 'organisation', uscc: uscc + usccCheckChar(uscc), name: '新泰市书法家协会筹备组', legalRepresentative: '王建国', phone: '13905380002', address: '新泰市青云街道' },
  });
  assert.equal(org.statusCode, 201, org.body);
  return org.json();
}
