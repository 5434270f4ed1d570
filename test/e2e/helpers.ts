import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

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

/** Collects uncaught errors of the page, so a journey can assert the app never crashed. */
export function watchPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}
