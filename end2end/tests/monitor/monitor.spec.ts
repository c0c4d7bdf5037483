import { expect, Page, test } from '@playwright/test';
import { admin, agentWithLink, createAgent, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

/** The supervisor's monitor, opened from the console's navigation. */
async function openMonitor(page: Page) {
  await page.goto('/admin');
  await waitForHydration(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Live monitor' }).click();
  await expect(page.getByRole('heading', { name: 'Live monitor', level: 1 })).toBeVisible();
}

test('the monitor follows an agent and their chat live, and a late supervisor sees the same figures', async ({ browser }) => {
  test.setTimeout(90_000);
  const { name, email, password, slug, ctx: agentCtx, page: agent } = await agentWithLink(browser, 'Wu', false);

  // The supervisor opens the monitor before anything happens.
  const supCtx = await browser.newContext();
  const sup = await supCtx.newPage();
  await login(sup, admin.email, admin.password, '/admin');
  await openMonitor(sup);
  const agents = sup.getByRole('table', { name: 'Agents' });
  const agentRow = agents.getByRole('row').filter({ has: sup.getByRole('rowheader', { name, exact: true }) });
  await expect(agentRow).toContainText('Offline');

  // The agent comes online: the grid says so without a reload.
  await login(agent, email, password, '/workbench');
  await setStatus(agent, 'online');
  await expect(agentRow).toContainText('Online');

  // A visitor writes: the chat appears in the live list, and the agent's counts move.
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const first = unique('Where is parcel');
  await visitorSays(visitor, slug, first);
  const live = sup.getByRole('table', { name: 'Live conversations' });
  const chatRow = live.getByRole('row').filter({ hasText: name });
  await expect(chatRow).toHaveCount(1);
  await expect(agentRow.getByRole('cell', { name: '1 / 3' })).toBeVisible();

  // Watching it read-only: the history, then each new message as it arrives.
  await chatRow.getByRole('button', { name: /^Watch / }).click();
  const panel = sup.getByRole('complementary', { name: 'Conversation being watched' });
  const messages = panel.getByRole('list', { name: 'Messages' });
  await expect(messages.getByText(first)).toBeVisible();
  await expect(panel.getByText('Read-only: new messages appear as they arrive.')).toBeVisible();
  await expect(panel.getByRole('textbox')).toHaveCount(0);
  const second = unique('It was due Monday');
  await visitor.getByRole('textbox', { name: 'Type a message…' }).fill(second);
  await visitor.getByRole('textbox', { name: 'Type a message…' }).press('Enter');
  await expect(messages.getByText(second)).toBeVisible();
  await agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: second }).click();
  const answer = unique('Checking it now');
  await agent.getByRole('textbox', { name: 'Reply' }).fill(answer);
  await agent.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(messages.getByText(answer)).toBeVisible();

  // The agent steps away: the grid shows it, with the time in status restarted.
  await setStatus(agent, 'away');
  await expect(agentRow).toContainText('Away');
  // (Cells: status, time in status, chats, taken today, first response, unanswered.)
  await expect(agentRow.getByRole('cell').nth(1)).toHaveText(/^0:0\d$/);

  // A supervisor who opens the monitor now reads the same figures from storage.
  const lateCtx = await browser.newContext();
  const late = await lateCtx.newPage();
  await login(late, admin.email, admin.password, '/admin');
  await openMonitor(late);
  const lateRow = late.getByRole('table', { name: 'Agents' }).getByRole('row')
    .filter({ has: late.getByRole('rowheader', { name, exact: true }) });
  const cells = async (row: typeof agentRow) => (await row.getByRole('cell').allInnerTexts())
    // The time in status ticks; the rest must agree.
    .filter((_, i) => i !== 1);
  await expect(lateRow).toContainText('Away');
  const figures = await cells(lateRow);
  expect(figures).toEqual(await cells(agentRow));
  // Status, chats now / max, taken today, first response (answered), unanswered.
  expect([figures[0], figures[1], figures[2], figures[4]]).toEqual(['Away', '1 / 3', '1', '0']);
  expect(figures[3]).toMatch(/^\d+:\d\d$/);
  await expect(late.getByRole('table', { name: 'Live conversations' }).getByRole('row').filter({ hasText: name })).toHaveCount(1);

  await setStatus(agent, 'offline');
  await Promise.all([supCtx.close(), agentCtx.close(), visitorCtx.close(), lateCtx.close()]);
});

test('an agent without the permission has no monitor', async ({ browser }) => {
  const password = 'plain-agent-password';
  const email = createAgent(unique('Plain'), 2, password);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, email, password, '/workbench');
  await page.goto('/admin/monitor');
  await waitForHydration(page);
  await expect(page.getByRole('table', { name: 'Agents' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Live monitor' })).toHaveCount(0);
  await ctx.close();
});
