import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type StewardChild, startStewardChild } from '../http/steward-child.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ThrowawayPostgres } from '../helpers/throwaway-postgres.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../adapters/slack/slack-test-env.js';
import { SlackApiStandIn } from '../fakes/slack-api-stand-in.js';
import { signedPost } from '../fakes/slack-signed-post.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';

const HOOK_SECRET = 'outage-webhook-secret-0123456789';
const OUTAGE_MS = 35_000;
const EVERY_S = 15;

/**
 * Work that is under way when the database goes away — a deployment its target is running, a
 * schedule whose slots fall in the outage, an event a one-shot CLI queued — is finished once when
 * it comes back, by the same running `steward start`, without a restart.
 */
describe.runIf(ThrowawayPostgres.available())('work in flight across a database outage', () => {
  let pg: ThrowawayPostgres;
  let steward: StewardChild;
  let slack: SlackApiStandIn;
  let hook: WebhookReceiver;
  let env: Record<string, string>;
  let token = '';

  beforeAll(async () => {
    slack = await new SlackApiStandIn({ token: BOT_TOKEN, users: { UADMIN: { name: 'root' } } }).start();
    hook = await new WebhookReceiver({ secret: HOOK_SECRET }).start();
    hook.answerWith(202, { status: 'accepted' }); // the target runs it, and reports later (the callback)
    pg = await ThrowawayPostgres.create();
    const dir = tempDir('outage-work');
    writeFileSync(
      join(dir, 'steward.yaml'),
      [
        'members:',
        '  "slack:UADMIN": [admin]',
        '  "cli:alice": [admin]',
        'targets:',
        '  staging: { kind: webhook, url: "' + hook.url + '", secretEnv: HOOK_SECRET }',
        'deploys: { lease: 3s, poll: 500ms, deadline: 10m }',
        'schedules:',
        '  - name: pulse',
        '    kind: drift',
        '    models: "*"',
        '    environment: staging',
        `    cron: "*/${EVERY_S} * * * * *"`,
        '    channel: { platform: slack, id: C-REPORTS }',
        '    window: 1d',
        '',
      ].join('\n'),
    );
    env = { DATABASE_URL: pg.url, STEWARD_CONFIG: join(dir, 'steward.yaml'), STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_AUDIT_KEYS: 'k1:outage-work-audit-key-0123', STEWARD_USER: 'alice', HOOK_SECRET };
    const out: string[] = [];
    expect(await main(['token', 'create', 'ci', '--role', 'admin'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: () => {} })).toBe(0);
    token = out[0]!;
    steward = await startStewardChild({ ...env, STEWARD_HTTP_PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
  }, 120_000);
  afterAll(async () => {
    await steward?.stop();
    await pg?.destroy();
    await slack?.close();
    await hook?.close();
  });

  const command = async (text: string) => {
    const r = await fetch(`${steward.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }), signal: AbortSignal.timeout(5_000) }).catch(() => null);
    if (!r) return { status: 0, body: { ok: false, text: 'no answer', data: null } };
    return { status: r.status, body: (await r.json()) as { ok: boolean; text: string; data: unknown } };
  };
  const posts = (channel: string, text: RegExp) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel && c.response?.ok === true && text.test(String(c.body.text)));
  const until = async (what: () => boolean | Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (!(await what()) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    return what();
  };
  const sql = async <T>(q: (s: postgres.Sql) => Promise<T>) => {
    const s = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      return await q(s);
    } finally {
      await s.end();
    }
  };

  it('resumes the running deployment, runs the missed report slot once, delivers the queued event once', async () => {
    const sub = await signedPost(`${steward.url}/slack/events`, `token=x&team_id=T1&channel_id=C-RELEASES&user_id=UADMIN&command=%2Fmlops&text=${encodeURIComponent('subscribe * registered deployed')}&response_url=${encodeURIComponent(`${slack.url}/response/1`)}&trigger_id=1.2.3`, { secret: SIGNING_SECRET });
    expect(sub.status).toBe(200);
    expect((await command('register churn s3://m/1 --new-model')).status).toBe(200);
    expect((await command('deploy churn 1 to staging')).status).toBe(200);
    // the target took it and runs it: the deployment is running, waiting for the target's report
    expect(await until(() => hook.received.length === 1, 15_000)).toBe(true);
    expect(await until(async () => (await sql((s) => s`select status from deployments where id = 1`))[0]?.status === 'running', 10_000)).toBe(true);

    // a one-shot CLI queues an event (its announcement) in the outbox, and the database goes away at once
    expect(await main(['register', 'churn', 's3://m/2'], { ...env, LOG_LEVEL: 'silent' }, { out: () => {}, err: () => {} })).toBe(0);
    const queued = Number((await sql((s) => s`select count(*)::int as n from event_outbox`))[0]!.n);
    await pg.stop();
    const down = Date.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const up = Date.now();
    await pg.start();

    // the target reports success once the database is back; the resumed deployment takes it
    expect(await until(async () => (await command('versions churn')).status === 200, 30_000)).toBe(true);
    const report = await hook.callBack(steward.url, 1, { status: 'succeeded', message: 'rolled out' });
    expect(report.status).toBe(200);
    expect(await until(async () => (await sql((s) => s`select status from deployments where id = 1`))[0]?.status === 'succeeded', 30_000)).toBe(true);
    expect(hook.received.filter((r) => r.method === 'POST' && r.path === '/deploy')).toHaveLength(1); // never sent to the target twice
    expect(await until(() => posts('C-RELEASES', /churn v1.*(deployed|staging)/i).length >= 1, 20_000)).toBe(true);

    // the queued event: delivered once (whether it was drained before the outage or after)
    expect(await until(() => posts('C-RELEASES', /churn v2 registered/).length >= 1, 20_000)).toBe(true);
    if (queued > 0) expect(posts('C-RELEASES', /churn v2 registered/)[0]!.at).toBeGreaterThan(up); // it waited out the outage in the outbox

    // the report slots that fell inside the outage: only the latest is run, once
    const missed: Date[] = [];
    for (let t = Math.ceil((down + 1) / (EVERY_S * 1000)) * EVERY_S * 1000; t < up; t += EVERY_S * 1000) missed.push(new Date(t));
    expect(missed.length).toBeGreaterThanOrEqual(2);
    const ran = async () => sql((s) => s<{ slot_at: Date; state: string; error: string | null; message: unknown }[]>`select slot_at, state, error, message from schedule_runs where job like 'schedule:%' and job not like '%:manual' and slot_at > ${new Date(down)} order by slot_at`);
    const latestMissed = missed.at(-1)!.getTime();
    // a report covers the outage: the latest missed slot, or — when its own tick's claim was answered
    // after the next slot had come (postgres.js reconnects with backoff) — the first slot after it
    expect(await until(async () => (await ran()).some((r) => r.state === 'done' && new Date(r.slot_at).getTime() >= latestMissed), 45_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 3_000));
    const during = (await ran()).filter((r) => new Date(r.slot_at).getTime() < up);
    // of the slots inside the outage, at most the latest ran; every other one is recorded as superseded and posted nothing
    expect(during.filter((r) => r.state === 'done').map((r) => new Date(r.slot_at).getTime()).every((t) => t === latestMissed)).toBe(true);
    for (const r of during.filter((x) => x.state !== 'done')) {
      expect(r.state).toBe('failed');
      expect(r.error).toMatch(/^superseded: the slot of /);
      expect(r.message).toBeNull();
    }

    // nothing was said twice
    expect(posts('C-RELEASES', /churn v2 registered/)).toHaveLength(1);
    expect(posts('C-RELEASES', /churn v1 registered/)).toHaveLength(1);
    expect(posts('C-RELEASES', /churn v1.*(deployed|staging)/i)).toHaveLength(1);
    const runs = Number((await sql((s) => s`select count(*)::int as n from schedule_runs where message is not null`))[0]!.n);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C-REPORTS' && c.response?.ok === true)).toHaveLength(runs);
    const verify: string[] = [];
    expect(await main(['audit', 'verify'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => verify.push(s), err: (s) => verify.push(s) })).toBe(0);
  }, 240_000);
});
