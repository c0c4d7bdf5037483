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
}

/** The wasm bundle has loaded and taken over the page. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => (window as any).__sbHydrated === true || performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
}

/** A unique suffix so tests never collide on the shared database. */
export function unique(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
