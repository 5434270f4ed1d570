/**
 * 帮办代办 on the village agent's phone (issue 14): an elderly resident's 老年人优待证. The agent
 * finds the resident, picks the item, takes a 代办服务委托书 (pending: applying is refused), prints it
 * for the resident's signature, and the resident confirms by the code texted to their phone (active); the agent applies under it; the town
 * accepts and decides on the spot and hands the result to the agent (代办员代领); the agent's desk
 * shows the seven steps with 零跑动 and takes the follow-up call.
 */
import { expect, test } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { fillRemaining, identify, pick, screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const residentId = (first17: string) => first17 + residentIdCheckChar(first17)!;

test('a village agent applies for an elderly resident under a signed authorisation; the result reaches them with zero trips and is followed up', async ({ page, browser }) => {
  const errors = watchPageErrors(page);
  await signIn(page, 'agent');
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto('/intake');
  await identify(page, residentId('37098219440815302'), { 'register-name': '孙桂兰', 'register-phone': '13905387302', 'register-address': '翟镇史家庄村' });
  await pick(page, '优待证', '老年人优待证办理');

  // No authorisation yet: the agent may not apply, and says so.
  const box = page.getByTestId('intake-authorisation');
  await expect(box).toContainText('尚无涵盖此事项的有效委托书');
  await page.getByTestId('materials-rest-provided').click();
  await fillRemaining(page);
  await expect(page.getByTestId('intake-submit')).toBeDisabled();

  await box.getByTestId('new-authorisation').click();
  const modal = page.getByRole('dialog', { name: '签订代办服务委托书' });
  await expect(modal).toContainText('孙桂兰');
  await modal.getByRole('button', { name: '生成委托书' }).click();
  const card = box.getByTestId('authorisation');
  await expect(card).toContainText('待委托人确认');
  await expect(card).toContainText('老年人优待证办理');
  await page.screenshot({ path: screenshotPath('agent-authorisation-pending-375.png'), fullPage: true });

  // The printed form, for the resident to sign.
  const printHref = await card.getByRole('link', { name: /打印委托书/ }).getAttribute('href');
  const sheetPage = await page.context().newPage();
  await sheetPage.setViewportSize({ width: 1366, height: 900 });
  await sheetPage.goto(printHref!);
  const sheet = sheetPage.getByTestId('authorisation-sheet');
  await expect(sheet).toContainText('代办服务委托书');
  await expect(sheet).toContainText('孙桂兰');
  await expect(sheet).toContainText('委托人签字');
  await expect(sheet).not.toContainText('37098219440815302');
  await sheetPage.screenshot({ path: screenshotPath('agent-authorisation-sheet-1366.png'), fullPage: true });
  await sheetPage.close();

  // The resident confirms by the code texted to their phone, read out to the agent (the demo shows it on screen).
  await card.getByTestId('send-code').click();
  const demoCode = card.getByTestId('demo-code');
  await expect(demoCode).toContainText(/\d{6}/);
  const code = /(\d{6})/.exec((await demoCode.textContent()) ?? '')![1]!;
  await card.getByTestId('confirm-code').fill(code === '000000' ? '111111' : '000000');
  await card.getByTestId('confirm-code-button').click();
  await expect(page.getByText(/验证码错误/)).toBeVisible();
  await card.getByTestId('confirm-code').fill(code);
  await page.screenshot({ path: screenshotPath('agent-confirm-code-375.png'), fullPage: true });
  await card.getByTestId('confirm-code-button').click();
  await expect(box).toContainText('代为申请', { timeout: 15_000 });
  await expect(page.getByTestId('intake-submit')).toBeEnabled();
  await page.getByTestId('intake-submit').click();
  const result = page.getByTestId('intake-result');
  await expect(result.getByTestId('result-status')).toHaveAttribute('data-status', 'submitted');
  const caseNo = ((await result.getByTestId('result-case-no').textContent()) ?? '').trim();
  await page.screenshot({ path: screenshotPath('agent-submitted-375.png'), fullPage: true });

  // The town accepts, decides on the spot and hands the result to the agent.
  const town = await browser.newPage();
  await signIn(town, 'town.zhaizhen');
  const found = await town.request.post('/api/cases/search', { data: { caseNo } });
  const caseId = (await found.json()).cases[0].id as string;
  for (const body of [{ action: 'accept' }, { action: 'decide_on_spot' }, { action: 'deliver', method: 'agent' }]) {
    const done = await town.request.post(`/api/cases/${caseId}/actions`, { data: body, headers: { 'idempotency-key': `agent-journey-${body.action}-${caseId}` } });
    expect(done.status(), await done.text()).toBe(200);
  }
  await town.close();

  // The agent's desk: the case with its steps, zero trips, and the follow-up.
  await page.goto('/agent');
  const proxyCase = page.getByTestId('agent-case').filter({ hasText: caseNo });
  await expect(proxyCase).toContainText('委托人跑动 0 次');
  for (const step of ['authorise', 'accept', 'handle', 'deliver']) await expect(proxyCase.getByTestId(`step-${step}`)).toHaveAttribute('data-done', 'true');
  await expect(proxyCase.getByTestId('step-follow_up')).toHaveAttribute('data-done', 'false');
  await proxyCase.getByRole('button', { name: '回访' }).click();
  const followUp = page.getByRole('dialog', { name: /回访/ });
  await followUp.getByLabel('委托人意见').fill('老人已收到优待证,表示满意');
  await followUp.getByRole('button', { name: '记录回访' }).click();
  await expect(proxyCase.getByTestId('step-follow_up')).toHaveAttribute('data-done', 'true');
  await expect(proxyCase).toContainText('已回访:满意');
  await page.screenshot({ path: screenshotPath('agent-desk-375.png'), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  await page.getByRole('tab', { name: '统计' }).click();
  await expect(page.getByText('委托人零跑动').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('agent-figures-375.png'), fullPage: true });
  expect(errors).toEqual([]);
});
