import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import { admin, createAgent, daysAgo, login, seedHistory, unique, waitForHydration } from '../helpers';

test('an admin reads a seeded week by day and by agent, the chart agrees with the table, and the CSV is the table', async ({ browser }) => {
  test.setTimeout(90_000);
  const name = `Reporter ${unique('r')}`;
  const password = 'report-pass-1';
  const email = createAgent(name, 5, password);
  // A week three weeks back: nothing else in the suite happens then.
  const from = daysAgo(21);
  const to = daysAgo(15);
  const seeded = seedHistory(email, password, from, 7).days;
  const started = seeded.reduce((n, d) => n + d.started, 0);
  const missed = seeded.reduce((n, d) => n + d.missed, 0);

  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  const controls = page.getByRole('form', { name: 'Report period and rows' });
  await controls.getByLabel('From').fill(from);
  await controls.getByLabel('To').fill(to);
  await expect(controls.getByLabel('Days')).toHaveValue('custom');

  // By day: a row per day of the week, each with that day's conversations.
  const table = page.getByRole('table', { name: 'Report table' });
  const body = table.locator('tbody');
  await expect(body.getByRole('row')).toHaveCount(7);
  await expect(body.getByRole('rowheader').first()).toHaveText(from);
  for (const [i, day] of seeded.entries()) {
    await expect(body.getByRole('row').nth(i).getByRole('cell').first()).toHaveText(String(day.started));
  }
  const columns = page.getByRole('img', { name: 'Conversations' });
  await expect(columns.locator('title')).toHaveCount(7);
  await expect(columns.locator('title').first()).toHaveText(`${from}: ${seeded[0].started}`);

  // By agent: this agent's row holds the week's figures.
  await controls.getByLabel('Rows', { exact: true }).selectOption({ label: 'By agent' });
  await expect(table.getByRole('columnheader').first()).toHaveText('Agent');
  const row = body.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const cells = row.getByRole('cell');
  await expect(cells.nth(0)).toHaveText(String(started));
  await expect(cells.nth(1)).toHaveText(String(started - missed));
  await expect(cells.nth(2)).toHaveText(String(missed));
  // The bot's figures have columns of their own; the seeded week had no bot.
  const columnNames = await table.getByRole('columnheader').allTextContents();
  const resolved = columnNames.indexOf('Resolved by the bot');
  expect(resolved).toBeGreaterThan(0);
  expect(columnNames[resolved + 1]).toBe('Handed over by the bot');
  await expect(cells.nth(resolved - 1)).toHaveText('0');
  await expect(cells.nth(resolved)).toHaveText('0');
  // The chart and the table agree, row for row.
  const chart = page.getByRole('list', { name: 'Conversations' });
  const labels = await body.getByRole('rowheader').allTextContents();
  const counts = await body.locator('tr td:first-of-type').allTextContents();
  await expect(chart.getByRole('listitem')).toHaveCount(labels.length);
  for (const [i, label] of labels.entries()) {
    await expect(chart.getByRole('listitem').nth(i)).toHaveAttribute('title', `${label}: ${counts[i]}`);
  }
  // Ratings and first responses are charted.
  await expect(page.getByRole('img', { name: 'Ratings by level' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'First response' }).getByRole('listitem')).toHaveCount(6);

  // The CSV: the period, the header, then exactly the table's rows.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`conversations-${from}-${to}.csv`);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toContain(`${from} – ${to}`);
  const headers = await table.locator('thead th').allTextContents();
  expect(lines[1]).toBe(headers.join(','));
  const shown = await table.locator('tbody tr, tfoot tr').evaluateAll((rows) =>
    rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim()).join(',')),
  );
  expect(lines.slice(2)).toEqual(shown);

  // Every conversation of the week, built in the background: one row each.
  const exporter = page.getByRole('region', { name: 'Every conversation (CSV)' });
  await exporter.getByRole('button', { name: 'Export every conversation' }).click();
  const link = exporter.getByRole('link', { name: 'Download CSV file' });
  await expect(link).toBeVisible();
  await expect(exporter.getByText(`Ready: ${started} conversations.`)).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(file.suggestedFilename()).toBe(`conversations-${from}-${to}.csv`);
  const rows = fs.readFileSync(await file.path(), 'utf8').slice(1).trimEnd().split('\r\n');
  expect(rows[0]).toContain(`${from} – ${to}`);
  expect(rows[1].split(',')).toContain('first_response_secs');
  expect(rows.length - 2).toBe(started);
});

test('the company time zone shows on the reports page, an unknown one is refused next to the field and not stored, and a known one saves', async ({ page }) => {
  await login(page, admin.email, admin.password, '/admin/reports');
  await waitForHydration(page);
  const form = page.getByRole('form', { name: 'Company time zone' });
  const field = form.getByRole('textbox', { name: 'Company time zone' });
  await expect(field).toHaveValue('Asia/Shanghai');
  await field.fill('Mars/Olympus');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).not.toBeEmpty();
  await page.reload();
  await waitForHydration(page);
  await expect(field).toHaveValue('Asia/Shanghai');
  await field.fill(' Asia/Shanghai ');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'false');
});
