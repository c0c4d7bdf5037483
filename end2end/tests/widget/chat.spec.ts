import { expect, Page, test } from '@playwright/test';
import { admin, createAgent, goOnline, login, startHostSite, unique, waitForHydration } from '../helpers';

const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3187}`;

async function openWidget(page: Page, hostUrl: string) {
  await page.goto(hostUrl);
  await page.getByRole('button', { name: 'Chat with us' }).click();
  const frame = page.getByTitle('Chat with us').contentFrame();
  await expect(frame.getByRole('textbox', { name: 'Type a message…' })).toBeVisible();
  // Wait until the widget has hydrated and connected (Send becomes enabled).
  await expect(frame.getByRole('button', { name: 'Send' })).toBeEnabled();
  return frame;
}

async function endAll(agent: Page) {
  // Leave the agent with no open chats so later tests start clean.
  const list = agent.getByRole('listbox', { name: 'Conversations' });
  for (const option of await list.getByRole('option').all()) {
    await option.click();
    const end = agent.getByRole('button', { name: 'End', exact: true });
    if (await end.isEnabled()) await end.click();
  }
}

test('a visitor on another site chats live with an agent; both reload and see the history once', async ({ browser }) => {
  const host = await startHostSite(appOrigin);
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, admin.email, admin.password, '/workbench');
  await goOnline(agent);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  let frame = await openWidget(visitor, host.url);
  const question = unique('Where is my order');
  await frame.getByRole('textbox', { name: 'Type a message…' }).fill(question);
  await frame.getByRole('textbox', { name: 'Type a message…' }).press('Enter');
  await expect(frame.getByRole('list', { name: 'Messages' }).getByText(question)).toBeVisible();
  await expect(frame.getByText('Hello! How can we help you today?')).toBeVisible();

  // The agent sees it live, opens it and replies.
  const conv = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: question });
  await expect(conv).toBeVisible();
  await conv.click();
  await expect(agent.getByRole('list', { name: 'Messages' }).getByText(question)).toBeVisible();
  const answer = unique('It ships today');
  await agent.getByRole('textbox', { name: 'Reply' }).fill(answer);
  await agent.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(frame.getByRole('list', { name: 'Messages' }).getByText(answer)).toBeVisible();
  // The visitor's page URL is shown to the agent.
  await expect(agent.getByRole('complementary').getByText(host.url)).toBeVisible();

  // Both reload: the full history, each message exactly once.
  await visitor.reload();
  frame = await openWidget(visitor, host.url);
  const vList = frame.getByRole('list', { name: 'Messages' });
  await expect(vList.getByText(question)).toHaveCount(1);
  await expect(vList.getByText(answer)).toHaveCount(1);
  await agent.reload();
  await waitForHydration(agent);
  await agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: answer }).click();
  const aList = agent.getByRole('list', { name: 'Messages' });
  await expect(aList.getByText(question)).toHaveCount(1);
  await expect(aList.getByText(answer)).toHaveCount(1);

  // Text is text: markup from a visitor is never rendered as HTML.
  const html = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await frame.getByRole('textbox', { name: 'Type a message…' }).fill(html);
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(aList.getByText(html)).toBeVisible();
  expect(await agent.evaluate(() => (window as any).__pwned)).toBeUndefined();

  await endAll(agent);
  await host.close();
  await agentCtx.close();
  await visitorCtx.close();
});

test('the agent ends a chat; the visitor sees it ended and the agent finds it in history', async ({ browser }) => {
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, admin.email, admin.password, '/workbench');
  await goOnline(agent);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto('/chat/default');
  await waitForHydration(visitor);
  const text = unique('Please close this');
  await visitor.getByRole('textbox', { name: 'Type a message…' }).fill(text);
  await visitor.getByRole('button', { name: 'Send' }).click();

  const conv = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: text });
  await conv.click();
  await agent.getByRole('button', { name: 'End', exact: true }).click();
  await expect(agent.getByRole('status').getByText('Conversation ended')).toBeVisible();

  await expect(visitor.getByText('This conversation has ended.')).toBeVisible();
  await expect(visitor.getByText('The agent ended the conversation')).toBeVisible();
  await visitor.getByRole('button', { name: 'Start a new chat' }).click();
  await expect(visitor.getByRole('textbox', { name: 'Type a message…' })).toBeVisible();
  // Coming back later, the visitor finds their earlier conversation.
  await visitor.reload();
  await waitForHydration(visitor);
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Start a new chat' })).toBeVisible();

  await agent.getByRole('button', { name: 'History' }).click();
  // Newest ended conversation first.
  await agent.getByRole('listbox', { name: 'History' }).getByRole('option').first().click();
  await expect(agent.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();

  await agentCtx.close();
  await visitorCtx.close();
});

test('an agent transfers a chat with a note; the receiver gets it live', async ({ browser }) => {
  // A second agent who will receive the transfer.
  const adminCtx = await browser.newContext();
  const adminPage = await adminCtx.newPage();
  await login(adminPage, admin.email, admin.password, '/workbench');
  await goOnline(adminPage);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto('/chat/default');
  await waitForHydration(visitor);
  const text = unique('Billing question');
  await visitor.getByRole('textbox', { name: 'Type a message…' }).fill(text);
  await visitor.getByRole('button', { name: 'Send' }).click();
  const conv = adminPage.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: text });
  await expect(conv).toBeVisible();

  const email = createAgent('Billing Bo', 5, 'billing-password');

  const boCtx = await browser.newContext();
  const bo = await boCtx.newPage();
  await login(bo, email, 'billing-password', '/workbench');
  await goOnline(bo);

  await conv.click();
  await adminPage.getByRole('button', { name: 'Transfer' }).click();
  await adminPage.getByLabel('Transfer to').selectOption({ label: 'Billing Bo (Online)' });
  await adminPage.getByLabel('Note for the receiver').fill('Refund for order 42');
  await adminPage.getByRole('dialog').getByRole('button', { name: 'Transfer' }).click();
  await expect(adminPage.getByRole('status').getByText('Conversation transferred')).toBeVisible();
  await expect(conv).toHaveCount(0);

  const boConv = bo.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: 'Visitor' }).first();
  await expect(boConv).toBeVisible();
  await boConv.click();
  await expect(bo.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();
  await expect(bo.getByText('Refund for order 42')).toBeVisible();
  await expect(visitor.getByText('The conversation was transferred to another agent')).toBeVisible();
  await expect(visitor.getByText('Refund for order 42')).toHaveCount(0);

  // Bo goes offline again so later tests route to the admin only.
  await bo.getByLabel('My status').selectOption('offline');
  await expect(bo.getByRole('status').getByText('Status updated').last()).toBeVisible();
  await endAll(bo);
  await boCtx.close();
  await visitorCtx.close();
  await adminCtx.close();
});
