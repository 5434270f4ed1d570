import { expect, test } from '@playwright/test';
import { screenshotPath, watchPageErrors } from './helpers.ts';

/** Pages in a PDF as Chromium writes it: one `/Type /Page` object per page. */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

test('signed out, an applicant finds 低保 by pinyin, sees what to bring and what not, prints it, and sees what a bundle saves', async ({ page }) => {
  const errors = watchPageErrors(page);
  // Other journeys share this server and may have published a newer version of the item.
  const { version } = (await (await page.request.get('/api/items/370982-MZ-001')).json()) as { version: number };

  // From the staff sign-in page, the guide is one link away; it needs no sign-in.
  await page.goto('/login');
  await page.getByRole('link', { name: '办事指南', exact: true }).click();
  await expect(page).toHaveURL(/\/guide$/);
  await expect(page.getByRole('heading', { level: 1, name: '办事指南' })).toBeVisible();
  await expect(page.getByText('支持汉字、拼音、首字母,如 低保 / dibao / db')).toBeVisible();
  await expect(page.getByRole('link', { name: '工作人员登录' })).toBeVisible();
  await expect(page.getByText('共 48 项事项')).toBeVisible();

  // Nothing found: a friendly hint instead of a blank page.
  const box = page.getByLabel('搜索事项');
  await box.fill('zzqxw');
  await expect(page.getByText('没有找到相关事项')).toBeVisible();
  await expect(page.getByText(/试试拼音\(如 dibao\)或首字母\(如 db\)/)).toBeVisible();

  // Search as you type (no Enter): pinyin finds the item through its alias 低保.
  await box.fill('dibao');
  await expect(page).toHaveURL(/\/guide\?q=dibao$/);
  await expect(page.getByText('“dibao” 共找到 1 项')).toBeVisible();
  const results = page.getByRole('list', { name: '搜索结果' }).getByRole('listitem');
  await expect(results.first().getByRole('heading')).toHaveText('最低生活保障对象认定');
  await expect(results.first()).toContainText('新泰市民政局');
  await expect(results.first()).toContainText('零跑腿');

  // What people type: an everyday word finds the 一件事 by its alias, and so does a pinyin-input slip.
  await box.fill('开饭店');
  await expect(page).toHaveURL(/\/guide\?q=/);
  await expect(results.first().getByRole('heading')).toHaveText('开办餐饮店一件事');
  await expect(results.first()).toContainText('一件事');
  await box.fill('生孩子');
  await expect(results.first().getByRole('heading')).toHaveText('出生一件事');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: screenshotPath('guide-search-1366.png') });
  await box.fill('低宝');
  await expect(results.first().getByRole('heading')).toHaveText('最低生活保障对象认定');
  await page.setViewportSize({ width: 375, height: 667 });
  await page.screenshot({ path: screenshotPath('guide-search-375.png'), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1366, height: 860 });
  await box.fill('dibao');
  await expect(page.getByText('“dibao” 共找到 1 项')).toBeVisible();
  await results.first().getByRole('link').click();

  // The item: facts first, in words an applicant uses.
  await expect(page).toHaveURL(/\/guide\/items\/370982-MZ-001$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('最低生活保障对象认定');
  await expect(page).toHaveTitle('最低生活保障对象认定 · 办事指南');
  await expect(page.getByText(new RegExp(`^第 ${version} 版 · 发布于 \\d{4}-\\d{2}-\\d{2}`))).toBeVisible();
  const facts = page.getByLabel('关键信息');
  await expect(facts).toContainText('承诺 15 个工作日');
  await expect(facts).toContainText('法定 30 个工作日 · 比法定时限少 15 个工作日');
  await expect(facts).toContainText('零跑腿(0 次)');
  await expect(facts).toContainText('不收费');

  // 申请材料: only what shared data supplies for everyone is 政府已有; a licence-library material is
  // left at home only by those who hold the e-licence, and the guide, knowing no applicant, says so.
  const materials = page.getByRole('region', { name: '申请材料' });
  await expect(materials.getByText('1 项材料无需提交')).toBeVisible();
  await expect(materials.getByText('其中 3 项可由证照库调取,持有电子证照者免交。')).toBeVisible();
  await expect(materials.getByText('可由证照库调取,持有电子证照者免交(居民身份证)')).toBeVisible();
  await expect(materials.getByText('无需提交 · 政府已有(证照库调取 居民身份证)')).toHaveCount(0);
  await expect(materials.getByText('无需提交 · 政府已有(共享数据获取)')).toBeVisible();
  await expect(materials.getByText('残疾人证', { exact: true })).toBeVisible();
  await expect(materials.getByText('可容缺 · 决定前补交')).toBeVisible();
  // Choosing a 情形 leaves only its materials.
  // (antd draws the radio buttons over hidden inputs: click the label, as a person does.)
  await materials
    .locator('label')
    .filter({ hasText: /^一般困难家庭$/ })
    .click();
  await expect(materials.getByRole('radio', { name: '一般困难家庭' })).toBeChecked();
  await expect(page).toHaveURL(/scenario=general$/);
  await expect(materials.getByText('其中 2 项可由证照库调取,持有电子证照者免交。')).toBeVisible();
  await expect(materials.getByText('残疾人证', { exact: true })).toHaveCount(0);
  await expect(materials.getByText('医疗费用票据或疾病诊断证明')).toHaveCount(0);
  await expect(materials.getByText('最低生活保障申请书')).toBeVisible();

  // 办理流程 as a flowchart: 申请 → the steps, with who and how long → 办结.
  const flow = page.getByRole('list', { name: '办理流程图' }).getByRole('listitem');
  await expect(flow).toHaveText([
    /^提交申请/,
    /受理\s*1 个工作日\s*镇\(街道\)便民服务中心社会事务窗口/,
    /调查核实\s*7 个工作日/,
    /审核确认\s*2 个工作日/,
    /公示与决定\s*5 个工作日.*公示 7 天\(自然日,不计入承诺时限\)/,
    /^办结 · 出件最低生活保障审核确认决定/,
  ]);
  await expect(page.getByRole('region', { name: '包含此事项的一件事' }).getByRole('link', { name: '困难群众救助一件事' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('guide-item-zh.png'), fullPage: true });

  // The print view keeps the chosen 情形: a checklist of what to bring, on one A4 page.
  await page.getByRole('button', { name: '打印指南' }).click();
  await expect(page).toHaveURL(/\/guide\/items\/370982-MZ-001\/print\?scenario=general$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('最低生活保障对象认定');
  await expect(page.getByText(new RegExp(`^本指南由一窗通生成 · 第 ${version} 版`))).toBeVisible();
  await expect(page.getByText('情形:一般困难家庭')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '☐' })).toHaveText([/最低生活保障申请书/, /居民身份证.*持有电子证照者免交/, /居民户口簿.*持有电子证照者免交/, /家庭收入和财产状况声明书/, /家庭经济状况核对授权书/, /授权委托书/]);
  await expect(page.getByText(/以下 1 项无需提交/)).toBeVisible();
  await expect(page.getByRole('link', { name: '工作人员登录' })).toHaveCount(0);
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印', exact: true })).toBeHidden();
  await page.screenshot({ path: screenshotPath('guide-print.png'), fullPage: true });
  expect(pdfPageCount(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '返回' }).click();
  await expect(page).toHaveURL(/\/guide\/items\/370982-MZ-001\?scenario=general$/);

  // On a phone: the search page fits the screen, nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/guide');
  await page.getByLabel('搜索事项').fill('db');
  await page.getByLabel('搜索事项').press('Enter');
  await expect(page.getByText('“db” 共找到 1 项')).toBeVisible();
  await expect(page.getByRole('list', { name: '搜索结果' }).getByRole('listitem').first()).toContainText('最低生活保障对象认定');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath('guide-mobile.png'), fullPage: true });

  // 一件事: one form and one set of materials for five items, and what that saves.
  const expected = (await (await page.request.get('/api/bundles/370982-YJS-005')).json()) as { merged: { saved: { materials: number; formFields: number } } };
  expect(expected.merged.saved.materials).toBeGreaterThan(0);
  await page
    .getByRole('region', { name: '一件事' })
    .getByRole('link', { name: /^出生一件事/ })
    .click();
  await expect(page).toHaveURL(/\/guide\/bundles\/370982-YJS-005$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('出生一件事');
  await expect(page.getByText(`少交 ${expected.merged.saved.materials} 份材料、少填 ${expected.merged.saved.formFields} 项信息`)).toBeVisible();
  await expect(page.getByRole('region', { name: '一次办理以下事项' }).getByRole('link')).toHaveCount(5);
  const merged = page.getByRole('region', { name: '合并后的申请材料' });
  await expect(merged.getByText('可由证照库调取,持有电子证照者免交(居民身份证)')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The same page in English: labels switch, the catalog's own words stay as published.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByText(`${expected.merged.saved.materials} fewer documents to hand in, ${expected.merged.saved.formFields} fewer fields to fill in`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Merged application materials' })).toBeVisible();
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('region', { name: '合并后的申请材料' })).toBeVisible();

  expect(errors).toEqual([]);
});

test('an unknown item or bundle says so inside the guide, without asking anyone to sign in', async ({ page }) => {
  await page.goto('/guide/items/370982-NOPE-999');
  await expect(page.getByText('没有找到这个事项')).toBeVisible();
  await expect(page).toHaveURL(/\/guide\/items\/370982-NOPE-999$/);
  await page.goto('/guide/bundles/370982-NOPE-999');
  await expect(page.getByText('没有找到这个一件事')).toBeVisible();
  await page.getByRole('button', { name: '去搜索' }).click();
  await expect(page).toHaveURL(/\/guide$/);
});

test('filters narrow the list to one department and to items that need no visit', async ({ page }) => {
  const errors = watchPageErrors(page);
  const civil = (await (await page.request.get('/api/items?q=dibao')).json()) as { items: { departmentId: string }[] };
  const departmentId = civil.items[0]!.departmentId;
  const all = (await (await page.request.get(`/api/items?departmentId=${departmentId}&limit=100`)).json()) as { total: number };
  const zero = (await (await page.request.get(`/api/items?departmentId=${departmentId}&zeroVisit=true&limit=100`)).json()) as { total: number };
  expect(zero.total).toBeLessThan(all.total);

  await page.goto('/guide');
  const department = page.getByRole('combobox', { name: '部门' });
  await department.click();
  await department.fill('民政');
  await department.press('Enter');
  await expect(page).toHaveURL(new RegExp(`department=${departmentId}`));
  await expect(page.getByText(`共 ${all.total} 项事项`)).toBeVisible();

  await page.getByRole('switch', { name: '只看零跑腿' }).click();
  await expect(page).toHaveURL(/zeroVisit=true/);
  await expect(page.getByText(`共 ${zero.total} 项事项`)).toBeVisible();
  const cards = page.getByRole('list', { name: '搜索结果' }).getByRole('listitem');
  await expect(cards).toHaveCount(zero.total);
  for (const card of await cards.all()) {
    await expect(card).toContainText('新泰市民政局');
    await expect(card).toContainText('零跑腿');
  }
  expect(errors).toEqual([]);
});
