import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

function selectOf(field: Locator): Locator {
  return field.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " ant-select ")][1]');
}

/** Chooses in an antd select the way a keyboard user does: type part of the name, Enter takes the first match. */
async function choose(field: Locator, search: string, shown: string): Promise<void> {
  await field.click();
  await field.fill(search);
  await field.press('Enter');
  await expect(selectOf(field)).toContainText(shown);
}

/**
 * Chooses a region in a tree select: search, then click the node. A click that lands while the
 * popup is still sliding in can miss, as it can for a person; then the person clicks again.
 */
async function chooseRegion(page: Page, field: Locator, name: string): Promise<void> {
  await expect(async () => {
    await field.click();
    await field.fill(name);
    await page
      .locator('.ant-select-dropdown:visible')
      .getByTitle(new RegExp(`^${name} · `))
      .click({ timeout: 2_000 });
    await expect(selectOf(field)).toContainText(name, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test('an administrator works on the organisation, in Chinese and in English', async ({ page }) => {
  const errors = watchPageErrors(page);
  const writes: { method: string; url: string; idempotencyKey: string | undefined }[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/')) {
      writes.push({ method: request.method(), url: new URL(request.url()).pathname, idempotencyKey: request.headers()['idempotency-key'] });
    }
  });
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, 'admin');

  // The workbench: greeting, grants in words, and the admin screens.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: /系统管理员 王敏/ })).toBeVisible();
  await expect(page.getByText('管理员 · 全部部门 · 新泰市')).toBeVisible();
  const menu = page.getByRole('menu', { name: '功能菜单' });
  for (const entry of ['工作台', '组织机构', '工作人员', 'API 密钥', '审计日志']) {
    await expect(menu.getByRole('menuitem', { name: entry })).toBeVisible();
  }

  await menu.getByRole('menuitem', { name: '组织机构' }).click();
  await expect(page).toHaveURL(/\/admin\/organisation$/);
  await expect(page.getByRole('heading', { name: '组织机构' })).toBeVisible();

  // 行政区划: the tree with level labels, down to the towns.
  const tree = page.getByRole('tree');
  await expect(tree.getByText('新泰市', { exact: true })).toBeVisible();
  await expect(tree.getByText('翟镇', { exact: true })).toBeVisible();
  await expect(tree.getByText('乡镇(街道)').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '新增下级区划' }).first()).toBeVisible();

  // 服务中心
  await page.getByRole('tab', { name: '服务中心' }).click();
  await expect(page.getByRole('cell', { name: '新泰市政务服务中心', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: '翟镇便民服务中心', exact: true })).toBeVisible();

  // 部门: the demo departments, then a new one through the form.
  await page.getByRole('tab', { name: '部门' }).click();
  await expect(page.getByRole('cell', { name: '新泰市民政局', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: '新泰市市场监督管理局', exact: true })).toBeVisible();

  await page.getByRole('button', { name: '新增部门' }).click();
  const departmentDialog = page.getByRole('dialog', { name: '新增部门' });
  await departmentDialog.getByLabel('部门名称').fill('新泰市退役军人事务局');
  await departmentDialog.getByLabel('统一社会信用代码').fill('11370982MB028599');
  await departmentDialog.getByRole('button', { name: '保存' }).click();
  // Client-side checks first: the code is short and no region was chosen.
  await expect(departmentDialog.getByText('统一社会信用代码应为18位')).toBeVisible();
  await expect(departmentDialog.getByText('请选择区划', { exact: true })).toBeVisible();
  await departmentDialog.getByLabel('统一社会信用代码').fill('11370982MB0285990W');
  await chooseRegion(page, departmentDialog.getByLabel('所属区划'), '新泰市');
  await departmentDialog.getByLabel('联系电话').fill('0538-7229000');
  await departmentDialog.getByRole('button', { name: '保存' }).click();
  await expect(departmentDialog).toBeHidden();
  const newDepartment = page.getByRole('row', { name: /新泰市退役军人事务局/ });
  await expect(newDepartment).toContainText('11370982MB0285990W');
  await expect(newDepartment).toContainText('0538-7229000');
  // The confirmation toast goes away by itself; wait for it so the screenshot shows the page alone.
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(page.getByText('已保存')).toBeHidden();

  await page.screenshot({ path: screenshotPath('organisation-zh.png'), fullPage: true, animations: 'disabled' });

  // 窗口: a window of the city hall dedicated to the new department.
  await page.getByRole('tab', { name: '窗口' }).click();
  await expect(page.getByRole('cell', { name: '综合受理 1 号窗', exact: true })).toBeVisible();
  await page.getByRole('button', { name: '新增窗口' }).click();
  const windowDialog = page.getByRole('dialog', { name: /新增窗口/ });
  await expect(windowDialog).toContainText('新泰市政务服务中心');
  await windowDialog.getByLabel('窗口名称').fill('退役军人服务专窗');
  await choose(windowDialog.getByLabel('专属部门'), '退役', '新泰市退役军人事务局');
  await windowDialog.getByRole('button', { name: '保存' }).click();
  await expect(windowDialog).toBeHidden();
  await expect(page.getByRole('row', { name: /退役军人服务专窗/ })).toContainText('新泰市退役军人事务局');
  await expect(page.getByText('已保存')).toBeHidden();

  // English: the same page in the other language.
  await page.getByText('English', { exact: true }).click();
  await expect(menu).toHaveCount(0);
  const englishMenu = page.getByRole('menu', { name: 'Menu' });
  await expect(englishMenu.getByRole('menuitem', { name: 'Organisation' })).toBeVisible();
  await expect(englishMenu.getByRole('menuitem', { name: 'Staff' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Organisation' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByRole('tab', { name: 'Departments' }).click();
  await expect(page.getByRole('columnheader', { name: 'Department name' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '新泰市民政局', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add department' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('organisation-en.png'), fullPage: true, animations: 'disabled' });

  // The choice sticks across a reload.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Organisation' })).toBeVisible();
  expect(errors).toEqual([]);

  // Every write carried its own Idempotency-Key (sign-in, the department, the window).
  expect(writes.map((w) => `${w.method} ${w.url}`)).toEqual(['POST /api/auth/login', 'POST /api/departments', 'POST /api/windows']);
  for (const write of writes) expect(write.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(new Set(writes.map((w) => w.idempotencyKey)).size).toBe(writes.length);
});
