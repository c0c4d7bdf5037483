import { expect, test } from '@playwright/test';
import { admin, createLink, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

test('a visitor rates a finished chat on a custom 3-level scale and the admin sees it', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Satisfaction survey' }).click();
  await expect(page.getByRole('heading', { name: 'Satisfaction survey', level: 1 })).toBeVisible();
  await page.getByLabel('Number of levels').selectOption('3');
  await page.getByLabel('Level 1').fill('Loved it');
  await page.getByLabel('Level 2').fill('Loved it');
  await page.getByLabel('Level 3').fill('Not good');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Already in use')).toBeVisible();
  await page.getByLabel('Level 2').fill('Fine');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();

  const slug = createLink('Rated line', { agent: admin.email });
  await page.goto('/workbench');
  await waitForHydration(page);
  await setStatus(page, 'online');

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const question = unique('Can I change my address');
  await visitorSays(visitor, slug, question);
  const conv = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: question });
  await conv.click();
  await page.getByRole('textbox', { name: 'Reply' }).fill('Done, it is changed.');
  await page.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(visitor.getByText('Done, it is changed.')).toBeVisible();

  // The visitor ends the chat and is asked to rate it.
  await visitor.getByRole('button', { name: 'End conversation' }).click();
  const card = visitor.getByRole('group', { name: 'How was this conversation?' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('radio')).toHaveCount(3);
  await card.getByText('Fine', { exact: true }).click();
  const comment = unique('Quick and friendly');
  await visitor.getByRole('textbox', { name: 'Add a comment (optional)' }).fill(comment);
  await visitor.getByRole('button', { name: 'Send rating' }).click();
  await expect(visitor.getByRole('status').getByText('Thank you for your feedback!')).toBeVisible();
  await expect(card).toHaveCount(0);
  await expect(visitor.getByRole('button', { name: 'Start a new chat' })).toBeVisible();

  // The admin sees the rating with its label and comment.
  await page.goto('/admin/survey');
  await waitForHydration(page);
  const row = page.getByRole('row').filter({ hasText: comment });
  await expect(row).toContainText('Fine');
  await expect(row).toContainText('(2/3)');
  await expect(row).toContainText('Admin');

  // Put the default scale back for the other tests.
  await page.getByLabel('Level 1').fill('Very satisfied');
  await page.getByLabel('Level 2').fill('Satisfied');
  await page.getByLabel('Level 3').fill('Unsatisfied');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  await Promise.all([adminCtx.close(), visitorCtx.close()]);
});
