// The wire types of Switchboard's visitor API (C6), as the server's
// OpenAPI document (`/api/v1/openapi.json`) describes them. Only the fields
// an app needs are typed; the server may send more.

export type Sender = 'visitor' | 'agent' | 'system' | 'bot';

export interface Attachment {
  key: string;
  name: string;
  content_type: string;
  size: number;
}

export interface Message {
  conversation_id: number;
  /** Position in the conversation: 1, 2, 3… without gaps. */
  seq: number;
  client_id: string;
  sender: Sender;
  agent_name: string | null;
  body: string;
  /** Set on the system's lines: which line (`welcome`, `ended_by_agent`…). */
  system?: string | null;
  internal: boolean;
  attachment: Attachment | null;
  created_at: string;
}

export interface Conversation {
  id: number;
  visitor_id: number;
  status: 'bot' | 'queued' | 'active' | 'ended';
  agent_id: number | null;
  agent_name: string | null;
  channel: string;
  channel_name: string | null;
  last_seq: number;
}

export interface VisitorSession {
  /** The visitor's secret; the SDK keeps it in its storage. */
  token: string;
  visitor_id: number;
  conversation: Conversation | null;
  messages: Message[];
}

/** Frames the server sends on the socket (`type` tells which). */
export type ServerEvent =
  | { type: 'ready'; visitor_id: number | null; agent_id: number | null }
  | { type: 'ack'; client_id: string; message: Message }
  | { type: 'message'; message: Message }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'typing'; conversation_id: number; sender: Sender; typing: boolean }
  | { type: 'queue'; spot: { position: number; waiting: number } }
  | { type: 'error'; code: string; client_id: string | null }
  | { type: 'pong' }
  | { type: string; [key: string]: unknown };

/** The server's error body (`AppError`). */
export interface ApiErrorBody {
  kind?: string;
  fields?: { field: string; code: string }[];
  retry_after_secs?: number;
}

/** A refused call: the HTTP status and the server's reason. */
export class SwitchboardError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(`Switchboard answered ${status}${body?.kind ? ` (${body.kind})` : ''}`);
    this.name = 'SwitchboardError';
  }

  /** The code of a field error, if the server named this field. */
  fieldCode(field: string): string | undefined {
    return this.body?.fields?.find((f) => f.field === field)?.code;
  }
}
