// Switchboard's visitor SDK for apps (C6). One `SwitchboardVisitor` is one
// person in one app: it remembers who they are (the server's visitor
// token) and what they sent but the server has not confirmed (the outbox)
// in a storage you give it, so both survive the app being closed. Sends go
// over HTTPS and are idempotent by client id: a resent message is stored
// once. Live events arrive on the WebSocket; after a reconnect the SDK asks
// for everything after the last seq it saw.

import {
  type ApiErrorBody,
  type Conversation,
  type Message,
  type ServerEvent,
  SwitchboardError,
  type VisitorSession,
} from './types.js';

export * from './types.js';

/** Where the SDK keeps its state: `localStorage`, AsyncStorage, a file… */
export interface KeyValueStore {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
}

/** A store in memory only: state is lost when the process ends. */
export class MemoryStore implements KeyValueStore {
  private items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** The WebSocket constructor to use (the browser's, or `ws` in Node). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WebSocketConstructor = new (...args: any[]) => WebSocketLike;

/* eslint-disable @typescript-eslint/no-explicit-any -- each WebSocket
   implementation types its events its own way. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: any) => void) | null;
  onmessage: ((ev: any) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface VisitorOptions {
  /** The server, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** The app's name: agents see conversations as channel `app` with it. */
  app?: string;
  /** The chat link new conversations come through (routing, C3). */
  link?: string;
  /** Where the token, outbox and last seen seqs are kept. */
  storage?: KeyValueStore;
  /** A name for the state in `storage` (several visitors in one store). */
  storageKey?: string;
  /** Needed where there is no global `WebSocket` (Node 20: `ws`). */
  WebSocket?: WebSocketConstructor;
  fetch?: typeof fetch;
}

/** Who the visitor is: shown to agents; `identity` is the site's signed
 * proof (see the server's `docs/identity.md`). */
export interface Identity {
  name?: string;
  email?: string;
  phone?: string;
  externalId?: string;
  identity?: string;
}

/** A message waiting for the server's confirmation. */
export interface OutboxEntry {
  clientId: string;
  body: string;
  conversationId: number | null;
}

interface State {
  token: string | null;
  outbox: OutboxEntry[];
  /** Conversation id → highest seq seen. */
  seen: Record<string, number>;
  conversationId: number | null;
}

type Handler = (event: ServerEvent) => void;

function newClientId(): string {
  return `sdk-${globalThis.crypto.randomUUID()}`;
}

export class SwitchboardVisitor {
  private readonly base: string;
  private readonly store: KeyValueStore;
  private readonly key: string;
  private readonly fetchImpl: typeof fetch;
  private state: State = { token: null, outbox: [], seen: {}, conversationId: null };
  private loaded = false;
  private socket: WebSocketLike | null = null;
  private handlers: Handler[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly options: VisitorOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.store = options.storage ?? new MemoryStore();
    this.key = `switchboard:${options.storageKey ?? 'visitor'}`;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The visitor's id once identified. */
  visitorId: number | null = null;

  /** The conversation the visitor is in (or last was). */
  get conversationId(): number | null {
    return this.state.conversationId;
  }

  /** Messages sent but not yet confirmed, oldest first. */
  get outbox(): readonly OutboxEntry[] {
    return this.state.outbox;
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    const raw = await this.store.getItem(this.key);
    if (raw) {
      try {
        this.state = { ...this.state, ...(JSON.parse(raw) as Partial<State>) };
      } catch {
        // A damaged store starts afresh rather than failing forever.
      }
    }
    this.loaded = true;
  }

  private async save(): Promise<void> {
    await this.store.setItem(this.key, JSON.stringify(this.state));
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.state.token) headers.authorization = `Bearer ${this.state.token}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await this.fetchImpl(`${this.base}/api/v1${path}`, { method, headers, body: payload });
    if (!res.ok) {
      const text = await res.text();
      let parsed: ApiErrorBody | null = null;
      try {
        // The server's errors are `{"error": {"kind": …}}`.
        parsed = (JSON.parse(text) as { error?: ApiErrorBody }).error ?? null;
      } catch {
        parsed = null;
      }
      throw new SwitchboardError(res.status, parsed);
    }
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** Say who the visitor is (the same visitor again if the store knows
   * them), and read their open conversation and its messages. */
  async identify(who: Identity = {}): Promise<VisitorSession> {
    await this.load();
    const session = await this.call<VisitorSession>('POST', '/visitor/hello', {
      token: this.state.token,
      link: this.options.link,
      name: who.name,
      email: who.email,
      phone: who.phone,
      external_id: who.externalId,
      identity: who.identity,
    });
    this.state.token = session.token;
    this.visitorId = session.visitor_id;
    if (session.conversation) {
      this.state.conversationId = session.conversation.id;
      this.markSeen(session.messages);
    }
    await this.save();
    return session;
  }

  private markSeen(messages: Message[]): void {
    for (const m of messages) {
      const k = String(m.conversation_id);
      this.state.seen[k] = Math.max(this.state.seen[k] ?? 0, m.seq);
    }
  }

  /** Send a text. It is kept in the outbox (and the store) until the
   * server has stored it; if the server cannot be reached it stays there
   * and `flush()` (or the next `connect()`) sends it. */
  async send(body: string): Promise<Message | null> {
    await this.load();
    this.state.outbox.push({ clientId: newClientId(), body, conversationId: this.state.conversationId });
    await this.save();
    try {
      const sent = await this.flush();
      return sent.at(-1) ?? null;
    } catch (e) {
      if (e instanceof SwitchboardError) throw e;
      return null; // offline: kept in the outbox
    }
  }

  /** Send everything in the outbox, in order, each once. Returns what the
   * server stored; a refused message (a field error) leaves the outbox and
   * is thrown, a network failure keeps the rest for later. */
  async flush(): Promise<Message[]> {
    await this.load();
    while (this.flushing) await this.flushing;
    const stored: Message[] = [];
    let done!: () => void;
    this.flushing = new Promise((r) => (done = r));
    try {
      while (this.state.outbox.length > 0) {
        const next = this.state.outbox[0];
        try {
          const message = await this.call<Message>('POST', '/visitor/messages', {
            client_id: next.clientId,
            body: next.body,
            conversation_id: next.conversationId ?? undefined,
            app: this.options.app,
            link: this.options.link,
          });
          stored.push(message);
          this.state.conversationId = message.conversation_id;
          this.markSeen([message]);
        } catch (e) {
          // The conversation ended meanwhile: send it into a new one.
          if (e instanceof SwitchboardError && e.fieldCode('conversation_id') === 'conversation_ended') {
            next.conversationId = null;
            await this.save();
            continue;
          }
          if (e instanceof SwitchboardError && e.status < 500 && e.status !== 429) {
            this.state.outbox.shift();
            await this.save();
          }
          throw e;
        }
        this.state.outbox.shift();
        await this.save();
      }
      return stored;
    } finally {
      this.flushing = null;
      done();
    }
  }

  /** Messages of the visitor's conversation after `afterSeq`. */
  async history(afterSeq = 0, conversationId = this.state.conversationId): Promise<Message[]> {
    if (conversationId === null) return [];
    const q = `conversation_id=${conversationId}&after=${afterSeq}`;
    const messages = await this.call<Message[]>('GET', `/visitor/messages?${q}`);
    this.markSeen(messages);
    await this.save();
    return messages;
  }

  /** Send a file or image (stored once per client id, like text). */
  async upload(file: Blob, name: string): Promise<Message> {
    await this.load();
    const form = new FormData();
    form.append('client_id', newClientId());
    if (this.state.conversationId !== null) form.append('conversation_id', String(this.state.conversationId));
    if (this.options.link) form.append('link', this.options.link);
    form.append('file', file, name);
    const message = await this.call<Message>('POST', '/uploads', form);
    this.state.conversationId = message.conversation_id;
    this.markSeen([message]);
    await this.save();
    return message;
  }

  /** Rate the conversation: `level` 1 is the survey's best. */
  async rate(level: number, comment?: string, conversationId = this.state.conversationId): Promise<void> {
    if (conversationId === null) throw new Error('no conversation to rate');
    await this.call<void>('POST', `/visitor/conversations/${conversationId}/rating`, { level, comment });
  }

  /** End the visitor's conversation. */
  async end(conversationId = this.state.conversationId): Promise<Conversation | null> {
    if (conversationId === null) return null;
    return this.call<Conversation>('POST', `/visitor/conversations/${conversationId}/end`);
  }

  /** Listen to everything the socket brings; returns a function that
   * stops listening. */
  on(handler: Handler): () => void {
    this.handlers.push(handler);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  private emit(event: ServerEvent): void {
    if (event.type === 'message' || event.type === 'ack') {
      const m = (event as { message: Message }).message;
      this.state.conversationId = m.conversation_id;
      this.markSeen([m]);
      void this.save();
    }
    for (const h of this.handlers) h(event);
  }

  /** Open the live connection: authenticate, catch up on what was missed
   * since the last seq seen, then send the outbox. Resolves when ready. */
  async connect(): Promise<void> {
    await this.load();
    if (!this.state.token) await this.identify();
    const Ctor = this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) throw new Error('no WebSocket: pass options.WebSocket (the `ws` package in Node)');
    const params = new URLSearchParams({ auth: 'frame' });
    if (this.options.app) params.set('app', this.options.app);
    if (this.options.link) params.set('link', this.options.link);
    const url = `${this.base.replace(/^http/, 'ws')}/ws?${params}`;
    const socket = new Ctor(url);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: this.state.token }));
      socket.onerror = (e: { message?: string }) => reject(new Error(`socket error: ${String(e.message ?? e)}`));
      socket.onclose = () => reject(new Error('socket closed before it was ready'));
      socket.onmessage = (ev: { data: unknown }) => {
        const event = JSON.parse(String(ev.data)) as ServerEvent;
        if (event.type === 'ready') {
          socket.onclose = () => {
            if (this.socket === socket) this.socket = null;
          };
          socket.onmessage = (e: { data: unknown }) => this.emit(JSON.parse(String(e.data)) as ServerEvent);
          resolve();
        } else if (event.type === 'error') {
          reject(new Error(`refused: ${(event as { code: string }).code}`));
        }
      };
    });
    const conv = this.state.conversationId;
    if (conv !== null) {
      socket.send(JSON.stringify({ type: 'resume', conversation_id: conv, after_seq: this.state.seen[String(conv)] ?? 0 }));
    }
    if (this.state.outbox.length > 0) {
      await this.flush().catch(() => undefined);
    }
  }

  /** Whether the live connection is open. */
  get connected(): boolean {
    return this.socket !== null;
  }

  /** Tell the agent the visitor is typing. */
  typing(typing: boolean): void {
    const conv = this.state.conversationId;
    if (this.socket && conv !== null) {
      this.socket.send(JSON.stringify({ type: 'typing', conversation_id: conv, typing }));
    }
  }

  /** Close the live connection (the store keeps everything). */
  close(): void {
    const s = this.socket;
    this.socket = null;
    s?.close();
  }
}
