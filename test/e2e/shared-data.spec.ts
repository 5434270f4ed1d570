/**
 * 数据共享 (issue 16): the administrator issues a key for 公安's household-registration system, scopes
 * it to one item and two fields, the system reads results through the API with its reason, and the
 * read log on the same page shows who read what and why. Looked at on a desk screen and a phone.
 */
import { expect, test } from '@playwright/test';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

test('an administrator scopes a key; a read made through the API shows in the read log with its reason', async ({ browser, playwright }) => {
  // One journey through two viewports and a dozen screens: more than the default budget on a shared machine.
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, 'admin');
  await page.goto('/admin/api-keys');
  // The page's code loads on first visit; on a busy machine that can take longer than a click's wait.
  await expect(page.getByRole('heading', { level: 3 })).toBeVisible({ timeout: 30_000 });

  // Issue the key: shown once.
  const name = `公安户籍系统 ${Date.now() % 100000}`;
  await page.getByRole('button', { name: '签发密钥' }).click();
  const issueModal = page.locator('.ant-modal').filter({ hasText: '名称' });
  await issueModal.getByLabel('名称').fill(name);
  await issueModal.locator('.ant-tree-select, .ant-select').last().click();
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '新泰市 ·' }).click();
  await page.locator('.ant-modal-footer').getByRole('button', { name: '签发', exact: true }).click();
  const shown = page.getByTestId('issued-api-key');
  await expect(shown).toContainText('ow_');
  const key = (await shown.textContent())!.trim();
  await page.getByRole('button', { name: '我已保存' }).click();

  // Before a scope, the key reads nothing.
  const api = await playwright.request.newContext({ baseURL: page.url().replace(/\/admin.*$/, ''), extraHTTPHeaders: { 'x-api-key': key } });
  const reason = '办理户籍迁移,核验婚姻登记结果';
  const results = '/api/shared/results?itemCode=370982-MZ-004&since=2020-01-01T00:00:00Z';
  expect((await api.get(results, { headers: { 'x-request-reason': encodeURIComponent(reason) } })).status()).toBe(403);
  await expect(page.getByTestId(`scope-${name}`)).toContainText('未设置');

  // Scope it: one item, two fields, 30 a minute.
  await page.getByRole('button', { name: `共享范围 ${name}` }).click();
  const scopeModal = page.getByTestId('scope-modal');
  await expect(scopeModal).toBeVisible();
  await scopeModal.getByTestId('scope-items').click();
  await page.keyboard.type('370982-MZ-004');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '370982-MZ-004' }).click();
  await page.keyboard.press('Escape');
  await scopeModal.getByLabel('办件编号').check();
  await scopeModal.getByLabel('办理结果').check();
  await scopeModal.getByLabel('每分钟请求上限').fill('30');
  await page.screenshot({ path: screenshotPath('shared-data-scope-1366.png') });
  await page.locator('.ant-modal-footer').getByRole('button', { name: '保存', exact: true }).click();
  await expect(scopeModal).toBeHidden();
  await expect(page.getByTestId(`scope-${name}`)).toContainText('1 个事项 · 2 个字段 · 30 次/分钟');

  // The other department's system reads, with its reason and its own reference.
  const read = await api.get(results, { headers: { 'x-request-reason': encodeURIComponent(reason), 'x-request-ref': 'HJ-2026-0815' } });
  expect(read.status()).toBe(200);
  expect(Object.keys(await read.json()).sort()).toEqual(['items', 'nextCursor']);
  const refused = await api.get(results);
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.message).toContain('缺少查询事由');

  // The read log shows it: which key, what, when and why.
  await page.getByRole('tab', { name: '数据读取记录' }).click();
  const log = page.getByTestId('read-log');
  await log.locator('.ant-select').first().click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: name }).click();
  await log.getByRole('button', { name: '查询' }).click();
  const row = log.locator('.ant-table-row').first();
  await expect(row).toContainText(name);
  await expect(row).toContainText(reason);
  await expect(row).toContainText('HJ-2026-0815');
  await expect(row).toContainText('370982-MZ-004');
  await expect(log.locator('.ant-table-row')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('shared-data-log-1366.png') });

  // On a phone.
  await page.setViewportSize({ width: 375, height: 667 });
  await expect(row).toContainText(reason);
  await page.screenshot({ path: screenshotPath('shared-data-log-375.png'), fullPage: true });
  await page.getByRole('tab', { name: '密钥' }).click();
  await page.getByRole('button', { name: `共享范围 ${name}` }).click();
  await expect(scopeModal).toBeVisible();
  // Opened again, the form shows the scope as saved.
  await expect(scopeModal.getByTestId('scope-items')).toContainText('370982-MZ-004');
  await expect(scopeModal.getByLabel('办理结果')).toBeChecked();
  await expect(scopeModal.getByLabel('办件状态')).not.toBeChecked();
  await page.screenshot({ path: screenshotPath('shared-data-scope-375.png') });
  await page.keyboard.press('Escape');

  await api.dispose();
  expect(errors).toEqual([]);
  await context.close();
});
