#!/usr/bin/env node
// A command-line chat on the SDK: `switchboard-chat <server> [name]`.
// Lines you type go to the agent; theirs are printed as they arrive. The
// visitor and unsent lines are kept in ~/.switchboard-chat.json, so a
// restart continues the same conversation.

import { createInterface } from 'node:readline';
import { homedir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

import { SwitchboardVisitor, type Message } from '../src/index.js';
import { FileStore } from '../src/node.js';

const [server, name] = process.argv.slice(2);
if (!server) {
  console.error('usage: switchboard-chat <server address> [your name]');
  process.exit(2);
}

const store = new FileStore(process.env.SWITCHBOARD_CHAT_STATE ?? join(homedir(), '.switchboard-chat.json'));
const chat = new SwitchboardVisitor({ baseUrl: server, app: 'switchboard-chat', storage: store, WebSocket });

function show(m: Message): void {
  if (m.internal) return;
  const who = m.sender === 'visitor' ? 'you' : m.sender === 'agent' ? m.agent_name ?? 'agent' : m.sender;
  console.log(`[${who}] ${m.attachment ? `(file) ${m.attachment.name}` : m.body}`);
}

const session = await chat.identify({ name });
session.messages.forEach(show);
chat.on((event) => {
  if (event.type === 'message') show((event as { message: Message }).message);
});
await chat.connect();
console.log('connected; type a message, or /quit');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const text = line.trim();
  if (text === '/quit') break;
  if (text) {
    const sent = await chat.send(text);
    if (!sent) console.log('(offline: kept, sent when the server is back)');
  }
}
chat.close();
