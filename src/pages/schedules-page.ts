import { configuredSecrets } from '../config/configured-secrets.js';
import { secretScrubber } from '../core/secret-scrub.js';
import { fmtDuration } from '../scheduling/domain/duration.js';
import { manualJob, scheduleJob, scheduleModelsLabel } from '../scheduling/domain/schedule.js';
import { fmtLocal, nextSlot, parseCron } from '../scheduling/domain/cron-slots.js';
import type { RunRecord } from '../scheduling/domain/records.js';
import { html, type Html, join } from './html.js';
import { document, type PageContext, section, statusTag, table, tag, time } from './layout.js';
import type { PageResult, PagesPorts } from './pages-ports.js';

const RECENT_RUNS = 10;

/** Schedules (what, when, where they post, the next run) and their recent runs with each model's outcome. */
export async function schedulesPage(p: PagesPorts, ctx: PageContext): Promise<PageResult> {
  const all = await p.store.read.schedules.list();
  const now = p.clock.now();
  const scrub = secretScrubber(configuredSecrets(p.config));
  const rows: Html[][] = [];
  const runSections: Html[] = [];
  for (const s of all) {
    const spec = parseCron(s.cron);
    const next = spec.ok ? nextSlot(spec.value, s.timezone, now) : null;
    const runs: RunRecord[] = [...(await p.store.read.runs.recent(scheduleJob(s.id), RECENT_RUNS)), ...(await p.store.read.runs.recent(manualJob(s.id), RECENT_RUNS))].sort((a, b) => b.slotAt.getTime() - a.slotAt.getTime()).slice(0, RECENT_RUNS);
    rows.push([
      html`#${s.id}`,
      html`${s.kind}`,
      html`${scheduleModelsLabel(s.models)}`,
      html`${s.environment}`,
      html`<code>${s.cron}</code> (${s.timezone})`,
      html`${fmtDuration(s.windowSeconds)}`,
      html`${s.channel.platform}: ${s.channel.id}`,
      next ? html`${fmtLocal(next, s.timezone)}` : html`—`,
      runs[0] ? html`${statusTag(runs[0].state)} ${time(runs[0].slotAt)}` : html`never`,
      html`${s.source === 'config' ? 'steward.yaml' : 'chat'}`,
    ]);
    runSections.push(
      table({
        caption: `Recent runs of schedule #${s.id} (${s.kind}, ${scheduleModelsLabel(s.models)})`,
        label: `Runs of schedule ${s.id}`,
        head: ['Slot', 'State', 'Started', 'Finished', 'Requested by', 'Models'],
        rows: runs.map((r) => [
          time(r.slotAt),
          statusTag(r.state),
          time(r.startedAt),
          time(r.finishedAt),
          html`${r.requestedBy ?? 'schedule'}`,
          r.error
            ? html`${tag('failed', 'critical')} ${scrub(r.error)}`
            : r.result?.models.length
              ? join(
                  r.result.models.map((m) => html`<a href="${ctx.href({ kind: 'model', model: m.model })}">${m.model}</a> (${m.environment}): ${statusTag(m.tier)}${m.shareDrifted !== null ? html` ${Number((m.shareDrifted * 100).toFixed(1))}% drifted` : null}${m.biasTier ? html`; bias ${statusTag(m.biasTier)}` : null}${m.qualityTier ? html`; quality ${statusTag(m.qualityTier)}` : null}`),
                  html`<br>`,
                )
              : html`—`,
        ]),
        empty: `Schedule #${s.id} has not run yet.`,
      }),
    );
  }
  return {
    status: 200,
    html: document(ctx, {
      title: 'Schedules',
      lead: `${all.length} scheduled report${all.length === 1 ? '' : 's'}, with their recent runs.`,
      body: [
        table({ caption: 'Scheduled reports', label: 'Schedules', head: ['Id', 'Kind', 'Models', 'Environment', 'When', 'Window', 'Posts to', 'Next run', 'Last run', 'From'], rows, empty: 'No schedules yet. Create one in chat with schedule.' }),
        all.length ? section('Recent runs', 'runs', runSections) : null,
      ],
    }),
  };
}
