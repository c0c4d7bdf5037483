import { expect, test } from '@playwright/test';
import { admin, createLink, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

test('an admin adds a bank-card rule, runs it now, and the card number in the transcript is masked', async ({ browser }) => {
  test.setTimeout(90_000);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  const slug = createLink('Masking line', { agent: admin.email });
  await page.goto('/workbench');
  await waitForHydration(page);
  await setStatus(page, 'online');

  // A visitor writes their card number; the chat ends.
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const marker = unique('Refund to my card');
  await visitorSays(visitor, slug, `${marker} 卡号 6222 0212 3456 7894 谢谢`);
  await page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: marker }).click();
  await page.getByRole('button', { name: 'End', exact: true }).click();
  await expect(page.getByRole('status').getByText('Conversation ended').last()).toBeVisible();

  // Console → Automation → Sensitive data: a bank-card rule keeping the last four.
  await page.goto('/admin');
  await waitForHydration(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Sensitive data' }).click();
  await expect(page.getByRole('heading', { name: 'Sensitive data', level: 1 })).toBeVisible();
  const form = page.getByRole('form', { name: 'New rule' });
  // A custom pattern that does not compile is refused next to the field.
  await form.getByLabel('Name').fill('Broken');
  await form.getByLabel('Finds').selectOption({ label: 'Custom pattern' });
  await form.getByLabel('Regular expression').fill('(unclosed');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('This is not a valid regular expression')).toBeVisible();
  await form.getByLabel('Name').fill('Bank cards');
  await form.getByLabel('Finds').selectOption({ label: 'Bank card numbers' });
  await form.getByLabel('Replace with').selectOption({ label: 'Keep the last 4' });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Bank cards', exact: true })).toBeVisible();

  // The test box shows what a sample becomes.
  await page.getByLabel('Sample text').fill('卡号6222021234567894，订单 622202123456');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Result' })).toHaveText('卡号************7894，订单 622202123456');
  await expect(page.getByText('1 replaced')).toBeVisible();

  // Run now: the progress finishes and the log has the run.
  await page.getByRole('button', { name: 'Run now' }).click();
  const log = page.getByRole('table', { name: 'Run log' });
  const row = log.getByRole('row').filter({ hasText: 'Bank cards' }).first();
  await expect(row).toContainText('Finished', { timeout: 30_000 });
  await expect(row).toContainText('Admin');
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run now' })).toBeEnabled();

  // The transcript now shows the masked number, and only that.
  await page.goto('/workbench');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'History' }).click();
  // The newest ended conversation is first.
  await page.getByRole('listbox', { name: 'History' }).getByRole('option').first().click();
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages.getByText(`${marker} 卡号 **** **** **** 7894 谢谢`)).toBeVisible();
  await expect(messages.getByText('6222 0212')).toHaveCount(0);
  await Promise.all([ctx.close(), visitorCtx.close()]);
});
