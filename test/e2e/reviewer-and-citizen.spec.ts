/**
 * What the front line sees (issue 13): a reviewer opens a review task from the inbox — whose
 * action column is in sight on a 1366×768 screen — and reads the application form under its
 * labels and the materials; the applicant's /query tells the steps in their words, without the
 * back office's; the issuance window prints a 送达回证 for the result.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { publishNextYearCalendar, screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 8181}`;
const shots = (name: string) => (process.env.E2E_SHOTS_DIR ? `${process.env.E2E_SHOTS_DIR}/${name}` : screenshotPath(name));

interface Created {
  id: string;
  caseNo: string;
  queryPassword: string;
}

let created: Created;

async function signedIn(request: APIRequestContext, username: string): Promise<void> {
  expect((await request.post('/api/auth/login', { data: { username, password: 'demo1234' } })).ok()).toBe(true);
}

/** One 无犯罪记录证明开具 accepted at the front desk: a task waits in the public-security inbox. */
test.beforeAll(async ({ playwright }) => {
  await publishNextYearCalendar(playwright);

  const desk = await playwright.request.newContext({ baseURL: base });
  await signedIn(desk, 'frontdesk');
  const first17 = `37098219850312${String((Date.now() % 900) + 100)}`;
  const idNumber = first17 + residentIdCheckChar(first17)!;
  const applicant = await desk.post('/api/applicants', { headers: { 'idempotency-key': `e2e-h1-applicant-${first17}` }, data: { kind: 'person', idNumber, name: '赵春华', phone: '13905384444', address: '新泰市青云街道' } });
  expect(applicant.status(), await applicant.text()).toBe(201);
  const accepted = await desk.post('/api/cases', {
    headers: { 'idempotency-key': `e2e-h1-case-${first17}` },
    data: {
      itemCode: '370982-GA-007',
      applicantId: (await applicant.json()).id,
      channel: 'window',
      form: { applicant_name: '赵春华', id_number: idNumber, phone: '13905384444', certificate_purpose: '出国(境)' },
      materials: [{ key: 'id_card', state: 'provided' }],
      decision: 'accept',
    },
  });
  expect(accepted.status(), await accepted.text()).toBe(201);
  created = await accepted.json();
  await desk.dispose();
});

test('a reviewer claims from the inbox at 1366×768 and reads the form and materials they decide on', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'reviewer.ga');
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '部门待办' }).click();
  const row = page.getByTestId(`inbox-row-${created.caseNo}`);
  await expect(row).toBeVisible();
  // The action column is in sight without scrolling sideways.
  const claim = row.locator('[data-action="claim"]');
  await expect(claim).toBeInViewport({ ratio: 1 });
  const box = await claim.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(1366);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  await page.screenshot({ path: shots('h1-inbox-1366.png') });
  await claim.click();
  await expect(row.locator('[data-action="claim"]')).toHaveCount(0);

  await row.getByRole('link', { name: created.caseNo }).click();
  const form = page.getByTestId('section-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText('证明用途');
  await expect(form.getByTestId('form-certificate_purpose')).toHaveText('出国(境)');
  await expect(form.getByTestId('form-applicant_name')).toHaveText('赵春华');
  // The resident ID stays masked, as everywhere the form is read.
  await expect(form.getByTestId('form-id_number')).toHaveText(/^\d{6}\*+\d{3}[\dX]$/);
  const material = page.getByTestId('material-id_card');
  await expect(material).toContainText('居民身份证');
  await expect(material).toContainText('原件 1 份');
  await expect(page.getByTestId('task-新泰市公安局').getByRole('button', { name: '同意', exact: true })).toBeVisible();
  await page.screenshot({ path: shots('h1-case-review-1366.png'), fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: shots('h1-case-review-1920.png'), fullPage: true });

  await page.getByTestId('task-新泰市公安局').getByRole('button', { name: '同意', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').first().fill('经核查,无犯罪记录');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-status', 'concluded');
  expect(errors).toEqual([]);
});

test('the applicant’s /query tells the steps in their words, and where to collect the result', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto(`/query?caseNo=${created.caseNo}`);
  await page.getByTestId('query-password-input').fill(created.queryPassword);
  await page.getByTestId('query-submit').click();
  const steps = page.getByTestId('query-steps');
  await expect(steps).toBeVisible();
  await expect(page.getByTestId('query-step')).toHaveText([/已收到您的申请/, /已受理/, /正在审查/, /已作出决定:准予/]);
  await expect(page.getByTestId('query-status')).toHaveText('已办结,待领取');
  await expect(page.getByTestId('query-collect')).toContainText('政务服务中心');
  const said = await page.getByTestId('query-result').innerText();
  for (const internal of ['签收', '同意', '部门审查', '预警', '开始审查', '经核查', '周伟', '李娜', 'task.', 'clock.']) expect(said).not.toContain(internal);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: shots('h1-query-375.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the issuance window prints a 送达回证 for the applicant to sign', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'issuer');
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '统一出件' }).click();
  const row = page.getByTestId(`issuance-row-${created.caseNo}`);
  await expect(row).toBeVisible();
  const open = row.getByRole('button', { name: '出件' });
  await open.scrollIntoViewIfNeeded();
  await expect(open).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: shots('h1-issuance-1366.png') });
  await open.click();
  const receipt = page.getByTestId('issuance-selected').getByTestId('notice-receipt');
  await expect(receipt).toBeVisible();
  await page.goto(`/cases/${created.id}/print/receipt`);
  await expect(page.getByTestId('receipt-case-no')).toHaveText(created.caseNo);
  await expect(page.getByTestId('receipt-signatures')).toContainText('受送达人(签名或盖章)');
  await expect(page.getByTestId('print-button')).toBeEnabled();
  await page.screenshot({ path: shots('h1-print-receipt.png'), fullPage: true });
});
