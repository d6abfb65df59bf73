import { expect, vi } from 'vitest';
import { HEX64 } from '../../helpers/harness.js';
import { ScriptedTarget } from '../../fakes/scripted-target.js';
import type { Driver } from '../../helpers/databases.js';
import type { DiscordTestUser } from './discord-interactions.js';
import { type DiscordEnv, discordEnv, type DiscordEnvOptions } from './discord-test-env.js';

export const APPROVERS = '1500000000000000001';
export const ML_ENGINEERS = '1500000000000000002';
// Alice requests (and is an approver too: only separation of duties stops her approving her own request)
export const ALICE: DiscordTestUser = { id: '1400000000000000001', username: 'alice', roles: [ML_ENGINEERS, APPROVERS] };
export const BOB: DiscordTestUser = { id: '1400000000000000002', username: 'bob', nick: 'Bob (on call)', roles: [APPROVERS] };
export const CAROL: DiscordTestUser = { id: '1400000000000000003', username: 'carol', roles: [APPROVERS] };
export const DAVE: DiscordTestUser = { id: '1400000000000000004', username: 'dave', roles: [] };

/** Discord identities: a user id and role ids, as `steward.yaml` names them. */
export const DISCORD_GOVERNANCE_YAML = `
roles:
  ml-engineer: [read, register, "deploy:*"]
  approver: [read]
members:
  "discord-role:${ML_ENGINEERS}": [ml-engineer]
  "discord-role:${APPROVERS}": [approver]
  "discord:${DAVE.id}": [viewer]
  "console:root": [admin]
  "console:bob": [approver]
  "console:carol": [approver]
policies:
  production:
    approvals: 2
    approverRoles: [approver]
`;

/** fraud-detector v1 live in production and v2 registered, set up through the console surface. */
export async function withFraudDetector(e: DiscordEnv): Promise<void> {
  const as = (id: string) => ({ platform: 'console' as const, id, displayName: id });
  const channel = { platform: 'console' as const, id: 'setup' };
  const say = (text: string, who = 'root') => e.app.handleText({ actor: as(who), channel, text });
  for (const v of [1, 2]) expect((await say(`/mlops register fraud-detector s3://models/fd/${v}.pkl --sha256 ${HEX64(`fd${v}`)} --metric auc=0.9${v}`)).error).toBeUndefined();
  const req = await say('/mlops deploy fraud-detector 1 to production');
  const id = String((req.data as { id: number }).id);
  for (const who of ['bob', 'carol']) await e.app.handleAction({ actor: as(who), channel, action: { v: 1, a: 'approve', id } });
  await vi.waitFor(async () => expect((await e.deps.store.read.deployments.byId(Number(id)))?.status).toBe('succeeded'), { timeout: 10_000 });
}


/** A Discord env with the governance yaml, a target that succeeds, and fraud-detector v1 live / v2 registered. */
export async function governedDiscord(driver: Driver = 'pglite', o: Partial<DiscordEnvOptions> = {}): Promise<{ env: DiscordEnv; target: ScriptedTarget }> {
  const target = new ScriptedTarget(() => ({ state: 'succeeded', message: 'rolled out' }));
  const env = await discordEnv({ yaml: DISCORD_GOVERNANCE_YAML, driver, target, ...o });
  await withFraudDetector(env);
  return { env, target };
}
