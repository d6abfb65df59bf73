import { createToken } from '../governance/create-token.js';
import { revokeToken } from '../governance/revoke-token.js';
import { whoFrom } from '../governance/audit-who.js';
import { checkPermission } from '../monitoring/log-predictions.js';
import { durationSchema } from '../config/policy-schema.js';
import type { CliIo } from './cli-io.js';
import { failed, withRuntime } from './cli-runtime.js';

type Env = Record<string, string | undefined>;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

/** `steward token create <name> --role ROLE [--expires 90d]`: prints the token once (stdout), nothing else there. */
export async function tokenCreateCommand(io: CliIo, env: Env, name: string, role: string, expires?: string): Promise<number> {
  let expiresInMs: number | undefined;
  if (expires !== undefined) {
    const d = durationSchema.safeParse(expires);
    if (!d.success) {
      io.err(`steward: --expires takes a duration such as 90d, 12h or 30m, got "${expires}"`);
      return 2;
    }
    expiresInMs = d.data;
  }
  return withRuntime(io, env, async (rt, config, actor) => {
    const allowed = checkPermission(config, actor, 'create-token', 'write');
    if (!allowed.ok) return failed(io, allowed);
    const r = await createToken(rt.steward.commands, whoFrom(actor, 'cli'), { name, role, ...(expiresInMs !== undefined ? { expiresInMs } : {}) });
    if (!r.ok) return failed(io, r);
    io.out(r.value.token);
    io.err(`steward: token "${r.value.name}" created with role ${r.value.role}${r.value.expiresAt ? `, valid until ${day(r.value.expiresAt)} UTC` : ''}. It is shown only this once: store it now (e.g. as a CI secret) and send it as "Authorization: Bearer <token>".`);
    return 0;
  });
}

/** `steward token list [--format json]`: name, role, created, last used, expiry, revoked — never the secret (only its hash is kept). */
export async function tokenListCommand(io: CliIo, env: Env, o: { format?: string }): Promise<number> {
  return withRuntime(io, env, async (rt, config, actor) => {
    const allowed = checkPermission(config, actor, 'create-token', 'write');
    if (!allowed.ok) return failed(io, allowed);
    const now = rt.steward.commands.clock.now();
    const tokens = await rt.steward.store.read.tokens.list();
    const state = (t: (typeof tokens)[number]) => (t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active');
    if (o.format === 'json') {
      io.out(JSON.stringify(tokens.map((t) => ({ name: t.name, role: t.role, state: state(t), createdBy: t.createdBy, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }))));
      return 0;
    }
    if (!tokens.length) {
      io.out('No API tokens. Create one with `steward token create <name> --role ROLE`.');
      return 0;
    }
    const rows = [['name', 'role', 'state', 'created', 'by', 'last used', 'expires'], ...tokens.map((t) => [t.name, t.role, state(t), day(t.createdAt), t.createdBy, day(t.lastUsedAt), t.revokedAt ? `revoked ${day(t.revokedAt)}` : day(t.expiresAt)])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) io.out(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
    return 0;
  });
}

/** `steward token revoke <name>`: refused from the next request on, by every replica; audited. */
export async function tokenRevokeCommand(io: CliIo, env: Env, name: string): Promise<number> {
  return withRuntime(io, env, async (rt, config, actor) => {
    const allowed = checkPermission(config, actor, 'create-token', 'write');
    if (!allowed.ok) return failed(io, allowed);
    const r = await revokeToken(rt.steward.commands, whoFrom(actor, 'cli'), name);
    if (!r.ok) return failed(io, r);
    io.out(`Token "${name}" revoked: every Steward refuses it from the next request on.`);
    return 0;
  });
}
