import { expect, test } from '@playwright/test';
import { createAgent, createLink, login, setStatus, unique, visitorSays, waitForHydration } from '../helpers';

// A real 1×1 PNG.
const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478' +
    '9c63d0cabf00000230016a92657c760000000049454e44ae426082',
  'hex',
);

test('an agent uploads a picture in My settings and the visitor sees it beside their reply', async ({ browser }) => {
  const password = 'avatar-password-1';
  const name = unique('Ava');
  const email = createAgent(name, 3, password);
  const slug = createLink(`Ava line ${name}`, { agent: email });

  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, email, password, '/workbench');
  await agent.getByRole('button', { name: 'My settings' }).click();
  // Not an image: refused next to the picker, nothing stored.
  await agent.getByLabel('Upload picture').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 no') });
  await expect(agent.getByText('Choose a PNG, JPEG, GIF or WebP image')).toBeVisible();
  await agent.getByLabel('Upload picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
  await expect(agent.getByRole('button', { name: 'Remove picture' })).toBeVisible();
  await expect(agent.getByText('Choose a PNG, JPEG, GIF or WebP image')).toHaveCount(0);
  const src = await agent.locator('.avatar-picker img.avatar').getAttribute('src');
  expect(src).toMatch(/^\/api\/v1\/avatars\/[0-9a-f]{32}$/);
  // Served publicly as the image it is, never sniffed as anything else.
  const image = await agentCtx.request.get(src!);
  expect(image.headers()['content-type']).toBe('image/png');
  expect(image.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(await image.body())).toEqual(png);

  // The picture stays after a reload, and the visitor sees it beside the reply.
  await agent.reload();
  await waitForHydration(agent);
  await setStatus(agent, 'online');
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const hello = unique('Hello there');
  await visitorSays(visitor, slug, hello);
  await agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: hello }).click();
  const reply = agent.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Hi, I am here to help');
  await reply.press('Enter');
  const answer = visitor.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'Hi, I am here to help' });
  await expect(answer).toBeVisible();
  await expect(answer.locator('img.avatar')).toHaveAttribute('src', src!);
  // The visitor's page loads the image (it is public: the visitor has no session).
  await expect
    .poll(() => answer.locator('img.avatar').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1))
    .toBe(true);

  // Removing it brings the initial back.
  await agent.getByRole('button', { name: 'My settings' }).click();
  await agent.getByRole('button', { name: 'Remove picture' }).click();
  await expect(agent.getByRole('button', { name: 'Remove picture' })).toHaveCount(0);
  expect((await agentCtx.request.get(src!)).status()).toBe(404);
  await setStatus(agent, 'offline');
  await Promise.all([agentCtx.close(), visitorCtx.close()]);
});
