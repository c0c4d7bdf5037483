import { expect, test } from '@playwright/test';
import { admin, createLink, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

test('an agent opens a ticket from a chat and invites a rating mid-chat', async ({ browser }) => {
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, admin.email, admin.password, '/admin');
  const slug = createLink('Ticket line', { agent: admin.email });
  await agent.goto('/workbench');
  await waitForHydration(agent);
  await setStatus(agent, 'online');

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const problem = unique('Refund for order 77');
  await visitorSays(visitor, slug, problem);
  await agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: problem }).click();

  // The ticket dialog starts from the visitor's last message.
  await agent.getByRole('button', { name: 'Ticket', exact: true }).click();
  const dialog = agent.getByRole('dialog', { name: 'New ticket' });
  await expect(dialog.getByLabel('Subject')).toHaveValue(problem);
  await dialog.getByLabel('Subject').fill('');
  await dialog.getByRole('button', { name: 'Create ticket' }).click();
  await expect(dialog.getByText('This field is required')).toBeVisible();
  await dialog.getByLabel('Subject').fill(problem);
  await dialog.getByLabel('Priority').selectOption({ label: 'High' });
  await dialog.getByRole('button', { name: 'Create ticket' }).click();
  await expect(agent.getByRole('status').getByText(/Ticket created #\d+/)).toBeVisible();
  await expect(dialog).toHaveCount(0);

  // Invite a rating now; the visitor answers it in the chat.
  await agent.getByRole('button', { name: 'Invite rating' }).click();
  await expect(visitor.getByText('The agent invites you to rate this conversation')).toBeVisible();
  const card = visitor.getByRole('group', { name: 'How was this conversation?' });
  await card.getByText('Very satisfied', { exact: true }).click();
  await visitor.getByRole('button', { name: 'Send rating' }).click();
  await expect(visitor.getByRole('status').getByText('Thank you for your feedback!')).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Invite rating' })).toBeDisabled();

  // The ticket is linked to the conversation, high priority.
  await agent.getByRole('button', { name: 'Tickets' }).click();
  await agent.getByLabel('Priority', { exact: true }).first().selectOption({ label: 'High' });
  const item = agent.getByRole('listbox', { name: 'Tickets' }).getByRole('option').filter({ hasText: problem });
  await item.click();
  await expect(agent.getByRole('article').getByText(/Conversation #\d+/)).toBeVisible();
  await expect(agent.getByRole('article').getByText('Created the ticket')).toBeVisible();

  // Clean up: end the chat.
  await agent.getByRole('button', { name: 'Conversations' }).click();
  // Switching panes keeps the status the agent chose.
  await expect(agent.getByLabel('My status')).toHaveValue('online');
  await agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: 'rate this conversation' }).click();
  await agent.getByRole('button', { name: 'End', exact: true }).click();
  await expect(agent.getByRole('status').getByText('Conversation ended').last()).toBeVisible();
  await Promise.all([agentCtx.close(), visitorCtx.close()]);
});
