import { expect, test } from '@playwright/test';
import { admin, createGroup, login, unique } from '../helpers';

test('an admin makes a region set and routing rules, reorders the rules, and the tester names the rule a landing page matches', async ({ page }) => {
  const s = unique('route');
  // Groups nobody is in: the tester shows both passed over, in order.
  const pricingDesk = createGroup(`Pricing desk ${s}`);
  const overflowDesk = createGroup(`Overflow desk ${s}`);
  await login(page, admin.email, admin.password, '/admin');
  const nav = page.getByRole('navigation');

  // Console → Routing → Region sets: East China is Shanghai and Jiangsu.
  await nav.getByRole('link', { name: 'Region sets' }).click();
  await expect(page.getByRole('heading', { name: 'Region sets', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New region set' }).click();
  const setForm = page.getByRole('form', { name: 'New region set' });
  const setName = `East China ${s}`;
  await setForm.getByLabel('Set name').fill(setName);
  const place = (n: number) => setForm.getByRole('group', { name: `Place ${n}`, exact: true });
  await place(1).getByLabel('Country').fill('中国');
  await place(1).getByLabel('Province').fill('上海');
  await setForm.getByRole('button', { name: 'Add place' }).click();
  await place(2).getByLabel('Province').fill('江苏');
  // A place without a country is refused.
  await setForm.getByRole('button', { name: 'Save' }).click();
  await expect(setForm.getByText('Each place needs a country')).toBeVisible();
  await place(2).getByLabel('Country').fill('中国');
  await setForm.getByRole('button', { name: 'Save' }).click();
  const sets = page.getByRole('list', { name: 'Region sets' });
  await expect(sets.getByRole('listitem').filter({ hasText: setName })).toContainText('中国 上海, 中国 江苏');

  // Console → Routing → Rules: pricing pages go to the pricing desk, then the overflow desk.
  await nav.getByRole('link', { name: 'Routing rules' }).click();
  await expect(page.getByRole('heading', { name: 'Routing rules', level: 1 })).toBeVisible();
  const rules = page.getByRole('list', { name: 'Routing rules' });
  const pricing = `Pricing pages ${s}`;
  await page.getByRole('button', { name: 'New rule' }).click();
  let form = page.getByRole('form', { name: 'New rule' });
  let condition = (n: number) => form.getByRole('group', { name: `Condition ${n}`, exact: true });
  await form.getByLabel('Rule name').fill(pricing);
  await form.getByRole('button', { name: 'Add condition' }).click();
  await condition(1).getByLabel('Match on').selectOption({ label: 'Landing page' });
  // First as a pattern that does not compile: refused beside the condition.
  await condition(1).getByLabel('Comparison').selectOption({ label: 'matches the regular expression' });
  await condition(1).getByLabel('Value').fill('/pricing/(team');
  await form.getByRole('button', { name: 'Add target' }).click();
  await form.getByLabel('Target 1', { exact: true }).selectOption({ label: `Group: ${pricingDesk}` });
  await form.getByRole('button', { name: 'Add target' }).click();
  await form.getByLabel('Target 2', { exact: true }).selectOption({ label: `Group: ${overflowDesk}` });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(condition(1).getByText('This is not a valid regular expression')).toBeVisible();
  await condition(1).getByLabel('Comparison').selectOption({ label: 'contains' });
  await condition(1).getByLabel('Value').fill(`/pricing/${s}`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();
  const pricingItem = rules.getByRole('listitem').filter({ hasText: pricing });
  await expect(pricingItem).toContainText(`Landing page contains “/pricing/${s}”`);
  await expect(pricingItem).toContainText(`Group: ${pricingDesk} → Group: ${overflowDesk}`);

  // A second rule, for docs pages; new rules go last.
  const docs = `Docs pages ${s}`;
  await page.getByRole('button', { name: 'New rule' }).click();
  form = page.getByRole('form', { name: 'New rule' });
  condition = (n: number) => form.getByRole('group', { name: `Condition ${n}`, exact: true });
  await form.getByLabel('Rule name').fill(docs);
  await form.getByRole('button', { name: 'Add condition' }).click();
  await condition(1).getByLabel('Match on').selectOption({ label: 'Landing page' });
  await condition(1).getByLabel('Comparison').selectOption({ label: 'contains' });
  await condition(1).getByLabel('Value').fill(`/docs/${s}`);
  await form.getByRole('button', { name: 'Add target' }).click();
  await form.getByLabel('Target 1', { exact: true }).selectOption({ label: `Group: ${overflowDesk}` });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(rules.getByRole('listitem').filter({ hasText: docs })).toBeVisible();
  await expect(rules.getByRole('listitem')).toContainText([pricing, docs]);

  // Docs pages move above pricing pages.
  await rules.getByRole('button', { name: `Move up ${docs}` }).click();
  await expect(rules.getByRole('listitem')).toContainText([docs, pricing]);

  // The tester: a pricing landing page skips the docs rule and matches the pricing one.
  const tester = page.getByRole('form', { name: 'Test routing' });
  await tester.getByLabel('Landing page URL').fill(`https://shop.example/pricing/${s}?plan=team`);
  await tester.getByRole('button', { name: 'Test' }).click();
  const answer = page.getByRole('status', { name: 'Test result' });
  await expect(answer).toContainText(pricing);
  await expect(answer).not.toContainText(docs);
  // Nobody is in either group: both are passed over, in order, and the link's default applies.
  await expect(answer.getByRole('listitem')).toContainText([`Group: ${pricingDesk}`, `Group: ${overflowDesk}`]);
  await expect(answer).toContainText("No target can take it: the link's default applies");
});
