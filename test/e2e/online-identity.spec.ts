/**
 * A citizen on a phone (375×667): from the guide to 网上办事, signs in with a text-message code (the
 * demo server shows it, as no SMS leaves), binds name and resident ID (checked as typed, masked
 * after), registers their company as its legal representative and adds a colleague as handler,
 * who then finds the company in their own account. The account page also at 1366×768.
 */
import { expect, test, type Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { usccCheckChar } from '../../src/domain/uscc.ts';
import { bind, screenshotPath, signInByCode, watchPageErrors } from './helpers.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const usccOf = (first17: string) => first17 + usccCheckChar(first17)!;

test.use({ viewport: { width: 375, height: 667 } });

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('online-sign-out').click();
  await expect(page.getByTestId('online-phone')).toBeVisible();
}

test('a citizen signs in by code, binds their real name, registers their company and adds a handler, on a phone', async ({ page, browser }) => {
  const errors = watchPageErrors(page);
  const handlerPhone = '13905381502';
  const handlerId = idOf('37098219920315202');

  // The colleague who will act for the company signs in first, on their own phone, and binds their name.
  const colleague = await browser.newPage({ viewport: { width: 375, height: 667 } });
  const colleagueErrors = watchPageErrors(colleague);
  await signInByCode(colleague, handlerPhone);
  await bind(colleague, '赵小敏', handlerId);

  // From the public guide to 网上办事.
  await page.goto('/guide');
  await page.getByTestId('guide-online').click();
  await expect(page).toHaveURL(/\/online\/login$/);
  // A wrong number is said beside the field.
  await page.getByTestId('online-phone').fill('1390538');
  await page.getByTestId('online-send-code').click();
  await expect(page.getByText('请输入正确的 11 位手机号')).toBeVisible();
  await page.screenshot({ path: screenshotPath('online-login-phone.png'), fullPage: true });

  await signInByCode(page, '13905381501');
  await expect(page.getByTestId('binding-state')).toHaveAttribute('data-state', 'unbound');

  // The ID is checked as typed: a wrong check character shows at once.
  const id = idOf('37098219780606101');
  const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  await page.getByTestId('bind-name').fill('孙立强');
  await page.getByTestId('bind-resident-id').fill(wrong);
  await expect(page.getByText('身份证号码不正确(18 位,末位校验码可能是 X),请核对')).toBeVisible();
  await page.screenshot({ path: screenshotPath('online-bind-invalid.png'), fullPage: true });
  await page.getByTestId('bind-resident-id').fill(id);
  await expect(page.getByText('号码格式正确')).toBeVisible();
  await page.getByTestId('bind-submit').click();
  await expect(page.getByTestId('binding-state')).toHaveAttribute('data-state', 'unverified');
  await expect(page.getByTestId('bound-person')).toHaveText(`孙立强 370982********${id.slice(-4)}`);
  await expect(page.getByText(id)).toHaveCount(0);

  // The company, registered with its USCC; then the colleague as handler.
  await page.getByTestId('business-uscc').fill(usccOf('91370982MA3WBQR0L'));
  await page.getByTestId('business-name').fill('新泰市立强商贸有限公司');
  await page.getByTestId('business-register').click();
  const card = page.getByTestId('business-card');
  await expect(card).toContainText('新泰市立强商贸有限公司');
  await expect(card).toContainText('法定代表人');
  await page.getByTestId('handler-phone').fill(handlerPhone);
  await page.getByTestId('handler-add').click();
  await expect(page.getByTestId('handler-list')).toContainText('赵小敏');
  await expect(page.getByTestId('handler-list')).toContainText('139****1502');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: screenshotPath('online-account-phone.png'), fullPage: true });

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: screenshotPath('online-account-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 667 });
  await signOut(page);
  await expect(page.getByTestId('online-phone')).toBeVisible();

  // The colleague, still signed in, finds the company among the businesses they may act for.
  await colleague.reload();
  await expect(colleague.getByTestId('business-card')).toContainText('新泰市立强商贸有限公司');
  await expect(colleague.getByTestId('business-card')).toContainText('授权经办人');
  await colleague.screenshot({ path: screenshotPath('online-handler-phone.png'), fullPage: true });
  await colleague.close();
  expect(errors).toEqual([]);
  expect(colleagueErrors).toEqual([]);
});
