import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/governance/domain/actor.js';
import type { Invocation } from '../../../src/ports/invocation.js';
import { announce } from '../../../src/notify/chat/announce.js';
import { startScheduler } from '../../../src/scheduling/scheduler/start-scheduler.js';
import { syncConfigSchedules } from '../../../src/scheduling/schedule-sync-config.js';
import { FakeReportSource } from '../../fakes/fake-report-source.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { ManualTicker } from '../../fakes/manual-ticker.js';
import { RecordingPublisher } from '../../fakes/recording-publisher.js';
import { type Harness, harness } from '../../helpers/harness.js';
import { configFromYaml } from '../../helpers/test-config.js';

const slack = (id: string): Actor => ({ platform: 'slack', id, displayName: id });
const inChannel = (channel: string, text: string, who = 'UADMIN'): Invocation => ({ actor: slack(who), channel: { platform: 'slack', id: channel }, text });

const YAML = `
roles:
  ml-engineer: [read, register, schedule, subscribe]
members:
  "slack:UADMIN": [admin]
  "slack:UENG": [ml-engineer]
  "console:*": [admin]
  "cli:*": [admin]
  "*": [viewer]
`;

describe('schedule, schedules, unschedule, run-schedule', () => {
  let h: Harness;
  beforeEach(async () => {
    h = harness({ clock: new FixedClock('2026-11-27T12:00:00.000Z'), config: configFromYaml(YAML) });
    await h.say('/mlops register fraud-detector s3://m/fd/1.pkl');
  });
  const say = async (text: string, channel = 'C-MON', who = 'UADMIN') => h.app.handleText(inChannel(channel, text, who));
  const line = (r: { blocks: readonly { kind: string; text?: string }[] }) => r.blocks.map((b) => b.text ?? '').join(' | ');

  it('creates a schedule that posts to the channel it was typed in, in its time zone, and says when it runs next', async () => {
    const r = await say('/mlops schedule digest * "0 9 * * 1" --tz Europe/Madrid --window 7d');
    expect(r.error).toBeUndefined();
    expect(r.title).toBe('Scheduled #1: monitoring digest');
    expect(r.data).toMatchObject({ id: 1, kind: 'digest', models: ['*'], environment: 'production', cron: '0 9 * * 1', timezone: 'Europe/Madrid', channel: { platform: 'slack', id: 'C-MON' }, windowSeconds: 604_800, next: ['2026-11-30T08:00:00.000Z', '2026-12-07T08:00:00.000Z', '2026-12-14T08:00:00.000Z'] });
    expect(JSON.stringify(r.blocks)).toContain('2026-11-30 09:00 Europe/Madrid');
    const audit = await h.store.read.audit.recent({ target: 'schedule:1' });
    expect(audit[0]).toMatchObject({ action: 'schedule.created', actor: 'slack:UADMIN', channel: 'C-MON', details: { cron: '0 9 * * 1', channel: 'slack:C-MON' } });
  });

  it('accepts the cron unquoted and a comma list of models', async () => {
    const r = await say('/mlops schedule drift fraud-detector 30 6 * * 1-5 --env staging');
    expect(r.data).toMatchObject({ cron: '30 6 * * 1-5', models: ['fraud-detector'], environment: 'staging', timezone: 'UTC' });
  });

  it('refuses an invalid cron, time zone, model, environment or window with one clear line, and stores nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['/mlops schedule drift * "61 9 * * 1"', 'bad_input', /`61 9 \* \* 1` is not a valid cron expression: `61` in the minute field is not allowed \(minute is 0–59\)/],
      ['/mlops schedule drift * "0 9 * *"', 'bad_input', /needs 5 fields/],
      ['/mlops schedule drift * "0 9 * * 1" --tz Europe/Madird', 'bad_input', /`Europe\/Madird` is not a time zone\. Did you mean `Europe\/Madrid`/],
      ['/mlops schedule drift fraud-detectr "0 9 * * 1"', 'not_found', /There is no model `fraud-detectr`\. Did you mean `fraud-detector`\?/],
      ['/mlops schedule drift * "0 9 * * 1" --env prod', 'bad_input', /`prod` is not an environment\. Did you mean `production`\?/],
      ['/mlops schedule drift * "0 9 * * 1" --window 7 days', 'bad_input', /--window: `7` is not a window/],
      ['/mlops schedule drfit * "0 9 * * 1"', 'bad_input', /`drfit` is not a report kind: use drift, bias, quality or digest\. Did you mean `drift`\?/],
      ['/mlops schedule drift * "* * * * * *"', 'bad_input', /would post every 1 s; schedules from chat run at most once a minute/],
    ];
    for (const [text, code, message] of cases) {
      const r = await say(text);
      expect(r.error, text).toBe(code);
      expect(r.ephemeral).toBe(true);
      expect(r.blocks[0]).toMatchObject({ kind: 'text', text: expect.stringMatching(message) });
      expect((r.blocks[0] as { text: string }).text).not.toContain('\n');
    }
    expect(await h.store.read.schedules.list()).toEqual([]);
  });

  it('needs a channel from the CLI, and the schedule grant in chat', async () => {
    const cli = await h.app.handleText({ actor: { platform: 'cli', id: 'ci' }, channel: { platform: 'cli', id: 'cli' }, text: 'schedule drift * "0 9 * * 1"' }, 'cli');
    expect(line(cli)).toContain('From the CLI, say which channel: --channel slack:C0123ABCD');
    const ok = await h.app.handleText({ actor: { platform: 'cli', id: 'ci' }, channel: { platform: 'cli', id: 'cli' }, text: 'schedule drift * "0 9 * * 1" --channel slack:C-MON' }, 'cli');
    expect(ok.data).toMatchObject({ channel: { platform: 'slack', id: 'C-MON' } });
    const viewer = await say('/mlops schedule drift * "0 9 * * 1"', 'C-MON', 'UNOBODY');
    expect(viewer.error).toBe('forbidden');
  });

  it('lists schedules with next and last run, removes a chat schedule (audited), and refuses one from steward.yaml', async () => {
    await say('/mlops schedule digest * "0 9 * * 1" --tz Europe/Madrid');
    await syncConfigSchedules(h.store, h.clock, [
      { name: 'nightly-bias', kind: 'bias', models: ['fraud-detector'], environment: 'production', cron: '0 2 * * *', timezone: 'UTC', channel: { platform: 'slack', id: 'C-FAIR' }, windowSeconds: 86_400, catchUpSeconds: 3600 },
    ]);
    const list = await say('/mlops schedules');
    expect(list.title).toBe('Schedules (2)');
    const rows = (list.blocks[0] as unknown as { rows: string[][] }).rows;
    expect(rows[0]).toEqual(['#1', 'digest', 'all models', 'production', '0 9 * * 1 (Europe/Madrid)', 'this channel', '2026-11-30 09:00 Europe/Madrid', '—', 'chat']);
    expect(rows[1]).toEqual(['#2', 'bias', 'fraud-detector', 'production', '0 2 * * * (UTC)', 'slack:C-FAIR', '2026-11-28 02:00 UTC', '—', 'steward.yaml']);

    const refused = await say('/mlops unschedule 2');
    expect(line(refused)).toContain('Schedule #2 is declared in steward.yaml (nightly-bias); remove it there and restart Steward.');
    const gone = await say('/mlops unschedule #1');
    expect(gone.title).toBe('Removed schedule #1');
    expect((await h.store.read.audit.recent({ target: 'schedule:1' }))[0]).toMatchObject({ action: 'schedule.removed', actor: 'slack:UADMIN' });
    expect(line(await say('/mlops unschedule 1'))).toContain('There is no schedule #1.');
    expect((await h.store.read.schedules.list()).map((s) => s.id)).toEqual([2]);
  });

  it('upserts schedules from steward.yaml at start, idempotently by name, and removes ones no longer declared', async () => {
    const yaml = `${YAML}
schedules:
  - name: weekly-digest
    kind: digest
    models: "*"
    environment: production
    cron: "0 9 * * 1"
    timezone: Europe/Madrid
    channel: { platform: slack, id: C-MON }
    window: 7d
    catchUp: 6h
scheduler:
  lease: 30s
`;
    const config = configFromYaml(yaml);
    expect(config.scheduling.schedules).toEqual([{ name: 'weekly-digest', kind: 'digest', models: ['*'], environment: 'production', cron: '0 9 * * 1', timezone: 'Europe/Madrid', channel: { platform: 'slack', id: 'C-MON' }, windowSeconds: 604_800, catchUpSeconds: 21_600 }]);
    const h2 = harness({ store: h.store, clock: h.clock, config });
    for (let i = 0; i < 2; i++) {
      const s = await startScheduler(h2.steward.scheduling, { reports: new FakeReportSource(), ticker: new ManualTicker() });
      await s!.stop();
    }
    const all = await h.store.read.schedules.list();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ key: 'config:weekly-digest', source: 'config', catchUpSeconds: 21_600 });
    expect((await h.store.read.audit.recent({ target: `schedule:${all[0]!.id}` })).map((e) => e.action)).toEqual(['schedule.created']);
    // gone from the file: removed at the next start
    const h3 = harness({ store: h.store, clock: h.clock, config: configFromYaml(YAML) });
    await (await startScheduler(h3.steward.scheduling, { reports: new FakeReportSource(), ticker: new ManualTicker() }))!.stop();
    expect(await h.store.read.schedules.list()).toEqual([]);
  });

  it('reports every problem of a schedules section at once, with the field and the fix', () => {
    let message = '';
    try {
      configFromYaml(`schedules:
  - name: a
    kind: drift
    environment: prod
    cron: "0 9 * *"
    timezone: Mars/Olympus
    channel: { platform: irc, id: x }
    window: 7 days
`);
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain('schedules[0].cron');
    expect(message).toContain('schedules[0].timezone');
    expect(message).toContain('schedules[0].channel.platform');
    expect(message).toContain('schedules[0].window');
  });

  it('queues a run from run-schedule and says where it will post; an unknown id is a clear refusal', async () => {
    await say('/mlops schedule drift fraud-detector "0 9 * * 1"');
    const r = await say('/mlops run-schedule 1', 'C-OTHER');
    expect(line(r)).toBe('The drift report of fraud-detector in production is queued: it is posted to slack:C-MON by a running Steward (it checks every 5 s).');
    expect(await h.store.read.runs.claimable(h.clock.now(), new Date(0))).toHaveLength(1);
    expect(line(await say('/mlops run-schedule 9'))).toContain('There is no schedule #9.');
  });
});

describe('subscribe and unsubscribe', () => {
  let h: Harness;
  let publisher: RecordingPublisher;
  beforeEach(async () => {
    publisher = new RecordingPublisher();
    h = harness({ clock: new FixedClock('2026-11-27T12:00:00.000Z'), publisher, config: configFromYaml(YAML) });
    await h.say('/mlops register fraud-detector s3://m/fd/1.pkl');
    publisher.posts.length = 0;
  });
  const say = async (text: string, channel = 'C-TEAM', who = 'UENG') => h.app.handleText(inChannel(channel, text, who));

  it('subscribes this channel to all events by default, merges later subscribes, and audits what was added', async () => {
    const r = await say('/mlops subscribe fraud-detector');
    expect(r.title).toBe('Subscribed');
    expect(r.data).toMatchObject({ events: ['registered', 'approval_requested', 'approved', 'rejected', 'deployed', 'deploy_failed', 'rolled_back', 'out_of_band', 'drift', 'bias', 'quality'] });
    const again = await say('/mlops subscribe fraud-detector deployed');
    expect(again.title).toBe('Already subscribed');
    const star = await say('/mlops subscribe * deployed, rolled_back');
    expect(star.data).toMatchObject({ model: '*', added: ['deployed', 'rolled_back'] });
    const audit = await h.store.read.audit.recent({ targetPrefix: 'subscription:slack:C-TEAM:', limit: 10 });
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['subscription.created', 'subscription:slack:C-TEAM:*'],
      ['subscription.created', 'subscription:slack:C-TEAM:fraud-detector'],
    ]);
  });

  it('delivers a registration to the subscribed channels once each, through the chat publisher', async () => {
    await say('/mlops subscribe fraud-detector registered', 'C-TEAM');
    await say('/mlops subscribe * registered', 'C-TEAM');
    await say('/mlops subscribe * deployed', 'C-DEPLOYS');
    await h.say('/mlops register fraud-detector s3://m/fd/2.pkl');
    expect(publisher.posts.map((p) => [p.target.platform, p.target.channelId, p.reply.title])).toEqual([['slack', 'C-TEAM', 'fraud-detector v2 registered']]);
    expect(JSON.stringify(publisher.posts[0]!.reply.blocks)).toContain('Artifact `s3://m/fd/2.pkl`');
    const d = await announce({ ...h.steward.scheduling, cards: h.steward.cards }, { type: 'deployment.finished', deploymentId: 7, model: 'fraud-detector', version: 2, environment: 'production', status: 'succeeded', kind: 'deploy' });
    expect(d).toMatchObject({ channels: 1, delivered: 1 });
    expect(publisher.posts[1]).toMatchObject({ target: { channelId: 'C-DEPLOYS' }, reply: { title: 'Deployed: fraud-detector v2 → production' } });
  });

  it('refuses unknown events and models with suggestions, and unsubscribes some or all events', async () => {
    const bad = await say('/mlops subscribe fraud-detector deploy');
    expect((bad.blocks[0] as { text: string }).text).toMatch(/`deploy` is not an event\. Did you mean `deployed`/);
    const nomodel = await say('/mlops subscribe fraud-detectr');
    expect((nomodel.blocks[0] as { text: string }).text).toMatch(/Did you mean `fraud-detector`/);
    await say('/mlops subscribe fraud-detector deployed drift bias');
    const some = await say('/mlops unsubscribe fraud-detector drift');
    expect((some.blocks[0] as { text: string }).text).toBe('This channel no longer gets drift for `fraud-detector`. Still on: deployed, bias.');
    const none = await say('/mlops unsubscribe fraud-detector registered');
    expect((none.blocks[0] as { text: string }).text).toBe('This channel is not subscribed to registered for `fraud-detector`; it gets deployed, bias.');
    const all = await say('/mlops unsubscribe fraud-detector');
    expect((all.blocks[0] as { text: string }).text).toBe('This channel no longer gets deployed, bias for `fraud-detector`.');
    const nothing = await say('/mlops unsubscribe fraud-detector');
    expect((nothing.blocks[0] as { text: string }).text).toBe('This channel has no subscription for `fraud-detector`.');
    expect((await h.store.read.audit.recent({ targetPrefix: 'subscription:', limit: 10 })).map((e) => e.action)).toEqual(['subscription.removed', 'subscription.removed', 'subscription.created']);
  });
});
