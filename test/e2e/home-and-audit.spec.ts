import { expect, test } from '@playwright/test';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

/** Each demo role, and the queues its home counts (exactly the lists its grants open). */
const homes: { username: string; queues: string[]; rates: boolean }[] = [
  { username: 'frontdesk', queues: ['toAccept', 'awaitingCorrection', 'toIssue', 'rectificationsToRevisit', 'rectificationsLate', 'complaintsOverdue'], rates: false },
  { username: 'reviewer.mz', queues: ['toReview', 'filingsDue', 'filingsOverdue', 'rectificationsToWork', 'rectificationsLate', 'complaintsToHandle', 'complaintsOverdue'], rates: false },
  { username: 'issuer', queues: ['toIssue'], rates: false },
  { username: 'town.zhaizhen', queues: ['toAccept', 'awaitingCorrection', 'toReview', 'toIssue', 'rectificationsToWork', 'rectificationsLate', 'complaintsToHandle', 'complaintsOverdue'], rates: false },
  { username: 'agent', queues: [], rates: false },
  { username: 'guide', queues: ['complaintsOverdue'], rates: false },
  { username: 'supervisor', queues: ['filingsDue', 'filingsOverdue', 'rectificationsToWork', 'rectificationsToRevisit', 'rectificationsLate', 'appealsToDecide', 'complaintsToDispatch', 'complaintsOverdue'], rates: true },
  { username: 'admin', queues: ['complaintsOverdue'], rates: true },
];

for (const { username, queues, rates } of homes) {
  test(`${username}'s home shows its counts, warnings, today's hall and the public pages`, async ({ page }) => {
    const errors = watchPageErrors(page);
    await signIn(page, username);
    const work = page.getByTestId('home-queues');
    for (const key of queues) await expect(work.getByTestId(`queue-${key}`)).toContainText(/\d+/);
    await expect(work.locator('[data-testid^="queue-"]')).toHaveCount(queues.length);
    await expect(work.getByTestId('warning-red')).toContainText(/红灯超期\s*\d+/);
    await expect(work.getByTestId('warning-yellow')).toContainText(/黄灯预警\s*\d+/);
    await expect(page.getByTestId('home-rates')).toHaveCount(rates ? 1 : 0);
    if (rates) await expect(page.getByTestId('rate-on-time')).toContainText(/按时办结率\s*(\d+(\.\d)?%|—)/);
    await expect(page.getByTestId('home-hall')).toContainText('今日大厅');
    await expect(page.getByRole('navigation', { name: '公众服务(无需登录)' })).toBeVisible();
    await expect(page.getByText('即将上线')).toHaveCount(0);
    await page.screenshot({ path: screenshotPath(`home-${username}.png`), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: screenshotPath(`home-${username}-1366x768.png`) });
    expect(errors).toEqual([]);
  });
}

test('a count opens its list: the front desk’s red warnings open the case search so filtered', async ({ page }) => {
  await signIn(page, 'frontdesk');
  await page.getByTestId('warning-red').click();
  await expect(page).toHaveURL(/\/cases\?warning=red/);
  await expect(page.getByText('红灯', { exact: false }).first()).toBeVisible();
});

test('the 好差评 and complaint counts open their lists so filtered', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.getByTestId('queue-appealsToDecide').click();
  await expect(page).toHaveURL(/\/quality\?tab=appeals/);
  await expect(page.getByRole('tab', { name: '申诉复核', selected: true })).toBeVisible();
  await page.goBack();
  await page.getByTestId('queue-rectificationsToRevisit').click();
  await expect(page).toHaveURL(/\/quality\?tab=revisit/);
  await expect(page.getByRole('tab', { selected: true })).toContainText('回访');
  await page.goBack();
  await page.getByTestId('queue-complaintsOverdue').click();
  await expect(page).toHaveURL(/\/complaints\?overdue=true/);
  await expect(page.getByRole('switch')).toBeChecked();
});

test('a reviewer’s late bad ratings open the rectification list with 只看超期 on', async ({ page }) => {
  await signIn(page, 'reviewer.mz');
  await page.getByTestId('queue-rectificationsLate').click();
  await expect(page).toHaveURL(/\/rectifications\?late=true/);
  await expect(page.getByRole('switch', { name: '只看超期' })).toBeChecked();
});

test('the audit log, filtered by a person and a day, reads in Chinese', async ({ page }) => {
  const errors = watchPageErrors(page);
  // The front desk signs in (an audit row of theirs, today), then the supervisor reads the log.
  await signIn(page, 'frontdesk');
  await page.context().clearCookies();
  await signIn(page, 'supervisor');
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '审计日志' }).click();
  await expect(page.getByTestId('audit-action').first()).toBeVisible();

  await page.getByTestId('audit-person').click();
  await page.keyboard.type('李娜');
  await page.locator('.ant-select-item-option[title="综合受理员 李娜"]').click();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await page.getByTestId('audit-from').fill(today);
  await page.getByTestId('audit-to').fill(today);
  await page.getByTestId('audit-apply').click();

  const actions = page.getByTestId('audit-action');
  await expect(actions.filter({ hasText: '登录' }).first()).toBeVisible();
  for (const label of await actions.allTextContents()) expect(label).not.toMatch(/^[a-z_]+\.[a-z_.]+$/);
  await expect(page.getByTestId('audit-summary').first()).toContainText('工作人员 综合受理员 李娜');
  // Every row shown is the front desk's, at a China time of today to the second.
  const rows = page
    .getByTestId('audit-table')
    .getByRole('row')
    .filter({ has: page.getByTestId('audit-action') });
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toContainText('综合受理员 李娜');
    await expect(rows.nth(i)).toContainText(new RegExp(`${today} \\d{2}:\\d{2}:\\d{2}`));
  }
  await expect(page.getByTestId('audit-page')).toHaveText('第 1 页');
  await page.screenshot({ path: screenshotPath('audit-filtered.png'), fullPage: true });
  expect(errors).toEqual([]);
});
