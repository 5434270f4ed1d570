/**
 * 一网通办 in the browser, on a phone (375×667) and a desktop: the public part (我要办 lists only what
 * is offered online and sends a signed-out applicant to /online/login; 我的办件 asks to sign in) and
 * the staff side (网上预审 in the reviewer's menu, its queue). The whole citizen journey signed in
 * (apply, one correction, express, zero visits) is online-citizen.spec.ts, and test/online.test.ts on
 * the services.
 */
import { expect, test } from '@playwright/test';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });

  test('我要办 lists what can be done online; applying signed out leads to the sign-in', async ({ page }) => {
    const errors = watchPageErrors(page);
    await page.goto('/online');
    await expect(page.getByRole('heading', { name: '我要办' })).toBeVisible();
    await expect(page.getByTestId('online-item-370982-RS-008')).toBeVisible();
    await page.getByRole('searchbox').fill('身份证');
    await page.getByRole('button', { name: '搜索' }).click();
    await expect(page.getByTestId('online-item-370982-GA-001')).toHaveCount(0);
    await page.getByRole('searchbox').fill('失业保险金');
    await page.getByRole('button', { name: '搜索' }).click();
    const item = page.getByTestId('online-item-370982-RS-008');
    await expect(item).toBeVisible();
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: screenshotPath('online-picker-phone.png') });
    await item.getByRole('button', { name: '网上申请' }).click();
    await expect(page).toHaveURL(/\/online\/login\?next=%2Fonline$/);

    await page.goto('/online/cases');
    await expect(page.getByText('登录后办理').first()).toBeVisible();
    await expect(page.getByRole('link', { name: '登录后办理' })).toHaveAttribute('href', '/online/login?next=%2Fonline%2Fcases');
    expect(errors).toEqual([]);
  });
});

test('a department reviewer finds 网上预审 in the menu and its queue', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'reviewer.rs');
  const menu = page.getByRole('menu', { name: '功能菜单' });
  await menu.getByRole('menuitem', { name: '网上预审' }).click();
  await expect(page).toHaveURL(/\/prereview$/);
  await expect(page.getByRole('heading', { name: '网上预审' })).toBeVisible();
  await expect(page.getByText('没有待预审的网上申请')).toBeVisible();
  await page.screenshot({ path: screenshotPath('prereview-desktop.png') });
  expect(errors).toEqual([]);
});
