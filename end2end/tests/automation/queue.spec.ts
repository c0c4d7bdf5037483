import { expect, test } from '@playwright/test';
import { admin, createAgent, createLink, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

test('with one agent at max 1 chat, the second visitor sees position 1 and is connected when the first chat ends', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const adminPage = await adminCtx.newPage();
  await login(adminPage, admin.email, admin.password, '/admin');
  const name = unique('Solo');
  const email = createAgent(name, 1, 'agent-password-1');
  const slug = createLink('Solo line', { agent: email });

  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, email, 'agent-password-1', '/workbench');
  await setStatus(agent, 'online');

  // The first visitor is served right away.
  const v1Ctx = await browser.newContext();
  const v1 = await v1Ctx.newPage();
  const first = unique('First in');
  await visitorSays(v1, slug, first);
  const list = agent.getByRole('listbox', { name: 'Conversations' });
  await expect(list.getByRole('option').filter({ hasText: first })).toBeVisible();
  await expect(v1.getByText(/in line/)).toHaveCount(0);

  // The agent is full: the second visitor waits and sees their place.
  const v2Ctx = await browser.newContext();
  const v2 = await v2Ctx.newPage();
  const second = unique('Second in');
  await visitorSays(v2, slug, second);
  await expect(v2.getByRole('status').getByText(/You are #1 in line, about \d+ min/)).toBeVisible();
  await expect(agent.getByText('Queue: 1 waiting')).toBeVisible();
  // An admin sees the queue too.
  await adminPage.goto('/admin/queue');
  await waitForHydration(adminPage);
  await expect(adminPage.getByRole('row').filter({ hasText: second })).toBeVisible();

  // The first chat ends: the second visitor is connected automatically.
  await list.getByRole('option').filter({ hasText: first }).click();
  await agent.getByRole('button', { name: 'End', exact: true }).click();
  await expect(v2.getByText(/in line/)).toHaveCount(0);
  await expect(agent.getByText('Queue: 0 waiting')).toBeVisible();
  const waiting = list.getByRole('option').filter({ hasText: second });
  await expect(waiting).toBeVisible();
  await waiting.click();
  const hello = unique('Thanks for waiting');
  await agent.getByRole('textbox', { name: 'Reply' }).fill(hello);
  await agent.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(v2.getByRole('list', { name: 'Messages' }).getByText(hello)).toBeVisible();

  // Leave nothing behind for other tests: end the chat, go offline.
  await agent.getByRole('button', { name: 'End', exact: true }).click();
  await expect(agent.getByRole('status').getByText('Conversation ended').last()).toBeVisible();
  await setStatus(agent, 'offline');
  await Promise.all([adminCtx.close(), agentCtx.close(), v1Ctx.close(), v2Ctx.close()]);
});
