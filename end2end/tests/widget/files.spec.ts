import { expect, test } from '@playwright/test';
import { admin, goOnline, login, unique, waitForHydration } from '../helpers';

// A 1×1 transparent PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('visitor and agent exchange an image and a file; a wrong type is refused with a clear message', async ({ browser }) => {
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, admin.email, admin.password, '/workbench');
  await goOnline(agent);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto('/chat/default');
  await waitForHydration(visitor);
  const text = unique('Here is a screenshot');
  await visitor.getByRole('textbox', { name: 'Type a message…' }).fill(text);
  await visitor.getByRole('button', { name: 'Send', exact: true }).click();
  const vList = visitor.getByRole('list', { name: 'Messages' });
  await expect(vList.getByText(text)).toBeVisible();

  await visitor.getByLabel('Attach a file or image').setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: png });
  await expect(vList.getByRole('img', { name: 'screenshot.png' })).toBeVisible();

  // A disguised executable is refused; the chat carries on.
  await visitor.getByLabel('Attach a file or image').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00binary') });
  await expect(visitor.getByRole('status').getByText(/This file type cannot be sent/)).toBeVisible();

  // The preview is the last message stored: the file, or the text if the
  // socket delivered it after the upload.
  const preview = new RegExp(`screenshot\\.png|${text}`);
  await agent.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: preview }).click();
  const aList = agent.getByRole('list', { name: 'Messages' });
  await expect(aList.getByText(text)).toBeVisible();
  const image = aList.getByRole('img', { name: 'screenshot.png' });
  await expect(image).toBeVisible();
  // The image really loads (the agent's session may read it).
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  await agent.getByLabel('Attach a file or image').setInputFiles({ name: 'guide.pdf', mimeType: 'application/pdf', buffer: pdf });
  const link = vList.getByRole('link', { name: 'Download guide.pdf' });
  await expect(link).toBeVisible();
  const download = visitor.waitForEvent('download');
  await link.click();
  expect((await download).suggestedFilename()).toBe('guide.pdf');

  // Another visitor cannot read the files of this conversation.
  const src = await image.getAttribute('src');
  const strangerCtx = await browser.newContext();
  const stranger = await strangerCtx.newPage();
  const res = await stranger.request.get(src!);
  expect(res.status()).toBe(401);

  await agent.getByRole('button', { name: 'End', exact: true }).click();
  await expect(agent.getByRole('status').getByText('Conversation ended')).toBeVisible();
  await strangerCtx.close();
  await visitorCtx.close();
  await agentCtx.close();
});
