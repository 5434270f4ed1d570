/**
 * 电子监察 (issue 16, point 2): a 无犯罪记录证明 accepted at the front desk is returned to the applicant
 * for correction by the public-security reviewer — a correction after acceptance, which the one-time
 * notice (一次性告知) forbids. The alert job raises it to the supervisor (every few seconds here:
 * ALERT_INTERVAL_SECONDS in the config); the supervisor sees it with the case number linking to the
 * case; the department responds; the supervisor closes it with a verdict. Read at 1366×768 and on a
 * phone, in Chinese and in English.
 *
 * A red case (超期) needs its working days to pass, which a journey on today's clock cannot wait for:
 * test/alerts.test.ts raises it on a moved clock, and the demo history leaves red-case alerts on the page.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { publishNextYearCalendar, screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 8181}`;

let created: { id: string; caseNo: string };

async function signedIn(request: APIRequestContext, username: string): Promise<void> {
  expect((await request.post('/api/auth/login', { data: { username, password: 'demo1234' } })).ok()).toBe(true);
}

test.beforeAll(async ({ playwright }) => {
  await publishNextYearCalendar(playwright);
  const desk = await playwright.request.newContext({ baseURL: base });
  await signedIn(desk, 'frontdesk');
  const first17 = `37098219790521${String((Date.now() % 900) + 100)}`;
  const idNumber = first17 + residentIdCheckChar(first17)!;
  const applicant = await desk.post('/api/applicants', { headers: { 'idempotency-key': `e2e-alert-applicant-${first17}` }, data: { kind: 'person', idNumber, name: '钱晓梅', phone: '13905386611', address: '新泰市青云街道' } });
  expect(applicant.status(), await applicant.text()).toBe(201);
  const accepted = await desk.post('/api/cases', {
    headers: { 'idempotency-key': `e2e-alert-case-${first17}` },
    data: {
      itemCode: '370982-GA-007',
      applicantId: (await applicant.json()).id,
      channel: 'window',
      form: { applicant_name: '钱晓梅', id_number: idNumber, phone: '13905386611', certificate_purpose: '出国(境)' },
      materials: [{ key: 'id_card', state: 'provided' }],
      decision: 'accept',
    },
  });
  expect(accepted.status(), await accepted.text()).toBe(201);
  created = await accepted.json();
  await desk.dispose();

  // The department returns it for correction after acceptance.
  const ga = await playwright.request.newContext({ baseURL: base });
  await signedIn(ga, 'reviewer.ga');
  const view = await (await ga.get(`/api/cases/${created.id}`)).json();
  const task = view.tasks.find((t: { status: string }) => t.status === 'pending');
  const returned = await ga.post(`/api/cases/${created.id}/tasks/${task.id}/actions`, {
    headers: { 'idempotency-key': `e2e-alert-return-${created.id}` },
    data: { action: 'return_to_applicant', opinion: '照片不符合要求,请补交近期免冠照片' },
  });
  expect(returned.status(), await returned.text()).toBe(200);
  await ga.dispose();
});

async function openAlerts(page: Page): Promise<void> {
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '电子监察' }).click();
  await expect(page.getByRole('heading', { level: 3, name: '电子监察' })).toBeVisible();
}

const rowOf = (page: Page) => page.getByTestId(`alert-row-${created.caseNo}-correction_after_acceptance`);

test('the supervisor sees the alert, the department responds, the supervisor closes it with a verdict', async ({ browser }) => {
  // Two people's sessions and a wait for the job's next run: more than a one-person journey's time.
  test.slow();
  const supervisorContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const supervisor = await supervisorContext.newPage();
  const errors = watchPageErrors(supervisor);
  await signIn(supervisor, 'supervisor');
  await openAlerts(supervisor);
  // The job raises it within seconds: the list is refreshed until the row is there.
  await expect(async () => {
    await supervisor.getByRole('button', { name: '刷新' }).click();
    await expect(rowOf(supervisor)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const row = rowOf(supervisor);
  await expect(row).toContainText('受理后要求补正');
  await expect(row).toContainText('新泰市公安局');
  await expect(row).toContainText('待响应');
  await expect(row.getByRole('link', { name: created.caseNo })).toHaveAttribute('href', `/cases/${created.id}`);
  // The supervisor closes, never responds for the department.
  await expect(row.locator('[data-action="respond-alert"]')).toHaveCount(0);
  await expect(row.locator('[data-action="close-alert"]')).toBeInViewport({ ratio: 1 });
  expect(await supervisor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  await row.getByRole('button', { name: /展开|Expand/ }).click();
  await expect(supervisor.getByText('受理后退回补正')).toBeVisible();
  await supervisor.screenshot({ path: screenshotPath('alerts-supervisor-1366x768.png') });

  // The department responds.
  const gaContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const ga = await gaContext.newPage();
  const gaErrors = watchPageErrors(ga);
  await signIn(ga, 'reviewer.ga');
  await openAlerts(ga);
  const own = rowOf(ga);
  await expect(own).toBeVisible();
  await own.locator('[data-action="respond-alert"]').click();
  const respond = ga.getByTestId('modal-respond-alert');
  await expect(respond).toBeVisible();
  await respond.getByLabel('情况说明').fill('窗口受理时未核对照片规格,已对受理人员进行提醒,今后受理时一次性告知');
  await ga.screenshot({ path: screenshotPath('alerts-respond-1366x768.png') });
  await ga.locator('.ant-modal-footer').getByRole('button', { name: '响应说明' }).click();
  await expect(respond).toBeHidden();
  await expect(own).toContainText('已响应');
  await expect(own.locator('[data-action="respond-alert"]')).toHaveCount(0);

  // The supervisor closes it with a verdict.
  await supervisor.getByRole('button', { name: '刷新' }).click();
  await expect(row).toContainText('已响应');
  await row.locator('[data-action="close-alert"]').click();
  const close = supervisor.getByTestId('modal-close-alert');
  await expect(close).toBeVisible();
  await expect(close).toContainText('窗口受理时未核对照片规格');
  await close.getByLabel('督查意见').fill('情况属实,已督促整改');
  await supervisor.locator('.ant-modal-footer').getByRole('button', { name: '办结' }).click();
  await expect(close).toBeHidden();
  await expect(row).toContainText('已办结');
  await expect(supervisor.getByTestId('alert-verdict')).toContainText('情况属实,理由成立');
  await supervisor.screenshot({ path: screenshotPath('alerts-closed-1366x768.png'), fullPage: true });

  // In English, and on a phone.
  await supervisor.getByText('English', { exact: true }).click();
  await expect(supervisor.getByRole('heading', { level: 3, name: 'Supervision alerts' })).toBeVisible();
  await expect(row).toContainText('Correction asked after acceptance');
  await supervisor.screenshot({ path: screenshotPath('alerts-english-1366x768.png') });
  await supervisor.getByText('中文', { exact: true }).click();
  await supervisor.setViewportSize({ width: 375, height: 667 });
  await expect(supervisor.getByRole('heading', { level: 3, name: '电子监察' })).toBeVisible();
  await supervisor.screenshot({ path: screenshotPath('alerts-phone-375x667.png'), fullPage: true });

  expect(errors).toEqual([]);
  expect(gaErrors).toEqual([]);
  await supervisorContext.close();
  await gaContext.close();
});
