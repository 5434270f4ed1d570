/**
 * The hall as applicants and clerks live it (issue 5):
 * (a) a kiosk ticket → a window calls it → the display board shows and says it → the clerk serves
 *     it and takes an application at intake, which is linked to the ticket (the trip is counted);
 * (b) an appointment booked online, checked in at the kiosk and called before an earlier walk-in
 *     once its slot begins.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { fillRemaining, identify, pick, screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const residentId = (first17: string) => first17 + residentIdCheckChar(first17)!;
const cityCenter = '新泰市政务服务中心';

async function centerId(request: APIRequestContext): Promise<string> {
  const centers = (await (await request.get('/api/hall/centers')).json()) as { id: string; name: string }[];
  return centers.find((c) => c.name === cityCenter)!.id;
}

/** The clerk takes window `number` of the city center on the window screen. */
async function takeWindow(page: Page, number: number): Promise<void> {
  await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '窗口叫号' }).click();
  await page.getByTestId('window-select').click();
  await page.locator(`.ant-select-item-option[title^="${number} 号 · "]`).click();
  await page.getByTestId('open-window').click();
  await expect(page.getByTestId('window-clerk')).toContainText('当前在岗');
  await expect(page.getByTestId('open-window')).toHaveCount(0);
}

test('(a) kiosk ticket → called at a window → shown and spoken on the display → served, and the intake is linked to it', async ({ page, context, request }) => {
  const errors = watchPageErrors(page);
  const center = await centerId(request);

  // The hall's big screen, live.
  const board = await context.newPage();
  const boardErrors = watchPageErrors(board);
  await board.goto(`/hall/board/${center}`);
  await expect(board.getByTestId('board-connection')).toHaveAttribute('data-state', 'open');

  // An elderly resident takes a 社会事务 ticket at the kiosk.
  const kiosk = await context.newPage();
  await kiosk.goto(`/hall/kiosk/${center}`);
  const [issued] = await Promise.all([kiosk.waitForResponse((r) => r.url().endsWith(`/api/centers/${center}/tickets`) && r.request().method() === 'POST'), kiosk.getByTestId('kiosk-class-D').click()]);
  expect(issued.status()).toBe(201);
  const ticket = (await issued.json()) as { id: string; number: string };
  await expect(kiosk.getByTestId('kiosk-ticket-number')).toHaveText(ticket.number);
  await kiosk.screenshot({ path: screenshotPath('hall-kiosk-ticket.png') });
  await expect(board.getByTestId('board-waiting-D')).toHaveText(/[1-9]/);

  // The clerk at window 6 calls it.
  await signIn(page, 'frontdesk');
  await takeWindow(page, 6);
  await page.getByTestId('call-next').click();
  await expect(page.getByTestId('current-number')).toHaveText(ticket.number);

  // The display shows it and says it.
  await expect(board.getByTestId('board-latest-number')).toHaveText(ticket.number);
  await expect(board.getByTestId('board-latest-window')).toContainText('6');
  await expect(board.getByTestId('board-spoken')).toHaveText(`请${ticket.number}号到6号窗口办理`);
  await board.screenshot({ path: screenshotPath('hall-board-call.png') });

  // Served: the intake screen opens for this ticket, and the case made there is linked to it.
  await page.getByTestId('ticket-serve').click();
  await expect(page.getByTestId('current-ticket')).toHaveAttribute('data-status', 'serving');
  await page.screenshot({ path: screenshotPath('hall-window-serving.png') });
  await page.getByTestId('start-intake').click();
  await expect(page.getByTestId('ticket-banner')).toContainText(ticket.number);
  const id = residentId('37098219500712301');
  await identify(page, id, { 'register-name': '张玉珍', 'register-phone': '13905385555', 'register-address': '新泰市青云街道' });
  await pick(page, '老年人优待证', '老年人优待证办理');
  await page.getByTestId('materials-rest-provided').click();
  await fillRemaining(page);
  await page.getByTestId('intake-accept').click();
  const result = page.getByTestId('intake-result');
  await expect(result).toBeVisible();
  await expect(page.getByTestId('ticket-linked')).toContainText(ticket.number);
  const caseId = await result.getAttribute('data-case-id');

  // Back at the window: the ticket carries the case; finishing it closes the ticket.
  await page.getByTestId('ticket-linked').getByRole('button', { name: '返回窗口叫号' }).click();
  await expect(page.getByTestId('linked-cases')).toContainText('1');
  await page.getByTestId('ticket-finish').click();
  await expect(page.getByTestId('no-ticket')).toBeVisible();
  const status = await (await request.get(`/api/tickets/${ticket.id}/status`)).json();
  expect(status.status).toBe('done');
  const view = await page.evaluate(async (caseId) => (await fetch(`/api/cases/${caseId}`)).json(), caseId);
  expect(view.visits).toBe(1);

  // The ticket's QR page, on a phone.
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`/hall/ticket/${ticket.id}`);
  await expect(phone.getByTestId('ticket-number')).toHaveText(ticket.number);
  await expect(phone.getByTestId('ticket-progress')).toHaveAttribute('data-status', 'done');
  await phone.screenshot({ path: screenshotPath('hall-ticket-phone.png') });
  expect(errors).toEqual([]);
  expect(boardErrors).toEqual([]);
});

/**
 * Slots are real time: the administrator opens a 5-minute slot for 投资建设 starting at the first
 * whole minute at least 45 s after the server's now (on a working day a regular slot, on a weekend
 * a 5+X one), the applicant books it, a walk-in takes a ticket, the applicant checks in, the clerk
 * takes a window, and once the server's clock reaches the slot the window calls the appointment first.
 */
test('(b) an appointment booked online, checked in at the kiosk and called before an earlier walk-in', async ({ page, context, request }) => {
  const errors = watchPageErrors(page);
  const center = await centerId(request);
  const serverTime = async () => Date.parse((await request.get('/api/health')).headers()['date']!);
  const china = new Date((await serverTime()) + 8 * 3_600_000);
  const minutes = china.getUTCHours() * 60 + china.getUTCMinutes() + (china.getUTCSeconds() <= 15 ? 1 : 2);
  test.skip(minutes + 5 >= 24 * 60, 'too close to midnight for a same-day slot');
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const day = china.toISOString().slice(0, 10);
  const slotStart = new Date(`${day}T${hhmm(minutes)}:00+08:00`).getTime();
  // The ordinary budget, plus the time until the slot begins (45 to 105 s): the one wait real time imposes.
  test.setTimeout(test.info().timeout + (slotStart - Date.now()));

  const admin = await context.request;
  await signIn(page, 'admin');
  for (const kind of ['regular', 'weekend']) {
    const response = await admin.post(`/api/centers/${center}/appointment-templates`, {
      headers: { 'idempotency-key': `e2e-template-${kind}-${Date.now()}` },
      data: { classCode: 'C', kind, weekdays: kind === 'weekend' ? [6, 7] : [1, 2, 3, 4, 5, 6, 7], startTime: hhmm(minutes), endTime: hhmm(minutes + 5), slotMinutes: 5, capacity: 2 },
    });
    expect(response.status(), await response.text()).toBe(201);
  }
  const slots = (await (await request.get(`/api/centers/${center}/appointment-slots?classCode=C&from=${day}&days=1`)).json()).days[0];
  test.skip(slots.dayKind === 'holiday', 'a public holiday: the hall takes no appointments');
  await page.context().clearCookies();

  // The applicant books it online.
  const booking = await context.newPage();
  await booking.goto(`/book?center=${center}`);
  await booking.getByText('投资建设').first().click();
  await booking.getByTestId(`slot-${hhmm(minutes)}`).click();
  await booking.getByLabel('姓名').fill('刘建设');
  await booking.getByLabel('身份证号').fill(residentId('37098219800505123'));
  await booking.getByLabel('手机号').fill('13905386666');
  await booking.getByTestId('booking-submit').click();
  const code = (await booking.getByTestId('booking-code').innerText()).trim();
  expect(code).toMatch(/^[2-9A-Z]{6}$/);
  await booking.screenshot({ path: screenshotPath('hall-booking-done.png') });

  // A walk-in takes an ordinary ticket first; then the applicant checks in at the kiosk.
  const walkIn = (await (await request.post(`/api/centers/${center}/tickets`, { data: { classCode: 'C' } })).json()) as { number: string };
  const kiosk = await context.newPage();
  await kiosk.goto(`/hall/kiosk/${center}`);
  await kiosk.getByTestId('kiosk-check-in').click();
  await kiosk.getByTestId('checkin-input').fill(code);
  const [checkedIn] = await Promise.all([kiosk.waitForResponse((r) => r.url().endsWith(`/api/centers/${center}/check-in`)), kiosk.getByTestId('checkin-submit').click()]);
  expect(checkedIn.status(), await checkedIn.text()).toBe(201);
  const appointmentTicket = ((await checkedIn.json()) as { ticket: { number: string } }).ticket.number;
  await expect(kiosk.getByTestId('kiosk-ticket-number')).toHaveText(appointmentTicket);
  await expect(kiosk.getByTestId('kiosk-ticket-priority')).toBeVisible();
  await kiosk.screenshot({ path: screenshotPath('hall-kiosk-checkin.png') });

  // The clerk takes a window; once the server's clock reaches the slot, the clerk calls: the
  // appointment first, then the walk-in.
  await signIn(page, 'frontdesk');
  await takeWindow(page, 7);
  await expect.poll(serverTime, { timeout: Math.max(0, slotStart - Date.now()) + 15_000, intervals: [1_000] }).toBeGreaterThanOrEqual(slotStart);
  await page.getByTestId('call-next').click();
  await expect(page.getByTestId('current-number')).toHaveText(appointmentTicket);
  await expect(page.getByTestId('current-ticket')).toContainText('预约');
  await page.screenshot({ path: screenshotPath('hall-window-appointment.png') });
  await page.getByTestId('ticket-skip').click();
  // Drain anything older than the walk-in (other journeys' tickets) until the walk-in is called.
  for (let i = 0; i < 10; i++) {
    await page.getByTestId('call-next').click();
    const number = (await page.getByTestId('current-number').innerText()).trim();
    if (number === walkIn.number) break;
    await page.getByTestId('ticket-skip').click();
  }
  await expect(page.getByTestId('current-number')).toHaveText(walkIn.number);
  expect(errors).toEqual([]);
});
