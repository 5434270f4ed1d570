/**
 * A business acting online through its people, on a phone (375×667): the legal representative signs
 * in by code, binds their name, registers the company (a new USCC creates it) and adds a colleague
 * as authorised handler (授权经办人); the handler chooses, in 网上办事, to act for the company and
 * applies for a 一件事 whose members are all offered online, uploading the materials; the case is
 * the company's (the staff API says so) with zero visits, and 我的办件 lists it. Then the
 * representative removes the handler, and the handler is told they can no longer act for it.
 */
import { expect, test, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { usccCheckChar } from '../../src/domain/uscc.ts';
import { bind, demoPassword, screenshotPath, signInByCode, watchPageErrors } from './helpers.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const usccOf = (first17: string) => first17 + usccCheckChar(first17)!;
const phone = { width: 375, height: 667 };
const repId = idOf('37098219800512103');

// A bundle of the demo catalog whose members are all offered on the web and on phones.
const bundleCode = '370982-YJS-002';
const companyName = '新泰市海燕餐饮有限公司';
const uscc = usccOf('91370982MA3WBQR1M');
const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`) });

async function noWiderThanThePhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
}

test.use({ viewport: phone, isMobile: true, hasTouch: true });

test('a handler added by the legal representative applies online for a 一件事 for the business, on a phone', async ({ browser, baseURL }) => {
  const handlerPhone = '13905381602';

  // The colleague signs in on their own phone and binds their name first: only a bound person can be added.
  const handlerContext = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, baseURL });
  const handler = await handlerContext.newPage();
  const handlerErrors = watchPageErrors(handler);
  await signInByCode(handler, handlerPhone);
  await bind(handler, '钱海燕', idOf('37098219950820204'));

  // The legal representative: sign in, bind, register the company, add the colleague.
  const repContext = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, baseURL });
  const rep = await repContext.newPage();
  const repErrors = watchPageErrors(rep);
  await signInByCode(rep, '13905381601');
  await bind(rep, '李海燕', repId);
  await rep.getByTestId('business-uscc').fill(uscc);
  await rep.getByTestId('business-name').fill(companyName);
  await rep.getByTestId('business-register').click();
  await expect(rep.getByTestId('business-card')).toContainText(companyName);
  await rep.getByTestId('handler-phone').fill(handlerPhone);
  await rep.getByTestId('handler-add').click();
  await expect(rep.getByTestId('handler-list')).toContainText('钱海燕');
  const businesses = (await (await rep.request.get('/api/applicant/businesses')).json()) as { applicantId: string; uscc: string }[];
  const organisationId = businesses.find((b) => b.uscc === uscc)!.applicantId;

  // The handler goes on to 网上办事 and chooses to act for the company.
  await handler.reload();
  await expect(handler.getByTestId('business-card')).toContainText(companyName);
  await handler.getByTestId('online-go-apply').click();
  await expect(handler).toHaveURL(/\/online$/);
  const bar = handler.getByTestId('acting-bar');
  await expect(bar).toContainText('本人 钱海燕');
  await bar.locator('.ant-select').click();
  await handler.locator('.ant-select-item-option', { hasText: companyName }).click();
  await expect(handler.getByTestId('acting-for')).toHaveText(`代 ${companyName} 办理`);
  await expect(handler.getByTestId('acting-bar')).toContainText(`${companyName}(授权经办人)`);
  // The choice lasts for the tab: a reload still acts for the company.
  await handler.reload();
  await expect(handler.getByTestId('acting-for')).toHaveText(`代 ${companyName} 办理`);
  await noWiderThanThePhone(handler);
  await handler.screenshot({ path: screenshotPath('online-business-acting.png') });
  await handler.setViewportSize({ width: 1366, height: 768 });
  await expect(handler.getByTestId('acting-bar')).toBeVisible();
  // On a desktop the header says it, beside the brand.
  await expect(handler.getByRole('banner')).toContainText(`代 ${companyName} 办理`);
  await handler.screenshot({ path: screenshotPath('online-business-acting-desktop.png') });
  await handler.setViewportSize(phone);

  // 一件事 first among what can be applied for; apply for it.
  const bundle = handler.getByTestId(`online-bundle-${bundleCode}`);
  await expect(bundle).toBeVisible();
  await bundle.getByRole('button', { name: '网上申请' }).click();
  await expect(handler).toHaveURL(/\/online\/apply\/[0-9a-f-]{36}$/);
  const caseId = handler.url().split('/').pop()!;
  await expect(handler.getByTestId('submit')).toBeVisible();

  // The draft is the company's: its form and materials as the server holds them for the handler acting for it.
  const draftAnswer = await handler.request.get(`/api/online/cases/${caseId}`, { headers: { 'x-acting-for': organisationId } });
  expect(draftAnswer.status()).toBe(200);
  const draft = (await draftAnswer.json()) as {
    formFields: { key: string; type: string; required: boolean; options?: string[] }[];
    form: Record<string, string>;
    materials: { key: string; required: boolean; uploadable: boolean; state: string }[];
  };
  // Acting for oneself, the company's draft is nobody's business (404).
  expect((await handler.request.get(`/api/online/cases/${caseId}`)).status()).toBe(404);

  for (const field of draft.formFields.filter((f) => f.required && !draft.form[f.key])) {
    const input = handler.getByTestId(`field-${field.key}`);
    if (field.type === 'select') {
      // The first choice, by keyboard: the open list's first option is the active one.
      await input.click();
      await handler.keyboard.press('Enter');
      await expect(input).toContainText(field.options![0]!);
    } else if (field.type === 'date') await input.fill('2026-12-01');
    else if (field.type === 'number') await input.fill('50');
    else if (field.type === 'phone') await input.fill(handlerPhone);
    // The form names the legal representative as the applicant (from the company's profile); their ID is not on it.
    else if (field.type === 'id_number') await input.fill(repId);
    else await input.fill('新泰市青云街道府前街 8 号');
  }
  const toUpload = draft.materials.filter((m) => m.uploadable && m.state === 'missing');
  expect(toUpload.length).toBeGreaterThan(0);
  for (const m of toUpload) {
    const card = handler.getByTestId(`material-${m.key}`);
    await card.locator('input[type=file]').setInputFiles(pdf(`${m.key}.pdf`));
    await expect(card).toContainText(`${m.key}.pdf`);
  }
  // The licences by express to the company's address.
  await handler.getByTestId('delivery-address').fill('新泰市青云街道府前街 8 号');
  await handler.getByTestId('delivery-recipient').fill('钱海燕');
  await handler.getByTestId('delivery-phone').fill(handlerPhone);
  // Switching the language keeps what was typed (the page is not reloaded behind the person's back).
  await handler.getByRole('banner').getByText('English', { exact: true }).click();
  await expect(handler.getByTestId('submit')).toHaveText(/Submit/);
  await handler.getByRole('banner').getByText('中文', { exact: true }).click();
  await expect(handler.getByTestId('delivery-recipient')).toHaveValue('钱海燕');
  await noWiderThanThePhone(handler);
  await handler.screenshot({ path: screenshotPath('online-business-apply.png'), fullPage: true });
  await handler.getByTestId('submit').click();
  await expect(handler.locator('.ant-message-error')).toHaveCount(0);
  await expect(handler).toHaveURL(new RegExp(`/online/cases/${caseId}$`));
  await expect(handler.getByTestId('visits')).toHaveText('0');
  await handler.screenshot({ path: screenshotPath('online-business-case.png'), fullPage: true });

  // 我的办件, acting for the company, lists the case.
  await handler.getByRole('navigation').getByRole('link', { name: '我的办件' }).click();
  await expect(handler.getByTestId(`my-case-${caseId}`)).toBeVisible();
  await noWiderThanThePhone(handler);
  await handler.screenshot({ path: screenshotPath('online-business-cases.png'), fullPage: true });

  // The staff side: the case is the organisation's, applied online, no visit.
  const staff = await browser.newContext({ baseURL });
  expect((await staff.request.post('/api/auth/login', { data: { username: 'admin', password: demoPassword } })).ok()).toBe(true);
  const staffAnswer = await staff.request.get(`/api/cases/${caseId}`);
  expect(staffAnswer.status()).toBe(200);
  const staffCase = (await staffAnswer.json()) as { applicantId: string; applicantName: string; applicantRef: string; bundleCode: string | null; visits: number; channel: string };
  expect(staffCase).toMatchObject({ applicantId: organisationId, applicantName: companyName, applicantRef: uscc, bundleCode, visits: 0, channel: 'mobile' });
  await staff.close();

  // The representative removes the handler.
  await rep.reload();
  await rep.getByTestId('handler-list').locator('.ant-list-item').filter({ hasText: '钱海燕' }).getByRole('button').click();
  await rep.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
  await expect(rep.getByTestId('handler-list')).not.toContainText('钱海燕');

  // The handler can no longer act for the company: told so, back to acting for themselves, the company's cases gone.
  await handler.reload();
  await expect(handler.getByTestId('acting-lost')).toContainText(`已不能代 ${companyName} 办理`);
  await expect(handler.getByTestId('acting-for')).toHaveCount(0);
  await expect(handler.getByRole('heading', { name: '我的办件' })).toBeVisible();
  await expect(handler.getByTestId(`my-case-${caseId}`)).toHaveCount(0);
  await expect(handler.getByTestId('acting-bar')).toHaveCount(0);
  await noWiderThanThePhone(handler);
  await handler.screenshot({ path: screenshotPath('online-business-removed.png'), fullPage: true });
  // And the server refuses the header outright.
  expect((await handler.request.get('/api/online/cases', { headers: { 'x-acting-for': organisationId } })).status()).toBe(403);

  expect(handlerErrors).toEqual([]);
  expect(repErrors).toEqual([]);
  await handlerContext.close();
  await repContext.close();
});
