import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load-config.js';
import { reloadConfig } from '../../src/app/reload-config.js';
import { silentLogger } from '../../src/ports/logger.js';
import { harness } from '../helpers/harness.js';
import { tempDir } from '../helpers/temp-dir.js';
import { type StewardChild, startSteward } from '../helpers/steward-process.js';

const yaml = (approvals: number, extra = '') => `
roles:
  approver: [read]
members:
  "console:*": [admin]
policies:
  production:
    approvals: ${approvals}
    approverRoles: [approver]
schedules:
  - name: weekly
    kind: digest
    models: "*"
    environment: production
    cron: "0 9 * * 1"
    channel: { platform: console, id: console }
audit:
  channel: { platform: console, id: ops }
${extra}`;

/** A steward.yaml asking for one approval, loaded into a Steward (the harness) as at start. */
function loaded(name: string) {
  const dir = tempDir(name);
  const file = `${dir}/steward.yaml`;
  writeFileSync(file, yaml(1));
  const env = { STEWARD_CONFIG: file, STEWARD_DATA_DIR: `${dir}/data` };
  const first = loadConfig(env, dir);
  if (!first.ok) throw new Error(JSON.stringify(first.problems));
  return { dir, file, env, h: harness({ config: first.config }) };
}

describe('reloading steward.yaml in a running Steward', () => {
  it('applies a valid file at once and audits what changed; a broken one leaves the old policy in force and says why in the audit channel', async () => {
    const { dir, file, env, h } = loaded('reload');
    const deps = { config: h.config, store: h.store, clock: h.clock, log: silentLogger, publisher: h.publisher };
    expect((await h.say('policy production')).out).toMatch(/Approvals:\s+1 from approver/);

    writeFileSync(file, yaml(2).replace('cron: "0 9 * * 1"', 'cron: "0 8 * * 1"') + 'deploys:\n  poll: 2s\n');
    const ok = await reloadConfig(deps, () => loadConfig(env, dir));
    expect(ok).toMatchObject({ ok: true, applied: ['policies', 'schedules'], restart: ['deploys'] });
    expect((await h.say('policy production')).out).toMatch(/Approvals:\s+2 from approver/);
    expect((await h.store.read.schedules.list()).map((s) => s.cron)).toEqual(['0 8 * * 1']);
    const [audit] = await h.store.read.audit.recent({ target: 'config', limit: 1 });
    expect(audit).toMatchObject({ action: 'config.reloaded', details: { changed: ['policies', 'schedules'], needsRestart: ['deploys'], sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(h.publisher.posts.at(-1)).toMatchObject({ target: { platform: 'console', channelId: 'ops' }, reply: { title: 'steward.yaml reloaded' } });

    writeFileSync(file, yaml(3).replace('approverRoles: [approver]', 'approverRoles: [nobody]'));
    const bad = await reloadConfig(deps, () => loadConfig(env, dir));
    expect(bad).toMatchObject({ ok: false, problems: [expect.objectContaining({ where: expect.stringMatching(/policies\.production\.approverRoles/) })] });
    expect((await h.say('policy production')).out).toMatch(/Approvals:\s+2 from approver/);
    const told = h.publisher.posts.at(-1)!;
    expect(told).toMatchObject({ target: { channelId: 'ops' }, reply: { title: 'steward.yaml was not reloaded' } });
    expect(JSON.stringify(told.reply)).toMatch(/approverRoles/);
  });

  it('a valid file the audit log cannot record (the database is down) is not applied: the old policy stays, and it says why', async () => {
    const { dir, file, env, h } = loaded('reload-unaudited');
    const down = { read: h.store.read, transaction: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) };
    writeFileSync(file, yaml(2));
    const r = await reloadConfig({ config: h.config, store: down, clock: h.clock, log: silentLogger, publisher: h.publisher }, () => loadConfig(env, dir));
    expect(r).toEqual({ ok: false, problems: [{ where: 'audit log', message: 'the reload could not be recorded (is the database up?)' }] });
    expect(h.publisher.posts.at(-1)).toMatchObject({ target: { channelId: 'ops' }, reply: { title: 'steward.yaml was not reloaded' } });
    expect((await h.say('policy production')).out).toMatch(/Approvals:\s+1 from approver/);
    expect(await h.store.read.audit.recent({ target: 'config', limit: 1 })).toEqual([]);
  });
});

describe('steward config check', () => {
  it('exit 0 with a summary for a valid file; exit 2 with every problem for a broken one; nothing is written', async () => {
    const dir = tempDir('config-check');
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv, { STEWARD_DATA_DIR: `${dir}/data`, LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: (s) => err.push(s) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    writeFileSync(`${dir}/good.yaml`, yaml(2));
    const good = await run('config', 'check', `${dir}/good.yaml`);
    expect(good).toMatchObject({ code: 0 });
    expect(good.out).toMatch(/good\.yaml is valid: environments staging, production; .*1 declared schedule/);
    writeFileSync(`${dir}/bad.yaml`, `${yaml(2).replace('approverRoles: [approver]', 'approverRoles: [nobody]')}targets:\n  production: { kind: ftp }\n`);
    const bad = await run('config', 'check', `${dir}/bad.yaml`);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/approverRoles/);
    expect(bad.err).toMatch(/targets\.production/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${dir}/data`)).toBe(false);
  });
});

describe('SIGHUP to a running steward start', () => {
  let child: StewardChild | null = null;
  afterEach(async () => {
    if (child && child.proc.exitCode === null) {
      child.proc.kill('SIGTERM');
      await child.exited;
    }
  });

  it('reloads a valid file, and keeps the policy in force when the file is broken', async () => {
    const dir = tempDir('sighup');
    const file = `${dir}/steward.yaml`;
    writeFileSync(file, yaml(1));
    child = startSteward({ STEWARD_CONFIG: file, STEWARD_DATA_DIR: `${dir}/data`, STEWARD_USER: 'alice' });
    await child.waitFor(/Console chat/);
    child.type('/mlops policy production');
    await child.waitFor(/Approvals:\s+1 from approver/);
    writeFileSync(file, yaml(2));
    child.proc.kill('SIGHUP');
    await child.waitFor(/steward\.yaml reloaded: policies in force now\./);
    child.type('/mlops policy production');
    await child.waitFor(/Approvals:\s+2 from approver/);
    writeFileSync(file, 'policies: [broken\n');
    child.proc.kill('SIGHUP');
    await child.waitFor(/steward\.yaml not reloaded \(the configuration in force stays\): .*cannot parse YAML/);
    const before = child.out.stdout.length;
    child.type('/mlops policy production');
    await child.waitFor(/Approvals:\s+2 from approver[\s\S]*Approvals:\s+2 from approver/);
    expect(child.out.stdout.slice(before)).not.toMatch(/Approvals:\s+1 /);
    child.type(':quit');
    expect((await child.exited).code).toBe(0);
  }, 120_000);
});
