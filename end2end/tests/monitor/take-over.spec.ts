import { expect, test } from '@playwright/test';
import { admin, agentWithLink, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

test('a supervisor takes a chat over from the monitor, then transfers it back with a note', async ({ browser }) => {
  test.setTimeout(90_000);
  const { name, slug, ctx: agentCtx, page: agent } = await agentWithLink(browser, 'Qian');
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const text = unique('I want a refund');
  await visitorSays(visitor, slug, text);
  // The agent is new: this is their only chat. (Its preview is the latest
  // line, which changes as the chat moves, so it is not found by the text.)
  const agentList = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option');
  await expect(agentList.filter({ hasText: text })).toHaveCount(1);

  const supCtx = await browser.newContext();
  const sup = await supCtx.newPage();
  await login(sup, admin.email, admin.password, '/admin/monitor');
  await waitForHydration(sup);
  const row = sup.getByRole('table', { name: 'Live conversations' }).getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: /^Watch / }).click();
  const panel = sup.getByRole('complementary', { name: 'Conversation being watched' });
  await expect(panel.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();
  // The chat's own agent is not offered as a target.
  await panel.getByRole('button', { name: 'Transfer' }).click();
  const to = panel.getByLabel('Transfer to');
  await expect(to.locator('optgroup')).toHaveCount(2);
  await expect(to.locator('option', { hasText: `${name} (` })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Transfer' }).first().click();
  await expect(panel.getByRole('dialog')).toHaveCount(0);

  // Take over: the chat is the supervisor's, the visitor is told, the agent loses it.
  await panel.getByRole('button', { name: 'Take over' }).click();
  await expect(sup.getByRole('status').getByText('The conversation is yours now').last()).toBeVisible();
  await expect(visitor.getByText('The conversation was transferred to another agent')).toBeVisible();
  await expect(agentList).toHaveCount(0);
  await expect(row).toHaveCount(0);
  // It is theirs now: nothing left to take over.
  await expect(panel.getByRole('button', { name: 'Take over' })).toHaveCount(0);

  // Transfer it back from the same panel, with a note only agents see.
  await panel.getByRole('button', { name: 'Transfer' }).click();
  await panel.getByLabel('Transfer to').selectOption({ label: `${name} (Online)` });
  await panel.getByLabel('Note for the receiver').fill('Back to you, approved');
  await panel.getByRole('dialog').getByRole('button', { name: 'Transfer' }).click();
  await expect(sup.getByRole('status').getByText('Conversation transferred').last()).toBeVisible();
  await expect(row).toHaveCount(1);
  await agentList.click();
  await expect(agent.getByRole('list', { name: 'Messages' }).getByText('Back to you, approved')).toBeVisible();
  await expect(visitor.getByText('Back to you, approved')).toHaveCount(0);

  await setStatus(agent, 'offline');
  await Promise.all([agentCtx.close(), visitorCtx.close(), supCtx.close()]);
});
