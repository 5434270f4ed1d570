/**
 * Guessing limits and browser defences as people meet them (issue 10, points 4 and 6):
 * an applicant who mistypes the query password five times finds the case's progress query locked
 * and told how to unlock it; the front desk gives the case a new password, which works at once.
 * Every page runs under the server's Content-Security-Policy without a single violation.
 */
import { expect, test } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const residentId = (first17: string) => first17 + residentIdCheckChar(first17)!;

test('five wrong query passwords lock the query with a way out; the front desk resets the password and the applicant sees the progress', async ({ page, browser }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'frontdesk');
  // The case is set up through the API with the clerk's session (a program: no Origin header).
  const person = await page.request.post('/api/applicants', {
    headers: { 'idempotency-key': `e2e-lock-person-${Date.now()}` },
    data: { kind: 'person', idNumber: residentId(`37098219900101${String(Date.now()).slice(-3)}`), name: '锁定测试', phone: '13905389999', address: '新泰市青云街道' },
  });
  expect(person.status(), await person.text()).toBe(201);
  const created = await page.request.post('/api/cases', {
    headers: { 'idempotency-key': `e2e-lock-case-${Date.now()}` },
    data: { itemCode: '370982-MZ-004', applicantId: (await person.json()).id, channel: 'window', materials: [], decision: 'correction' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const c = (await created.json()) as { id: string; caseNo: string; queryPassword: string };

  // A page of ours: the CSP header is there, and the app runs under it.
  const document = await page.goto(`/cases/${c.id}`);
  expect(document?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.getByTestId('query-password')).toHaveText(c.queryPassword);
  await page.screenshot({ path: screenshotPath('security-case-page.png'), fullPage: false });

  // The applicant, on their phone: no session.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const applicant = await phone.newPage();
  const applicantErrors = watchPageErrors(applicant);
  await applicant.goto(`/query?caseNo=${c.caseNo}`);
  const wrong = c.queryPassword === '000000' ? '000001' : '000000';
  const answered = () => applicant.waitForResponse((r) => r.url().endsWith('/api/public/cases/query'));
  for (let i = 0; i < 5; i++) {
    await applicant.getByTestId('query-password-input').fill(wrong);
    const answer = answered();
    await applicant.getByTestId('query-submit').click();
    expect((await answer).status()).toBe(404);
    await expect(applicant.getByTestId('query-error')).toContainText('办件编号或查询密码不正确');
  }
  await applicant.getByTestId('query-password-input').fill(c.queryPassword);
  await applicant.getByTestId('query-submit').click();
  const locked = applicant.getByTestId('query-error');
  await expect(locked).toContainText('已被暂时锁定');
  await expect(locked).toContainText('身份证件到任一服务窗口');
  await expect(locked).toContainText('重置查询密码');
  await expect(applicant.getByTestId('query-result')).toHaveCount(0);
  await applicant.screenshot({ path: screenshotPath('security-query-locked.png'), fullPage: true });

  // At the window: the clerk checks the ID and gives the case a new password.
  await page.getByTestId('query-password-reset').click();
  await page
    .getByRole('button', { name: '确 定' })
    .or(page.getByRole('button', { name: '确定' }))
    .click();
  await expect(page.getByTestId('query-password')).not.toHaveText(c.queryPassword);
  const fresh = (await page.getByTestId('query-password').innerText()).trim();
  expect(fresh).toMatch(/^\d{6}$/);

  await applicant.getByTestId('query-password-input').fill(fresh);
  await applicant.getByTestId('query-submit').click();
  await expect(applicant.getByTestId('query-result')).toBeVisible();
  await expect(applicant.getByTestId('query-case-no')).toHaveText(c.caseNo);
  await applicant.screenshot({ path: screenshotPath('security-query-unlocked.png'), fullPage: true });

  // The public screens too: the guide and the hall display board.
  await applicant.goto('/guide');
  await expect(applicant.getByRole('heading', { level: 1, name: '办事指南' })).toBeVisible();
  await applicant.screenshot({ path: screenshotPath('security-guide.png'), fullPage: false });
  const centers = (await (await applicant.request.get('/api/hall/centers')).json()) as { id: string }[];
  await applicant.goto(`/hall/board/${centers[0]!.id}`);
  await expect(applicant.getByTestId('board-connection')).toHaveAttribute('data-state', 'open');
  await applicant.screenshot({ path: screenshotPath('security-board.png'), fullPage: false });
  await phone.close();

  // Swagger UI works under the same policy.
  await page.goto('/api/docs');
  await expect(page.getByText('OneWindow 一窗通 API')).toBeVisible();
  await page.screenshot({ path: screenshotPath('security-api-docs.png'), fullPage: false });

  expect(errors).toEqual([]);
  expect(applicantErrors).toEqual([]);
});
