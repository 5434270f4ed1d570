/**
 * 数据推送 (issue 16 §4): 民政局's administrator subscribes the bureau's system (a receiver started
 * here) to complaint events, copies the secret shown once, and sees an event delivered in the log
 * after a complaint is dispatched to 民政局; the same page read on a phone. The subscription is
 * deleted at the end, so other journeys' events are not posted to a receiver that has gone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

test('a department administrator subscribes, sees the secret once, and the delivery in the log', async ({ browser }) => {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (String(request.headers['x-onewindow-signature'] ?? '').startsWith('sha256=')) received.push(body);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/e2e-push`;
  const name = `民政业务系统 e2e ${Date.now()}`;
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await signIn(page, 'admin.mz');
    await page.getByRole('menu', { name: '功能菜单' }).getByText('数据推送').click();
    await expect(page.getByRole('heading', { name: '数据推送' })).toBeVisible();

    await page.getByRole('button', { name: /新建订阅/ }).click();
    await page.getByLabel('订阅名称').fill(name);
    await page.getByLabel('推送地址').fill(url);
    const topics = page.getByLabel('订阅事件');
    await topics.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'complaint.*' }).click();
    await page.keyboard.press('Escape');
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    const secret = page.getByTestId('push-secret');
    await expect(secret).toContainText('whsec_');
    await page.getByRole('button', { name: '我已保存' }).click();
    await expect(secret).toBeHidden();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('诉求件');

    // A complaint received at the hall and dispatched to 民政局: its dispatch is 民政局's event.
    const supervisor = await browser.newContext();
    const desk = await supervisor.newPage();
    await signIn(desk, 'supervisor');
    const departments = (await (await desk.request.get('/api/departments')).json()) as { id: string; name: string }[];
    const mz = departments.find((d) => d.name === '新泰市民政局')!;
    const complaint = await desk.request.post('/api/complaints', {
      headers: { 'idempotency-key': `e2e-push-${Date.now()}` },
      data: { source: 'hall', category: 'consultation', urgent: false, subject: '数据推送', content: '数据推送联调测试', anonymous: false, complainantName: '推送联调', complainantPhone: '13905380000', regionCode: '370982' },
    });
    expect(complaint.status(), await complaint.text()).toBe(201);
    const id = ((await complaint.json()) as { id: string }).id;
    const dispatched = await desk.request.post(`/api/complaints/${id}/actions`, { headers: { 'idempotency-key': `e2e-push-d-${id}` }, data: { action: 'dispatch', departmentId: mz.id } });
    expect(dispatched.status(), await dispatched.text()).toBe(200);
    await supervisor.close();

    await row.getByRole('button', { name: /推送记录/ }).click();
    const log = page.getByText(`推送记录:${name}`);
    await expect(log).toBeVisible();
    // The push job runs every few seconds: refresh until the delivery shows as delivered.
    await expect(async () => {
      await page.getByRole('button', { name: '刷新' }).click();
      await expect(page.getByRole('cell', { name: 'complaint.dispatch' }).first()).toBeVisible({ timeout: 1000 });
      await expect(page.getByText('已送达', { exact: true }).first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    expect(received.some((body) => body.includes(id))).toBe(true);
    await page.screenshot({ path: screenshotPath('push-1366.png'), fullPage: true });

    // The same page on a phone: each subscription a card, the log a list.
    await page.setViewportSize({ width: 375, height: 667 });
    await page.reload();
    await expect(page.getByText(name)).toBeVisible();
    await page.screenshot({ path: screenshotPath('push-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();

    const card = page.getByRole('row', { name: new RegExp(name) });
    await card.getByRole('button', { name: '删除' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '删除' }).click();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
