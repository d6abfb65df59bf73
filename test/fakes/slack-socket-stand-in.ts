import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One acknowledgement from the app: {envelope_id, payload?} (payload = the ack body, e.g. modal errors). */
export interface SocketAck {
  readonly envelope_id: string;
  readonly payload?: unknown;
  /** ms from sending the envelope to receiving its ack */
  readonly ms: number;
}

/**
 * Slack's side of a Socket Mode connection, on loopback: greets with `hello`, delivers envelopes
 * (slash_commands, interactive, events_api) in the documented shape, and resolves each with the
 * app's ack. Point the Web API stand-in's apps.connections.open at `url`.
 */
export class SlackSocketStandIn {
  private wss: WebSocketServer | null = null;
  private socket: WebSocket | null = null;
  private readonly pending = new Map<string, { at: number; resolve: (a: SocketAck) => void }>();
  private connected: Promise<void> = Promise.resolve();
  url = '';

  async start(): Promise<this> {
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => this.wss!.once('listening', () => r()));
    this.url = `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/link/?ticket=test`;
    this.connected = new Promise((resolve) => {
      this.wss!.on('connection', (ws) => {
        this.socket = ws;
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
          const p = msg.envelope_id ? this.pending.get(msg.envelope_id) : undefined;
          if (p && msg.envelope_id) {
            this.pending.delete(msg.envelope_id);
            p.resolve({ envelope_id: msg.envelope_id, payload: msg.payload, ms: performance.now() - p.at });
          }
        });
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-test', build_number: 1, approximate_connection_time: 18060 }, connection_info: { app_id: 'A0STEWARD' } }));
        resolve();
      });
    });
    return this;
  }

  /** Resolves once the app has connected (and been greeted). */
  whenConnected(): Promise<void> {
    return this.connected;
  }

  /** Deliver one envelope; resolves with the app's ack. */
  send(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): Promise<SocketAck> {
    if (!this.socket) throw new Error('no Socket Mode connection yet');
    const envelope_id = randomUUID();
    const done = new Promise<SocketAck>((resolve) => this.pending.set(envelope_id, { at: performance.now(), resolve }));
    this.socket.send(JSON.stringify({ envelope_id, payload, type, accepts_response_payload: type !== 'events_api', ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}) }));
    return done;
  }

  async close(): Promise<void> {
    for (const c of this.wss?.clients ?? []) c.terminate();
    await new Promise<void>((r) => (this.wss ? this.wss.close(() => r()) : r()));
    this.wss = null;
  }
}
