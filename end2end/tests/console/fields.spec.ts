import { expect, test } from '@playwright/test';
import { admin, createLink, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

test('an admin defines customer fields; the agent fills them in the customer panel and they stay', async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Fields' }).click();
  await expect(page.getByRole('heading', { name: 'Fields', level: 1 })).toBeVisible();

  // A select with options, with a bad key first.
  const suffix = unique('f').replace(/[^a-z0-9]/g, '');
  const levelLabel = `Member level ${suffix}`;
  await page.getByLabel('Label').fill(levelLabel);
  await page.getByLabel('Key').fill('Member Level');
  await page.getByLabel('Type').selectOption({ label: 'Single select' });
  await page.getByLabel('Options').fill('gold: Gold\nsilver: Silver');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#field-key-error')).not.toBeEmpty();
  await page.getByLabel('Key').fill(`level_${suffix}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: levelLabel })).toBeVisible();
  // And a date.
  const sinceLabel = `Member since ${suffix}`;
  await page.getByLabel('Label').fill(sinceLabel);
  await page.getByLabel('Key').fill(`since_${suffix}`);
  await page.getByLabel('Type').selectOption({ label: 'Date' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: sinceLabel })).toBeVisible();

  // A chat comes in; the agent fills the fields in the customer panel.
  const slug = createLink('Fields line', { agent: admin.email });
  await page.goto('/workbench');
  await waitForHydration(page);
  await setStatus(page, 'online');
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const hello = unique('About my membership');
  await visitorSays(visitor, slug, hello);
  const conversations = page.getByRole('listbox', { name: 'Conversations' });
  await conversations.getByRole('option').filter({ hasText: hello }).click();
  const details = page.getByRole('region', { name: 'Details' });
  await details.getByLabel('Name', { exact: true }).fill('Li Wei');
  await details.getByLabel(levelLabel).selectOption({ label: 'Gold' });
  await details.getByLabel(sinceLabel).fill('2026-12-01');
  await details.getByLabel('Email').fill('not an email');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(details.getByText('Enter a valid email address')).toBeVisible();
  await details.getByLabel('Email').fill('li.wei@example.com');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();

  // After a reload the values are there.
  await page.reload();
  await waitForHydration(page);
  await conversations.getByRole('option').filter({ hasText: hello }).click();
  await expect(details.getByLabel(levelLabel)).toHaveValue('gold');
  await expect(details.getByLabel(sinceLabel)).toHaveValue('2026-12-01');
  await expect(details.getByLabel('Email')).toHaveValue('li.wei@example.com');
  await visitorCtx.close();
  await ctx.close();
});
