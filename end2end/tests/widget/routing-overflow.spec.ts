import { expect, test } from '@playwright/test';
import { admin, createAgent, createGroup, login, setStatus, startHostSite, unique } from '../helpers';

const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3187}`;

test('a visitor from a landing page whose rule targets an offline group lands in the overflow group, and the agent sees the rule and the step', async ({ browser }) => {
  const s = unique('overflow');
  const password = 'overflow-agent-password';
  // Nobody of the first group ever comes online; the second has an online agent.
  const absent = createAgent(`Absent ${s}`, 3, password);
  const backup = createAgent(`Backup ${s}`, 3, password);
  const firstDesk = createGroup(`Campaign desk ${s}`, [absent]);
  const overflowDesk = createGroup(`Overflow desk ${s}`, [backup]);

  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Routing rules' }).click();
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('form', { name: 'New rule' });
  const ruleName = `Spring campaign ${s}`;
  await form.getByLabel('Rule name').fill(ruleName);
  await form.getByRole('button', { name: 'Add condition' }).click();
  const condition = form.getByRole('group', { name: 'Condition 1', exact: true });
  await condition.getByLabel('Match on').selectOption({ label: 'Landing page' });
  await condition.getByLabel('Comparison').selectOption({ label: 'contains' });
  await condition.getByLabel('Value').fill(`/spring-${s}`);
  await form.getByRole('button', { name: 'Add target' }).click();
  await form.getByLabel('Target 1', { exact: true }).selectOption({ label: `Group: ${firstDesk}` });
  await form.getByRole('button', { name: 'Add target' }).click();
  await form.getByLabel('Target 2', { exact: true }).selectOption({ label: `Group: ${overflowDesk}` });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  await adminCtx.close();

  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, backup, password, '/workbench');
  await setStatus(agent, 'online');

  const host = await startHostSite(appOrigin, { pages: { [`/spring-${s}`]: `Spring sale ${s}` } });
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`${host.url}spring-${s}?utm_source=mail`);
  await visitor.getByRole('button', { name: 'Chat with us' }).click();
  const frame = visitor.getByTitle('Chat with us').contentFrame();
  await expect(frame.getByRole('button', { name: 'Send' })).toBeEnabled();
  const question = `Is the spring price still on? ${s}`;
  await frame.getByRole('textbox', { name: 'Type a message…' }).fill(question);
  await frame.getByRole('textbox', { name: 'Type a message…' }).press('Enter');

  // The overflow group's agent gets it, and sees why.
  const conv = agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: question });
  await conv.click();
  const routed = agent.getByRole('region', { name: 'How this chat was routed' });
  await expect(routed).toContainText(ruleName);
  await expect(routed).toContainText(overflowDesk);
  await expect(routed.getByRole('list', { name: 'Passed over' }).getByRole('listitem')).toHaveText([`${firstDesk}: nobody online`]);
  await agent.getByRole('button', { name: 'End', exact: true }).click();

  await setStatus(agent, 'offline');
  await visitorCtx.close();
  await agentCtx.close();
  await host.close();
});
