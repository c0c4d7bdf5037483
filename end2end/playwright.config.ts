import { defineConfig } from '@playwright/test';

// A real server on a fresh SQLite database, driven through Debian's Chromium
// (no browser download). The server is the debug build `make test` produced.
const port = Number(process.env.E2E_PORT ?? 3187);
export const baseURL = `http://127.0.0.1:${port}`;
export const admin = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
const standinPort = Number(process.env.E2E_STANDIN_PORT ?? 3190);
export const standinURL = `http://127.0.0.1:${standinPort}`;
/** The WeChat app and Weibo token the stand-in knows. */
export const wechatApp = { appId: 'wx00e2e00000000001', secret: 'e2e-wechat-secret' };
export const weiboAccessToken = 'e2e-weibo-token';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
    trace: 'off',
  },
  webServer: [
    {
      command: 'rm -rf ../target/e2e-data && ../target/debug/server',
      url: `${baseURL}/healthz`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: '../target/site',
        SWITCHBOARD_DATA_DIR: '../target/e2e-data',
        SWITCHBOARD_ADMIN_EMAIL: admin.email,
        SWITCHBOARD_ADMIN_PASSWORD: admin.password,
        // WeChat's and Weibo's APIs are the stand-in below.
        SWITCHBOARD_WECHAT_API_BASE: standinURL,
        SWITCHBOARD_WEIBO_API_BASE: standinURL,
        RUST_LOG: 'warn',
      },
    },
    {
      // Plays WeChat's and Weibo's APIs: issues and checks access tokens,
      // records what the server sends (`GET /_standin/sent`).
      command: '../target/debug/standin',
      url: `${standinURL}/_standin/sent`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        STANDIN_ADDR: `127.0.0.1:${standinPort}`,
        STANDIN_APPS: `${wechatApp.appId}:${wechatApp.secret}`,
        STANDIN_WEIBO_TOKENS: weiboAccessToken,
      },
    },
  ],
});
