import { describe, expect, it } from 'vitest';
import type { PageLinks, PageRef } from '../../../src/ports/page-links.js';
import { raiseAlert } from '../../../src/notify/chat/alert-raise.js';
import { withDemoTraining } from '../../../src/app/seed-demo.js';
import { testConfig } from '../../helpers/test-config.js';
import { runScheduleSlot } from '../../../src/scheduling/scheduler/schedule-run.js';
import { FakeReportSource, OK_DRIFT } from '../../fakes/fake-report-source.js';
import { InMemoryStore } from '../../fakes/in-memory-store.js';
import { HEX64, harness } from '../../helpers/harness.js';
import { seedDriftScenario } from '../../helpers/monitoring-fixtures.js';
import { configFromYaml, GOVERNANCE_YAML } from '../../helpers/test-config.js';

/** A stand-in for the signed links: the page named in the URL, so a test can see which page a button opens. */
function recordingLinks(): PageLinks & { refs: PageRef[] } {
  const refs: PageRef[] = [];
  return {
    refs,
    url(page) {
      refs.push(page);
      const { kind, ...rest } = page;
      const q = new URLSearchParams(Object.entries(rest).map(([k, v]): [string, string] => [k, String(v)]));
      q.sort();
      return `https://steward.example/pages/${kind}?${q.toString()}&exp=1&sig=x`;
    },
  };
}

const GOOD = '--metric auc=0.95 --fairness demographicParityRatio=0.9 --intended-use x';

async function withModel(pageLinks?: PageLinks) {
  const h = harness({ store: new InMemoryStore(), config: configFromYaml(GOVERNANCE_YAML), ...(pageLinks ? { pageLinks } : {}) });
  await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} ${GOOD}`, 'alice');
  return h;
}

describe('[Open] links from chat to the pages', () => {
  it('a deployment card carries an [Open] link to the version dossier, shown in text as "Open: <url>"', async () => {
    const h = await withModel(recordingLinks());
    const card = await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(card.card?.kind).toBe('deployment');
    expect(card.links).toEqual([{ label: 'Open', url: 'https://steward.example/pages/version?model=fraud-detector&version=1&exp=1&sig=x' }]);
    expect(card.out).toContain('Open: https://steward.example/pages/version?model=fraud-detector&version=1&exp=1&sig=x');
    // the action buttons are still there, and the link is not one of them
    expect(card.buttons?.map((b) => b.action.a)).toEqual(['approve', 'reject']);
  });

  it('the card keeps its link when it is re-rendered after a change (the copy updated in place)', async () => {
    const h = await withModel(recordingLinks());
    const id = ((await h.say('deploy fraud-detector 1 to production', 'alice')).data as { id: number }).id;
    await h.app.trackCard({ kind: 'deployment', id: String(id) }, { platform: 'console', channelId: 'c', messageId: 'm1' });
    await h.say(`approve ${id}`, 'bob');
    expect(h.publisher.updates.at(-1)!.reply.links?.[0]?.url).toMatch(/\/pages\/version\?model=fraud-detector&version=1&/);
  });

  it('without a page link (no HTTP server serves pages: url is null) the card has no link and no "Open:" line', async () => {
    const h = await withModel();
    const card = await h.say('deploy fraud-detector 1 to production', 'alice');
    expect(card.links ?? []).toEqual([]);
    expect(card.out).not.toContain('Open:');
    const nulls = await withModel({ url: () => null });
    expect((await nulls.say('deploy fraud-detector 1 to production', 'alice')).links ?? []).toEqual([]);
    expect((await nulls.say('models')).links ?? []).toEqual([]);
  });

  it('models, model, versions, audit and schedules link their pages', async () => {
    const links = recordingLinks();
    const h = await withModel(links);
    const url = async (line: string) => (await h.say(line, 'alice')).links?.map((l) => l.url);
    expect(await url('models')).toEqual(['https://steward.example/pages/models?&exp=1&sig=x']);
    expect(await url('model fraud-detector')).toEqual(['https://steward.example/pages/model?model=fraud-detector&exp=1&sig=x']);
    expect(await url('versions fraud-detector')).toEqual(['https://steward.example/pages/model?model=fraud-detector&exp=1&sig=x']);
    expect(await url('audit fraud-detector')).toEqual(['https://steward.example/pages/audit?model=fraud-detector&exp=1&sig=x']);
    expect(await url('audit')).toEqual(['https://steward.example/pages/audit?&exp=1&sig=x']);
    const s = await h.say('schedule drift fraud-detector "0 9 * * 1" --env production', 'root');
    expect(s.error, s.out).toBeUndefined();
    expect(await url('schedules')).toEqual(['https://steward.example/pages/schedules?&exp=1&sig=x']);
  });

  it('a drift report links its report page (model, environment, window); a report over every environment has no page and no link', async () => {
    const links = recordingLinks();
    const h = harness({ pageLinks: links });
    await seedDriftScenario(h.deps);
    const r = await h.say('/mlops drift fraud-detector production --window 7d');
    expect(r.error).toBeUndefined();
    expect(r.links).toEqual([{ label: 'Open', url: 'https://steward.example/pages/drift?environment=production&model=fraud-detector&window=7d&exp=1&sig=x' }]);
    expect(r.out.split('\n').at(-1)).toBe('Open: https://steward.example/pages/drift?environment=production&model=fraud-detector&window=7d&exp=1&sig=x');
    expect((await h.say('/mlops drift fraud-detector')).links ?? []).toEqual([]);
  });

  it('a scheduled report links each model\'s report page over the schedule\'s window', async () => {
    const h = harness({ pageLinks: recordingLinks() });
    const reports = new FakeReportSource();
    for (const m of ['fraud-detector', 'churn-predictor']) reports.drifts.set(m, OK_DRIFT);
    const sch = await h.store.read.schedules.create({
      key: null,
      source: 'chat',
      kind: 'drift',
      models: ['churn-predictor', 'fraud-detector'],
      environment: 'production',
      cron: '0 9 * * 1',
      timezone: 'UTC',
      channel: { platform: 'console', id: 'console' },
      windowSeconds: 7 * 86_400,
      catchUpSeconds: 900,
      createdBy: 'console:alice',
      at: h.clock.now(),
    });
    const r = await runScheduleSlot({ ...h.steward.scheduling, reports, instanceId: 'a', leaseMs: 30_000 }, sch, h.clock.now());
    expect(r.status).toBe('done');
    const report = h.publisher.updates.at(-1)!.reply;
    expect(report.links).toEqual([
      { label: 'Open churn-predictor', url: 'https://steward.example/pages/drift?environment=production&model=churn-predictor&window=7d&exp=1&sig=x' },
      { label: 'Open fraud-detector', url: 'https://steward.example/pages/drift?environment=production&model=fraud-detector&window=7d&exp=1&sig=x' },
    ]);
  });

  it('an alert card links the report it is about, also when it is rendered again from the database', async () => {
    const h = harness({ pageLinks: recordingLinks() });
    await h.say(`/mlops register fraud-detector s3://m/fd/1.pkl --sha256 ${HEX64('2')}`, 'alice');
    const sub = await h.app.handleText({ actor: { platform: 'console', id: 'alice' }, channel: { platform: 'console', id: 'oncall' }, text: '/mlops subscribe fraud-detector drift' });
    expect(sub.error).toBeUndefined();
    const sent = await raiseAlert(h.steward.scheduling, { type: 'drift', model: 'fraud-detector', environment: 'production', feature: 'amount', tier: 'critical', headline: 'amount drifted' });
    expect(sent.delivered).toBe(1);
    const url = 'https://steward.example/pages/drift?environment=production&model=fraud-detector&exp=1&sig=x';
    expect(h.publisher.posts.at(-1)!.reply.links).toEqual([{ label: 'Open', url }]);
    expect((await h.deps.cards.render({ kind: 'alert', id: String(sent.alertId) }))?.links).toEqual([{ label: 'Open', url }]);
  });

  it('a training card links the model, then the dossier of the version the run registered', async () => {
    const h = harness({ pageLinks: recordingLinks(), config: withDemoTraining(testConfig()) });
    await h.say(`register fraud-detector s3://m/fd/1.pkl --sha256 ${HEX64('3')}`, 'alice');
    const card = await h.say('retrain fraud-detector --reason "amount drifted"', 'alice');
    expect(card.error, card.out).toBeUndefined();
    expect(card.card?.kind).toBe('training');
    expect(card.links?.map((l) => l.url)).toEqual(['https://steward.example/pages/model?model=fraud-detector&exp=1&sig=x']);
    const run = (card.data as { id: number }).id;
    const reg = await h.say(`register fraud-detector s3://m/fd/2.pkl --sha256 ${HEX64('4')} --trigger ${run}`, 'alice');
    expect(reg.error, reg.out).toBeUndefined();
    const after = await h.deps.cards.render({ kind: 'training', id: String(run) });
    expect(after?.links?.map((l) => l.url)).toEqual(['https://steward.example/pages/version?model=fraud-detector&version=2&exp=1&sig=x']);
  });
});
