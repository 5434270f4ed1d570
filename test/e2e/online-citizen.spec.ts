/**
 * Issue 14, point 7(a): the whole citizen path of 一网通办 on a phone (375×667), through the
 * citizen's own pages. A citizen signs in by text-message code (the demo server shows it), binds
 * name and resident ID, applies online for 失业保险金申领 (web/mobile, zero visits), fills the form,
 * uploads the materials, asks for the result by express and submits. The RS department's reviewer
 * gives ONE correction notice in 网上预审 naming one material; the citizen sees it on the case page,
 * uploads the corrected file and resubmits; the reviewer accepts. Review and conclusion, and the
 * issuance window's express delivery with a tracking number, are driven through the staff API (as
 * agent.spec.ts does). The citizen's case page then shows the tracking number and the steps in plain
 * words, and the case's visits are 0 on both sides.
 */
import { expect, test, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { publishNextYearCalendar, screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
const phoneViewport = { width: 375, height: 667 };

async function noOverflow(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phoneViewport.width);
}

async function upload(page: Page, key: string, name: string, label: string): Promise<void> {
  const row = page.getByTestId(`material-${key}`);
  await row.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(label) });
  await expect(row.getByText(name)).toBeVisible();
}

test.use({ viewport: phoneViewport, isMobile: true, hasTouch: true });

test.beforeAll(async ({ playwright }) => {
  await publishNextYearCalendar(playwright);
});

test('a citizen applies online on a phone, answers one correction and receives the result by express with zero visits', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const errors = watchPageErrors(page);
  const residentId = idOf('37098219880412203');

  // Sign in by code, then bind name and resident ID.
  await page.goto('/online/login');
  await page.getByTestId('online-phone').fill('13905386601');
  await page.getByTestId('online-send-code').click();
  const demo = page.getByTestId('online-demo-code');
  await expect(demo).toBeVisible();
  await page.getByTestId('online-code').fill((await demo.getAttribute('data-code'))!);
  await page.getByTestId('online-sign-in').click();
  await expect(page.getByTestId('binding-state')).toHaveAttribute('data-state', 'unbound');
  await page.getByTestId('bind-name').fill('周明远');
  await page.getByTestId('bind-resident-id').fill(residentId);
  await page.getByTestId('bind-submit').click();
  await expect(page.getByTestId('binding-state')).toHaveAttribute('data-state', 'unverified');
  await page.screenshot({ path: screenshotPath('online-citizen-1-bound.png'), fullPage: true });

  // From the account to 我要办 by the header, as a citizen would: find the item and start a draft.
  await noOverflow(page);
  await page.getByTestId('online-nav-apply').click();
  await expect(page.getByRole('heading', { name: '我要办' })).toBeVisible();
  await page.getByRole('searchbox').fill('失业保险金');
  await page.getByRole('button', { name: '搜索' }).click();
  const item = page.getByTestId('online-item-370982-RS-008');
  await expect(item).toBeVisible();
  await noOverflow(page);
  await page.screenshot({ path: screenshotPath('online-citizen-2-picker.png'), fullPage: true });
  await item.getByRole('button', { name: '网上申请' }).click();
  await expect(page).toHaveURL(/\/online\/apply\/[^/]+$/);
  await expect(page.getByRole('heading', { name: '失业保险金申领' })).toBeVisible();

  // 一表申请: the profile filled the name and ID (shown masked, kept whole on the server); the citizen fills the rest.
  await expect(page.getByTestId('field-applicant_name')).toHaveValue('周明远');
  await expect(page.getByTestId('field-id_number')).toHaveValue(`370982********${residentId.slice(-4)}`);
  for (const [key, value] of Object.entries({ phone: '13905386601', address: '新泰市青云街道府前街8号', termination_date: '2026-10-31', bank_account: '6217000000000000001' })) {
    const field = page.getByTestId(`field-${key}`);
    if ((await field.inputValue()) === '') await field.fill(value);
  }

  // The materials: what the licence library or shared data supply is not asked for.
  await expect(page.getByTestId('material-social_security_record')).toContainText('共享');
  await expect(page.getByTestId('material-social_security_record').getByRole('button', { name: /上传/ })).toHaveCount(0);
  await upload(page, 'unemployment_claim_form', '失业保险金申领登记表.pdf', 'claim form');
  await upload(page, 'termination_proof', '解除劳动合同证明.pdf', 'termination proof, unstamped');
  for (const key of ['id_card', 'social_security_card']) {
    const row = page.getByTestId(`material-${key}`);
    if ((await row.locator('input[type=file]').count()) > 0) await upload(page, key, `${key}.pdf`, key);
  }

  // The result by express, to the address given.
  await page.getByTestId('delivery-address').fill('新泰市青云街道府前街8号');
  await page.getByTestId('delivery-recipient').fill('周明远');
  await page.getByTestId('delivery-phone').fill('13905386601');
  await noOverflow(page);
  await page.screenshot({ path: screenshotPath('online-citizen-3-apply.png'), fullPage: true });
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/online\/cases\/[^/]+$/);
  const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByTestId('case-status')).toHaveText('已提交,等待预审');
  const caseNo = (await page.getByTestId('case-no').getAttribute('data-case-no')) ?? '';
  expect(caseNo).not.toBe('');
  await page.screenshot({ path: screenshotPath('online-citizen-4-submitted.png'), fullPage: true });

  // 网上预审: the RS reviewer gives ONE correction notice naming the termination proof.
  const staff = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const staffErrors = watchPageErrors(staff);
  await signIn(staff, 'reviewer.rs');
  await staff.goto('/prereview');
  await staff.getByTestId(`prereview-open-${caseNo}`).click();
  const selected = staff.getByTestId('prereview-selected');
  await selected.getByTestId('unfit-termination_proof').check();
  await selected.getByTestId('prereview-note').fill('证明无单位盖章,请上传加盖公章的证明');
  await selected.getByTestId('prereview-correction').click();
  await expect(staff.getByTestId(`prereview-open-${caseNo}`)).toHaveCount(0);

  // The citizen sees the notice on the case page, uploads the stamped proof and resubmits.
  await page.reload();
  await expect(page.getByTestId('case-status')).toHaveText('待补正');
  const correction = page.getByTestId('correction');
  await expect(correction).toContainText('终止或者解除劳动关系证明');
  await expect(correction).toContainText('证明无单位盖章');
  await noOverflow(page);
  await page.screenshot({ path: screenshotPath('online-citizen-5-correction.png'), fullPage: true });
  const proof = correction.getByTestId('material-termination_proof');
  // The unfit file is what the notice was about: it stays on file, so no delete button offers otherwise.
  await expect(proof.getByRole('button', { name: '删除' })).toHaveCount(0);
  await proof.locator('input[type=file]').setInputFiles({ name: '盖章证明.pdf', mimeType: 'application/pdf', buffer: pdf('stamped termination proof') });
  await expect(proof.getByText('盖章证明.pdf')).toBeVisible();
  await page.getByTestId('resubmit').click();
  await expect(page.getByTestId('case-status')).toHaveText('已提交,等待预审');
  await expect(page.getByTestId('correction')).toHaveCount(0);

  // The reviewer accepts in 网上预审: the clock starts now.
  await staff.goto('/prereview');
  await staff.getByTestId(`prereview-open-${caseNo}`).click();
  await staff.getByTestId('prereview-selected').getByTestId('prereview-accept').click();
  await expect(staff.getByTestId(`prereview-open-${caseNo}`)).toHaveCount(0);

  // Review and conclusion through the staff API: every open task approved.
  for (let guard = 0; guard < 10; guard++) {
    const view = await staff.request.get(`/api/cases/${caseId}`);
    expect(view.status(), await view.text()).toBe(200);
    const open = ((await view.json()).tasks as { id: string; status: string }[]).filter((t) => ['pending', 'claimed'].includes(t.status));
    if (open.length === 0) break;
    for (const task of open) {
      const done = await staff.request.post(`/api/cases/${caseId}/tasks/${task.id}/actions`, { data: { action: 'approve', opinion: '同意' }, headers: { 'idempotency-key': `online-citizen-approve-${task.id}` } });
      expect(done.status(), await done.text()).toBe(200);
    }
  }
  await expect.poll(async () => (await (await staff.request.get(`/api/cases/${caseId}`)).json()).status).toBe('concluded');
  await staff.close();

  // The issuance window sends it by express with a tracking number.
  const issuer = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(issuer, 'issuer');
  const delivered = await issuer.request.post(`/api/cases/${caseId}/actions`, {
    data: { action: 'deliver', method: 'express', express: { company: '中国邮政EMS', trackingNo: 'EMS9876543210', address: '新泰市青云街道府前街8号' } },
    headers: { 'idempotency-key': `online-citizen-deliver-${caseId}` },
  });
  expect(delivered.status(), await delivered.text()).toBe(200);
  const staffView = await (await issuer.request.get(`/api/cases/${caseId}`)).json();
  expect(staffView.status).toBe('delivered');
  expect(staffView.visitLog).toEqual([]);
  await issuer.close();

  // The citizen's case page: the tracking number, the steps in plain words, zero visits.
  await page.reload();
  await expect(page.getByTestId('case-status')).toHaveText('已送达');
  await expect(page.getByTestId('tracking-no')).toHaveText('中国邮政EMS 快递单号:EMS9876543210');
  for (const step of ['已提交', '需补正', '已补正', '已受理', '已办结', '已送达']) await expect(page.getByText(step, { exact: true }).first()).toBeVisible();
  await expect(page.locator('.ant-steps-item').last(), 'the last step is done, not still in progress').toHaveClass(/ant-steps-item-finish/);
  await expect(page.getByTestId('visits')).toHaveText('0');
  await noOverflow(page);
  await page.screenshot({ path: screenshotPath('online-citizen-6-delivered.png'), fullPage: true });
  // The same page in English, and on a desktop.
  await page.getByText('English', { exact: true }).first().click();
  await expect(page.getByTestId('case-status')).toHaveText('Delivered');
  await expect(page.getByTestId('tracking-no')).toHaveText('中国邮政EMS tracking number: EMS9876543210');
  await noOverflow(page);
  await page.screenshot({ path: screenshotPath('online-citizen-6-delivered-en.png'), fullPage: true });
  await page.getByText('中文', { exact: true }).first().click();
  await expect(page.getByTestId('case-status')).toHaveText('已送达');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: screenshotPath('online-citizen-6-delivered-desktop.png'), fullPage: true });
  await page.setViewportSize(phoneViewport);

  // 我的办件 lists it as delivered; the account is a tap away.
  await page.getByRole('link', { name: '我的办件' }).first().click();
  await expect(page.getByTestId(`my-case-${caseId}`)).toContainText('已送达');
  await noOverflow(page);
  await page.screenshot({ path: screenshotPath('online-citizen-7-mine.png'), fullPage: true });
  await page.getByTestId('online-nav-account').click();
  await expect(page.getByTestId('binding-state')).toHaveAttribute('data-state', 'unverified');

  // Signed out, 我的办件 asks to sign in, and the sign-in comes back to it.
  await page.getByTestId('online-sign-out').click();
  await expect(page.getByTestId('online-phone')).toBeVisible();
  await page.goto('/online/cases');
  await page.getByRole('link', { name: '登录后办理' }).click();
  await expect(page).toHaveURL(/\/online\/login\?next=%2Fonline%2Fcases$/);
  await page.getByTestId('online-phone').fill('13905386601');
  // One code a minute per number: when the first was sent less than a minute ago the page counts
  // down, and the button comes back when another may be sent.
  const send = page.getByTestId('online-send-code');
  const demoAgain = page.getByTestId('online-demo-code');
  await send.click();
  await expect(send).toContainText('秒后重新获取');
  if (!(await demoAgain.isVisible())) {
    await expect(send).toBeEnabled({ timeout: 70_000 });
    await send.click();
  }
  await expect(demoAgain).toBeVisible();
  await page.getByTestId('online-code').fill((await demoAgain.getAttribute('data-code'))!);
  await page.getByTestId('online-sign-in').click();
  await expect(page).toHaveURL(/\/online\/cases$/);
  await expect(page.getByTestId(`my-case-${caseId}`)).toContainText('已送达');
  expect(errors).toEqual([]);
  expect(staffErrors).toEqual([]);
});
