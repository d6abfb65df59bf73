import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { DiscordRestStandIn } from './discord-rest-stand-in.js';

/** A server as the gateway describes it in GUILD_CREATE (only what discord.js needs to cache it). */
export interface StandInGuild {
  readonly id: string;
  readonly name: string;
  /** role id -> name (@everyone, whose id is the server id, is added) */
  readonly roles: Record<string, string>;
  /** text channel id -> name */
  readonly channels: Record<string, string>;
}

/**
 * A local stand-in of the Discord gateway (v10, JSON, no compression) on its own loopback port
 * (the REST stand-in's GET /gateway/bot points discord.js at it): HELLO, IDENTIFY -> READY
 * (then GUILD_CREATE per server), heartbeats acknowledged, a wrong token closed with 4004 like
 * Discord. `dispatch` sends an event — e.g. INTERACTION_CREATE with a documented interaction — to
 * every identified connection, so tests drive discord.js's own interaction objects end to end.
 */
export class DiscordGatewayStandIn {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private seq = 0;
  readonly identified: { token: string; intents: number }[] = [];
  private readonly readyWaiters: (() => void)[] = [];

  private constructor(
    private readonly rest: DiscordRestStandIn,
    private readonly guilds: readonly StandInGuild[],
    wss: WebSocketServer,
  ) {
    this.wss = wss;
    this.wss.on('connection', (ws) => this.accept(ws));
  }

  /** Listen on a free loopback port and point the REST stand-in's GET /gateway/bot at it. */
  static async start(rest: DiscordRestStandIn, guilds: readonly StandInGuild[] = []): Promise<DiscordGatewayStandIn> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/gateway' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    rest.gatewayUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/gateway`;
    return new DiscordGatewayStandIn(rest, guilds, wss);
  }

  /** Resolves once a client has identified and been sent READY. */
  ready(): Promise<void> {
    return this.sockets.size ? Promise.resolve() : new Promise((r) => this.readyWaiters.push(r));
  }

  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) ws.send(frame);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }

  private accept(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: { token?: string; intents?: number } };
      if (msg.op === 1) return ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (msg.op !== 2) return;
      if (msg.d.token !== this.rest.o.token) return ws.close(4004, 'Authentication failed.');
      this.identified.push({ token: String(msg.d.token), intents: Number(msg.d.intents) });
      const bot = this.rest.botUser;
      const send = (t: string, d: unknown) => ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
      send('READY', {
        v: 10,
        user: { id: bot.id, username: bot.username, discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0, verified: true },
        guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: 'standin-session',
        resume_gateway_url: this.rest.gatewayUrl,
        shard: [0, 1],
        application: { id: this.rest.o.applicationId, flags: 0 },
      });
      for (const g of this.guilds) send('GUILD_CREATE', guildCreate(g, bot.id));
      this.sockets.add(ws);
      for (const r of this.readyWaiters.splice(0)) r();
    });
  }
}

function guildCreate(g: StandInGuild, ownerId: string): unknown {
  const roles = { [g.id]: '@everyone', ...g.roles };
  return {
    id: g.id,
    name: g.name,
    icon: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    features: [],
    emojis: [],
    stickers: [],
    roles: Object.entries(roles).map(([id, name], i) => ({ id, name, color: 0, hoist: false, position: i, permissions: id === g.id ? '1024' : '0', managed: false, mentionable: false, flags: 0 })),
    joined_at: '2026-01-01T00:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 1,
    voice_states: [],
    members: [],
    channels: Object.entries(g.channels).map(([id, name], i) => ({ id, type: 0, name, guild_id: g.id, position: i, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, rate_limit_per_user: 0, flags: 0 })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
