/**
 * 开办餐饮店一件事 (企业设立登记 + 公章刻制备案 + 食品经营许可): the bundle does not ask for the
 * USCC or the 营业执照 it creates; the registration's approval assigns the USCC (GB 32100, 91 +
 * the registering county) that goes on the form of the bundle and its children; the food licence
 * waits for it and is held by the new organisation, which shows in the 证照库 for later cases.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { isValidOrganisationCode, isValidUscc } from '../src/domain/uscc.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { completeForm } from './support/forms.ts';

const bundleCode = '370982-YJS-002';
type Child = { id: string; itemCode: string; itemName: string; status: string };

for (const backend of testBackends()) {
  describe(`a bundle that creates a business (${backend.name})`, () => {
    let ctx: TestContext;
    let serial = 300;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const request = async (method: 'GET' | 'POST', url: string, user: string, body?: Record<string, unknown>) => ctx.request({ method, url, cookie: await ctx.signIn(user), ...(body ? { body, idempotencyKey: randomUUID() } : {}) });
    const view = async (id: string, user = 'frontdesk') => {
      const response = await request('GET', `/api/cases/${id}`, user);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const approve = async (childId: string, user: string) => {
      const detail = await view(childId, user);
      const task = detail.tasks.find((t: { status: string }) => ['pending', 'claimed'].includes(t.status));
      const response = await request('POST', `/api/cases/${childId}/tasks/${task.id}/actions`, user, { action: 'approve', opinion: '同意' });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    /** A person at the desk applies for the bundle with every material handed in; returns the parent case. */
    const applyForRestaurant = async (orgName: string) => {
      const first17 = `37098219880203${serial++}`;
      const person = await request('POST', '/api/applicants', 'frontdesk', { kind: 'person', idNumber: first17 + residentIdCheckChar(first17), name: '李晓梅', phone: '13905381234', address: '新泰市青云街道' });
      assert.equal(person.statusCode, 201, person.body);
      const bundle = (await request('GET', `/api/bundles/${bundleCode}`, 'frontdesk')).json();
      const materials = bundle.merged.materials
        .filter((m: { neededBy: string[]; scenariosByItem: Record<string, string[]> }) => m.neededBy.some((code) => !(code in m.scenariosByItem)))
        .map((m: { key: string }) => ({ key: m.key, state: 'provided' }));
      const form = completeForm(bundle.merged.formFields, { org_name: orgName, legal_representative: '李晓梅', business_premises: '新泰市青云街道府前街 8 号', food_business_type: '餐饮服务' });
      const created = await request('POST', '/api/cases', 'frontdesk', { bundleCode, applicantId: person.json().id, channel: 'window', form, materials, decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      return { parent: created.json(), person: person.json() as { id: string; name: string } };
    };

    test("the demo's departments carry government-organ USCCs (11 + 新泰市) with both check characters right", async () => {
      const departments = (await request('GET', '/api/departments', 'admin')).json() as { name: string; uscc: string }[];
      assert.ok(departments.length >= 8);
      for (const d of departments) {
        assert.match(d.uscc, /^11370982/, d.name);
        assert.ok(isValidUscc(d.uscc) && isValidOrganisationCode(d.uscc.slice(8, 17)), `${d.name} ${d.uscc}`);
      }
    });

    test('the intake asks for neither the USCC nor the 营业执照 that the bundle itself creates', async () => {
      const bundle = (await request('GET', `/api/bundles/${bundleCode}`, 'frontdesk')).json();
      assert.deepEqual(bundle.merged.registration, { implementationCode: '370982-SCJG-001', name: '企业设立登记', licenceType: '营业执照', kind: 'company' });
      assert.ok(!bundle.merged.formFields.some((f: { key: string }) => f.key === 'uscc'), 'no USCC field to fill in');
      assert.ok(!bundle.merged.materials.some((m: { key: string }) => m.key === 'business_licence'), 'no 营业执照 to hand in');
      assert.deepEqual(
        bundle.merged.produced.formFields.map((f: { key: string }) => f.key),
        ['uscc'],
      );
      assert.deepEqual(
        bundle.merged.produced.materials.map((m: { key: string; neededBy: string[] }) => [m.key, m.neededBy]),
        [['business_licence', ['370982-GA-004', '370982-SCJG-003']]],
      );

      // An intake that gives a USCC anyway is told the form has no such field.
      const first17 = `37098219880203${serial++}`;
      const person = (await request('POST', '/api/applicants', 'frontdesk', { kind: 'person', idNumber: first17 + residentIdCheckChar(first17), name: '张伟', phone: '13905385678', address: '新泰' })).json();
      const form = { ...completeForm(bundle.merged.formFields), uscc: '91350100M000100Y43' };
      const refused = await request('POST', '/api/cases', 'frontdesk', { bundleCode, applicantId: person.id, channel: 'window', form, materials: [], decision: 'correction' });
      assert.equal(refused.statusCode, 422, refused.body);
    });

    test('registration approved: the USCC is on the forms, the food licence is decided and held by the new organisation', async () => {
      const { parent, person } = await applyForRestaurant('新泰市晓梅餐饮有限公司');
      assert.equal(parent.status, 'in_review');
      const children = parent.children as Child[];
      const [registration, seal, food] = ['370982-SCJG-001', '370982-GA-004', '370982-SCJG-003'].map((code) => children.find((c) => c.itemCode === code)!);
      const foodBefore = await view(food!.id, 'reviewer.scjg');
      assert.equal(foodBefore.awaitsRegistration, true);
      assert.equal(foodBefore.form.uscc, undefined, 'no USCC before the registration is approved');
      const licenceRow = foodBefore.materials.find((m: { key: string }) => m.key === 'business_licence');
      assert.equal(licenceRow.state, 'licence');
      assert.match(licenceRow.note, /企业设立登记核准后生成/);

      // The food department finishes its review first: the case waits for the registration.
      await approve(food!.id, 'reviewer.scjg');
      assert.equal((await view(food!.id)).status, 'in_review', 'not decided before the business exists');
      await approve(seal!.id, 'reviewer.ga');
      assert.equal((await view(seal!.id)).status, 'in_review');

      await approve(registration!.id, 'reviewer.scjg');
      const after = await view(parent.id);
      const uscc = after.form.uscc as string;
      assert.match(uscc, /^91370982MA/, 'a company registered in 新泰市 (370982)');
      assert.ok(isValidUscc(uscc) && isValidOrganisationCode(uscc.slice(8, 17)), uscc);
      assert.equal(after.status, 'concluded', 'the waiting children were decided with the registration');
      for (const child of children) {
        const detail = await view(child.id);
        assert.equal(detail.form.uscc, uscc, child.itemName);
        assert.equal(detail.status, 'concluded');
        assert.equal(detail.awaitsRegistration, false);
      }
      assert.ok(after.actions.some((a: { action: string; payload: { uscc?: string } }) => a.action === 'subject_registered' && a.payload.uscc === uscc));

      const lookup = await request('POST', '/api/applicants/lookup', 'frontdesk', { uscc });
      const [organisation] = lookup.json();
      assert.equal(organisation.kind, 'organisation');
      assert.equal(organisation.name, '新泰市晓梅餐饮有限公司');
      assert.equal(organisation.legalRepresentative, '李晓梅');

      const issued = await request('POST', `/api/cases/${parent.id}/actions`, 'issuer', { action: 'deliver', method: 'e_licence' });
      assert.equal(issued.statusCode, 200, issued.body);
      const held = (await request('GET', `/api/applicants/${organisation.id}/licences`, 'frontdesk')).json() as { licenceType: string; number: string }[];
      assert.ok(
        held.some((l) => l.licenceType.startsWith('营业执照')),
        JSON.stringify(held),
      );
      assert.ok(
        held.some((l) => l.licenceType === '食品经营许可证'),
        JSON.stringify(held),
      );
      const personHeld = (await request('GET', `/api/applicants/${person.id}/licences`, 'frontdesk')).json() as unknown[];
      assert.deepEqual(personHeld, [], "the person at the desk holds none of the business's licences");
      const food_ = held.find((l) => l.licenceType === '食品经营许可证')!;
      const verified = (await ctx.request({ method: 'GET', url: `/api/licences/${food_.number}/verify` })).json();
      assert.equal(verified.valid, true, JSON.stringify(verified));
      assert.equal(verified.licence.holderName, '新泰市晓梅餐饮有限公司');
      assert.equal(verified.licence.holderRef, uscc);
    });

    test('registration rejected: the children that needed the business are terminated and the bundle is not granted', async () => {
      const { parent } = await applyForRestaurant('新泰市未登记餐饮有限公司');
      const children = parent.children as Child[];
      const registration = children.find((c) => c.itemCode === '370982-SCJG-001')!;
      const detail = await view(registration.id, 'reviewer.scjg');
      const task = detail.tasks.find((t: { status: string }) => t.status === 'pending');
      const rejected = await request('POST', `/api/cases/${registration.id}/tasks/${task.id}/actions`, 'reviewer.scjg', { action: 'reject', opinion: '企业名称与已登记名称近似' });
      assert.equal(rejected.statusCode, 200, rejected.body);
      for (const child of children.filter((c) => c.id !== registration.id)) {
        const c = await view(child.id);
        assert.equal(c.status, 'terminated', child.itemName);
        assert.match(c.outcomeReason, /企业设立登记未获准予/);
      }
      const after = await view(parent.id);
      assert.equal(after.status, 'concluded');
      assert.equal(after.outcome, 'rejected');
      assert.equal(after.form.uscc, undefined);
    });
  });
}
