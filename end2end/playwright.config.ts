import { defineConfig } from '@playwright/test';

// A real server on a fresh SQLite database, driven through Debian's Chromium
// (no browser download). The server is the debug build `make test` produced.
const port = Number(process.env.E2E_PORT ?? 3187);
export const baseURL = `http://127.0.0.1:${port}`;
export const admin = { email: 'admin@e2e.test', password: 'e2e-admin-password' };

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
  webServer: {
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
      RUST_LOG: 'warn',
    },
  },
});
