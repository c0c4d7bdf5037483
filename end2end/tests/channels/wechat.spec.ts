import { expect, test } from '@playwright/test';
import { admin, goOnline, login, unique, waitForHydration } from '../helpers';
import { wechatApp } from '../../playwright.config';
import { callbackUrl, waitForSend, wechatpy } from './platform';

const token = 'e2eCallbackToken';
const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function textMessage(openid: string, msgId: number, content: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName>` +
    `<CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
    `<MsgId>${msgId}</MsgId></xml>`;
}

/** A safe-mode callback as WeChat sends it, encrypted and signed by wechatpy. */
function safeCallback(url: string, xml: string): { url: string; body: string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'e2enonce';
  const e = wechatpy({ op: 'encrypt', token, aes_key: aesKey, app_id: wechatApp.appId, xml, timestamp, nonce });
  const s = wechatpy({ op: 'sign', token, timestamp, nonce });
  const q = new URLSearchParams({ signature: s.signature, timestamp, nonce, encrypt_type: 'aes', msg_signature: e.msg_signature });
  return { url: `${url}?${q}`, body: e.body };
}

test('a WeChat follower gets a keyword reply, then an agent whose reply reaches WeChat once', async ({ page }) => {
  const account = unique('Shop service');
  await login(page, admin.email, admin.password, '/admin/channels/wechat');
  await page.getByRole('button', { name: 'Connect an account' }).click();
  const form = page.getByRole('form', { name: 'Connect an account' });
  await form.getByLabel('Account name').fill(account);
  await form.getByLabel('AppID').fill(wechatApp.appId);
  await form.getByLabel('AppSecret').fill(wechatApp.secret);
  await form.getByLabel('Token').fill(token);
  await form.getByLabel('EncodingAESKey').fill(aesKey);
  await form.getByLabel('Message encryption').selectOption('safe');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText('Saved')).toBeVisible();
  const url = await callbackUrl(page, 'WeChat', account);

  // A keyword reply, answered before routing.
  await page.getByRole('button', { name: `Keyword replies and news ${account}` }).click();
  const reply = page.getByRole('form', { name: 'New keyword reply' });
  await reply.getByLabel('Keyword').fill('营业时间');
  await reply.getByLabel('Reply text').fill('每天 9:00–18:00');
  await reply.getByRole('button', { name: 'Save reply' }).click();
  await expect(page.getByRole('table', { name: 'Keyword replies' }).getByText('营业时间')).toBeVisible();

  await goOnline(page);
  const openid = unique('oE2E').replace(/[^A-Za-z0-9]/g, '');

  // The keyword: the passive reply, encrypted; wechatpy opens it.
  const ask = safeCallback(url, textMessage(openid, 7001, '营业时间'));
  const answered = await page.request.post(ask.url, { data: ask.body, headers: { 'content-type': 'text/xml' } });
  expect(answered.status()).toBe(200);
  const envelope = wechatpy({ op: 'parse', xml: await answered.text() }).fields;
  const opened = wechatpy({
    op: 'decrypt', token, aes_key: aesKey, app_id: wechatApp.appId, xml: await answered.text(),
    msg_signature: envelope.MsgSignature, timestamp: envelope.TimeStamp, nonce: envelope.Nonce,
  });
  expect(opened.fields.Content).toBe('每天 9:00–18:00');
  expect(opened.fields.ToUserName).toBe(openid);

  // Anything else goes to the agent; WeChat's retries change nothing.
  const question = unique('我要退货');
  const msg = textMessage(openid, 7002, question);
  for (let i = 0; i < 3; i++) {
    const cb = safeCallback(url, msg);
    const r = await page.request.post(cb.url, { data: cb.body, headers: { 'content-type': 'text/xml' } });
    expect(await r.text()).toBe('success');
  }
  const conv = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: question });
  await expect(conv).toBeVisible();
  await expect(conv.locator('.channel-badge')).toHaveText(/WeChat/);
  await conv.click();
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages.getByText(question)).toHaveCount(1);
  await expect(page.getByRole('complementary').getByText(account).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Follower' }).getByText(openid)).toBeVisible();

  // The agent's reply goes out through the customer-service API.
  const answer = unique('好的，请提供订单号');
  await page.getByRole('textbox', { name: 'Reply' }).fill(answer);
  await page.getByRole('textbox', { name: 'Reply' }).press('Enter');
  const out = await waitForSend(page, (s) => s.api === 'wechat' && s.message?.text?.content === answer);
  expect(out.message.touser).toBe(openid);
  expect(out.appid).toBe(wechatApp.appId);
  expect(out.access_token).toMatch(/^standin-token-/);
  await expect(messages.locator('li').filter({ hasText: answer }).getByText('Delivered')).toBeVisible();

  // A fresh page shows the same, the follower's message still once.
  await page.reload();
  await waitForHydration(page);
  // (the list's preview is now the agent's answer)
  await page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').filter({ hasText: answer }).click();
  await expect(page.getByRole('list', { name: 'Messages' }).getByText(question)).toHaveCount(1);
  await page.getByRole('button', { name: 'End', exact: true }).click();
});
