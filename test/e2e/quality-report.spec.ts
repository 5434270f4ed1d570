/**
 * 好差评 publication in the browser: the public page (no sign-in) at a desk and on a phone, and the
 * supervisor's monthly report with its Excel download, whose table sheet and 说明 sheet are read
 * back. The demo server runs without history, so the figures may be zeros: the pages must still
 * read well ("—" for rates with nothing to count).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { screenshotPath, signIn } from './helpers.ts';

test('the public page shows a center’s month with nothing personal, at a desk and on a phone', async ({ page }) => {
  await page.goto('/quality/public');
  await expect(page.getByTestId('quality-public')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('新泰市政务服务中心');
  await expect(page.getByTestId('quality-satisfaction')).toHaveText(/^(—|\d+\.\d%)$/);
  await expect(page.getByTestId('quality-complaints')).toContainText('咨询');
  await expect(page.getByTestId('quality-levels')).toBeVisible();
  await expect(page.getByText('指标说明')).toBeVisible();
  // Another center and month from the pickers: the address keeps them.
  await page.getByTestId('quality-center').click();
  await page.locator('.ant-select-item-option[title="翟镇便民服务中心"]').click();
  await page.getByTestId('quality-month').fill('2026-10');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('翟镇便民服务中心 · 2026-10');
  await expect(page).toHaveURL(/month=2026-10/);
  await page.screenshot({ path: screenshotPath('quality-public-1366.png'), fullPage: true });

  await page.setViewportSize({ width: 375, height: 667 });
  await expect(page.getByTestId('quality-satisfaction')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshotPath('quality-public-375.png'), fullPage: true });
});

test('the supervisor’s monthly report: per department, with the Excel and its 说明 sheet', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'supervisor');
  await page.getByRole('menu', { name: '功能菜单' }).getByText('好差评月报').click();
  await expect(page.getByRole('heading', { name: '好差评月报' })).toBeVisible();
  await expect(page.getByTestId('quality-as-of')).toContainText('370982000000');
  const table = page.getByTestId('quality-table');
  await expect(table.getByRole('row').last()).toContainText('合计');
  await page.screenshot({ path: screenshotPath('quality-report-1366.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByTestId('quality-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^好差评月报-370982-\d{4}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('按部门')!;
  expect(sheet.getCell('A3').value).toBe('部门');
  expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('合计');
  const notes = workbook.getWorksheet('说明')!;
  expect(notes.getColumn(1).values).toContain('满意率');

  const upward = page.waitForEvent('download');
  await page.getByTestId('quality-upward-json').click();
  const json = await upward;
  expect(json.suggestedFilename()).toMatch(/^好差评上报-370982-\d{4}-\d{2}\.json$/);
  expect(Array.isArray(JSON.parse(readFileSync((await json.path())!, 'utf8')))).toBe(true);
});
