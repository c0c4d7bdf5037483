import { expect, test } from '@playwright/test';
import { admin, login, unique } from '../helpers';

test('a role change shows in the audit log with who, before and after', async ({ page }) => {
  await login(page, admin.email, admin.password);

  // Make a role, then give it one more permission.
  const roleName = unique('Auditors');
  await page.getByRole('navigation').getByRole('link', { name: 'Roles & permissions' }).click();
  await page.getByRole('link', { name: 'New role' }).click();
  await page.getByLabel('Role name').fill(roleName);
  await page.getByLabel('View reports').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/roles$/);
  await page.getByRole('link', { name: `Edit ${roleName}` }).click();
  await page.getByLabel('View the audit log').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/roles$/);

  // The log, filtered to roles, shows both changes, newest first.
  await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByRole('search').getByLabel('What').selectOption({ label: 'Role' });
  const rows = page.getByRole('row').filter({ hasText: roleName });
  await expect(rows).toHaveCount(2);
  const changed = rows.first();
  await expect(changed).toContainText('Changed');
  await expect(changed.getByRole('cell', { name: 'Admin', exact: true })).toBeVisible();
  await expect(changed.getByRole('listitem')).toContainText('permissions');
  await expect(changed.getByRole('insertion')).toContainText('view_audit_log');
  await expect(changed.getByRole('deletion')).not.toContainText('view_audit_log');
  await expect(rows.nth(1)).toContainText('Created');

  // A day with nothing in it shows the empty state.
  await page.getByRole('search').getByLabel('From').fill('2001-01-01');
  await page.getByRole('search').getByLabel('To').fill('2001-01-02');
  await expect(page.getByText('No changes match.')).toBeVisible();
});
