import { expect, test } from '@playwright/test';
import { admin, createGroup, createLink, login, unique, waitForHydration } from '../helpers';

test('with nobody online for a link the visitor leaves a message; it appears in the ticket list and is worked there', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  await login(page, admin.email, admin.password, '/admin');

  // An empty group: nobody can ever be online for it.
  const group = createGroup(unique('Night shift'));
  const slug = createLink('Night line', { group });

  // The admin words the form and asks for a phone number.
  await page.getByRole('navigation').getByRole('link', { name: 'Leave a message' }).click();
  await expect(page.getByRole('heading', { name: 'Leave a message', level: 1 })).toBeVisible();
  const guide = unique('We are closed, leave us a note');
  await page.getByLabel('Guide text').fill(guide);
  await page.getByLabel('Phone Shown').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`/chat/${slug}`);
  await waitForHydration(visitor);
  const form = visitor.getByRole('region', { name: 'Leave a message' });
  await expect(form.getByText(guide)).toBeVisible();
  await expect(visitor.getByRole('textbox', { name: 'Type a message…' })).toHaveCount(0);
  // Required fields are checked by the server and shown next to them.
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(form.getByText('This field is required')).toHaveCount(2);
  await form.getByLabel('Name').fill('Wang Fang');
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Phone').fill('+86 138 0000 0000');
  const subject = unique('Parcel never arrived');
  await form.getByLabel('Message').fill(`${subject}\nOrder 42, paid last week.`);
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(form.getByText('Enter a valid email address')).toBeVisible();
  await form.getByLabel('Email').fill('fang@example.com');
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(visitor.getByText('Thanks! We received your message')).toBeVisible();
  await expect(visitor.getByText(/Reference #\d+/)).toBeVisible();

  // The ticket is in the workbench's ticket list.
  await page.goto('/workbench');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Tickets' }).click();
  await page.getByLabel('Status').first().selectOption({ label: 'Open' });
  const item = page.getByRole('listbox', { name: 'Tickets' }).getByRole('option').filter({ hasText: subject });
  await expect(item).toBeVisible();
  await item.click();
  const ticket = page.getByRole('article');
  await expect(ticket.getByText('fang@example.com')).toBeVisible();
  await expect(ticket.getByText('+86 138 0000 0000')).toBeVisible();
  await expect(ticket.getByText('From the leave-a-message form')).toBeVisible();

  // Work it: take it, mark it pending, comment. Each step is in the history.
  await ticket.getByLabel('Assignee').selectOption({ label: 'Admin' });
  await expect(page.getByRole('status').getByText('Ticket updated').last()).toBeVisible();
  await ticket.getByLabel('Status').selectOption({ label: 'Pending' });
  await expect(ticket.getByRole('list', { name: 'History' }).getByText('Status: Open → Pending')).toBeVisible();
  await ticket.getByLabel('Comment').fill('Called the courier');
  await ticket.getByRole('button', { name: 'Add comment' }).click();
  await expect(ticket.getByRole('list', { name: 'History' }).getByText('Called the courier')).toBeVisible();
  // The filter follows: it is no longer an open ticket.
  await expect(item).toHaveCount(0);
  await page.getByLabel('Status').first().selectOption({ label: 'Pending' });
  await expect(item).toBeVisible();
  await Promise.all([adminCtx.close(), visitorCtx.close()]);
});

test('the admin adds a ticket field and a customer field to the form; the ticket shows both and the customer keeps theirs', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const page = await adminCtx.newPage();
  await login(page, admin.email, admin.password, '/admin');
  const s = unique('lm').replace(/[^a-z0-9]/g, '');
  await page.getByRole('navigation').getByRole('link', { name: 'Fields' }).click();
  for (const [entity, label, key, kind, options] of [
    ['Tickets', `Order number ${s}`, `order_${s}`, 'Text', ''],
    ['Customers', `City ${s}`, `city_${s}`, 'Single select', 'bj: Beijing\nsh: Shanghai'],
  ]) {
    await page.getByLabel('Fields of').selectOption({ label: entity });
    await page.getByLabel('Label').fill(label);
    await page.getByLabel('Key').fill(key);
    await page.getByLabel('Type').selectOption({ label: kind });
    if (options) await page.getByLabel('Options').fill(options);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('row').filter({ hasText: label })).toBeVisible();
  }
  await page.getByRole('navigation').getByRole('link', { name: 'Leave a message' }).click();
  await page.getByLabel(`Order number ${s} Shown`).check();
  await page.getByLabel(`City ${s} Shown`).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved').last()).toBeVisible();

  const slug = createLink('Closed line', { group: createGroup(unique('Nobody')) });
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`/chat/${slug}`);
  await waitForHydration(visitor);
  const form = visitor.getByRole('region', { name: 'Leave a message' });
  await form.getByLabel('Email').fill('chen@example.com');
  const subject = unique('Wrong size');
  await form.getByLabel('Message').fill(subject);
  await form.getByLabel(`Order number ${s}`).fill('SO-77');
  await form.getByLabel(`City ${s}`).selectOption({ label: 'Shanghai' });
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(visitor.getByText(/Reference #\d+/)).toBeVisible();

  await page.goto('/workbench');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Tickets' }).click();
  await page.getByRole('listbox', { name: 'Tickets' }).getByRole('option').filter({ hasText: subject }).click();
  const fields = page.getByRole('article').getByRole('form', { name: 'Ticket fields' });
  await expect(fields.getByLabel(`Order number ${s}`)).toHaveValue('SO-77');
  // The customer field is on the visitor's customer record.
  await page.goto('/admin/customers');
  await waitForHydration(page);
  await page.getByLabel('Search name, e-mail, phone or external id').fill('chen@example.com');
  await expect(page.getByRole('row').filter({ hasText: 'chen@example.com' })).toBeVisible();
  await Promise.all([adminCtx.close(), visitorCtx.close()]);
});
