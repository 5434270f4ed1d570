import { fileURLToPath } from 'node:url';
import { expect, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from '@playwright/test';

export const demoPassword = 'demo1234';

/** Where the journeys leave their screenshots (gitignored). */
export function screenshotPath(name: string): string {
  return fileURLToPath(new URL(`../../test-results/screenshots/${name}`, import.meta.url));
}

/** Signs in through the form, as a person would, and waits for the workbench. */
export async function signIn(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('menu', { name: '功能菜单' })).toBeVisible();
}

/**
 * Collects uncaught errors of the page and every Content-Security-Policy violation Chromium
 * reports, so a journey can assert the app never crashed and runs under the policy the server sends.
 */
export function watchPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) errors.push(new Error(`CSP violation: ${message.text()}`));
  });
  return errors;
}

/** Looks an applicant up by ID / USCC and registers them when the center does not know them yet. */
export async function identify(page: Page, id: string, details: Record<string, string>): Promise<void> {
  await page.getByTestId('applicant-lookup').fill(id);
  await page.getByTestId('applicant-lookup').press('Enter');
  const form = page.getByTestId('applicant-register-form');
  await expect(form).toBeVisible();
  for (const [testId, value] of Object.entries(details)) await page.getByTestId(testId).fill(value);
  await page.getByTestId('applicant-register').click();
  await expect(page.getByTestId('applicant-card')).toBeVisible();
}

export async function pick(page: Page, search: string, name: string): Promise<void> {
  const box = page.getByTestId('item-search');
  await expect(box).toBeFocused();
  await box.fill(search);
  await expect(page.getByTestId('item-hit').first()).toBeVisible();
  await box.press('Enter');
  await expect(page.getByTestId('intake-target-name')).toContainText(name);
}

/** Fills every required form field the profile could not (一表申请 filled the rest). */
export async function completeForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    const field = page.getByTestId(`form-field-${key}`);
    if ((await field.count()) === 0) continue;
    if ((await field.inputValue()) === '') await field.fill(value);
  }
}

/** Answers whatever the item's form still asks: the first option of a choice, a date, or a short text. */
export async function fillRemaining(page: Page): Promise<void> {
  for (const field of await page.locator('[data-testid^="form-field-"]').all()) {
    const isSelect = await field.evaluate((el) => el.classList.contains('ant-select') || el.querySelector('.ant-select') !== null);
    if (isSelect) {
      if (!(await field.innerText()).includes('请选择')) continue;
      await field.click();
      await page.keyboard.press('Enter');
      await expect(field).not.toContainText('请选择');
      continue;
    }
    if ((await field.inputValue()) !== '') continue;
    const placeholder = (await field.getAttribute('placeholder')) ?? '';
    // The form is checked by type: a credit code or an ID number needs a valid check character.
    const type = await field.getAttribute('data-field-type');
    if (/日期|date/i.test(placeholder) || (await field.getAttribute('type')) === 'date') {
      await field.fill('2026-11-20');
    } else if (type === 'uscc') {
      await field.fill('91370982MA3C0L0A6X');
    } else if (type === 'id_number') {
      await field.fill('11010519491231002X');
    } else if (type === 'phone') {
      await field.fill('13905380000');
    } else {
      await field.fill('1');
    }
  }
}

/**
 * Time limits that run past the end of the known calendar are refused (never guessed). The State
 * Council publishes next year's holidays late in the year, so this test installation's administrator
 * enters next year (weekends only) first: the journeys then run on any date. Call from `test.beforeAll`.
 */
export async function publishNextYearCalendar(playwright: PlaywrightWorkerArgs['playwright']): Promise<void> {
  const api = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 8181}` });
  expect((await api.post('/api/auth/login', { data: { username: 'admin', password: demoPassword } })).ok()).toBe(true);
  const year = new Date().getFullYear() + 1;
  const published = await api.put(`/api/calendar/years/370982/${year}`, { headers: { 'idempotency-key': `e2e-calendar-${year}` }, data: { note: '测试环境:按周末录入' } });
  expect([200, 201, 204, 409], await published.text()).toContain(published.status());
  await api.dispose();
}

/** Signs in at /online/login with the code the demo shows on screen (its resend waits a minute). */
export async function signInByCode(page: Page, phone: string): Promise<void> {
  await page.goto('/online/login');
  await page.getByTestId('online-phone').fill(phone);
  await page.getByTestId('online-send-code').click();
  const demo = page.getByTestId('online-demo-code');
  await expect(demo).toBeVisible();
  await expect(page.getByTestId('online-send-code')).toContainText('秒后重新获取');
  await expect(page.getByTestId('online-send-code')).toBeDisabled();
  await page.getByTestId('online-code').fill((await demo.getAttribute('data-code'))!);
  await page.getByTestId('online-sign-in').click();
  await expect(page.getByTestId('binding-state')).toBeVisible();
}

/** Binds the signed-in account's real name and resident ID (unverified until a platform or counter vouches). */
export async function bind(page: Page, name: string, id: string): Promise<void> {
  await page.getByTestId('bind-name').fill(name);
  await page.getByTestId('bind-resident-id').fill(id);
  await page.getByTestId('bind-submit').click();
  await expect(page.getByTestId('binding-state')).toHaveAttribute('data-state', 'unverified');
}

/**
 * Takes a window through the API as the signed-in `api` (a page's request context) and clears its
 * queue: earlier journeys may have left tickets of its classes waiting, so each is called and sent
 * away as a no-show (过号) until none is left, and the journey's next call is its own ticket.
 */
export async function clearWindowQueue(api: APIRequestContext, windowId: string): Promise<void> {
  const key = () => ({ 'idempotency-key': crypto.randomUUID() });
  expect((await api.post(`/api/windows/${windowId}/open`, { data: {}, headers: key() })).status()).toBe(200);
  for (let left = 200; left > 0; left--) {
    const called = (await (await api.post(`/api/windows/${windowId}/call-next`, { data: {}, headers: key() })).json()) as { ticket: { id: string } | null };
    if (!called.ticket) return;
    expect((await api.post(`/api/tickets/${called.ticket.id}/actions`, { data: { action: 'skip' }, headers: key() })).status()).toBe(200);
  }
  throw new Error(`window ${windowId}: the queue did not empty`);
}
