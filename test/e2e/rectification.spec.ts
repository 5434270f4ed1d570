/**
 * 差评整改 in the browser (issue 15, journeys a and c). A visit at window 6, where a 民政 case was
 * taken, is rated 非常不满意 on the window's pad (`giveBadRating`: the rating capture's public route);
 * its task lands in 民政局's inbox. (a) reviewer.mz verifies it, triages 立行立改 and reports back at
 * once; the supervisor records the 回访 with its result and the applicant's re-rating, and the task
 * shows 已办结. (c) reviewer.mz appeals another bad rating as 恶意差评; the supervisor upholds it, and
 * the task shows the rating excluded, with the verdict.
 *
 * The rating is made through the pad's route (`POST /api/ratings/pad/{windowId}`), which the rating
 * capture brings; on a branch without it the journeys are skipped, saying so.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { completeForm } from '../support/forms.ts';
import { clearWindowQueue, screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const cityCenter = '新泰市政务服务中心';

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['post']>>): Promise<T> {
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as T;
}

/**
 * A visit served at window 6 of the city center, with a 民政 case (最低生活保障) taken and linked to
 * the ticket, rated 非常不满意 real-name on the window's pad. Returns the case number, or `null` when
 * the pad's route is not on this server (the rating capture is not merged).
 */
async function giveBadRating(page: Page): Promise<string | null> {
  await signIn(page, 'frontdesk');
  const api = page.request;
  const key = () => ({ 'idempotency-key': crypto.randomUUID() });
  const centers = await ok<{ id: string; name: string }[]>(await api.get('/api/hall/centers'));
  const center = centers.find((c) => c.name === cityCenter)!;
  const windows = await ok<{ id: string; number: number }[]>(await api.get(`/api/windows?centerId=${center.id}`));
  const window = windows.find((w) => w.number === 6)!;
  const pad = await api.get(`/api/ratings/pad/${window.id}`);
  if (pad.status() === 404 && (await pad.text()).includes('No such route')) return null;

  // A fresh person each time (a failed journey restarts the worker; the server keeps who it met).
  const serial = String(100 + Math.floor(Math.random() * 900));
  const person = await ok<{ id: string }>(
    await api.post('/api/applicants', {
      data: { kind: 'person', idNumber: `37098219580304${serial}${residentIdCheckChar(`37098219580304${serial}`)}`, name: `差评人${serial}`, phone: `13905387${serial}`, address: '新泰市翟镇' },
      headers: key(),
    }),
  );
  await clearWindowQueue(api, window.id);
  const ticket = await ok<{ id: string; number: string }>(await api.post(`/api/centers/${center.id}/tickets`, { data: { classCode: 'D' }, headers: key() }));
  const called = await ok<{ ticket: { id: string } | null }>(await api.post(`/api/windows/${window.id}/call-next`, { data: {}, headers: key() }));
  expect(called.ticket?.id).toBe(ticket.id);
  await ok(await api.post(`/api/tickets/${ticket.id}/actions`, { data: { action: 'serve' }, headers: key() }));
  const item = await ok<{ content: { formFields: Parameters<typeof completeForm>[0]; materials: { key: string; required: boolean; scenarios: string[] }[] } }>(await api.get('/api/items/370982-MZ-004'));
  const c = await ok<{ id: string; caseNo: string }>(
    await api.post('/api/cases', {
      data: {
        itemCode: '370982-MZ-004',
        applicantId: person.id,
        channel: 'window',
        form: completeForm(item.content.formFields),
        materials: item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' })),
        decision: 'accept',
      },
      headers: key(),
    }),
  );
  await ok(await api.post(`/api/tickets/${ticket.id}/actions`, { data: { action: 'link', caseIds: [c.id] }, headers: key() }));
  const rating = await ok<{ level: string; rectificationState: string }>(
    await api.post(`/api/ratings/pad/${window.id}`, {
      data: { ticketId: ticket.id, level: 'very_dissatisfied', tags: ['attitude', 'more_trips'], comment: '材料没有一次说清楚,让我跑了两趟' },
      headers: key(),
    }),
  );
  expect([rating.level, rating.rectificationState]).toEqual(['very_dissatisfied', 'open']);
  await ok(await api.post(`/api/tickets/${ticket.id}/actions`, { data: { action: 'finish' }, headers: key() }));
  return c.caseNo;
}

async function openMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name }).click();
}

test('(a) a bad rating at the window: 民政局 fixes it at once and reports, the supervisor revisits and records the re-rating, 已办结', async ({ browser }) => {
  const clerk = await browser.newPage();
  const caseNo = await giveBadRating(clerk);
  await clerk.close();
  test.skip(caseNo === null, 'the rating pad’s route (rating capture) is not on this server yet');

  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchPageErrors(page);
  await signIn(page, 'reviewer.mz');
  await openMenu(page, '差评整改');
  const row = page.getByTestId(`rect-row-${caseNo}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('rect-state')).toHaveText('待核实');
  await page.screenshot({ path: screenshotPath('rectification-inbox-1366.png') });
  await row.getByRole('button', { name: '办理' }).click();
  const drawer = page.getByTestId('rect-drawer');
  await expect(drawer.getByText('材料没有一次说清楚,让我跑了两趟')).toBeVisible();
  // Real-name: the department sees who rated, to call them.
  await expect(drawer.getByTestId('rater')).toContainText('差评人');
  const triage = drawer.getByTestId('form-triage');
  await triage.getByRole('radio', { name: '立行立改' }).check();
  await triage.getByLabel('核实情况').fill('窗口人员未一次性告知全部材料,情况属实');
  await expect(triage.getByLabel('同时反馈(立行立改、解释说明可当场反馈)')).toBeChecked();
  await triage.getByLabel('整改措施').fill('当日电话致歉并一次性告知;对窗口人员批评教育,完善告知清单');
  await page.screenshot({ path: screenshotPath('rectification-triage-1366.png') });
  await triage.getByRole('button', { name: '核实与分类' }).click();
  await expect(drawer.getByTestId('rect-state')).toHaveText('已反馈待回访');
  await expect(drawer.getByText('当日电话致歉并一次性告知')).toBeVisible();
  await expect(drawer.getByTestId('form-revisit')).toHaveCount(0);
  await page.close();

  const desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const deskErrors = watchPageErrors(desk);
  await signIn(desk, 'supervisor');
  await openMenu(desk, '好差评督办');
  await desk.getByRole('tab', { name: '回访' }).click();
  const toCall = desk.getByTestId(`revisit-row-${caseNo}`);
  await expect(toCall).toBeVisible();
  await toCall.getByRole('button', { name: '办理' }).click();
  const panel = desk.getByTestId('rect-drawer');
  const revisit = panel.getByTestId('form-revisit');
  await revisit.getByRole('radio', { name: '满意', exact: true }).check();
  await revisit.getByLabel('回访记录').fill('电话回访,申请人对整改表示认可');
  await revisit.getByTestId('re-level-select').click();
  await desk.locator('.ant-select-item-option[title="满意"]').click();
  await expect(revisit.getByLabel('回访后办结')).toBeChecked();
  await desk.screenshot({ path: screenshotPath('quality-revisit-1366.png') });
  await revisit.getByRole('button', { name: '回访' }).click();
  await expect(panel.getByTestId('rect-state')).toHaveText('已办结');
  await expect(panel.getByTestId('re-level')).toContainText('满意');
  await desk.screenshot({ path: screenshotPath('quality-closed-1366.png') });
  await desk.keyboard.press('Escape');
  await desk.getByRole('tab', { name: '差评整改' }).click();
  await expect(desk.getByTestId('revisit-share')).toContainText(/已回访 [1-9]\d* \/ 实名差评 [1-9]/);
  await expect(desk.getByTestId(`quality-row-${caseNo}`).getByTestId('rect-state')).toHaveText('已办结');
  await desk.screenshot({ path: screenshotPath('quality-overview-1366.png') });
  // English on request: the same desk, the same figures.
  await desk.getByText('English', { exact: true }).click();
  await expect(desk.getByRole('heading', { name: 'Ratings desk' })).toBeVisible();
  await expect(desk.getByTestId('revisit-share')).toContainText(/revisited \/ \d+ real-name/);
  await desk.screenshot({ path: screenshotPath('quality-overview-en-1366.png') });
  await desk.getByText('中文', { exact: true }).click();
  expect([...errors, ...deskErrors]).toEqual([]);
});

test('(c) 民政局 appeals a malicious bad rating; the supervisor upholds it and the rating stays with the verdict, excluded', async ({ browser }) => {
  const clerk = await browser.newPage();
  const caseNo = await giveBadRating(clerk);
  await clerk.close();
  test.skip(caseNo === null, 'the rating pad’s route (rating capture) is not on this server yet');

  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchPageErrors(page);
  await signIn(page, 'reviewer.mz');
  await openMenu(page, '差评整改');
  await page.getByTestId(`rect-row-${caseNo}`).getByRole('button', { name: '办理' }).click();
  const drawer = page.getByTestId('rect-drawer');
  const appeal = drawer.getByTestId('form-appeal');
  await appeal.getByLabel('恶意差评').check();
  await appeal.getByLabel('申诉说明').fill('申请人因与他人纠纷迁怒窗口,监控录像显示窗口已一次性告知材料');
  await page.screenshot({ path: screenshotPath('rectification-appeal-1366.png'), fullPage: true });
  await appeal.getByRole('button', { name: '申诉复核' }).click();
  await expect(drawer.getByTestId('rect-state')).toHaveText('申诉复核中');
  await expect(drawer.getByText(/期限自 \d{4}-\d{2}-\d{2} 起暂停/)).toBeVisible();
  await page.close();

  const desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const deskErrors = watchPageErrors(desk);
  await signIn(desk, 'supervisor');
  await openMenu(desk, '好差评督办');
  await desk.getByRole('tab', { name: '申诉复核' }).click();
  const row = desk.getByTestId(`appeal-row-${caseNo}`);
  await expect(row).toContainText('恶意差评');
  await row.getByRole('button', { name: '复核' }).click();
  const modal = desk.getByTestId('decide-modal');
  await modal.getByLabel('申诉成立').check();
  await modal.getByLabel('复核意见').fill('经调取监控,窗口已一次性告知,差评与服务无关,申诉成立');
  await desk.screenshot({ path: screenshotPath('quality-appeal-decide-1366.png') });
  await desk.getByRole('button', { name: '复核', exact: true }).last().click();
  await expect(row).toHaveCount(0);
  await desk.getByText('全部申诉').click();
  const decided = desk.getByTestId(`appeal-row-${caseNo}`);
  await expect(decided).toContainText('申诉成立');
  await decided.getByRole('button', { name: '查看' }).click();
  const panel = desk.getByTestId('rect-drawer');
  await expect(panel.getByTestId('rect-state')).toHaveText('申诉成立');
  await expect(panel.getByText('申诉成立,不计入统计')).toBeVisible();
  await expect(panel.getByTestId('verdict-note')).toHaveText('经调取监控,窗口已一次性告知,差评与服务无关,申诉成立');
  // The rating stays in the record: its level and comment are still there.
  await expect(panel.getByText('材料没有一次说清楚,让我跑了两趟')).toBeVisible();
  await desk.screenshot({ path: screenshotPath('quality-appeal-upheld-1366.png') });
  expect([...errors, ...deskErrors]).toEqual([]);
});
