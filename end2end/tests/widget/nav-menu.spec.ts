import { expect, test } from '@playwright/test';
import { admin, createAgent, createGroup, createLink, login, setStatus, unique, waitForHydration } from '../helpers';

test('an admin builds a link\'s menu; a visitor picks Sales → Enterprise by keyboard and the chat lands in that group', async ({ browser }) => {
  const s = unique('menu');
  const password = 'menu-agent-password';
  const seller = createAgent(`Seller ${s}`, 3, password);
  const helper = createAgent(`Helper ${s}`, 3, password);
  const enterprise = createGroup(`Enterprise ${s}`, [seller]);
  const front = createGroup(`Front desk ${s}`, [helper]);
  const slug = createLink(`Menu line ${s}`, { group: front });
  // The admin builds the menu in Console → Routing → Navigation menu.
  const adminCtx = await browser.newContext();
  const adminPage = await adminCtx.newPage();
  await login(adminPage, admin.email, admin.password, '/admin');
  await adminPage.getByRole('navigation').getByRole('link', { name: 'Navigation menu' }).click();
  await adminPage.getByLabel('Chat link').selectOption({ label: `Menu line ${s}` });
  const form = adminPage.getByRole('form', { name: 'Navigation menu' });
  await form.getByLabel('Show this menu to visitors').check();
  await form.getByLabel('Prompt (English)').fill('How can we help?');
  const item = (n: number) => form.getByRole('group', { name: `Item ${n}`, exact: true });
  const addItem = async (n: number, en: string, zh: string, parent?: string, target?: string) => {
    await form.getByRole('button', { name: 'Add item' }).click();
    await item(n).getByLabel('Label (English)').fill(en);
    await item(n).getByLabel('Label (Chinese)').fill(zh);
    if (parent) await item(n).getByLabel('Inside').selectOption({ label: parent });
    if (target) await item(n).getByLabel('Sends the chat to').selectOption({ label: target });
  };
  await addItem(1, 'Sales', '销售');
  // A leaf that sends the chat nowhere is refused next to it.
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(item(1).getByText('This field is required')).toBeVisible();
  await addItem(2, 'Enterprise', '企业版', 'Sales', `Group: ${enterprise}`);
  await addItem(3, 'Standard', '标准版', 'Sales', `Group: ${front}`);
  await addItem(4, 'Support', '售后', undefined, `Group: ${front}`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(adminPage.getByRole('status').getByText('Saved').last()).toBeVisible();
  await adminCtx.close();

  const agents = [];
  for (const email of [seller, helper]) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await login(page, email, password, '/workbench');
    await setStatus(page, 'online');
    agents.push({ ctx, page });
  }

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`/chat/${slug}`);
  await waitForHydration(visitor);
  const menu = visitor.getByRole('navigation', { name: 'How can we help?' });
  await expect(menu.getByRole('button', { name: 'Support' })).toBeVisible();
  // No composer until something is picked.
  await expect(visitor.getByRole('textbox', { name: 'Type a message…' })).toHaveCount(0);
  // Into Sales and back out, then in again and Enterprise: keyboard only.
  await menu.getByRole('button', { name: 'Sales' }).focus();
  await visitor.keyboard.press('Enter');
  await expect(menu.getByRole('button', { name: 'Enterprise' })).toBeVisible();
  await menu.getByRole('button', { name: 'Back' }).focus();
  await visitor.keyboard.press('Enter');
  await expect(menu.getByRole('button', { name: 'Support' })).toBeVisible();
  await menu.getByRole('button', { name: 'Sales' }).focus();
  await visitor.keyboard.press('Enter');
  await menu.getByRole('button', { name: 'Enterprise' }).focus();
  await visitor.keyboard.press('Enter');

  const box = visitor.getByRole('textbox', { name: 'Type a message…' });
  await expect(box).toBeVisible();
  const text = unique('A quote for 500 seats');
  await box.fill(text);
  await box.press('Enter');
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();
  // The Enterprise group's agent has it; the front desk's does not.
  const option = (i: number) => agents[i].page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: text });
  await expect(option(0)).toBeVisible();
  await expect(option(1)).toHaveCount(0);
  // Offline again, so later tests' chats do not land with these agents.
  for (const { page } of agents) await setStatus(page, 'offline');
  await Promise.all([visitorCtx.close(), ...agents.map((a) => a.ctx.close())]);
});
