import { expect, test } from '@playwright/test';
import { demoPassword, signIn, watchPageErrors } from './helpers.ts';

test('a wrong password shows the Chinese message inline and stays on the sign-in page', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/');
  // Signed out, any page leads to the sign-in form.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('OneWindow')).toBeVisible();

  await page.getByLabel('用户名', { exact: true }).fill('admin');
  await page.getByLabel('密码', { exact: true }).fill('not-the-password');
  await page.getByLabel('密码', { exact: true }).press('Enter');

  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('menu', { name: '功能菜单' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('signing out ends the session: the workbench is no longer reachable', async ({ page }) => {
  await signIn(page, 'guide');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('when the session ends, the next call leads to the sign-in page and back to the same screen', async ({ page, context }) => {
  await signIn(page, 'supervisor');
  await context.clearCookies();
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '工作人员' }).click();
  // The staff list answers 401: the app shows the sign-in form with a notice instead of an error.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('登录已失效,请重新登录')).toBeVisible();
  await page.getByLabel('用户名', { exact: true }).fill('supervisor');
  await page.getByLabel('密码', { exact: true }).fill(demoPassword);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/staff$/);
  await expect(page.getByRole('cell', { name: '民政局审批员 赵强', exact: true })).toBeVisible();
});
