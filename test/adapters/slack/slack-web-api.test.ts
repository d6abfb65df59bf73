import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { SlackStartError } from '../../../adapters/slack/slack-errors.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { SlackApiStandIn } from '../../fakes/slack-api-stand-in.js';
import { FakeReportSource, OK_DRIFT } from '../../fakes/fake-report-source.js';
import { runScheduleSlot } from '../../../src/scheduling/scheduler/schedule-run.js';
import { SAMPLE_REPLIES } from '../../fixtures/replies.js';
import { HEX64 } from '../../helpers/harness.js';
import { harness } from '../../helpers/harness.js';
import { testConfig } from '../../helpers/test-config.js';
import { createStewardApp } from '../../../src/app/steward-app.js';
import { InMemoryStore } from '../../fakes/in-memory-store.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { RecordingExecutor } from '../../fakes/recording-executor.js';
import { MultiPublisher } from '../../../src/chat/replies/publisher.js';
import { BOT_TOKEN, CHANNEL, SIGNING_SECRET, type SlackEnv, slackEnv, visibleText } from './slack-test-env.js';

const ALICE = { id: 'U0ALICE', name: 'alice' };
const CAROL = { id: 'U0CAROL', name: 'carol' };
const DAVE = { id: 'U0DAVE', name: 'dave' };
const USERS = { U0ALICE: { name: 'alice', displayName: 'Alice' }, U0CAROL: { name: 'carol', realName: 'Carol Danvers' }, U0DAVE: { name: 'dave' } };
const GROUP_YAML = `
roles:
  ml-engineer: [read, register]
members:
  "slack-group:S0MLENG": [ml-engineer]
  "slack:U0ALICE": [ml-engineer]
  "*": [viewer]
`;

let env: SlackEnv | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

const register = (model: string, c: string) => `register ${model} s3://m/${model}.pkl --sha256 ${HEX64(c)}`;

describe('Slack identity: user id -> actor, user groups -> roles', () => {
  it('grants the roles of a Slack user group the user is in, and not to someone outside it', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS, groups: { S0MLENG: ['U0CAROL'] } });
    const ok = await env.slack.answerTo(await env.slack.command(register('churn', 'a1'), CAROL));
    expect(ok.method).toBe('chat.postMessage');
    const who = await env.slack.answerTo(await env.slack.command('whoami', CAROL));
    expect(visibleText(who.body.blocks)).toContain('slack-group:S0MLENG');
    expect(visibleText(who.body.blocks)).toContain('Carol Danvers');
    const no = await env.slack.answerTo(await env.slack.command(register('churn2', 'a2'), DAVE));
    expect(no.method).toBe('response_url');
    expect(visibleText(no.body.blocks)).toMatch(/not allowed to register/);
  });

  it('grants nothing when the user group cannot be read (deny by default), and does not cache the failure', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS, groups: { S0MLENG: ['U0CAROL'] } });
    env.standIn.fail('usergroups.users.list', { error: 'missing_scope' });
    const refused = await env.slack.answerTo(await env.slack.command(register('fraud', 'b1'), CAROL));
    expect(visibleText(refused.body.blocks)).toMatch(/not allowed to register/);
    expect(await env.deps.store.read.models.byName('fraud')).toBeNull();
    const allowed = await env.slack.answerTo(await env.slack.command(register('fraud', 'b2'), CAROL));
    expect(allowed.method).toBe('chat.postMessage');
    expect(env.log.text()).toContain('usergroups.users.list failed');
  });

  it('caches names and group members: three commands cost one users.info and one usergroups.users.list', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS, groups: { S0MLENG: ['U0CAROL'] } });
    for (let i = 0; i < 3; i++) await env.slack.answerTo(await env.slack.command('whoami', CAROL));
    expect(env.standIn.callsOf('users.info')).toHaveLength(1);
    expect(env.standIn.callsOf('usergroups.users.list')).toHaveLength(1);
  });
});

describe('Slack Web API errors', () => {
  it('tells the user to invite the bot when it is not in the channel, instead of failing silently', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    env.standIn.fail('chat.postMessage', { error: 'not_in_channel' });
    const answer = await env.slack.answerTo(await env.slack.command('help', ALICE));
    // the post was refused, so the user gets the reply privately with the fix
    const eph = answer.method === 'response_url' ? answer : (await env.standIn.waitFor('response_url'))[0]!;
    expect(eph.body.response_type).toBe('ephemeral');
    expect(visibleText(eph.body.blocks)).toContain('/invite @Steward');
    expect(visibleText(eph.body.blocks)).toContain('whoami'); // and still the help itself
  });

  it('honours Retry-After on a 429: waits about a second, retries, and the message is posted', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS, retries: 1 });
    env.standIn.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await env.slack.command('help', ALICE);
    const [first, second] = await env.standIn.waitFor('chat.postMessage', () => true, 2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(second!.response).toMatchObject({ ok: true });
    expect(env.standIn.callsOf('response_url')).toHaveLength(0);
  });

  it('stops at start with a fix-it message naming SLACK_BOT_TOKEN (exit status 2) when Slack answers invalid_auth', async () => {
    const standIn = await new SlackApiStandIn({ token: 'xoxb-the-real-one' }).start();
    try {
      const config = testConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, STEWARD_HTTP_PORT: '0' });
      const adapter = createSlackAdapter({ app: harness({ config }).app, slack: config.slack!, log: silentLogger, access: config.access, naturalLanguage: false, retries: 0 });
      const e = await adapter.start().then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(SlackStartError);
      expect((e as SlackStartError).exitCode).toBe(2);
      expect((e as SlackStartError).message).toMatch(/^Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)\. Set SLACK_BOT_TOKEN to the Bot User OAuth Token/);
      expect((e as SlackStartError).message).not.toContain(BOT_TOKEN);
    } finally {
      await standIn.close();
    }
  });
});

describe('a Slack Web API (or a proxy in front of it) whose error echoes the bot token', () => {
  const ECHO = { error: `invalid_auth (sent Authorization: Bearer ${BOT_TOKEN})` };

  it('tells the user the post failed without showing the token', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    env.standIn.fail('chat.postMessage', ECHO);
    await env.slack.command('help', ALICE);
    const [eph] = await env.standIn.waitFor('response_url');
    expect(visibleText(eph!.body.blocks)).toContain('Slack refused the message (unknown)');
    expect(JSON.stringify(eph!.body)).not.toContain(BOT_TOKEN);
  });

  it('records the failed scheduled report without the token', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    const deps = env.runtime.steward.scheduling;
    const reports = new FakeReportSource();
    reports.drifts.set('fraud-detector', OK_DRIFT);
    const at = new Date('2026-11-27T12:00:00.000Z');
    const schedule = await deps.store.read.schedules.create({ key: null, source: 'chat', kind: 'drift', models: ['fraud-detector'], environment: 'production', cron: '0 * * * *', timezone: 'UTC', channel: { platform: 'slack', id: CHANNEL }, windowSeconds: 86_400, catchUpSeconds: 900, createdBy: 'slack:U0ALICE', at });
    env.standIn.fail('chat.postMessage', ECHO);
    const out = await runScheduleSlot({ ...deps, reports, instanceId: 'replica-a', leaseMs: 30_000 }, schedule, at);
    expect(out).toMatchObject({ status: 'failed', reason: expect.stringContaining('Slack refused the message (unknown)') });
    const runs = await env.db.execute('select error from schedule_runs');
    expect(runs).toHaveLength(1);
    expect(JSON.stringify(runs)).toContain('Slack refused the message (unknown)');
    expect(JSON.stringify(runs)).not.toContain(BOT_TOKEN);
  });
});

describe('SlackPublisher (the outbound port other parts of Steward post through)', () => {
  it('posts a report with its chart: chat.postMessage, then files.uploadV2 (getUploadURLExternal, upload, completeUploadExternal) into the channel', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    const r = await env.deps.publisher.post({ platform: 'slack', channelId: CHANNEL }, SAMPLE_REPLIES.image!);
    expect(r).toMatchObject({ ok: true, ref: { platform: 'slack', channelId: CHANNEL } });
    const [get] = await env.standIn.waitFor('files.getUploadURLExternal');
    expect(get!.body).toMatchObject({ filename: 'drift-fraud-detector.png', length: '4', alt_text: 'histograms' });
    const [up] = await env.standIn.waitFor('file.upload');
    expect(up!.bytes).toBe(4);
    const [done] = await env.standIn.waitFor('files.completeUploadExternal');
    expect(done!.body).toMatchObject({ channel_id: CHANNEL, files: [{ id: up!.body.file_id, title: 'Reference vs current' }] });
    const order = env.standIn.apiCalls().map((c) => c.method);
    expect(order.indexOf('chat.postMessage')).toBeLessThan(order.indexOf('files.completeUploadExternal'));
  });

  it('uploads into the thread when the report is posted in a thread', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    await env.deps.publisher.post({ platform: 'slack', channelId: CHANNEL, threadId: '1700000000.000042' }, SAMPLE_REPLIES.image!);
    const [done] = await env.standIn.waitFor('files.completeUploadExternal');
    expect(done!.body).toMatchObject({ channel_id: CHANNEL, thread_ts: '1700000000.000042' });
  });

  it('returns a reason a person can act on when the bot is not in the channel', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    env.standIn.fail('chat.update', { error: 'channel_not_found' });
    const r = await env.deps.publisher.update({ platform: 'slack', channelId: 'C0GONE', messageId: '1.2' }, SAMPLE_REPLIES.fields!);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('/invite @Steward'), code: 'channel_not_found', retryable: false });
  });

  it('says which failures may pass (Slack failing internally) and which will not (a refusal), so only the former are kept for a retry', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    env.standIn.fail('chat.postMessage', { error: 'internal_error' });
    env.standIn.fail('chat.postMessage', { error: 'invalid_auth' });
    const again = await env.deps.publisher.post({ platform: 'slack', channelId: 'C1' }, SAMPLE_REPLIES.fields!);
    expect(again).toMatchObject({ ok: false, retryable: true, queued: true });
    expect((await env.deps.store.read.deliveries.depth()).count).toBe(1);
    const no = await env.deps.publisher.post({ platform: 'slack', channelId: 'C2' }, SAMPLE_REPLIES.fields!);
    expect(no).toMatchObject({ ok: false, code: 'invalid_auth', retryable: false });
    expect((await env.deps.store.read.deliveries.depth()).count).toBe(1);
  });

  it('never writes the bot token or the signing secret to the log', async () => {
    env = await slackEnv({ yaml: GROUP_YAML, users: USERS });
    env.standIn.fail('chat.postMessage', { error: 'not_in_channel' });
    await env.slack.answerTo(await env.slack.command('help', ALICE));
    await env.slack.post('x=1', { signature: 'v0=bad' });
    await env.standIn.waitFor('response_url');
    expect(env.log.lines.length).toBeGreaterThan(0);
    expect(env.log.text()).not.toContain(BOT_TOKEN);
    expect(env.log.text()).not.toContain(SIGNING_SECRET);
  });
});
