import { createHmac } from 'crypto';
import { Browser, expect, Page, test } from '@playwright/test';
import {
  admin, createAgent, createGroup, createLink, createSignedLink, login, setStatus, unique, waitForHydration,
} from '../helpers';

// The site's server side of verified identity, as docs/identity.md shows it
// in Node (independent of the server's Rust implementation).
function signedIdentity(secret: string, claims: object): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const mac = createHmac('sha256', Buffer.from(secret, 'base64url')).update(payload).digest('base64url');
  return `${payload}.${mac}`;
}

async function defineField(page: Page, entity: string, label: string, key: string, kind: string, options?: string) {
  await page.getByLabel('Fields of').selectOption({ label: entity });
  await page.getByLabel('Label').fill(label);
  await page.getByLabel('Key').fill(key);
  await page.getByLabel('Type').selectOption({ label: kind });
  if (options) await page.getByLabel('Options').fill(options);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: label })).toBeVisible();
}

/** A visitor in a browser of their own opens the link and says something. */
async function visitorSays(browser: Browser, url: string, text: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(url);
  await waitForHydration(page);
  const box = page.getByRole('textbox', { name: 'Type a message…' });
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();
  return ctx;
}

test('customer data end to end: fields, company, tag, record, canned reply, a verified visitor from two browsers, and a refused unsigned one', async ({ browser }) => {
  test.setTimeout(120_000);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  const s = unique('cd').replace(/[^a-z0-9]/g, '');
  const nav = page.getByRole('navigation');

  // Fields: a customer select and date, a company field, a record field.
  await nav.getByRole('link', { name: 'Fields' }).click();
  await defineField(page, 'Customers', `Plan ${s}`, `plan_${s}`, 'Single select', 'gold: Gold\nsilver: Silver');
  await defineField(page, 'Customers', `Renewal ${s}`, `renewal_${s}`, 'Date');
  await defineField(page, 'Companies', `Industry ${s}`, `industry_${s}`, 'Text');
  await defineField(page, 'Business records', `Order no ${s}`, `order_${s}`, 'Text');

  // A record template with that field, a tag, a shared canned reply.
  await nav.getByRole('link', { name: 'Record templates' }).click();
  await page.getByLabel('Template name').fill(`Order issue ${s}`);
  await page.getByLabel(`Order no ${s}`).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: `Order issue ${s}` })).toBeVisible();

  await nav.getByRole('link', { name: 'Tags' }).click();
  await page.getByLabel('Tag name').fill(`VIP ${s}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Tags' }).getByText(`VIP ${s}`)).toBeVisible();
  // The same name again is refused next to the field.
  await page.getByLabel('Tag name').fill(`vip ${s}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Already in use')).toBeVisible();

  await nav.getByRole('link', { name: 'Canned replies' }).click();
  await page.getByLabel('Category').fill('Refunds 退款');
  await page.getByLabel('Title').fill(`Refund policy ${s}`);
  await page.getByRole('textbox', { name: 'Reply', exact: true }).fill('Hello {customer.name}, this is {agent.name}: refunds take 3 days.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: `Refund policy ${s}` })).toBeVisible();

  // A link that takes signed identity; its secret is shown once.
  const linkName = `Identity line ${s}`;
  const slug = createLink(linkName, { agent: admin.email });
  await nav.getByRole('link', { name: 'Web widget' }).click();
  const identity = page.getByRole('form', { name: `Verified identity ${linkName}` });
  await identity.getByLabel('Identity mode').selectOption({ label: 'Signed (HMAC-SHA256)' });
  // The canned reply's "Saved" toast may still be up: wait for this save's answer.
  const saved = page.waitForResponse((r) => r.url().includes('save_chat_link'));
  await identity.getByRole('button', { name: 'Save' }).click();
  await saved;
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  // The saved link's forms are drawn again; a click on the old one is lost, so retry.
  await expect(async () => {
    await page.getByRole('form', { name: `Verified identity ${linkName}` }).getByRole('button', { name: 'New secret' }).click();
    await expect(page.getByLabel('Link secret')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const secret = (await page.getByLabel('Link secret').textContent())!.trim();
  expect(secret).toHaveLength(43);

  // The visitor arrives through the signed link with an external id and a field.
  await page.goto('/workbench');
  await waitForHydration(page);
  await setStatus(page, 'online');
  const externalId = `u-${s}`;
  const claims = { external_id: externalId, name: 'Wang Fang', fields: { [`plan_${s}`]: 'gold' }, exp: Math.floor(Date.now() / 1000) + 600 };
  const first = unique('My order is late');
  const v1 = await visitorSays(browser, `/chat/${slug}?identity=${signedIdentity(secret, claims)}`, first);
  const conversations = page.getByRole('listbox', { name: 'Conversations' });
  await conversations.getByRole('option').filter({ hasText: first }).click();
  const panel = page.getByRole('region', { name: 'Details' });
  await expect(panel.getByText('Verified')).toBeVisible();
  await expect(panel.getByText(externalId)).toBeVisible();
  await expect(panel.getByLabel(`Plan ${s}`)).toHaveValue('gold');
  await expect(panel.getByLabel('Name', { exact: true })).toHaveValue('Wang Fang');

  // The agent edits a field…
  await panel.getByLabel(`Renewal ${s}`).fill('2027-01-31');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  // …puts the customer in a new company with its field…
  await panel.getByRole('tab', { name: 'Company' }).click();
  await panel.getByLabel('Company name').fill(`Acme ${s}`);
  await panel.getByLabel(`Industry ${s}`).fill('Retail');
  await panel.getByRole('button', { name: 'Add company' }).click();
  await expect(panel.getByRole('button', { name: 'Remove from company' })).toBeVisible();
  // …adds the tag…
  await panel.getByRole('tab', { name: 'Tags' }).click();
  const tag = panel.getByRole('button', { name: `VIP ${s}` });
  await tag.click();
  await expect(tag).toHaveAttribute('aria-pressed', 'true');
  // …fills in a business record…
  await panel.getByRole('tab', { name: 'Record' }).click();
  await panel.getByLabel('Record template').selectOption({ label: `Order issue ${s}` });
  await panel.getByLabel(`Order no ${s}`).fill('SO-1001');
  await panel.getByRole('button', { name: 'Save record' }).click();
  await expect(panel.getByText('SO-1001')).toBeVisible();
  // …and answers with the canned reply, keyboard only.
  const reply = page.getByRole('textbox', { name: 'Reply' });
  await reply.fill(`/refund ${s}`);
  const canned = page.getByRole('listbox', { name: 'Canned replies' });
  await expect(canned.getByRole('option').filter({ hasText: `Refund policy ${s}` })).toBeVisible();
  await reply.press('Enter');
  await expect(reply).toHaveValue('Hello Wang Fang, this is Admin: refunds take 3 days.');
  await reply.press('Enter');
  await expect(page.getByRole('list', { name: 'Messages' }).getByText('Hello Wang Fang, this is Admin')).toBeVisible();
  // The emoji picker adds to the draft.
  await page.getByRole('button', { name: 'Emoji' }).click();
  await page.getByRole('group', { name: 'Emoji' }).getByRole('button', { name: '👍' }).click();
  await expect(reply).toHaveValue('👍');
  await expect(page.getByRole('group', { name: 'Emoji' })).toHaveCount(0);
  await reply.fill('');
  await page.getByRole('button', { name: 'End', exact: true }).click();
  await expect(page.getByRole('status').getByText('Conversation ended')).toBeVisible();

  // The same person comes back from a second browser: both chats are in History.
  const second = unique('Me again');
  const v2 = await visitorSays(browser, `/chat/${slug}?identity=${signedIdentity(secret, claims)}`, second);
  await conversations.getByRole('option').filter({ hasText: second }).click();
  await panel.getByRole('tab', { name: 'History' }).click();
  const history = panel.getByRole('list', { name: 'Conversations' });
  await expect(history.getByRole('button')).toHaveCount(2);
  await expect(panel.getByText('SO-1001')).toBeVisible();
  await panel.getByRole('tab', { name: 'Tags' }).click();
  await expect(panel.getByRole('button', { name: `VIP ${s}` })).toHaveAttribute('aria-pressed', 'true');

  // The tag analysis counts the ended conversation under the customer's tag.
  await page.goto('/admin/reports/tags');
  const byTag = page.getByRole('table', { name: 'Conversations and satisfaction by tag' });
  const tagRow = byTag.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `VIP ${s}` }) });
  await expect(tagRow.getByRole('cell').first()).toHaveText('1');
  await expect(tagRow.getByRole('cell').last()).toHaveText('1');
  await expect(page.getByRole('list', { name: 'Conversations by tag' }).getByRole('listitem').filter({ hasText: `VIP ${s}` })).toHaveAttribute('title', `VIP ${s}: 1`);

  // With "require verified identity" on, an unsigned visitor is refused.
  await page.goto('/admin/widget');
  await waitForHydration(page);
  const form = page.getByRole('form', { name: `Verified identity ${linkName}` });
  await form.getByLabel('Require verified identity').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  const v3 = await browser.newContext();
  const unsigned = await v3.newPage();
  await unsigned.goto(`/chat/${slug}?external_id=${externalId}&name=Impostor`);
  await waitForHydration(unsigned);
  await expect(unsigned.getByRole('alert').getByText('This chat needs you to sign in on the site first.')).toBeVisible();
  // A tampered token is refused too.
  await unsigned.goto(`/chat/${slug}?identity=${signedIdentity(secret, claims).slice(0, -2)}xx`);
  await waitForHydration(unsigned);
  await expect(unsigned.getByRole('alert').getByText('We could not confirm who you are')).toBeVisible();
  await Promise.all([v1.close(), v2.close(), v3.close(), ctx.close()]);
});

test('two agents serving the same customer: one edits the record, the other\'s panel shows it live', async ({ browser }) => {
  test.setTimeout(90_000);
  const s = unique('live').replace(/[^a-z0-9]/g, '');
  const password = 'live-panel-password';
  // Two agents who take one chat each, in a group behind a signed link.
  const first = createAgent(`Lin ${s}`, 1, password);
  const second = createAgent(`Zhou ${s}`, 1, password);
  const group = createGroup(`Live ${s}`, [first, second]);
  const { slug, secret } = createSignedLink(`Live line ${s}`, { group });
  const agents = [];
  for (const email of [first, second]) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await login(page, email, password, '/workbench');
    await setStatus(page, 'online');
    agents.push({ ctx, page });
  }
  // One verified customer writes from two browsers: each chat goes to one agent.
  const claims = { external_id: `live-${s}`, name: 'Chen Jie', exp: Math.floor(Date.now() / 1000) + 600 };
  const texts = [unique('From the phone'), unique('From the laptop')];
  const visitors = [];
  for (const text of texts) visitors.push(await visitorSays(browser, `/chat/${slug}?identity=${signedIdentity(secret, claims)}`, text));
  const panels = [];
  for (const { page } of agents) {
    const option = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option');
    await expect(option).toHaveCount(1);
    await option.click();
    const panel = page.getByRole('region', { name: 'Details' });
    await expect(panel.getByLabel('Name', { exact: true })).toHaveValue('Chen Jie');
    panels.push(panel);
  }
  // The first agent renames the customer; the second sees it without reloading.
  await panels[0].getByLabel('Name', { exact: true }).fill('Chen Jie (Shanghai)');
  await panels[0].getByRole('button', { name: 'Save' }).click();
  await expect(agents[0].page.getByRole('status').getByText('Saved').last()).toBeVisible();
  await expect(panels[1].getByLabel('Name', { exact: true })).toHaveValue('Chen Jie (Shanghai)');
  for (const { page } of agents) await setStatus(page, 'offline');
  await Promise.all([...agents.map((a) => a.ctx.close()), ...visitors.map((v) => v.close())]);
});
