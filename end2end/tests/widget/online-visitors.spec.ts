import { expect, test } from '@playwright/test';
import { admin, createAgent, createLink, login, setStatus, startHostSite, unique, waitForHydration } from '../helpers';

const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3187}`;

test('an agent watches a visitor browse two pages of a site live, invites them, and they chat', async ({ browser }) => {
  const s = unique('online');
  const password = 'online-agent-password';
  const email = createAgent(`Greeter ${s}`, 3, password);
  const slug = createLink(`Shop line ${s}`, { agent: email });
  const home = `Acme home ${s}`;
  const pricing = `Acme pricing ${s}`;
  const host = await startHostSite(appOrigin, { link: slug, pages: { '/': home, '/pricing': pricing } });

  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, email, password, '/workbench');
  await setStatus(agent, 'online');
  await agent.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Online visitors' }).click();
  const list = agent.getByRole('listbox', { name: 'Online visitors' });
  await agent.getByRole('searchbox', { name: 'Search pages, places, keywords' }).fill(s);

  // The visitor lands on the home page: the agent sees them arrive.
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(host.url);
  await expect(list.getByRole('option').filter({ hasText: home })).toBeVisible();
  // … and follows the link to the pricing page: the same visitor, now there.
  await visitor.getByRole('link', { name: pricing }).click();
  const row = list.getByRole('option').filter({ hasText: pricing });
  await expect(row).toBeVisible();
  await expect(row).toContainText('2 pages');
  await expect(list.getByRole('option')).toHaveCount(1);
  await row.click();
  const trail = agent.getByRole('list', { name: 'Pages this visit' });
  await expect(trail.getByRole('listitem')).toContainText([pricing, home]);
  await expect(agent.getByRole('main').getByText('First visit')).toBeVisible();

  // The agent invites them in their own words.
  const words = `Hi! Questions about our plans? ${s}`;
  const form = agent.getByRole('form', { name: 'Invite to chat' });
  await form.getByLabel('Invitation text').fill(words);
  await form.getByRole('button', { name: 'Invite to chat' }).click();
  await expect(agent.getByRole('status').getByText('Invitation sent').last()).toBeVisible();
  await expect(agent.getByRole('main').getByRole('status').filter({ hasText: 'Invited' })).toBeVisible();

  // The visitor sees the bubble and accepts: the chat window opens.
  const bubble = visitor.getByRole('dialog', { name: 'Chat with us' });
  await expect(bubble).toContainText(words);
  await expect(bubble).toContainText(`Greeter ${s}`);
  await bubble.getByRole('button', { name: 'Chat now' }).click();
  await expect(bubble).toHaveCount(0);
  await expect(agent.getByRole('main').getByRole('status').filter({ hasText: 'Accepted the invitation' })).toBeVisible();
  const frame = visitor.getByTitle('Chat with us').contentFrame();
  const box = frame.getByRole('textbox', { name: 'Type a message…' });
  await expect(frame.getByRole('button', { name: 'Send' })).toBeEnabled();
  const question = `Which plan has SSO? ${s}`;
  await box.fill(question);
  await box.press('Enter');

  // They chat: the agent answers from the chat pane; the list shows them chatting.
  await expect(row).toContainText('Chatting');
  await agent.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Conversations' }).click();
  const conv = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: question });
  await conv.click();
  const answer = `The Team plan does. ${s}`;
  await agent.getByRole('textbox', { name: 'Reply' }).fill(answer);
  await agent.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(frame.getByRole('list', { name: 'Messages' }).getByText(answer)).toBeVisible();
  await agent.getByRole('button', { name: 'End', exact: true }).click();

  await setStatus(agent, 'offline');
  await visitorCtx.close();
  await agentCtx.close();
  await host.close();
});

test('an automatic invitation appears after the configured time on a matching page, and declining hides it', async ({ browser }) => {
  // It waits on purpose: seconds on pages where nothing may appear.
  test.setTimeout(60_000);
  const s = unique('autoinvite');
  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Invitations' }).click();
  const form = page.getByRole('form', { name: 'Invitations' });
  await form.getByLabel('Invite visitors automatically').check();
  const words = `Comparing plans? We can help. ${s}`;
  await form.getByLabel('Invitation text (English)').fill(words);
  await form.getByRole('button', { name: 'Add rule' }).click();
  const rule = form.getByRole('group', { name: 'Rule 1', exact: true });
  await rule.getByLabel('Seconds on the page').fill('2');
  await rule.getByLabel('Page address', { exact: true }).selectOption({ label: 'contains' });
  await rule.getByLabel('Page address text').fill(`/plans-${s}`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();

  const host = await startHostSite(appOrigin, { pages: { [`/plans-${s}`]: `Plans ${s}` } });
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  // Another page of the site: no invitation.
  await visitor.goto(host.url);
  await visitor.waitForTimeout(3000);
  await expect(visitor.getByRole('dialog', { name: 'Chat with us' })).toHaveCount(0);
  // The matching page: the bubble after two seconds there.
  const started = Date.now();
  await visitor.goto(`${host.url}plans-${s}`);
  const bubble = visitor.getByRole('dialog', { name: 'Chat with us' });
  await expect(bubble).toContainText(words);
  expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  await bubble.getByRole('button', { name: 'No thanks' }).click();
  await expect(bubble).toHaveCount(0);
  // Declined: not shown again this visit.
  await visitor.reload();
  await visitor.waitForTimeout(3000);
  await expect(bubble).toHaveCount(0);

  // Leave invitations off for the other tests, from the reloaded page:
  // the saved rule comes back and the page hydrates.
  await page.reload();
  await waitForHydration(page);
  await expect(form.getByRole('group', { name: 'Rule 1', exact: true }).getByLabel('Page address text')).toHaveValue(`/plans-${s}`);
  await form.getByLabel('Invite visitors automatically').uncheck();
  await form.getByRole('button', { name: 'Remove rule' }).click();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  await visitorCtx.close();
  await adminCtx.close();
  await host.close();
});
