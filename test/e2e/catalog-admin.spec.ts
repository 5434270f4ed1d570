/**
 * 事项管理, 一件事 and 工作日历 as an administrator uses them: a change to an item goes out as a new
 * version while the old one stays readable; the server's objections point at the tab to fix; the
 * calendar shows the national holidays and local changes and counts time limits on them.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const dibao = '370982-MZ-001';
const addedNote = '可由村代办员代为填写';

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
 * Reloads the page so a screenshot shows it without the confirmation toasts (their timers run on
 * animation frames, which headless Chromium does not always deliver while nothing moves), and so
 * what it shows is what the server kept.
 */
async function reloadForScreenshot(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByRole('menu', { name: '功能菜单' })).toBeVisible();
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
}

async function openItem(page: Page, name: string, code: string): Promise<void> {
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '事项管理' }).click();
  await expect(page).toHaveURL(/\/admin\/items$/);
  await page.getByPlaceholder('搜索事项名称或实施编码').fill(name);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(code);
  await row.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/items/${code}$`));
}

test('an administrator changes a material, publishes version 2, and version 1 stays as it was', async ({ page }) => {
  const errors = watchPageErrors(page);
  const writes: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() !== 'GET' && path.startsWith('/api/') && path !== '/api/auth/login') {
      writes.push({ method: request.method(), path, idempotencyKey: request.headers()['idempotency-key'] });
    }
  });
  await signIn(page, 'admin');
  const menu = page.getByRole('menu', { name: '功能菜单' });
  for (const entry of ['事项管理', '一件事', '工作日历']) await expect(menu.getByRole('menuitem', { name: entry })).toBeVisible();

  // The list: every item with its status; the search narrows it.
  await menu.getByRole('menuitem', { name: '事项管理' }).click();
  await expect(page.getByRole('heading', { name: '事项管理' })).toBeVisible();
  await expect(page.getByRole('row', { name: /居民身份证申领/ })).toContainText('已发布 第1版');
  await page.getByPlaceholder('搜索事项名称或实施编码').fill('最低生活');
  const listRow = page.getByRole('row', { name: /最低生活保障对象认定/ });
  await expect(listRow).toContainText(dibao);
  await expect(listRow).toContainText('新泰市民政局');
  await expect(listRow).toContainText('已发布 第1版');
  await expect(page.getByRole('row', { name: /居民身份证申领/ })).toHaveCount(0);
  await listRow.getByRole('link', { name: '最低生活保障对象认定' }).click();

  // The editor opens on the published version.
  await expect(page).toHaveURL(new RegExp(`/admin/items/${dibao}$`));
  const status = page.getByTestId('item-status');
  await expect(status).toContainText('已发布 第1版');
  await expect(page.getByLabel('事项名称')).toHaveValue('最低生活保障对象认定');
  await expect(page.getByRole('button', { name: '发布新版本' })).toBeDisabled();

  // 申请材料: the first material's notes get one more sentence.
  await page.getByRole('tab', { name: '申请材料' }).click();
  await page.getByRole('button', { name: '编辑 最低生活保障申请书' }).click();
  const dialog = page.getByRole('dialog', { name: '编辑申请材料:最低生活保障申请书' });
  const notes = dialog.getByLabel('备注(填写要求)');
  const before = await notes.inputValue();
  expect(before).toContain('申请人签字');
  await notes.fill(`${before};${addedNote}`);
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /最低生活保障申请书/ })).toContainText(addedNote);
  await expect(page.getByText('有未保存的修改')).toBeVisible();
  await expect(page.getByRole('button', { name: '发布新版本' })).toBeDisabled();

  // 保存草稿: the draft of version 2; the public still sees version 1.
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(status).toContainText('正在编辑草稿 第2版(未发布)');
  await expect(status).toContainText('公众目前看到的是 第1版');
  await expect(page.getByText('有未保存的修改')).toHaveCount(0);
  const published = await page.request.get(`/api/items/${dibao}`);
  expect(((await published.json()) as { version: number }).version).toBe(1);

  // 发布新版本, after the confirmation that says what happens to accepted cases.
  await page.getByRole('button', { name: '发布新版本' }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: '发布后公众将看到新版本,已受理的办件仍按原版本办理' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: '确认发布' }).click();
  await expect(status).toContainText('已发布 第2版');
  const versions = page.getByTestId('versions-panel');
  await expect(versions.getByRole('button', { name: '第2版 现行' })).toBeVisible();
  await expect(versions.getByRole('button', { name: '第1版 历史' })).toBeVisible();
  await expect(page.getByRole('button', { name: '放弃草稿' })).toHaveCount(0);
  await reloadForScreenshot(page);
  await expect(status).toContainText('已发布 第2版');
  await page.getByRole('tab', { name: '申请材料' }).click();
  await expect(page.getByRole('row', { name: /最低生活保障申请书/ })).toContainText(addedNote);
  await page.screenshot({ path: screenshotPath('item-editor-zh.png'), fullPage: true, animations: 'disabled' });

  // Version 1, read-only, still has the old notes.
  await versions.getByRole('button', { name: '第1版 历史' }).click();
  const drawer = page.getByRole('dialog', { name: /第1版 · 历史 · 只读/ });
  await drawer.getByRole('tab', { name: '申请材料' }).click();
  const oldRow = drawer.getByRole('row', { name: /最低生活保障申请书/ });
  await expect(oldRow).toContainText('申请人签字');
  await expect(oldRow).not.toContainText(addedNote);
  await expect(drawer.getByRole('button', { name: /^编辑/ })).toHaveCount(0);
  await drawer
    .getByRole('button', { name: 'Close' })
    .or(drawer.getByRole('button', { name: '关闭' }))
    .first()
    .click();
  await expect(drawer).toBeHidden();

  // The public sees version 2: through the API and on the guide page.
  const now = (await (await page.request.get(`/api/items/${dibao}`)).json()) as { version: number; content: { materials: { notes: string }[] } };
  expect(now.version).toBe(2);
  expect(now.content.materials[0]!.notes).toContain(addedNote);
  const old = (await (await page.request.get(`/api/items/${dibao}/versions/1`)).json()) as { status: string; content: { materials: { notes: string }[] } };
  expect(old.status).toBe('superseded');
  expect(old.content.materials[0]!.notes).not.toContain(addedNote);
  await page.goto(`/guide/items/${dibao}`);
  await expect(page.getByText(addedNote).first()).toBeVisible();

  // Both writes carried an Idempotency-Key.
  expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /api/items/${dibao}/draft`, `POST /api/items/${dibao}/publish`]);
  for (const write of writes) expect(write.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  expect(errors).toEqual([]);
});

test('the server’s objections to a draft point at the tab and row to fix', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'admin');
  await openItem(page, '临时救助对象认定', '370982-MZ-002');
  const status = page.getByTestId('item-status');
  await expect(status).toContainText('已发布 第1版');

  // One more day on the first step: the steps no longer add up to the promised limit.
  await page.getByRole('tab', { name: '办理流程' }).click();
  const sum = page.getByTestId('steps-sum');
  const [, stepSum, promised] = /合计 (\d+) 个工作日,承诺时限 (\d+)/.exec((await sum.textContent()) ?? '') ?? [];
  expect(stepSum).toBe(promised);
  const firstStep = page.getByRole('tabpanel', { name: '办理流程' }).getByRole('row').nth(1);
  await firstStep.getByRole('button', { name: /^编辑 / }).click();
  const dialog = page.getByRole('dialog', { name: /^编辑环节/ });
  const days = dialog.getByLabel('时限');
  await days.fill(String(Number(await days.inputValue()) + 1));
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(sum).toContainText(`合计 ${Number(stepSum) + 1} 个工作日`);

  // Saved from another tab: the answer brings the editor back to 办理流程 and says why.
  await page.getByRole('tab', { name: '基本信息' }).click();
  await page.getByRole('button', { name: '保存草稿' }).click();
  const problems = page.getByRole('alert').filter({ hasText: '保存未成功' });
  await expect(problems).toContainText(`各环节时限之和(${Number(stepSum) + 1})应等于承诺时限(${promised})`);
  await expect(page.getByRole('tab', { name: /办理流程/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: /办理流程/ })).toContainText(`各环节时限之和(${Number(stepSum) + 1})应等于承诺时限(${promised})`);
  await expect(status).toContainText('已发布 第1版');

  // Nothing was saved.
  const draft = await page.request.get('/api/items/370982-MZ-002/draft');
  expect(draft.status()).toBe(404);
  expect(errors).toEqual([]);
});

test('editing a review stage keeps its departments and its 公示: 低保 still publishes for 7 natural days', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'admin');
  await openItem(page, '最低生活保障对象认定', dibao);
  await page.getByRole('tab', { name: '办理流程' }).click();
  const panel = page.getByRole('tabpanel', { name: '办理流程' });
  const noticeStep = panel.getByRole('row').filter({ hasText: '公示 7 天' });
  await expect(noticeStep).toHaveCount(1);
  await noticeStep.getByRole('button', { name: /^编辑 / }).click();
  const dialog = page.getByRole('dialog', { name: /^编辑环节/ });
  await expect(dialog.getByLabel('公示天数(自然日)')).toHaveValue('7');
  const description = dialog.getByLabel('办理内容');
  await description.fill(`${await description.inputValue()}公示期间接受群众监督。`);
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(panel.getByRole('row').filter({ hasText: '公示期间接受群众监督' })).toContainText('公示 7 天');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByTestId('item-status')).toContainText('草稿');

  // What the server kept: the stage still names its departments and its notice.
  const draft = (await (await page.request.get(`/api/items/${dibao}/draft`)).json()) as { content: { processSteps: { description: string; departments?: string[]; publicityDays?: number }[] } };
  const kept = draft.content.processSteps.find((step) => step.description.includes('公示期间接受群众监督'));
  expect(kept?.publicityDays).toBe(7);
  expect(kept?.departments?.length).toBeGreaterThan(0);

  // The draft goes again, so the item stays as published.
  await page.getByRole('button', { name: '放弃草稿' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|放弃/ })
    .last()
    .click();
  await expect(page.getByRole('button', { name: '放弃草稿' })).toHaveCount(0);
  expect((await page.request.get(`/api/items/${dibao}/draft`)).status()).toBe(404);
  expect(errors).toEqual([]);
});

test('the working calendar shows 国庆 and its make-up day, takes a local change, and counts limits on it', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'admin');
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '工作日历' }).click();
  await expect(page).toHaveURL(/\/admin\/calendar/);
  await expect(page.getByRole('heading', { name: '工作日历' })).toBeVisible();
  await choose(page.getByLabel('年份'), '2026', '2026');

  const october = page.getByTestId('month-10');
  const day = (date: string) => page.locator(`button[data-date="${date}"]`);
  for (const date of ['2026-10-01', '2026-10-04', '2026-10-07']) {
    await expect(day(date)).toHaveAccessibleName(new RegExp(`^${date} .* 休 国庆节`));
    await expect(day(date)).toContainText('休');
  }
  await expect(day('2026-10-10')).toHaveAccessibleName(/^2026-10-10 星期六 班 国庆节/);
  await expect(day('2026-10-10')).toContainText('班');
  await expect(day('2026-10-08')).toHaveAccessibleName('2026-10-08 星期四');
  await expect(october).toContainText('国庆节');
  await expect(page.getByText('尚未录入')).toHaveCount(0);

  // 计算期限: accepted the day before the holiday, one working day later is 10-08.
  const tool = page.getByTestId('due-date-tool');
  await tool.getByLabel('受理日期').fill('2026-09-30');
  await tool.getByLabel('工作日天数').fill('1');
  await tool.getByRole('button', { name: '计算' }).click();
  await expect(page.getByTestId('due-date')).toContainText('期限届满日:2026-10-08(星期四)');

  // A local day off on 10-08 moves the limit a day on.
  await day('2026-10-08').click();
  const dialog = page.getByRole('dialog', { name: '2026-10-08 · 新泰市' });
  await expect(dialog).toContainText('按全国安排,这一天是工作日');
  await dialog.getByText('休息日', { exact: true }).click();
  await dialog.getByLabel('说明').fill('防汛抢险调休');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(day('2026-10-08')).toHaveAccessibleName(/新泰市调整为休息日 防汛抢险调休/);
  await expect(page.getByRole('row', { name: /2026-10-08/ })).toContainText('防汛抢险调休');
  await tool.getByRole('button', { name: '计算' }).click();
  await expect(page.getByTestId('due-date')).toContainText('期限届满日:2026-10-09(星期五)');

  await reloadForScreenshot(page);
  await expect(day('2026-10-08')).toHaveAccessibleName(/新泰市调整为休息日/);
  await page.screenshot({ path: screenshotPath('calendar-zh.png'), fullPage: true, animations: 'disabled' });

  // Removing the change restores the national arrangement.
  await day('2026-10-08').click();
  const again = page.getByRole('dialog', { name: '2026-10-08 · 新泰市' });
  await again.getByRole('button', { name: '删除本区划的调整' }).click();
  await expect(again).toBeHidden();
  await expect(day('2026-10-08')).toHaveAccessibleName('2026-10-08 星期四');
  await tool.getByLabel('受理日期').fill('2026-09-30');
  await tool.getByLabel('工作日天数').fill('1');
  await tool.getByRole('button', { name: '计算' }).click();
  await expect(page.getByTestId('due-date')).toContainText('期限届满日:2026-10-08(星期四)');

  // A year without arrangements is flagged, and counting into it is refused with the reason.
  await choose(page.getByLabel('年份'), '2030', '2030');
  await expect(page.getByText('2030 年节假日安排尚未录入,按工作日计算的期限将无法算出')).toBeVisible();
  await expect(page.getByRole('button', { name: '发布年度日历' })).toBeVisible();
  await tool.getByLabel('受理日期').fill('2030-06-03');
  await tool.getByRole('button', { name: '计算' }).click();
  await expect(page.getByTestId('due-date')).toContainText('2030 年的节假日安排尚未公布或未录入');
  expect(errors).toEqual([]);
});

test('一件事 lists the bundles with their items; a broken workbook is refused with every problem listed', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'admin');
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '一件事' }).click();
  const row = page.getByRole('row', { name: /企业开办一件事/ });
  await expect(row).toContainText('已发布');
  await expect(row).toContainText('企业设立登记');
  await row.getByRole('button', { name: '编辑 企业开办一件事' }).click();
  const dialog = page.getByRole('dialog', { name: '编辑一件事:企业开办一件事' });
  await expect(dialog.getByLabel('编码')).toBeDisabled();
  await expect(dialog).toContainText('370982-SCJG-001');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '事项管理' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toBe('事项清单.xlsx');

  await page.locator('input[type="file"]').setInputFiles({ name: '事项清单.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook') });
  const failed = page.getByRole('dialog', { name: '导入失败,未做任何更改' });
  await expect(failed.getByRole('columnheader', { name: '工作表' })).toBeVisible();
  await expect(failed.getByRole('row', { name: /文件不是有效的 Excel/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a department reviewer has no catalog screens', async ({ page }) => {
  await signIn(page, 'reviewer.mz');
  const menu = page.getByRole('menu', { name: '功能菜单' });
  await expect(menu.getByRole('menuitem', { name: '工作台' })).toBeVisible();
  for (const entry of ['事项管理', '一件事', '工作日历']) await expect(menu.getByRole('menuitem', { name: entry })).toHaveCount(0);
  for (const path of ['/admin/items', `/admin/items/${dibao}`, '/admin/bundles', '/admin/calendar']) {
    await page.goto(path);
    await expect(page.getByText('无权访问')).toBeVisible();
  }
});

test('licence types: the national codes and validities are listed; a wrong code is refused, a new type is added', async ({ page }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'admin');
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '证照类型' }).click();
  await expect(page).toHaveURL(/\/admin\/licence-types/);
  const food = page.getByRole('row').filter({ hasText: '食品经营许可证' });
  await expect(food).toContainText('11100000MB0143028R002');
  await expect(food).toContainText('5 年');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: /^.*营业执照.*长期/ })
      .first(),
  ).toBeVisible();

  await page.getByRole('button', { name: '新增证照类型' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('证照类型代码').fill('35079');
  await dialog.getByLabel('证照类型名称').fill('演示用临时许可证');
  await dialog.getByLabel('定义机构').fill('山东省人民政府');
  await dialog.getByLabel('有效期').fill('3');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('应为18位统一社会信用代码加3位数字')).toBeVisible();
  await dialog.getByLabel('证照类型代码').fill('11370000004229211T901');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  const added = page.getByRole('row').filter({ hasText: '演示用临时许可证' });
  await expect(added).toContainText('11370000004229211T901');
  await expect(added).toContainText('3 年');
  await page.screenshot({ path: screenshotPath('licence-types.png'), fullPage: true });
  expect(errors).toEqual([]);
});
