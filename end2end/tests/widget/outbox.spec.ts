import { expect, Page, test, WebSocketRoute } from '@playwright/test';
import { admin, goOnline, login, startHostSite, unique } from '../helpers';

const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3187}`;

async function openWidget(page: Page, hostUrl: string) {
  await page.goto(hostUrl);
  await page.getByRole('button', { name: 'Chat with us' }).click();
  const frame = page.getByTitle('Chat with us').contentFrame();
  await expect(frame.getByRole('button', { name: 'Send' })).toBeEnabled();
  return frame;
}

// The server "stops" for the visitor: their socket reaches nothing, so what
// they send is neither stored nor acknowledged. They reload; the server is
// back; the message kept in localStorage arrives exactly once.
test('a message sent while the server is unreachable survives a reload and arrives once', async ({ browser }) => {
  const host = await startHostSite(appOrigin);
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, admin.email, admin.password, '/workbench');
  await goOnline(agent);

  const visitorCtx = await browser.newContext();
  let serverDown = false;
  const live: WebSocketRoute[] = [];
  const urls: string[] = [];
  await visitorCtx.routeWebSocket(/\/ws\?/, (ws) => {
    urls.push(ws.url());
    if (serverDown) return; // accepted, but nothing behind it
    ws.connectToServer();
    live.push(ws);
  });
  const visitor = await visitorCtx.newPage();
  let frame = await openWidget(visitor, host.url);
  const box = frame.getByRole('textbox', { name: 'Type a message…' });
  const first = unique('Hello there');
  await box.fill(first);
  await box.press('Enter');
  const messages = frame.getByRole('list', { name: 'Messages' });
  await expect(messages.getByText(first)).toBeVisible();
  const conv = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: first });
  await expect(conv).toBeVisible();

  // The server goes away: the socket drops and reconnects to nothing.
  serverDown = true;
  for (const ws of live.splice(0)) await ws.close();
  const lost = unique('Did you get this');
  await expect(frame.getByRole('button', { name: 'Send' })).toBeEnabled();
  await box.fill(lost);
  await box.press('Enter');
  const pending = messages.getByRole('listitem').filter({ hasText: lost });
  await expect(pending).toHaveCount(1);
  await expect(pending.getByText('Sending…')).toBeVisible();

  // Reload while it is unacknowledged: still there, still "sending…".
  frame = await openWidget(visitor, host.url);
  const again = frame.getByRole('list', { name: 'Messages' });
  await expect(again.getByRole('listitem').filter({ hasText: lost }).getByText('Sending…')).toBeVisible();

  // The server is back: the kept message goes out and is stored once.
  serverDown = false;
  frame = await openWidget(visitor, host.url);
  const back = frame.getByRole('list', { name: 'Messages' });
  await expect(back.getByText(lost)).toHaveCount(1);
  await expect(back.getByText('Sending…')).toHaveCount(0);
  // Its preview is now the last message.
  const same = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: lost });
  await same.click();
  const agentList = agent.getByRole('list', { name: 'Messages' });
  await expect(agentList.getByText(lost)).toHaveCount(1);
  // And once more after the agent reloads (it is stored once, not shown once).
  await agent.reload();
  await agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: lost }).click();
  await expect(agent.getByRole('list', { name: 'Messages' }).getByText(lost)).toHaveCount(1);

  // The visitor's token never went in a socket URL (it is sent in the first frame).
  expect(urls.length).toBeGreaterThan(2);
  for (const url of urls) expect(url).toMatch(/\/ws\?auth=frame&/);
  for (const url of urls) expect(url).not.toMatch(/token=/);

  const end = agent.getByRole('button', { name: 'End', exact: true });
  if (await end.isEnabled()) await end.click();
  await host.close();
  await agentCtx.close();
  await visitorCtx.close();
});

// The server answers `retry` (its database is briefly unavailable): the
// widget keeps the message as "sending…" and sends it again after
// `retry_after_secs`, with the same client id; it is stored once.
test('a message refused with retry is sent again after the pause and arrives once', async ({ browser }) => {
  const host = await startHostSite(appOrigin);
  const visitorCtx = await browser.newContext();
  const sends: string[] = [];
  await visitorCtx.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((raw) => {
      const frame = JSON.parse(String(raw));
      if (frame.type === 'send') {
        sends.push(frame.client_id);
        if (sends.length === 1) {
          const error = { kind: 'retry', retry_after_secs: 1 };
          ws.send(JSON.stringify({ type: 'error', code: 'retry', error, client_id: frame.client_id }));
          return;
        }
      }
      server.send(raw);
    });
  });
  const visitor = await visitorCtx.newPage();
  const frame = await openWidget(visitor, host.url);
  const box = frame.getByRole('textbox', { name: 'Type a message…' });
  const text = unique('Second time lucky');
  await box.fill(text);
  await box.press('Enter');
  const messages = frame.getByRole('list', { name: 'Messages' });
  await expect(messages.getByRole('listitem').filter({ hasText: text }).getByText('Sending…')).toBeVisible();
  await expect(messages.getByText('Sending…')).toHaveCount(0, { timeout: 15_000 });
  await expect(messages.getByText(text)).toHaveCount(1);
  expect(sends.length).toBeGreaterThanOrEqual(2);
  expect(new Set(sends).size).toBe(1);
  await host.close();
  await visitorCtx.close();
});
