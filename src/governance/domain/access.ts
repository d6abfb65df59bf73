import { type Actor, actorKey } from './actor.js';

export type Risk = 'read' | 'write' | 'destructive';

export interface AccessConfig {
  /** role -> grants */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  /** identity pattern -> roles */
  readonly members: Readonly<Record<string, readonly string[]>>;
}

/** Roles that apply to an actor: direct roles, plus members entries matching its id, platform wildcard, groups, or "*". */
export function rolesOf(actor: Actor, access: AccessConfig): string[] {
  const keys = [actorKey(actor), `${actor.platform}:*`, ...(actor.groups ?? []), '*'];
  const out = new Set<string>(actor.roles ?? []);
  for (const k of keys) for (const r of access.members[k] ?? []) out.add(r);
  return [...out].filter((r) => r in access.roles).sort();
}

/** Does one grant allow `verb` (with `risk`) in `env`? Grants: "*", "read", "verb", "verb:*", "verb:env". */
export function grantAllows(grant: string, verb: string, risk: Risk, env: string | undefined): boolean {
  if (grant === '*') return true;
  if (grant === 'read') return risk === 'read';
  const [gVerb, gEnv] = grant.split(':') as [string, string | undefined];
  if (gVerb !== verb) return false;
  if (gEnv === undefined || gEnv === '*') return true;
  return env !== undefined && gEnv === env;
}

export function roleAllows(role: string, verb: string, risk: Risk, env: string | undefined, access: AccessConfig): boolean {
  return (access.roles[role] ?? []).some((g) => grantAllows(g, verb, risk, env));
}

/** Deny unless a role allows. */
export function can(actor: Actor, verb: string, risk: Risk, env: string | undefined, access: AccessConfig): boolean {
  return rolesOf(actor, access).some((r) => roleAllows(r, verb, risk, env, access));
}

/** Which roles would allow it — for "you need one of these roles" messages. */
export function rolesAllowing(verb: string, risk: Risk, env: string | undefined, access: AccessConfig): string[] {
  return Object.keys(access.roles)
    .filter((r) => roleAllows(r, verb, risk, env, access))
    .sort();
}
