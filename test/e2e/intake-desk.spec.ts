/**
 * The front desk walked for real (issue 13): an instant item accepted with F9 and decided on the
 * spot, 下一位 with F8; a 容缺 material's default due date that the server accepts; a 17-digit ID
 * said next to the box (not looked up as a phone); a card reader typing fast, also before the page
 * has finished loading.
 */
import { expect, test, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { usccCheckChar } from '../../src/domain/uscc.ts';
import { fillRemaining, pick, publishNextYearCalendar, signIn, watchPageErrors } from './helpers.ts';

const residentId = (first17: string) => first17 + residentIdCheckChar(first17)!;
const uscc = (first17: string) => first17 + usccCheckChar(first17)!;

test.beforeAll(({ playwright }) => publishNextYearCalendar(playwright));

async function openIntake(page: Page): Promise<void> {
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '综合受理' }).click();
  await expect(page.getByTestId('applicant-lookup')).toBeFocused();
}

async function register(page: Page, details: Record<string, string>): Promise<void> {
  const form = page.getByTestId('applicant-register-form');
  await expect(form).toBeVisible();
  for (const [testId, value] of Object.entries(details)) await page.getByTestId(testId).fill(value);
  await page.getByTestId('applicant-register').click();
  await expect(page.getByTestId('applicant-card')).toBeVisible();
}

test('an instant item is accepted (F9) and decided on the spot at the desk; a 17-digit ID is said by the box; a reader types fast; F8 is the next applicant', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'frontdesk');
  await openIntake(page);
  const box = page.getByTestId('applicant-lookup');
  const id = residentId('37098219520304201');

  // One digit short: the box says so, and nothing is looked up as a phone number.
  await box.fill(id.slice(0, 17));
  await box.press('Enter');
  const problem = page.getByTestId('applicant-lookup-problem');
  await expect(problem).toHaveAttribute('data-problem', 'id_length');
  await expect(problem).toContainText('应为18位,现为17位');
  await expect(problem).toContainText('不是手机号');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('applicant-register-form')).toBeHidden();
  await page.screenshot({ path: '/work/wt/shots/h2-id-17-digits-1366.png' });

  // A card reader: the 18 characters and Enter, as fast as keys go.
  await box.fill('');
  await page.keyboard.type(id, { delay: 0 });
  await page.keyboard.press('Enter');
  await register(page, { 'register-name': '赵秀英', 'register-phone': '13905387001', 'register-address': '新泰市青云街道' });

  await pick(page, '老年人优待证', '老年人优待证办理');
  await page.getByTestId('materials-rest-provided').click();
  await fillRemaining(page);
  const accept = page.getByTestId('intake-accept');
  await expect(accept).toContainText('F9');
  await expect(accept).toBeEnabled();
  await page.keyboard.press('F9');

  const result = page.getByTestId('intake-result');
  await expect(result.getByTestId('result-status')).toHaveAttribute('data-status', 'accepted');
  const spot = page.getByTestId('on-the-spot');
  await expect(spot).toBeVisible();
  await expect(page.getByTestId('spot-approve')).toBeFocused();
  await page.screenshot({ path: '/work/wt/shots/h2-instant-accepted-1366.png' });
  await page.getByTestId('spot-approve').click();
  await expect(result.getByTestId('result-status')).toHaveAttribute('data-status', 'concluded');
  await expect(page.getByTestId('result-title')).toHaveText('已当场办结');
  await expect(spot).toBeHidden();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: '/work/wt/shots/h2-instant-concluded-1920.png', fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });

  const caseNo = ((await result.getByTestId('result-case-no').textContent()) ?? '').trim();
  expect(caseNo).toMatch(/^370982\d{14}$/);

  await expect(page.getByTestId('next-applicant')).toContainText('F8');
  await page.keyboard.press('F8');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  expect(errors).toEqual([]);
});

test('keys a reader types before the page has finished loading are kept, Enter included', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'frontdesk');
  // Registered once, found by the reader afterwards.
  const id = residentId('37098219480917302');
  await openIntake(page);
  await page.getByTestId('applicant-lookup').fill(id);
  await page.getByTestId('applicant-lookup').press('Enter');
  await register(page, { 'register-name': '孙桂兰', 'register-phone': '13905387002' });

  // The page reloads; its session check is held until the reader has typed, so the keys come before the box exists.
  let typed!: () => void;
  const readerDone = new Promise<void>((resolve) => {
    typed = resolve;
  });
  await page.route('**/api/auth/me', async (route) => {
    await readerDone;
    await route.continue();
  });
  await page.goto('/intake');
  await expect(page.locator('#root')).not.toBeEmpty();
  await expect(page.getByTestId('applicant-lookup')).toHaveCount(0);
  await page.keyboard.type(id, { delay: 0 });
  await page.keyboard.press('Enter');
  typed();
  // The app still has to load its screen after the session (a busy machine may take a while).
  await expect(page.getByTestId('applicant-card')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('applicant-name')).toHaveText('孙桂兰');
  await page.unroute('**/api/auth/me');
  expect(errors).toEqual([]);
});

test('容缺: the default due date is one the server accepts, and the picker offers no later day', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'frontdesk');
  await openIntake(page);
  await page.getByTestId('applicant-lookup').fill(uscc('92370982MA3D45678'));
  await page.getByTestId('applicant-lookup').press('Enter');
  await register(page, { 'register-name': '新泰市味道小馆', 'register-legal-representative': '钱德胜', 'register-phone': '13905387003', 'register-address': '新泰市青云街道平阳路9号' });
  await pick(page, '食品经营许可', '食品经营许可');
  await page.getByRole('radio', { name: '餐饮服务' }).check();
  await page.getByTestId('materials-rest-provided').click();
  await page.getByTestId('material-row-food_safety_rules').locator('label:has(input[value="deferred"])').click();
  const due = page.getByTestId('material-due-food_safety_rules');
  // The last day the server accepts (3 working days ahead, on its calendar) is known to the picker.
  await expect(due).toHaveAttribute('data-latest', /^\d{4}-\d{2}-\d{2}$/);
  const latest = (await due.getAttribute('data-latest'))!;
  await expect(due).toHaveAttribute('max', latest);
  const chosen = await due.inputValue();
  expect(chosen <= latest, `${chosen} is not after ${latest}`).toBe(true);
  await expect(page.getByTestId('material-due-hint-food_safety_rules')).toContainText(latest);

  // A later day typed by hand is named and stops 受理 before the server is asked.
  const dayAfter = new Date(`${latest}T00:00:00Z`);
  dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
  await due.fill(dayAfter.toISOString().slice(0, 10));
  await expect(page.getByTestId('intake-blockers')).toContainText('补齐日期超出允许范围');
  await expect(page.getByTestId('intake-accept')).toBeDisabled();
  await due.fill(chosen);
  await fillRemaining(page);
  await page.screenshot({ path: '/work/wt/shots/h2-deferred-1366.png', fullPage: true });
  await page.getByTestId('intake-accept').click();
  const result = page.getByTestId('intake-result');
  await expect(result.getByTestId('result-status')).toHaveAttribute('data-status', 'in_review');
  await expect(result.getByTestId('print-deferred')).toBeVisible();
  expect(errors).toEqual([]);
});
