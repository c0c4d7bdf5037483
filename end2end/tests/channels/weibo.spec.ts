import { expect, test } from '@playwright/test';
import { admin, goOnline, login, unique } from '../helpers';
import { weiboAccessToken } from '../../playwright.config';
import { callbackUrl, sha1Sorted, waitForSend } from './platform';

const secret = 'xyz123xyz';

function signed(url: string): string {
  const timestamp = String(Date.now());
  const nonce = '57155157';
  const q = new URLSearchParams({ signature: sha1Sorted(secret, timestamp, nonce), timestamp, nonce });
  return `${url}?${q}`;
}

function weiboTime(d = new Date()): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

test('a Weibo private message reaches an agent once and the reply goes out through the reply API', async ({ page }) => {
  const account = unique('Shop Weibo');
  await login(page, admin.email, admin.password, '/admin/channels/weibo');
  await page.getByRole('button', { name: 'Connect a Weibo account' }).click();
  const form = page.getByRole('form', { name: 'Connect a Weibo account' });
  await form.getByLabel('Account name').fill(account);
  await form.getByLabel('App Key').fill('1902538057');
  await form.getByLabel('AppSecret').fill(secret);
  await form.getByLabel('Access token').fill(weiboAccessToken);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved')).toBeVisible();
  const url = await callbackUrl(page, 'Weibo', account);

  // Weibo checks the URL: the signed GET gets its echostr back.
  const check = await page.request.get(`${signed(url)}&echostr=weibo-e2e`);
  expect(await check.text()).toBe('weibo-e2e');

  await goOnline(page);
  const uid = String(Math.floor(Math.random() * 1e9) + 1e9);
  const question = unique('你好，我想咨询');
  const push = JSON.stringify({ type: 'text', receiver_id: 1902538057, sender_id: Number(uid), created_at: weiboTime(), text: question, data: {} });
  for (let i = 0; i < 2; i++) {
    const r = await page.request.post(signed(url), { data: push, headers: { 'content-type': 'application/json' } });
    expect(r.status()).toBe(200);
  }
  const conv = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: question });
  await expect(conv).toBeVisible();
  await expect(conv.locator('.channel-badge')).toHaveText(/Weibo/);
  await conv.click();
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages.getByText(question)).toHaveCount(1);

  const answer = unique('您好，请问有什么可以帮您');
  await page.getByRole('textbox', { name: 'Reply' }).fill(answer);
  await page.getByRole('textbox', { name: 'Reply' }).press('Enter');
  const out = await waitForSend(page, (s) => s.api === 'weibo' && s.data?.text === answer);
  expect(out.receiver_id).toBe(uid);
  expect(out.access_token).toBe(weiboAccessToken);
  await expect(messages.locator('li').filter({ hasText: answer }).getByText('Delivered')).toBeVisible();
  await page.getByRole('button', { name: 'End', exact: true }).click();
});
