/**
 * 督查驾驶舱 in the browser: the supervisor opens the dashboard of 新泰市, picks a town (the
 * breadcrumb then leads back up), opens the cases behind the overdue (red) number in the drawer,
 * and downloads the workbook, whose sheets are read back. The journeys' demo runs without history
 * and other journeys add cases as they go, so the figures are checked against each other (the
 * drawer lists as many cases as the number says), never against fixed counts.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { screenshotPath, signIn } from './helpers.ts';

test('the supervisor drills from the county into a town, opens the cases behind the overdue number and downloads Excel', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'supervisor');
  await page.getByRole('menu', { name: '功能菜单' }).getByText('督查驾驶舱').click();
  await expect(page.getByRole('heading', { name: '督查驾驶舱' })).toBeVisible();
  await expect(page.getByTestId('supervision-trail')).toContainText('新泰市');
  await expect(page.getByTestId('kpi-zero-visit')).toContainText('零跑动率');
  await expect(page.getByTestId('supervision-regions')).toBeVisible();
  await page.screenshot({ path: screenshotPath('supervision-1366.png'), fullPage: true });

  // Into a town by the sub-region picker; the breadcrumb shows the way back.
  await page.getByTestId('supervision-child').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '翟镇' }).click();
  await expect(page).toHaveURL(/region=370982\d{3}/);
  await expect(page.getByTestId('supervision-trail')).toContainText('翟镇');
  await expect(page.getByTestId('supervision-as-of')).toContainText('翟镇');
  await page.getByTestId('supervision-trail').getByRole('link', { name: '新泰市' }).click();
  await expect(page).toHaveURL(/region=370982(&|$)/);
  await expect(page.getByTestId('supervision-as-of')).toContainText('新泰市');

  // The cases behind the overdue number: as many rows as it says (up to a page).
  const red = Number(await page.getByTestId('kpi-red-number').textContent());
  await page.getByTestId('kpi-red-number').click();
  const drawer = page.getByTestId('supervision-cases');
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText('超期在办(红牌)');
  const rows = drawer.getByTestId('supervision-cases-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(Math.min(red, 50));
  await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();
  await expect(drawer).toBeHidden();

  // The cases received: each row links to its case page.
  const received = Number(await page.getByTestId('kpi-received-number').textContent());
  await page.getByTestId('kpi-received-number').click();
  await expect(drawer).toBeVisible();
  await expect(rows).toHaveCount(Math.min(received, 50));
  if (received > 0) await expect(rows.first().getByRole('link')).toHaveAttribute('href', /^\/cases\//);
  await drawer.locator('.ant-drawer-close').first().click();

  const download = page.waitForEvent('download');
  await page.getByTestId('supervision-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^督查报表-370982-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['总览', '按下级区划', '按部门', '按事项', '多跑原因', '在办预警']);
  expect(workbook.getWorksheet('总览')!.getColumn(1).values).toContain('零跑动率');

  await page.setViewportSize({ width: 375, height: 667 });
  await expect(page.getByTestId('kpi-red')).toBeVisible();
  // The charts follow the new width through their resize observers: wait for the page to settle.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshotPath('supervision-375.png'), fullPage: true });
});
