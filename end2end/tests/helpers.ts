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
