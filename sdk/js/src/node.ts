// Node's side of the SDK: a store in a JSON file, so a command-line or
// server-side client keeps its visitor and outbox across restarts.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { KeyValueStore } from './index.js';

export class FileStore implements KeyValueStore {
  constructor(private readonly path: string) {}

  private read(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  getItem(key: string): string | null {
    return this.read()[key] ?? null;
  }

  /** Written to a temporary file and renamed: a crash never leaves half. */
  setItem(key: string, value: string): void {
    const all = this.read();
    all[key] = value;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(all));
    renameSync(tmp, this.path);
  }
}
