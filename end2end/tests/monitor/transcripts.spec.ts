import { expect, test } from '@playwright/test';
import { admin, agentWithLink, login, setStatus, visitorSays } from '../helpers';
import * as fs from 'fs';

test('a supervisor finds a conversation by a Chinese word and by the customer\'s tag, reads it in full and saves it', async ({ browser }) => {
  test.setTimeout(90_000);
  const { s, name, slug, ctx: agentCtx, page: agent } = await agentWithLink(browser, 'Zhao');
  const supCtx = await browser.newContext({ acceptDownloads: true });
  const sup = await supCtx.newPage();
  await login(sup, admin.email, admin.password, '/admin');
  // A tag for the agent to put on this customer.
  await sup.getByRole('navigation').getByRole('link', { name: 'Tags' }).click();
  await sup.getByLabel('Tag name').fill(`Refunder ${s}`);
  await sup.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(sup.getByRole('list', { name: 'Tags' }).getByText(`Refunder ${s}`)).toBeVisible();

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  // A word of its own, so the search finds this conversation only.
  const code = s.slice(-6);
  await visitorSays(visitor, slug, `我的退款什么时候到账？订单 ${code}`);
  const option = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: code });
  await option.click();
  await agent.getByRole('textbox', { name: 'Reply' }).fill('Your refund was issued yesterday');
  await agent.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(agent.getByRole('list', { name: 'Messages' }).getByText('Your refund was issued yesterday')).toBeVisible();
  const panel = agent.getByRole('region', { name: 'Details' });
  await panel.getByRole('tab', { name: 'Tags' }).click();
  const tag = panel.getByRole('button', { name: `Refunder ${s}` });
  await tag.click();
  await expect(tag).toHaveAttribute('aria-pressed', 'true');

  await sup.getByRole('navigation').getByRole('link', { name: 'Transcripts' }).click();
  await expect(sup.getByRole('heading', { name: 'Transcripts', level: 1 })).toBeVisible();
  const search = sup.getByRole('search', { name: 'Search' });
  // Filler words alone are refused next to the field.
  await search.getByLabel('Words').fill('的');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(search.getByText('Only filler words: type a word to look for')).toBeVisible();
  await search.getByLabel('Words').fill(`退款 ${code}`);
  await search.getByLabel('State').selectOption({ label: 'Live' });
  await search.getByRole('button', { name: 'Search' }).click();
  const results = sup.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.locator('mark').first()).toHaveText('退款');
  // Ended only: it is live, so nothing.
  await search.getByLabel('State').selectOption({ label: 'Ended' });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(sup.getByText('No conversation matches.')).toBeVisible();
  await search.getByLabel('State').selectOption({ label: 'All' });
  await search.getByLabel('Words').fill('refunds yesterday');
  await search.getByLabel('Agent').selectOption({ label: name });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.locator('mark')).toHaveText(['refund', 'yesterday']);
  // By the customer's tag alone: this conversation, the newest tagged.
  await search.getByLabel('Words').fill('');
  await search.getByLabel('Agent').selectOption({ label: 'Any' });
  await search.getByLabel('Customer tag').selectOption({ label: `Refunder ${s}` });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem').first()).toContainText(name);

  // In full, beside the results, and saved as a text file.
  await results.getByRole('listitem').first().getByRole('button').first().click();
  const full = sup.getByRole('complementary', { name: 'Conversation' });
  await expect(full.getByRole('list', { name: 'Messages' }).getByText(`我的退款什么时候到账？订单 ${code}`)).toBeVisible();
  await expect(full.getByRole('list', { name: 'Messages' }).getByText('Your refund was issued yesterday')).toBeVisible();
  await expect(full.getByText('Not rated')).toBeVisible();
  const [download] = await Promise.all([
    sup.waitForEvent('download'),
    full.getByRole('button', { name: 'Save as text' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^transcript-\d+\.txt$/);
  const saved = fs.readFileSync(await download.path(), 'utf-8');
  expect(saved).toContain(`: 我的退款什么时候到账？订单 ${code}`);
  expect(saved).toContain(`${name}: Your refund was issued yesterday`);

  await setStatus(agent, 'offline');
  await Promise.all([agentCtx.close(), visitorCtx.close(), supCtx.close()]);
});
