import { expect, test } from '@playwright/test';
import { admin, createAgent, createGroup, createLink, login, setStatus, unique, waitForHydration } from '../helpers';

// The FAQ bot (P3) end to end: the admin imports a spreadsheet (one bad
// row reported, the rest stored) and adds an entry with two similar
// phrasings; a link's chats start with the bot; the visitor gets an
// answer to a Chinese paraphrase, rates it, clicks a suggestion for a
// vague question, and types 转人工 to reach an agent who reads what the
// bot said.
test('bot: knowledge base, answer, suggestion, rating and hand-off to an agent', async ({ browser }) => {
  test.setTimeout(120_000);
  const s = unique('bot');
  const password = 'bot-agent-password';
  const agent = createAgent(`Bot backup ${s}`, 3, password);
  const group = createGroup(`Bot desk ${s}`, [agent]);
  const linkName = `Bot line ${s}`;
  const slug = createLink(linkName, { group });

  const adminCtx = await browser.newContext();
  const adminPage = await adminCtx.newPage();
  await login(adminPage, admin.email, admin.password, '/admin');
  await adminPage.getByRole('navigation').getByRole('link', { name: 'Knowledge base' }).click();
  await expect(adminPage.getByRole('heading', { name: 'Knowledge base', level: 1 })).toBeVisible();

  // A spreadsheet with one bad row (no question): that row is reported,
  // the others are imported.
  const csv = '\ufeffquestion,similar,answer,category,language,enabled\n'
    + `发票怎么开 ${s},如何开具发票|能开增值税发票吗,在订单详情页申请电子发票。,发票,zh-CN,yes\n`
    + ',没有问题的行,这一行会被拒绝,发票,zh-CN,yes\n'
    + `How do I change my address ${s},update shipping address,Open Orders and choose Change address.,Shipping,en,yes\n`;
  await adminPage.getByLabel('Import CSV').setInputFiles({ name: 'kb.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const report = adminPage.getByRole('alert').filter({ hasText: 'Rows not imported' });
  await expect(report).toContainText('Row 3');
  await expect(adminPage.getByText(`发票怎么开 ${s}`, { exact: true })).toBeVisible();

  // An entry by hand, with two similar phrasings and a preview.
  const form = adminPage.getByRole('form', { name: 'New entry' });
  await form.getByLabel('Standard question').fill(`怎么申请退款 ${s}`);
  await form.getByLabel('Similar questions').fill('退款流程是什么\n我想退货退款');
  await form.getByLabel('Answer').fill('在订单页点击“申请退款”，三个工作日内到账。\n\n详情见 https://shop.example/refunds');
  await expect(form.getByRole('link', { name: 'https://shop.example/refunds' })).toBeVisible();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(adminPage.getByRole('status').getByText('Saved').last()).toBeVisible();
  await expect(adminPage.getByText(`怎么申请退款 ${s}`, { exact: true })).toBeVisible();

  // The link's chats start with the bot.
  await adminPage.goto('/admin/widget');
  await waitForHydration(adminPage);
  const links = adminPage.getByRole('region', { name: 'Chat links' });
  await links.getByRole('button', { name: `Edit ${linkName}` }).click();
  await links.getByLabel('Bot', { exact: true }).selectOption({ label: 'Bot first, then a person' });
  await links.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(adminPage.getByRole('status').getByText('Saved').last()).toBeVisible();

  const agentCtx = await browser.newContext();
  const agentPage = await agentCtx.newPage();
  await login(agentPage, agent, password, '/workbench');
  await setStatus(agentPage, 'online');

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`/chat/${slug}`);
  await waitForHydration(visitor);
  const box = visitor.getByRole('textbox', { name: 'Type a message…' });
  const messages = visitor.getByRole('list', { name: 'Messages' });
  await expect(visitor.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  // A paraphrase in Chinese gets the answer, from the bot.
  await box.fill('退款要怎么申请呀');
  await box.press('Enter');
  await expect(messages.getByText('三个工作日内到账')).toBeVisible();
  await expect(messages.getByText('Assistant').first()).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Talk to a person' })).toBeVisible();
  // The visitor rates it.
  await messages.getByRole('button', { name: /Helpful/ }).last().click();
  await expect(messages.getByText('Thanks for your feedback')).toBeVisible();
  // Something vague: suggestions to click; clicking one answers it.
  await box.fill('发票退款');
  await box.press('Enter');
  const choices = messages.getByRole('list', { name: 'Suggested questions' }).last();
  // (Entries from an earlier run of this test may be suggested too.)
  await choices.getByRole('button', { name: /^发票怎么开/ }).first().click();
  await expect(messages.getByText('在订单详情页申请电子发票')).toBeVisible();
  // 转人工 reaches the agent, who reads what the bot said.
  await box.fill('转人工');
  await box.press('Enter');
  await expect(messages.getByText('Handed over to a person (asked for)')).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Talk to a person' })).toHaveCount(0);
  const option = agentPage.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first();
  await expect(option).toBeVisible();
  await option.click();
  const seen = agentPage.getByRole('list', { name: 'Messages' });
  await expect(seen.getByText('三个工作日内到账')).toBeVisible();
  await expect(seen.getByText('退款要怎么申请呀')).toBeVisible();
  await agentPage.getByRole('textbox', { name: 'Reply' }).fill('我来帮您处理');
  await agentPage.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(messages.getByText('我来帮您处理')).toBeVisible();
  await setStatus(agentPage, 'offline');
  await agentCtx.close();
  await visitorCtx.close();

  // In bulk, the admin takes every entry out of use (a later run of this
  // test starts from an empty index again).
  // Loaded afresh again and again, the page renders and hydrates every
  // time (it once failed to, now and then).
  for (let i = 0; i < 6; i++) {
    await adminPage.goto('/admin/knowledge-base');
    await waitForHydration(adminPage);
  }
  await adminPage.getByLabel('Select all on this page').check();
  await adminPage.getByRole('button', { name: 'Stop using selected' }).click();
  await expect(adminPage.getByRole('status').getByText(/Entries changed/).last()).toBeVisible();
  await expect(adminPage.getByRole('cell', { name: 'In use', exact: true })).toHaveCount(0);
  await adminCtx.close();
});
