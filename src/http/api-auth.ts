import type { Actor } from '../governance/domain/actor.js';
import type { Store } from '../ports/store.js';
import { hashToken } from '../governance/create-token.js';
import type { HttpHead, HttpResponse } from './http-server.js';
import type { TokenRateLimit } from './token-rate-limit.js';

/**
 * Bearer-token authentication for the HTTP API. A token acts as the actor
 * {platform: "api", id: <token name>, roles: [<its role>]}; its identity key "token:<name>" is
 * also given as a group, so steward.yaml `members: {"token:ci": [...]}` applies to it too.
 */
export async function authenticate(store: Store, req: HttpHead, now: Date = new Date(), rate?: TokenRateLimit): Promise<Actor | HttpResponse> {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  if (!m) return unauthorized('send the header "Authorization: Bearer <token>"; create a token with `steward token create <name> --role ROLE`');
  // read on every request, never cached: a revoked token is refused by every replica at once
  const token = await store.read.tokens.byHash(hashToken(m[1]!), now);
  if (!token) return unauthorized('this token is not valid (unknown, revoked or expired): ask an admin for a new one (`steward token create`)');
  const wait = rate?.take(token.name, now) ?? null;
  if (wait !== null) return { status: 429, body: { error: 'rate_limited', message: `token ${token.name} sent more requests than limits.perTokenPerMinute allows: retry in ${wait} s` }, headers: { 'retry-after': String(wait) } };
  await store.read.tokens.touch(token.id, now);
  return { platform: 'api', id: token.name, displayName: `token:${token.name}`, roles: [token.role], groups: [`token:${token.name}`] };
}

function unauthorized(message: string): HttpResponse {
  return { status: 401, body: { error: 'unauthorized', message }, headers: { 'www-authenticate': 'Bearer realm="steward"' } };
}

export const isResponse = (x: Actor | HttpResponse): x is HttpResponse => 'status' in x;
