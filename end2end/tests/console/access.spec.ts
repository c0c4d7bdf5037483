import { expect, test } from '@playwright/test';
import { admin, createAgent, login, unique, waitForHydration } from '../helpers';

test('signed-out visitors of the console are sent to the login page', async ({ page, request }) => {
  const res = await request.get('/admin', { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()['location']).toBe('/login?next=/admin');
  await page.goto('/admin/agents');
  await expect(page).toHaveURL(/\/login\?next=\/admin\/agents/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password is reported next to the field', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#login-password-error')).toHaveText('Wrong email or password');
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
});

test('admin creates a limited role and agent; the agent is refused forbidden pages', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  await login(page, admin.email, admin.password);

  // A custom role that may only view reports.
  const roleName = unique('Reporter');
  await page.getByRole('navigation').getByRole('link', { name: 'Roles & permissions' }).click();
  await page.getByRole('link', { name: 'New role' }).click();
  await page.getByLabel('Role name').fill(roleName);
  await page.getByLabel('View reports').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved')).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/roles$/);
  await expect(page.getByRole('columnheader', { name: new RegExp(roleName) })).toBeVisible();

  // An agent with that role.
  const email = `${unique('rep')}@e2e.test`;
  await page.getByRole('navigation').getByRole('link', { name: 'Agents', exact: true }).click();
  await page.getByRole('link', { name: 'New agent' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Wang Fang');
  await page.getByLabel('Role').selectOption({ label: roleName });
  await page.getByLabel('Max concurrent chats').fill('4');
  await page.getByLabel('Password').fill('agent-password-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/agents$/);
  const row = page.getByRole('row', { name: new RegExp(email) });
  await expect(row).toContainText(roleName);
  await expect(row).toContainText('4');
  await adminCtx.close();

  // The agent signs in and is refused the people pages.
  const agentCtx = await browser.newContext();
  const agentPage = await agentCtx.newPage();
  await login(agentPage, email, 'agent-password-1', '/admin/agents');
  await expect(agentPage.getByRole('alert').getByText("You don't have permission to view this page")).toBeVisible();
  await expect(agentPage.getByRole('link', { name: 'Roles & permissions' })).toHaveCount(0);
  await agentCtx.close();
});

test('bad agent input gets a message next to each field', async ({ page }) => {
  await login(page, admin.email, admin.password, '/admin/agents/new');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(admin.email); // already taken
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('   ');
  await page.getByLabel('Display name').fill('x'.repeat(80));
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#agent-email-error')).toHaveText('Already in use');
  await expect(page.locator('#agent-name-error')).toHaveText('This field is required');
  await expect(page.locator('#agent-display-name-error')).toHaveText('Too long (64)');
  await expect(page.locator('#agent-password-error')).toHaveText('Too short (8)');
  await expect(page).toHaveURL(/\/admin\/agents\/new$/);
});

test('disabling an agent ends their session', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  const email = createAgent('Zhao Lei', 5, 'agent-password-2');
  await login(page, admin.email, admin.password, '/admin/agents');

  const agentCtx = await browser.newContext();
  const agentPage = await agentCtx.newPage();
  await login(agentPage, email, 'agent-password-2', '/workbench');
  await expect(agentPage.getByRole('heading', { name: 'Conversations' })).toBeVisible();

  await page.getByRole('button', { name: 'Disable Zhao Lei' }).click();
  await expect(page.getByRole('status').getByText('Agent disabled')).toBeVisible();

  await agentPage.reload();
  await expect(agentPage).toHaveURL(/\/login\?next=\/workbench/);
  await adminCtx.close();
  await agentCtx.close();
});

test('groups: create with members, then delete', async ({ page }) => {
  await login(page, admin.email, admin.password, '/admin/groups/new');
  const name = unique('Sales');
  await page.getByLabel('Group name').fill(name);
  await page.getByLabel('Description').fill('Pre-sales questions');
  await page.getByLabel(/Admin \(admin@e2e\.test\)/).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/groups$/);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Admin');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
});

test('the console speaks Chinese after switching language, and remembers it', async ({ page }) => {
  await login(page, admin.email, admin.password);
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '欢迎使用管理后台' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '欢迎使用管理后台' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  // The server-rendered page shows before its script runs: switch once it does.
  await waitForHydration(page);
  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Welcome to the console' })).toBeVisible();
});
