// A real Switchboard server for the SDK's tests: the debug build that
// `make test` made, on a fresh SQLite database in a temporary directory.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../../..');

export interface Running {
  base: string;
  stop(): void;
}

export async function startServer(port: number): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-sdk-'));
  const child: ChildProcess = spawn(join(root, 'target/debug/server'), [], {
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: join(root, 'target/site'),
      SWITCHBOARD_DATA_DIR: dir,
      SWITCHBOARD_ADMIN_EMAIL: 'admin@sdk.test',
      SWITCHBOARD_ADMIN_PASSWORD: 'sdk-admin-password',
      SWITCHBOARD_VISITOR_RATE: '1000',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) {
        return {
          base,
          stop() {
            child.kill();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the server did not start');
}
