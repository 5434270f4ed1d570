import { expect, test } from '@playwright/test';
import { signIn, watchPageErrors } from './helpers.ts';

test('a department reviewer sees no admin screens, and a direct visit shows 无权访问', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'reviewer.mz');

  const menu = page.getByRole('menu', { name: '功能菜单' });
  await expect(menu.getByRole('menuitem', { name: '工作台' })).toBeVisible();
  for (const entry of ['组织机构', '工作人员', 'API 密钥', '审计日志']) {
    await expect(menu.getByRole('menuitem', { name: entry })).toHaveCount(0);
  }
  // The workbench names the one grant in words, and the header shows the role.
  await expect(page.getByText('审批员 · 新泰市民政局 · 新泰市')).toBeVisible();
  await expect(page.getByRole('banner').getByText('审批员', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /工作人员|组织机构|API 密钥/ })).toHaveCount(0);

  for (const path of ['/admin/staff', '/admin/organisation', '/admin/api-keys', '/admin/audit']) {
    await page.goto(path);
    await expect(page.getByText('无权访问')).toBeVisible();
    await expect(page.getByRole('button', { name: '返回工作台' })).toBeVisible();
    // The shell is still there: this is a page, not a crash.
    await expect(menu.getByRole('menuitem', { name: '工作台' })).toBeVisible();
  }
  await page.getByRole('button', { name: '返回工作台' }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(errors).toEqual([]);
});

test('a supervisor reads the staff list but gets no buttons to change it', async ({ page }) => {
  await signIn(page, 'supervisor');
  const menu = page.getByRole('menu', { name: '功能菜单' });
  await expect(menu.getByRole('menuitem', { name: '审计日志' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: '组织机构' })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: 'API 密钥' })).toHaveCount(0);

  await menu.getByRole('menuitem', { name: '工作人员' }).click();
  await expect(page.getByRole('cell', { name: '民政局审批员 赵强', exact: true })).toBeVisible();
  await expect(page.getByText('只读')).toBeVisible();
  await expect(page.getByRole('button', { name: '新增工作人员' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /编辑|设置授权|重置密码/ })).toHaveCount(0);
});
