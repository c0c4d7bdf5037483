import { expect, test } from '@playwright/test';
import { admin, login, waitForHydration } from '../helpers';

test('an agent sets their status in the workbench and own max chats in My settings', async ({ page }) => {
  await login(page, admin.email, admin.password, '/workbench');
  const status = page.getByLabel('My status');
  await status.selectOption('online');
  await expect(page.getByRole('status').getByText('Status updated').last()).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel('My status')).toHaveValue('online');

  // My settings is its own rail item; the right column is the customer panel only.
  await expect(page.getByLabel('My max concurrent chats')).toHaveCount(0);
  await page.getByRole('button', { name: 'My settings' }).click();
  await expect(page.getByRole('heading', { name: 'My settings', level: 1 })).toBeVisible();
  const max = page.getByLabel('My max concurrent chats');
  const save = page.locator('form').filter({ has: max }).getByRole('button', { name: 'Save' });
  await max.fill('500');
  await save.click();
  await expect(page.locator('#my-max-chats-error')).toHaveText('Value is too large (100)');
  await max.fill('6');
  await save.click();
  await expect(page.getByRole('status').getByText('Saved')).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'My settings' }).click();
  await expect(page.getByLabel('My max concurrent chats')).toHaveValue('6');
});
