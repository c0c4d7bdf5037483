// The SDK against a real server: identify, send with an outbox that
// survives a restart, receive events, resume after reconnecting, upload,
// end and rate; and the example command-line client.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';

import { type KeyValueStore, MemoryStore, SwitchboardVisitor, type Message, type ServerEvent } from '../src/index.js';
import { FileStore } from '../src/node.js';
import { startServer, type Running } from './server.js';

let server: Running;
before(async () => {
  server = await startServer(Number(process.env.SDK_TEST_PORT ?? 3291));
});
after(() => server.stop());

function visitor(storage: KeyValueStore = new MemoryStore(), baseUrl = server.base): SwitchboardVisitor {
  return new SwitchboardVisitor({ baseUrl, app: 'sdk-test', storage, WebSocket });
}

async function eventually<T>(what: string, f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}`);
}

test('the same visitor comes back with the stored token', async () => {
  const store = new MemoryStore();
  const first = await visitor(store).identify({ name: 'Ada' });
  const again = await visitor(store).identify();
  assert.equal(again.visitor_id, first.visitor_id);
  const stranger = await visitor().identify();
  assert.notEqual(stranger.visitor_id, first.visitor_id);
});

test('an outbox kept while offline is sent once after a restart', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-sdk-store-')), 'state.json');
  const online = visitor(new FileStore(path));
  await online.identify({ name: 'Offline Olga' });
  // The app loses its connection: both messages stay in the stored outbox.
  const offline = visitor(new FileStore(path), 'http://127.0.0.1:9');
  assert.equal(await offline.send('first, written offline'), null);
  assert.equal(await offline.send('second, written offline'), null);
  assert.equal(offline.outbox.length, 2);
  // The app restarts online: the outbox goes out in order.
  const restarted = visitor(new FileStore(path));
  assert.equal(restarted.outbox.length, 0, 'not loaded before first use');
  const stored = await restarted.flush();
  assert.deepEqual(stored.map((m) => m.body), ['first, written offline', 'second, written offline']);
  assert.equal(restarted.outbox.length, 0);
  // Sending the same client ids again (a crash before the outbox was
  // saved) stores nothing twice.
  const replay = visitor(new FileStore(path));
  await replay.identify();
  const history = await replay.history();
  const mine = history.filter((m) => m.sender === 'visitor');
  assert.deepEqual(mine.map((m) => m.body), ['first, written offline', 'second, written offline']);
  const conversation = (await replay.identify()).conversation;
  assert.equal(conversation?.channel, 'app');
  assert.equal(conversation?.channel_name, 'sdk-test');
});

test('events arrive live and a reconnect resumes after the last seq', async () => {
  const store = new MemoryStore();
  const chat = visitor(store);
  await chat.identify({ name: 'Live Lee' });
  const events: ServerEvent[] = [];
  chat.on((e) => events.push(e));
  await chat.connect();
  const sent = await chat.send('hello over the socket');
  assert.ok(sent);
  await eventually('the message event', () =>
    events.find((e) => e.type === 'message' && (e as { message: Message }).message.client_id === sent!.client_id),
  );
  chat.close();
  // While this app is closed, the same visitor writes from another
  // device (the same token, its own store).
  const token = (JSON.parse(String(store.getItem('switchboard:visitor'))) as { token: string }).token;
  const other = new MemoryStore();
  other.setItem('switchboard:visitor', JSON.stringify({ token }));
  const elsewhere = visitor(other);
  const missed = await elsewhere.send('written while the first app was closed');
  assert.ok(missed);
  // The first app reconnects and is given what it missed.
  const back = visitor(store);
  const seen: Message[] = [];
  back.on((e) => {
    if (e.type === 'message') seen.push((e as { message: Message }).message);
  });
  await back.connect();
  await eventually('the missed message', () => seen.find((m) => m.seq === missed!.seq));
  back.close();
});

test('files are uploaded and a conversation is ended and rated', async () => {
  const chat = visitor();
  await chat.identify();
  await chat.send('about my order');
  const png = Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
    0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d,
    0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  ]);
  const file = await chat.upload(new Blob([png], { type: 'image/png' }), 'receipt.png');
  assert.equal(file.attachment?.content_type, 'image/png');
  assert.equal(file.attachment?.name, 'receipt.png');
  const ended = await chat.end();
  assert.equal(ended?.status, 'ended');
  await chat.rate(1, 'quick and kind');
  await assert.rejects(chat.rate(1), (e: { fieldCode(f: string): string | undefined }) => e.fieldCode('survey') === 'already_rated');
});

test('the example command-line client chats through the SDK', async () => {
  const state = join(mkdtempSync(join(tmpdir(), 'sb-cli-')), 'chat.json');
  const cli = spawn(process.execPath, [resolve(import.meta.dirname, '../examples/chat.js'), server.base, 'Cli Carla'], {
    env: { ...process.env, SWITCHBOARD_CHAT_STATE: state },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  cli.stdout!.on('data', (d) => (out += String(d)));
  await eventually('connected', () => (out.includes('connected') ? true : undefined));
  cli.stdin!.write('hello from the command line\n');
  await eventually('its own line echoed', () => (out.includes('[you] hello from the command line') ? true : undefined));
  cli.stdin!.end('/quit\n');
  await new Promise((r) => cli.on('exit', r));
  // The same visitor, read back through the SDK from the client's store.
  const reader = visitor(new FileStore(state));
  const session = await reader.identify();
  assert.ok(session.messages.some((m) => m.body === 'hello from the command line'));
});
