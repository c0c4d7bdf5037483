import { expect, Page } from '@playwright/test';

export const admin = { email: 'admin@e2e.test', password: 'e2e-admin-password' };

/** Sign in through the real login form and wait for the target page. */
export async function login(page: Page, email: string, password: string, next = '/admin') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/]/g, '\\/')}$`));
  await waitForHydration(page);
}

/** The wasm bundle has loaded and taken over the page. */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** A unique suffix so tests never collide on the shared database. */
export function unique(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

import * as http from 'http';
import { AddressInfo } from 'net';

/** A customer's website on another origin that embeds the widget loader. */
export async function startHostSite(appOrigin: string): Promise<{ url: string; close: () => Promise<void> }> {
  const html = `<!doctype html><html><head><title>Acme shop</title></head><body>
    <h1>Acme shop</h1><p>Products…</p>
    <script src="${appOrigin}/embed.js" data-link="default" async></script>
  </body></html>`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Put the signed-in agent online from the workbench. */
export async function goOnline(page: Page) {
  await page.goto('/workbench');
  await waitForHydration(page);
  const status = page.getByLabel('My status');
  if ((await status.inputValue()) !== 'online') {
    await status.selectOption('online');
    await expect(page.getByRole('status').getByText('Status updated').last()).toBeVisible();
  }
}

/** Create an agent in the console (as an admin) and return their email. */
export async function createAgent(page: Page, name: string, maxChats: string, password: string) {
  const email = `${unique(name.toLowerCase().replace(/\s+/g, '-'))}@e2e.test`;
  await page.goto('/admin/agents/new');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByLabel('Max concurrent chats').fill(maxChats);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/agents$/);
  return email;
}

/** Add a chat link that routes to `target` (an agent's or group's name); returns its slug. */
export async function createLink(page: Page, name: string, target: string) {
  await page.goto('/admin/widget');
  await waitForHydration(page);
  const slug = unique('line').toLowerCase();
  await page.getByLabel('Link name').fill(name);
  await page.getByLabel('Address ending').fill(slug);
  await page.getByLabel('Conversations go to').selectOption({ label: target });
  await page.getByRole('button', { name: 'Add link' }).click();
  await expect(page.getByRole('row').filter({ hasText: slug })).toBeVisible();
  return slug;
}

/** A visitor opens a chat link and sends their first message. */
export async function visitorSays(page: Page, slug: string, text: string) {
  await page.goto(`/chat/${slug}`);
  await waitForHydration(page);
  const box = page.getByRole('textbox', { name: 'Type a message…' });
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();
}

/** Set the signed-in agent's status from the workbench. */
export async function setStatus(page: Page, status: 'online' | 'busy' | 'away' | 'offline') {
  const picker = page.getByLabel('My status');
  if ((await picker.inputValue()) !== status) {
    await picker.selectOption(status);
    await expect(page.getByRole('status').getByText('Status updated').last()).toBeVisible();
  }
}
