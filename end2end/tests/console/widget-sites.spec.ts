import { expect, test } from '@playwright/test';
import { admin, login } from '../helpers';

async function framing(request: import('@playwright/test').APIRequestContext): Promise<string> {
  const res = await request.get('/chat/default');
  const policies = res.headersArray().filter((h) => h.name.toLowerCase() === 'content-security-policy');
  return policies.map((h) => h.value).find((v) => v.startsWith('frame-ancestors')) ?? '';
}

test('the sites listed on the widget page decide who may frame the chat window', async ({ page, request }) => {
  await login(page, admin.email, admin.password, '/admin/widget');
  const sites = page.getByLabel('Sites that may show the chat window');
  await sites.fill('shop.example');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(page.getByText('Not a site address like https://shop.example')).toBeVisible();

  await sites.fill('https://shop.example\nhttps://*.example.org');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(page.getByRole('status').getByText('Saved')).toBeVisible();
  // Each server process reads the list again within 5 seconds.
  await expect
    .poll(() => framing(request), { timeout: 10_000 })
    .toBe('frame-ancestors https://shop.example https://*.example.org');

  // Empty again: the server's setting (any site here) applies, as other tests need.
  await sites.fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  // The first save's toast may still be up.
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  await expect.poll(() => framing(request), { timeout: 10_000 }).toBe('frame-ancestors *');
});
