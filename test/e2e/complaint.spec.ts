/**
 * 投诉诉求 (issue 15, journey b): a complaint received at the hall by the front desk is dispatched by
 * the supervisor to 民政局, returned once with a reason, re-dispatched to 卫健委, accepted, handled and
 * answered there, closed by the center within its limit, revisited, and the complainant's 评价
 * recorded; the whole clock shows the same due time from start to end (it never reset), closed on
 * time. A citizen files one online from a phone.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { screenshotPath, signIn, signInByCode, watchPageErrors } from './helpers.ts';

async function as(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await signIn(page, username);
  await page.goto('/complaints');
  await expect(page.getByRole('heading', { level: 3 })).toBeVisible();
  return page;
}

async function open(page: Page, complaintNo: string) {
  await page.goto('/complaints');
  await page.getByTestId(`complaint-${complaintNo}`).click();
  const detail = page.getByTestId('complaint-detail');
  await expect(detail).toBeVisible();
  return detail;
}

async function act(page: Page, action: string, label: string, fill: (modal: ReturnType<Page['getByTestId']>) => Promise<void> = async () => {}) {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.getByTestId('complaint-action-modal');
  await expect(modal).toBeVisible();
  await fill(modal);
  await page.locator('.ant-modal-footer').getByRole('button', { name: label, exact: true }).click();
  await expect(modal).toBeHidden();
}

async function chooseDepartment(page: Page, name: string) {
  const modal = page.getByTestId('complaint-action-modal');
  await modal.locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: name }).click();
  // Chosen and the list closed: an open list would lie over the modal's buttons.
  await expect(modal.locator('.ant-select').first()).toContainText(name);
  await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0);
}

test('a hall complaint is dispatched, returned once, re-dispatched, answered, closed on time, revisited and rated; the whole clock never resets', async ({ browser }) => {
  // 受理 at the hall by the front desk.
  const desk = await as(browser, 'frontdesk');
  const errors = watchPageErrors(desk);
  await expect(desk.getByRole('menu', { name: '功能菜单' }).getByText('投诉诉求')).toBeVisible();
  await desk.getByRole('tab', { name: '登记受理' }).click();
  const form = desk.getByTestId('receive-form');
  await form.getByLabel('诉求标题').fill('窗口办理低保等候时间过长');
  await form.getByLabel('诉求内容').fill('上午九点取号办理低保申请,等候两个多小时仍未叫到号,窗口人员解释不清。');
  await form.getByLabel('诉求人姓名').fill('王建国');
  await form.getByLabel('联系电话').fill('13905387788');
  await desk.screenshot({ path: screenshotPath('complaint-receive-1366.png'), fullPage: true });
  await form.getByRole('button', { name: '登记受理' }).click();
  const received = desk.getByTestId('complaint-detail');
  await expect(received).toBeVisible();
  await expect(desk.getByTestId('complaint-state')).toHaveText('已受理待派单');
  const title = (await desk.locator('.ant-drawer-title').textContent()) ?? '';
  const complaintNo = /TS\d+/.exec(title)![0];
  const wholeDue = (await desk.getByTestId('whole-due').textContent())!;
  await expect(desk.getByTestId('whole-clock')).toContainText('剩余 13 个工作日');
  await expect(received).toContainText('13905387788');

  // 派单 by the supervisor to 民政局: the step clock starts.
  const supervisor = await as(browser, 'supervisor');
  await open(supervisor, complaintNo);
  await act(supervisor, 'dispatch', '派单', () => chooseDepartment(supervisor, '新泰市民政局'));
  await expect(supervisor.getByTestId('complaint-state')).toHaveText('已派单待签收');
  await expect(supervisor.getByTestId('step-clock')).toContainText('剩余 2 个工作日');

  // 民政局 returns it with a reason: back to the center, the whole clock unchanged.
  const mz = await as(browser, 'reviewer.mz');
  await expect(mz.getByRole('heading', { level: 3 })).toHaveText('本部门诉求件');
  const mzDetail = await open(mz, complaintNo);
  await expect(mzDetail).toContainText('139****7788');
  await expect(mz.getByTestId('complaint-actions').getByRole('button')).toHaveText(['签收办理', '退回']);
  await act(mz, 'return', '退回', (modal) => modal.getByLabel('原因').fill('反映的是窗口叫号和服务态度问题,不属于民政业务审批,请中心改派'));
  await expect(mz.getByTestId('complaint-detail')).toBeHidden();
  await expect(mz.getByTestId(`complaint-${complaintNo}`)).toHaveCount(0);

  // The supervisor re-dispatches to 卫健委 (who staffs that window); the step clock restarts.
  await open(supervisor, complaintNo);
  await expect(supervisor.getByTestId('complaint-state')).toHaveText('已受理待派单');
  await expect(supervisor.getByTestId('complaint-steps')).toContainText('不属于民政业务审批');
  await act(supervisor, 'dispatch', '派单', async (modal) => {
    await chooseDepartment(supervisor, '新泰市卫生健康委员会');
    await modal.getByLabel('说明(可选)').fill('改由卫健委窗口负责人核查');
  });
  await expect(supervisor.getByTestId('whole-due')).toHaveText(wholeDue);

  // 卫健委 accepts, handles and answers.
  const wjw = await as(browser, 'reviewer.wjw');
  await open(wjw, complaintNo);
  await wjw.getByTestId('action-accept').click();
  await expect(wjw.getByTestId('complaint-state')).toHaveText('办理中');
  await act(wjw, 'answer', '答复', (modal) => modal.getByLabel('答复内容').fill('已核查:当日卫健窗口一人请假导致排队,已调配人员并在叫号屏增加等候提示;已电话向王建国先生致歉说明。'));
  await expect(wjw.getByTestId('complaint-state')).toHaveText('已答复待办结');
  await wjw.screenshot({ path: screenshotPath('complaint-department-answered-1366.png'), fullPage: true });

  // The center closes it, records the revisit and the complainant's rating.
  await open(supervisor, complaintNo);
  await supervisor.getByTestId('action-close').click();
  await expect(supervisor.getByTestId('complaint-state')).toHaveText('已办结待回访');
  await act(supervisor, 'revisit', '回访', (modal) => modal.getByLabel('说明(可选)').fill('电话回访,诉求人对处理结果满意'));
  await expect(supervisor.getByTestId('complaint-state')).toHaveText('已回访');
  await act(supervisor, 'rate', '录入评价', (modal) => modal.getByLabel('非常满意').check());
  await expect(supervisor.getByTestId('complaint-state')).toHaveText('已评价');
  await expect(supervisor.getByTestId('complaint-satisfaction')).toHaveText('非常满意');

  // Closed within its limit, and the whole clock never moved.
  await expect(supervisor.getByTestId('whole-clock')).toHaveText('按时办结');
  await expect(supervisor.getByTestId('whole-clock')).toHaveAttribute('data-tone', 'done');
  await expect(supervisor.getByTestId('whole-due')).toHaveText(wholeDue);
  const steps = supervisor.getByTestId('complaint-steps');
  for (const step of ['receive', 'dispatch', 'return', 'accept', 'answer', 'close', 'revisit', 'rate']) await expect(steps.getByTestId(`step-${step}`).first()).toBeVisible();
  await supervisor.screenshot({ path: screenshotPath('complaint-detail-closed-1366.png'), fullPage: true });

  // An urgent one from the hotline: due today (orange) beside the one closed on time.
  await desk.goto('/complaints');
  await desk.getByRole('tab', { name: '登记受理' }).click();
  await form.getByText('热线电话', { exact: true }).click();
  await form.getByText('求助', { exact: true }).click();
  await form.getByLabel('紧急(当日办结)').check();
  await form.getByLabel('诉求标题').fill('老人低保金本月未到账');
  await form.getByLabel('诉求内容').fill('独居老人反映本月低保金未到账,生活困难,请尽快核查。');
  await form.getByLabel('诉求人姓名').fill('刘秀兰');
  await form.getByLabel('联系电话').fill('13905381122');
  await form.getByRole('button', { name: '登记受理' }).click();
  await expect(desk.getByTestId('whole-clock')).toContainText('今日到期');
  await expect(desk.getByTestId('whole-clock')).toHaveAttribute('data-tone', 'due_soon');

  // The list shows both clocks as tags.
  await supervisor.keyboard.press('Escape');
  await expect(supervisor.getByTestId('complaint-detail')).toBeHidden();
  await supervisor.reload();
  await expect(supervisor.getByTestId(`complaint-${complaintNo}`)).toContainText('按时办结');
  await supervisor.screenshot({ path: screenshotPath('complaint-list-1366.png'), fullPage: true });
  await supervisor.getByRole('tab', { name: '月度统计' }).click();
  await expect(supervisor.getByText('平均办理工作日').first()).toBeVisible();
  await supervisor.screenshot({ path: screenshotPath('complaint-figures-1366.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a citizen files a complaint online from a phone and sees it with the promised answer time', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 375, height: 667 });
  await signInByCode(page, '13905386611');
  await page.goto('/online/complaint');
  const form = page.getByTestId('online-complaint-form');
  await expect(form).toBeVisible();
  await form.getByText('求助', { exact: true }).click();
  await form.getByTestId('complaint-center').click();
  await page.locator('.ant-select-item-option').first().click();
  await form.getByLabel('诉求标题').fill('不会在网上上传材料');
  await form.getByLabel('诉求内容').fill('老人手机上传身份证照片总是失败,希望有人指导。');
  await page.screenshot({ path: screenshotPath('complaint-online-form-375.png'), fullPage: true });
  await form.getByRole('button', { name: '提交' }).click();
  const mine = page.getByTestId('my-complaint');
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText('不会在网上上传材料');
  await expect(mine).toContainText('已受理待派单');
  await expect(mine).toContainText('承诺');
  await page.getByTestId('my-complaints').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('complaint-online-mine-375.png'), fullPage: true });
  expect(errors).toEqual([]);
});
