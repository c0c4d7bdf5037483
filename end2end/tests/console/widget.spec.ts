import { expect, test } from '@playwright/test';
import { admin, goOnline, login, unique, waitForHydration } from '../helpers';

test('an admin sets the widget look and welcome, copies the code, and adds a chat link that routes to an agent', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Web widget' }).click();
  await expect(page.getByRole('heading', { name: 'Web widget', level: 1 })).toBeVisible();

  const windowName = unique('Acme Help');
  const welcome = unique('Hi from Acme');
  await page.getByLabel('Window name').fill(windowName);
  await page.getByLabel('Welcome message').fill(welcome);
  await page.getByRole('textbox', { name: 'Theme colour', exact: true }).fill('not a colour');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(page.getByText('Use a colour like #2563eb')).toBeVisible();
  await page.getByRole('textbox', { name: 'Theme colour', exact: true }).fill('#e11d48');
  await page.getByLabel('Button on computers').selectOption({ label: 'Round icon' });
  // The preview follows the form before saving.
  await expect(page.getByRole('figure', { name: 'Preview' }).getByText(welcome)).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(page.getByRole('status').getByText('Saved')).toBeVisible();

  const snippet = page.getByRole('textbox', { name: 'Embed code' });
  await expect(snippet).toHaveValue(/<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" data-link="default" async><\/script>/);

  // A bad address ending is refused next to its field.
  await page.getByLabel('Link name').fill('VIP line');
  await page.getByLabel('Address ending').fill('Bad Slug!');
  await page.getByRole('button', { name: 'Add link' }).click();
  await expect(page.getByText('Use lower-case letters, digits and dashes')).toBeVisible();
  const slug = unique('vip').toLowerCase();
  await page.getByLabel('Address ending').fill(slug);
  await page.getByLabel('Conversations go to').selectOption({ label: 'Admin' });
  await page.getByRole('button', { name: 'Add link' }).click();
  const row = page.getByRole('row').filter({ hasText: 'VIP line' });
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: new RegExp(`/chat/${slug}$`) })).toBeVisible();

  // The visitor on that link sees the new look and welcome; the chat goes to the admin.
  await goOnline(page);
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`/chat/${slug}`);
  await waitForHydration(visitor);
  await expect(visitor.getByRole('heading', { name: windowName })).toBeVisible();
  const text = unique('VIP question');
  await visitor.getByRole('textbox', { name: 'Type a message…' }).fill(text);
  await visitor.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText(welcome)).toBeVisible();
  const conv = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: text });
  await conv.click();
  await page.getByRole('button', { name: 'End', exact: true }).click();
  await expect(page.getByRole('status').getByText('Conversation ended')).toBeVisible();

  // An unknown link is a clear "not found", not a broken page.
  await visitor.goto('/chat/no-such-link');
  await expect(visitor.getByRole('alert')).toBeVisible();

  // Put the look back for the other tests.
  await page.goto('/admin/widget');
  await waitForHydration(page);
  await page.getByLabel('Window name').fill('Switchboard');
  await page.getByLabel('Welcome message').fill('Hello! How can we help you today?');
  await page.getByRole('textbox', { name: 'Theme colour', exact: true }).fill('#2563eb');
  await page.getByLabel('Button on computers').selectOption({ label: 'Bar with text' });
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(page.getByRole('status').getByText('Saved')).toBeVisible();

  await visitorCtx.close();
  await adminCtx.close();
});
