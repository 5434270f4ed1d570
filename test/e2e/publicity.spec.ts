/**
 * 公示 in the browser (issue 16 §3): an administrator publishes 医师执业注册's results; a licence is
 * granted through the front desk and the health commission's review; anyone opens the 公示 pages,
 * picks the city center and sees its catalog (linked to the guide), the result with the holder's
 * name masked (欧阳**, never the full name or ID number), and the monthly figures; on a phone
 * (375×667) the page fits its width; English is one switch away.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { completeForm } from '../support/forms.ts';
import { screenshotPath, signIn, watchPageErrors } from './helpers.ts';

const itemCode = '370982-WJW-006';

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['post']>>): Promise<T> {
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as T;
}

test('a granted licence shows on the center’s 公示 page, masked, with the catalog and the figures; on a phone too', async ({ page }) => {
  const errors = watchPageErrors(page);
  const api = page.request;
  const key = () => ({ 'idempotency-key': crypto.randomUUID() });

  await signIn(page, 'admin');
  await ok(await api.put(`/api/items/${itemCode}/publicity`, { data: { published: true, kind: 'licence_granted', periodDays: null }, headers: key() }));

  // A fresh person each run (a failed journey restarts the worker; the server keeps who it met).
  const serial = String(100 + Math.floor(Math.random() * 900));
  const first17 = `37098219880606${serial}`;
  const idNumber = first17 + residentIdCheckChar(first17);
  const fullName = '欧阳明月';
  await page.context().clearCookies();
  await signIn(page, 'frontdesk');
  const person = await ok<{ id: string }>(await api.post('/api/applicants', { data: { kind: 'person', idNumber, name: fullName, phone: `13905386${serial}`, address: '新泰市青云街道府前街 8 号' }, headers: key() }));
  const item = await ok<{ content: { formFields: Parameters<typeof completeForm>[0]; materials: { key: string; required: boolean; scenarios: string[]; source: string }[] } }>(await api.get(`/api/items/${itemCode}`));
  const created = await ok<{ id: string }>(
    await api.post('/api/cases', {
      data: {
        itemCode,
        applicantId: person.id,
        channel: 'window',
        form: completeForm(item.content.formFields, { applicant_name: fullName, id_number: idNumber }),
        materials: item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: m.source === 'shared_data' ? 'shared_data' : 'provided' })),
        decision: 'accept',
      },
      headers: key(),
    }),
  );
  await page.context().clearCookies();
  await signIn(page, 'reviewer.wjw');
  let status = '';
  for (let round = 0; round < 6 && status !== 'concluded'; round++) {
    const view = await ok<{ status: string; tasks: { id: string; status: string }[] }>(await api.get(`/api/cases/${created.id}`));
    status = view.status;
    for (const task of view.tasks.filter((t) => ['pending', 'claimed'].includes(t.status))) {
      status = (await ok<{ status: string }>(await api.post(`/api/cases/${created.id}/tasks/${task.id}/actions`, { data: { action: 'approve', opinion: '符合条件' }, headers: key() }))).status;
    }
  }
  expect(status).toBe('concluded');

  // The public pages: from the sign-in page's links, no account needed.
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByRole('link', { name: '公示公开' }).click();
  await expect(page).toHaveURL(/\/gongshi$/);
  await page
    .getByTestId('publicity-centers')
    .getByRole('link', { name: /新泰市政务服务中心/ })
    .click();
  const center = page.getByTestId('publicity-center');
  await expect(center.getByRole('heading', { name: '新泰市政务服务中心' })).toBeVisible();

  const licences = page.getByTestId('publicity-licences');
  const row = licences.getByRole('row').filter({ hasText: '欧阳**' }).first();
  await expect(row).toContainText('医师执业注册');
  const body = await page.content();
  expect(body).not.toContain(fullName);
  expect(body).not.toContain(idNumber);

  const figures = page.getByTestId('publicity-figures');
  await expect(figures.getByTestId('publicity-concluded')).not.toHaveText('0');
  await expect(figures.getByRole('columnheader', { name: '最多跑一次率' })).toBeVisible();

  const catalog = page.getByTestId('publicity-catalog');
  await catalog.getByText(/新泰市卫生健康委员会/).click();
  const guideLink = catalog.getByRole('link', { name: '医师执业注册' });
  await expect(guideLink).toHaveAttribute('href', `/guide/items/${itemCode}`);
  await expect(catalog.getByText('结果公示').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('publicity-desktop.png'), fullPage: true });

  await page.setViewportSize({ width: 375, height: 667 });
  // On a phone the results are short blocks, the masked holder first.
  await expect(licences.getByRole('listitem').filter({ hasText: '欧阳**' }).first()).toContainText('医师执业注册');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: screenshotPath('publicity-phone.png'), fullPage: true });

  await page.getByText('English', { exact: true }).click();
  await expect(licences.getByText('Licences granted')).toBeVisible();
  await expect(figures.getByText('Monthly figures')).toBeVisible();

  await guideLink.click();
  await expect(page).toHaveURL(new RegExp(`/guide/items/${itemCode}$`));
  expect(errors).toEqual([]);
});
