import { Browser, BrowserContext, expect, Page } from '@playwright/test';

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

/** A customer's website on another origin that embeds the widget loader:
 * every path is a page; `pages` names some (path → title), each linking to
 * the others, and `link` is the chat link the loader uses. */
export async function startHostSite(
  appOrigin: string,
  options: { link?: string; pages?: Record<string, string> } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const pages = options.pages ?? {};
  const nav = Object.entries(pages)
    .map(([path, title]) => `<a href="${path}">${title}</a>`)
    .join(' ');
  const page = (path: string) => `<!doctype html><html><head><title>${pages[path] ?? 'Acme shop'}</title></head><body>
    <h1>Acme shop</h1><nav>${nav}</nav><p>Products…</p>
    <script src="${appOrigin}/embed.js" data-link="${options.link ?? 'default'}" async></script>
  </body></html>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page((req.url ?? '/').split('?')[0]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Open keep-alive connections (the visitor's page) would hold `close` up.
  const close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}/`, close };
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

// ------------------------------------------------------------ fixtures
// What a test needs but does not test is made by `target/debug/fixtures`,
// the command over the shared `domain::test_support` fixtures that the
// domain tests, the server tests and the bench use too, straight into the
// running server's database (see playwright.config.ts).

import { execFileSync } from 'child_process';
import * as path from 'path';

const fixturesBin = path.resolve(__dirname, '../../target/debug/fixtures');

function fixture(args: string[]): any {
  const out = execFileSync(fixturesBin, args, {
    env: {
      ...process.env,
      SWITCHBOARD_DATA_DIR: path.resolve(__dirname, '../../target/e2e-data'),
      SWITCHBOARD_ADMIN_EMAIL: admin.email,
      SWITCHBOARD_ADMIN_PASSWORD: admin.password,
    },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** An agent in the built-in Agent role (or the named role); returns their email. */
export function createAgent(name: string, maxChats: number, password: string, role?: string): string {
  const inRole = role ? ['--role', role] : [];
  return fixture(['agent', '--name', name, '--password', password, '--max-chats', String(maxChats), ...inRole]).email;
}

/** A group of these agents (by email); returns its name. */
export function createGroup(name: string, members: string[] = []): string {
  return fixture(['group', '--name', name, ...members.flatMap((m) => ['--member', m])]).name;
}

/** A chat link that routes to an agent (`{ agent: email }`) or a group (`{ group: name }`); returns its slug. */
export function createLink(name: string, target: { agent: string } | { group: string }): string {
  const to = 'agent' in target ? ['--agent', target.agent] : ['--group', target.group];
  return fixture(['link', '--name', name, ...to]).slug;
}

/** A chat link that takes signed identity, with its secret. */
export function createSignedLink(name: string, target: { agent: string } | { group: string }): { slug: string; secret: string } {
  const to = 'agent' in target ? ['--agent', target.agent] : ['--group', target.group];
  const out = fixture(['link', '--name', name, ...to, '--signed']);
  return { slug: out.slug, secret: out.secret };
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

import { createHmac } from 'crypto';

/** The code an authenticator app shows for a base32 secret (RFC 6238:
 * HMAC-SHA1, 30 s steps, 6 digits), written here independently of the
 * server's implementation. */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const key: number[] = [];
  for (const c of secret.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/** A new agent (display name `prefix` and a unique suffix) with a chat link
 * of their own, signed in to the workbench in a browser of their own and
 * online, or not yet signed in when `online` is false. */
export async function agentWithLink(browser: Browser, prefix: string, online = true): Promise<{
  s: string; name: string; email: string; password: string; slug: string; ctx: BrowserContext; page: Page;
}> {
  const s = unique(prefix.toLowerCase()).replace(/[^a-z0-9]/g, '');
  const name = `${prefix} ${s}`;
  const password = `${s}-password`;
  const email = createAgent(name, 3, password);
  const slug = createLink(`${prefix} line ${s}`, { agent: email });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  if (online) {
    await login(page, email, password, '/workbench');
    await setStatus(page, 'online');
  }
  return { s, name, email, password, slug, ctx, page };
}

/** Past days of an agent's conversations (see fixtures/src/history.rs). */
export function seedHistory(email: string, password: string, from: string, days: number): { days: { started: number; answered: number; missed: number }[] } {
  return fixture(['history', '--agent', email, '--password', password, '--from', from, '--days', String(days)]);
}

/** The UTC day `n` days before today, as `YYYY-MM-DD`. */
export function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}
