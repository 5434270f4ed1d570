/**
 * 通知管理: a booking's SMS reaches the message log through the outbox consumer (the `log` provider
 * of the demo); the administrator sees it delivered with its figures, and the templates with the
 * province-only note; the draft check shows inline. At 1366×768 and on a phone.
 */
import { expect, test } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const residentId = (first17: string) => first17 + residentIdCheckChar(first17)!;

test('a booking’s text arrives in the message log; templates are listed and checked as typed', async ({ page, request }) => {
  const errors = watchPageErrors(page);
  const centers = (await (await request.get('/api/hall/centers')).json()) as { id: string; name: string }[];
  const center = centers.find((c) => c.name === '新泰市政务服务中心')!.id;
  // The administrator opens morning slots; the applicant books the first one from tomorrow on.
  await signIn(page, 'admin');
  const opened = await page.request.post(`/api/centers/${center}/appointment-templates`, {
    headers: { 'idempotency-key': `e2e-notify-template-${Date.now()}` },
    data: { classCode: 'B', kind: 'regular', weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '10:00', slotMinutes: 30, capacity: 5 },
  });
  expect(opened.status(), await opened.text()).toBe(201);
  const from = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10);
  const days = (await (await request.get(`/api/centers/${center}/appointment-slots?classCode=B&from=${from}&days=7`)).json()).days as { slots: { start: string; left: number }[] }[];
  const slot = days.flatMap((d) => d.slots).find((s) => s.left > 0);
  test.skip(!slot, 'no bookable slot this week');
  const booked = await request.post(`/api/centers/${center}/appointments`, { data: { classCode: 'B', slotStart: slot!.start, name: '刘通知', idNumber: residentId('37098219800505124'), phone: '13905387788' } });
  expect(booked.status(), await booked.text()).toBe(201);

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/');
  await page.getByRole('menu', { name: '功能菜单' }).getByText('通知管理').click();
  await expect(page.getByRole('heading', { name: '通知管理' })).toBeVisible();
  // The job runs every few seconds: refresh until the text is delivered.
  await expect(async () => {
    await page.getByRole('button', { name: /刷\s*新/ }).click();
    await expect(page.getByRole('cell', { name: '139****7788' })).toBeVisible({ timeout: 1000 });
    await expect(page.getByRole('row', { name: /139\*{4}7788/ }).getByText('已送达')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('row', { name: /139\*{4}7788/ })).toContainText('您已预约新泰市政务服务中心');
  await expect(page.getByTestId('figure-sent')).not.toContainText('—');
  await page.screenshot({ path: screenshotPath('notifications-log-1366.png') });

  await page.getByRole('tab', { name: '通知模板' }).click();
  await expect(page.getByText('通知模板对全省生效,仅省级管理员可修改').first()).toBeVisible();
  await expect(page.getByRole('cell', { name: '【一窗通】验证码{code},{minutes}分钟内有效,请勿告诉他人。' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('notifications-templates-1366.png') });

  await page.setViewportSize({ width: 375, height: 667 });
  await page.getByRole('tab', { name: '发送记录' }).click();
  await expect(page.getByTestId('figure-sent')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page itself does not scroll sideways on a phone (the table scrolls inside)').toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshotPath('notifications-log-375.png'), fullPage: true });
  expect(errors).toEqual([]);
});
