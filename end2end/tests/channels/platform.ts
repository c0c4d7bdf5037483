// WeChat's and Weibo's side of the channel tests: wechatpy (an independent
// implementation, in target/py) signs and encrypts callbacks and decrypts
// our replies; Python's hashlib signs Weibo's; the stand-in's record says
// what our server sent to the platforms.

import { execFileSync } from 'child_process';
import * as path from 'path';
import { expect, Page } from '@playwright/test';
import { standinURL } from '../../playwright.config';

const root = path.resolve(__dirname, '../../..');
const python = path.join(root, 'target/py/bin/python');

export function wechatpy(request: Record<string, unknown>): any {
  const out = execFileSync(python, [path.join(root, 'scripts/wechatpy_helper.py')], {
    input: JSON.stringify(request),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

export function sha1Sorted(...parts: string[]): string {
  const code = "import hashlib,sys; print(hashlib.sha1(''.join(sorted(sys.argv[1:])).encode()).hexdigest())";
  return execFileSync(python, ['-c', code, ...parts], { encoding: 'utf8' }).trim();
}

/** What the server sent to the platforms so far. */
export async function sent(page: Page): Promise<any[]> {
  const res = await page.request.get(`${standinURL}/_standin/sent`);
  return res.json();
}

/** Wait until the stand-in has recorded a send matching `match`. */
export async function waitForSend(page: Page, match: (s: any) => boolean): Promise<any> {
  let found: any;
  await expect
    .poll(async () => {
      found = (await sent(page)).find(match);
      return found !== undefined;
    })
    .toBe(true);
  return found;
}

/** The callback URL shown in an account's row. */
export async function callbackUrl(page: Page, table: string, account: string): Promise<string> {
  const row = page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: account });
  await expect(row).toBeVisible();
  const url = (await row.locator('code').last().textContent()) ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/channels\/(wechat|weibo)\/[0-9a-f]{24}$/);
  return url;
}
