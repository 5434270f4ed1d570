/**
 * 好差评 in the browser: (a) a visit at the window rated 非常不满意 on the window's pad, with a tag and a
 * comment, real-name, and the pad thanks the visitor and waits again; (b) a case concluded at the
 * window, its SMS invitation's link (read from the message log) opened on a phone, rated, and the
 * rating shown with 修改.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { completeForm } from '../support/forms.ts';
import { bind, clearWindowQueue, screenshotPath, signIn, signInByCode, watchPageErrors } from './helpers.ts';

const cityCenter = '新泰市政务服务中心';
const residentId = (first17: string) => first17 + residentIdCheckChar(first17)!;

async function takeWindow(page: Page, number: number): Promise<void> {
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '窗口叫号' }).click();
  await page.getByTestId('window-select').click();
  await page.locator(`.ant-select-item-option[title^="${number} 号 · "]`).click();
  // Taken already (an earlier journey, or clearWindowQueue): the window's calls show; else open it.
  await expect(page.getByTestId('open-window').or(page.getByTestId('call-next'))).toBeVisible();
  if (await page.getByTestId('open-window').isVisible()) await page.getByTestId('open-window').click();
  await expect(page.getByTestId('call-next')).toBeVisible();
}

async function windowSix(api: Page['request'], center: string): Promise<string> {
  const windows = (await (await api.get(`/api/windows?centerId=${center}`)).json()) as { id: string; number: number }[];
  return windows.find((w) => w.number === 6)!.id;
}

test('(a) a visit served at window 6 is rated 非常不满意 on the pad, with a tag and a comment, real-name', async ({ page, request }) => {
  const errors = watchPageErrors(page);
  const centers = (await (await request.get('/api/hall/centers')).json()) as { id: string; name: string }[];
  const center = centers.find((c) => c.name === cityCenter)!.id;
  await signIn(page, 'frontdesk');
  await clearWindowQueue(page.request, await windowSix(page.request, center));
  const issued = await request.post(`/api/centers/${center}/tickets`, { data: { classCode: 'D' } });
  expect(issued.status()).toBe(201);
  const ticket = (await issued.json()) as { id: string; number: string };

  await takeWindow(page, 6);
  await page.getByTestId('call-next').click();
  await expect(page.getByTestId('current-number')).toHaveText(ticket.number);
  await page.getByTestId('ticket-serve').click();
  await expect(page.getByTestId('current-ticket')).toHaveAttribute('data-status', 'serving');

  // The window's tablet: the same window, remembered; the visit just served is waiting for its rating.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/pad');
  await expect(page.getByText(`号码 ${ticket.number}`)).toBeVisible();
  await expect(page.getByTestId('level-very_dissatisfied')).toBeVisible();
  await page.screenshot({ path: screenshotPath('rating-pad-levels-1366.png') });
  await page.getByTestId('level-very_dissatisfied').click();
  await page.getByTestId('tag-attitude').click();
  await expect(page.getByTestId('tag-attitude')).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('textbox', { name: '评价内容' }).fill('等了很久,窗口人员态度不好');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: screenshotPath('rating-pad-bad-1024.png'), fullPage: true });
  const [saved] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/ratings/pad/') && r.request().method() === 'POST'), page.getByTestId('submit-rating').click()]);
  expect(saved.status(), await saved.text()).toBe(200);
  const rating = (await saved.json()) as { level: string; tags: string[]; anonymous: boolean; rectificationState: string; staffName: string; ticketNumber: string };
  expect([rating.level, rating.tags, rating.anonymous, rating.rectificationState, rating.ticketNumber]).toEqual(['very_dissatisfied', ['attitude'], false, 'open', ticket.number]);
  await expect(page.getByTestId('pad-thanks')).toHaveText(/感谢您的评价/);
  await page.screenshot({ path: screenshotPath('rating-pad-thanks-1024.png') });
  // Back to waiting: nothing left to rate at the window.
  await page.getByRole('button', { name: '返回' }).click();
  await expect(page.getByTestId('pad-waiting')).toHaveText('请办理完毕后评价');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: screenshotPath('rating-pad-waiting-1366.png') });

  // The supervisor reads it with the clerk named and the rater shown (real-name).
  const supervisor = await page.context().browser()!.newPage();
  await signIn(supervisor, 'supervisor');
  const listed = (await (await supervisor.request.get('/api/ratings?bad=true')).json()) as { rows: { ticketNumber: string; applicantName: string | null; staffName: string; comment: string }[] };
  const row = listed.rows.find((r) => r.ticketNumber === ticket.number)!;
  expect([row.staffName, row.comment]).toEqual(['综合受理员 李娜', '等了很久,窗口人员态度不好']);
  await supervisor.close();
  expect(errors).toEqual([]);
});

/** A case of 老年人优待证 decided on the spot at the window, for `applicantId` (a new person when absent). */
async function concludedCase(browser: Browser, key: string, applicantId?: string): Promise<{ id: string; caseNo: string }> {
  const staff = await browser.newPage();
  await signIn(staff, 'frontdesk');
  let applicant = applicantId;
  if (!applicant) {
    const person = await staff.request.post('/api/applicants', {
      data: { kind: 'person', idNumber: residentId('37098219660606123'), name: '王评价', phone: '13905386611', address: '新泰市青云街道' },
      headers: { 'idempotency-key': `rating-e2e-person-${key}` },
    });
    expect(person.status(), await person.text()).toBe(201);
    applicant = ((await person.json()) as { id: string }).id;
  }
  const item = (await (await staff.request.get('/api/items/370982-MZ-004')).json()) as { content: { formFields: Parameters<typeof completeForm>[0]; materials: { key: string; required: boolean; scenarios: string[] }[] } };
  const created = await staff.request.post('/api/cases', {
    data: {
      itemCode: '370982-MZ-004',
      applicantId: applicant,
      channel: 'window',
      form: completeForm(item.content.formFields),
      materials: item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' })),
      decision: 'accept',
    },
    headers: { 'idempotency-key': `rating-e2e-case-${key}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  const c = (await created.json()) as { id: string; caseNo: string };
  const decided = await staff.request.post(`/api/cases/${c.id}/actions`, { data: { action: 'decide_on_spot' }, headers: { 'idempotency-key': `rating-e2e-decide-${key}` } });
  expect(decided.status(), await decided.text()).toBe(200);
  await staff.close();
  return c;
}

test('(b) the SMS invitation’s link opens the citizen’s rating page on a phone: rated, shown, 修改 offered', async ({ page, browser }) => {
  // A case concluded at the window: the consumer writes the invitation with its token link.
  const c = await concludedCase(browser, 'sms');

  const admin = await browser.newPage();
  await signIn(admin, 'admin');
  const linkOf = async () => {
    const messages = (await (await admin.request.get('/api/notification-messages?event=rating_invitation&limit=200')).json()) as { body: string }[];
    return /\/rate\/([\w-]{22})/.exec(messages.find((m) => m.body.includes(c.caseNo))?.body ?? '')?.[1] ?? null;
  };
  await expect.poll(linkOf, { timeout: 30_000 }).not.toBeNull();
  const token = (await linkOf())!;
  await admin.close();

  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto(`/rate/${token}`);
  await expect(page.getByText(`办件编号:${c.caseNo}`)).toBeVisible();
  await expect(page.getByText('申请人:王**')).toBeVisible();
  await page.screenshot({ path: screenshotPath('rating-citizen-375.png'), fullPage: true });
  await page.getByTestId('level-satisfied').click();
  await page.getByTestId('tag-fast').click();
  await page.screenshot({ path: screenshotPath('rating-citizen-form-375.png'), fullPage: true });
  await page.getByTestId('submit-rating').click();
  await expect(page.getByTestId('rate-thanks')).toBeVisible();
  await expect(page.getByTestId('given-level')).toHaveText('满意');
  await expect(page.getByRole('button', { name: /修改/ })).toBeVisible();
  await page.screenshot({ path: screenshotPath('rating-citizen-done-375.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('(c) a citizen signed in online rates their own concluded case from its page; the administrator’s settings screen shows the defaults', async ({ page, browser }) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 375, height: 667 });
  await signInByCode(page, '13905386622');
  await bind(page, '李网评', residentId('37098219770707124'));
  const me = (await (await page.request.get('/api/applicant/me')).json()) as { person: { applicantId: string } };
  const c = await concludedCase(browser, 'online', me.person.applicantId);
  await page.goto(`/online/cases/${c.id}`);
  await page.getByTestId('case-rate').click();
  await expect(page.getByText(`办件编号:${c.caseNo}`)).toBeVisible();
  await page.getByTestId('level-very_satisfied').click();
  await page.getByTestId('anonymous').click();
  await page.getByTestId('submit-rating').click();
  await expect(page.getByTestId('given-level')).toHaveText('非常满意');
  await expect(page.getByText('匿名评价', { exact: true })).toBeVisible();
  await page.screenshot({ path: screenshotPath('rating-online-app-375.png'), fullPage: true });
  await page.getByText('← 返回办件').click();
  await expect(page.getByTestId('case-rating-level')).toHaveText('您的评价:非常满意');
  expect(errors).toEqual([]);

  const admin = await browser.newPage();
  await admin.setViewportSize({ width: 1366, height: 768 });
  await signIn(admin, 'admin');
  await admin.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '好差评设置' }).click();
  await expect(admin.getByTestId('quality-from')).toContainText('默认值');
  await expect(admin.getByText('15 工作日')).toBeVisible();
  await admin.screenshot({ path: screenshotPath('rating-settings-1366.png'), fullPage: true });
  await admin.close();
});

test('(d) the hall’s rating kiosk: the visitor types today’s ticket number and rates the visit, once', async ({ page, browser, request }) => {
  const centers = (await (await request.get('/api/hall/centers')).json()) as { id: string; name: string }[];
  const center = centers.find((c) => c.name === cityCenter)!.id;
  const clerk = await browser.newPage();
  await signIn(clerk, 'frontdesk');
  const six = await windowSix(clerk.request, center);
  await clearWindowQueue(clerk.request, six);
  const issued = (await (await request.post(`/api/centers/${center}/tickets`, { data: { classCode: 'D' } })).json()) as { id: string; number: string };
  const called = await clerk.request.post(`/api/windows/${six}/call-next`, { data: {}, headers: { 'idempotency-key': 'rating-e2e-call-6' } });
  expect(((await called.json()) as { ticket: { id: string } }).ticket.id).toBe(issued.id);
  expect((await clerk.request.post(`/api/tickets/${issued.id}/actions`, { data: { action: 'serve' }, headers: { 'idempotency-key': 'rating-e2e-serve-6' } })).status()).toBe(200);
  await clerk.close();

  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`/hall/rate/${center}`);
  await page.getByTestId('kiosk-rate-number').fill(issued.number.toLowerCase());
  await page.getByTestId('kiosk-rate-find').click();
  await expect(page.getByText(`号码 ${issued.number}`)).toBeVisible();
  await page.getByTestId('level-satisfied').click();
  await page.getByTestId('tag-friendly').click();
  await page.screenshot({ path: screenshotPath('rating-kiosk-1366.png') });
  await page.getByTestId('submit-rating').click();
  await expect(page.getByTestId('kiosk-rate-thanks')).toBeVisible();
  await page.getByRole('button', { name: '返回' }).click();
  await page.getByTestId('kiosk-rate-number').fill(issued.number);
  await page.getByTestId('kiosk-rate-find').click();
  await expect(page.getByText('该号已评价')).toBeVisible();
  expect(errors).toEqual([]);
});
