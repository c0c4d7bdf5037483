import { expect, Page, test } from '@playwright/test';
import { admin, createAgent, login, totp, unique, waitForHydration } from '../helpers';

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto('/login?next=/workbench');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an agent turns on two-factor sign-in, then needs a code: a wrong one is refused, a recovery code works', async ({ page }) => {
  const password = 'agent-password-1';
  const email = createAgent(unique('Tess'), 3, password);
  await login(page, email, password, '/workbench');
  await page.getByRole('button', { name: 'My settings' }).click();

  const card = page.getByRole('region', { name: 'Two-factor sign-in' });
  await card.getByRole('button', { name: 'Turn on' }).click();
  await expect(card.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await card.getByLabel('Setup key').textContent())!.trim();
  await card.getByLabel('Code from the app').fill(totp(secret));
  await card.getByRole('button', { name: 'Confirm' }).click();
  const codes = card.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.nth(0).textContent())!.trim();
  await expect(card.getByText('10 recovery codes left')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  await signInWithPassword(page, email, password);
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await page.getByLabel('Authentication code').fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#login-code-error')).toHaveText('That code is not right (or was already used)');
  await page.getByLabel('Authentication code').fill(recovery);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/workbench$/);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'My settings' }).click();
  await expect(page.getByRole('region', { name: 'Two-factor sign-in' }).getByText('9 recovery codes left')).toBeVisible();
});

test('a role that requires two-factor sign-in has its members set it up while signing in', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const console = await adminCtx.newPage();
  await login(console, admin.email, admin.password);
  const roleName = unique('Careful');
  await console.getByRole('navigation').getByRole('link', { name: 'Roles & permissions' }).click();
  await console.getByRole('link', { name: 'New role' }).click();
  await console.getByLabel('Role name').fill(roleName);
  await console.getByLabel('Require two-factor sign-in').check();
  await console.getByRole('button', { name: 'Save' }).click();
  await expect(console).toHaveURL(/\/admin\/roles$/);
  await adminCtx.close();

  const password = 'agent-password-2';
  const email = createAgent(unique('Cy'), 3, password, roleName);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signInWithPassword(page, email, password);
  await expect(page.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByLabel('Setup key').textContent())!.trim();
  await page.getByLabel('Authentication code').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in is set up' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await page.getByRole('link', { name: 'I have saved them — continue' }).click();
  await expect(page).toHaveURL(/\/workbench$/);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'My settings' }).click();
  const card = page.getByRole('region', { name: 'Two-factor sign-in' });
  await expect(card.getByText('Required by your role: it cannot be turned off.')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Turn off' })).toHaveCount(0);
  await ctx.close();
});
