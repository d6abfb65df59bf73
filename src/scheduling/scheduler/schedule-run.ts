import type { Config } from '../../config/config.js';
import type { ChatPublisher } from '../../chat/replies/publisher.js';
import type { Scrub } from '../../core/secret-scrub.js';
import { stripTerminalControls } from '../../core/text-safety.js';
import { type ModelSummaryRecord, type RunRecord, tierRank } from '../domain/records.js';
import { ALL_MODELS, manualJob, scheduleJob, type Schedule } from '../domain/schedule.js';
import { ok } from '../../core/result.js';
import type { CardMessage } from '../../ports/store.js';
import { scheduledReportLinks } from '../chat/digest-build.js';
import { context, text } from '../../chat/replies/builders.js';
import type { ReplyImage } from '../../chat/replies/reply.js';
import type { ReportSource, ReportWindow } from '../chat/report-source.js';
import { type AlertPorts, raiseFindings } from '../../notify/chat/alert-raise.js';
import { buildDigestReply, buildProgressReply, MAX_CHARTS, summarizeModel } from '../chat/digest-build.js';

/** What the scheduler's jobs use: what raising alerts uses, chat (to post and update reports), and the secret scrubber. */
export interface SchedulerPorts extends AlertPorts {
  readonly publisher: Pick<ChatPublisher, 'post' | 'update'>;
  /** scheduling, and monitoring for the upkeep of monitoring data (folding, retention) */
  readonly config: Pick<Config, 'scheduling' | 'monitoring' | 'training'>;
  /** removes configured secrets from a failure reason before it is stored */
  readonly scrub: Scrub;
}

/** What a run needs besides the scheduler's ports. */
export interface RunDeps extends SchedulerPorts {
  readonly reports: ReportSource;
  /** this process, as recorded in claimed_by */
  readonly instanceId: string;
  readonly leaseMs: number;
  /** how long between in-place progress updates of a long run (default 2 s) */
  readonly progressEveryMs?: number;
}

export type RunOutcome =
  | { readonly status: 'skipped' }
  /** `message` null: chat did not answer; the report is kept and posted when it does (durable-publisher.ts) */
  | { readonly status: 'done'; readonly runId: number; readonly message: CardMessage | null; readonly newPost: boolean }
  | { readonly status: 'failed'; readonly runId: number; readonly reason: string }
  /** another process took the run over (our lease ended); it finishes the run */
  | { readonly status: 'lost'; readonly runId: number };

const PROGRESS_EVERY_MS = 2000;
const MAX_REASON = 300;

/** Why a run failed, as stored and shown in `schedules`: one line, no configured secret or credential, at most 300 characters. */
function failureReason(d: RunDeps, raw: string): string {
  const line = stripTerminalControls(d.scrub(raw)).replace(/\s+/g, ' ').trim() || 'no reason given';
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

/**
 * Run one slot of a schedule at most once across every process sharing the database.
 *
 * 1. Claim: INSERT the (job, slot) row (ON CONFLICT DO NOTHING), or take over a queued row or one
 *    whose lease ended. No row -> another process has it (or it is done): skip.
 * 2. Post "running…" — but first mark the row `posting`, and right after record where it landed.
 *    A process that takes over a run with a recorded message updates that message in place instead
 *    of posting again; one that finds `posting` but no message cannot know whether the post reached
 *    the platform (Slack's chat.postMessage has no idempotency key), so it does not post again and
 *    marks the run failed: at most one post per slot. That gap — between the platform accepting the
 *    post and the message ref being committed — is the only window where a crash loses a report.
 * 3. Build the report (renewing the lease, updating the message in place as models finish).
 * 4. Update the message with the report, then mark the row done with the message ref in one
 *    transaction. Every ledger write is fenced on claimed_by: after a takeover they change nothing.
 *
 * When the platform fails for now (5xx, 429, no answer) the "running…" post is not kept: the run goes
 * on without it and posts the finished report, which the durable publisher keeps and delivers once
 * the platform answers (the run is done, its message not yet known). An update of the report that the
 * platform does not take is kept the same way.
 */
export async function runScheduleSlot(d: RunDeps, schedule: Schedule, slot: Date, o: { manual?: boolean; takeOverOnly?: boolean; superseded?: () => Date | null } = {}): Promise<RunOutcome> {
  const job = o.manual ? manualJob(schedule.id) : scheduleJob(schedule.id);
  const now = d.clock.now();
  const lease = () => new Date(d.clock.now().getTime() + d.leaseMs);
  const claim = { job, slotAt: slot, by: d.instanceId, now, leaseUntil: lease() };
  const run = (o.takeOverOnly ? null : await d.store.read.runs.claimNew({ ...claim, scheduleId: schedule.id })) ?? (await d.store.read.runs.takeOver(claim));
  if (!run) return { status: 'skipped' };
  // a tick whose claim waited (the database was not answering) until a later slot had come: that
  // later slot is the one caught up, so this one is not reported as well
  const later = o.superseded?.() ?? null;
  if (later) {
    const reason = `superseded: the slot of ${later.toISOString()} came before this one could start (the database was not answering); the latest missed slot runs instead`;
    await d.store.read.runs.finish(run.id, d.instanceId, { state: 'failed', at: d.clock.now(), error: reason });
    d.log.warn({ run: run.id, schedule: schedule.id, slot, later }, 'scheduled run superseded by a later slot');
    return { status: 'failed', runId: run.id, reason };
  }

  let lost = false;
  const heartbeat = setInterval(() => {
    d.store.read.runs.renew(run.id, d.instanceId, lease()).then(
      (held) => {
        if (!held) lost = true;
      },
      (e: unknown) => d.log.warn({ err: e, run: run.id }, 'lease renewal failed'),
    );
  }, Math.max(200, Math.floor(d.leaseMs / 3)));
  heartbeat.unref?.();
  const fail = async (raw: string): Promise<RunOutcome> => {
    const reason = failureReason(d, raw);
    await d.store.read.runs.finish(run.id, d.instanceId, { state: 'failed', at: d.clock.now(), error: reason });
    d.log.warn({ run: run.id, schedule: schedule.id, slot, reason }, 'scheduled run failed');
    return { status: 'failed', runId: run.id, reason };
  };

  try {
    const progress = (done: number, total: number | null) =>
      buildProgressReply({ kind: schedule.kind, environment: schedule.environment, windowSeconds: schedule.windowSeconds, scheduleId: schedule.id, runId: run.id, slot, done, total });
    const message = await ensureMessage(d, run, schedule, progress(0, null));
    if (!message.ok) return message.lost ? { status: 'lost', runId: run.id } : await fail(message.reason);
    const ref = message.ref;
    if (!ref) d.log.warn({ run: run.id, schedule: schedule.id, reason: message.deferred }, 'chat did not take the "running…" post; the report is posted when it is ready');

    const window: ReportWindow = { from: new Date(slot.getTime() - schedule.windowSeconds * 1000), to: slot };
    const names = await modelsOf(d, schedule);
    const summaries: ModelSummaryRecord[] = [];
    const charts: ReplyImage[] = [];
    const rollbacks: { model: string; deploymentId: number; version: number }[] = [];
    const retrain: string[] = [];
    let lastProgress = Date.now();
    for (const name of names) {
      if (lost) return { status: 'lost', runId: run.id };
      const drift = schedule.kind === 'drift' || schedule.kind === 'digest' ? await d.reports.drift(name, schedule.environment, window) : null;
      const bias = schedule.kind === 'bias' || schedule.kind === 'digest' ? await d.reports.bias(name, schedule.environment, window) : null;
      const quality = schedule.kind === 'quality' || schedule.kind === 'digest' ? await d.reports.quality(name, schedule.environment, window) : null;
      const live = await liveDeployment(d, name, schedule.environment);
      const recent = live && live.finishedAt && live.finishedAt.getTime() >= window.from.getTime() ? live : null;
      if (recent) rollbacks.push({ model: name, deploymentId: recent.id, version: recent.version });
      const driftValue = drift?.ok ? drift.value : drift ? { tier: 'no_data' as const, shareDrifted: null, features: [], charts: [], note: drift.error.message } : null;
      const biasValue = bias?.ok ? bias.value : bias ? { tier: 'no_data' as const, headline: null, attribute: null, charts: [], note: bias.error.message } : null;
      const qualityValue = quality?.ok ? quality.value : quality ? { tier: 'no_data' as const, headline: null, metric: null, labelled: 0, charts: [], note: quality.error.message } : null;
      summaries.push(summarizeModel(name, schedule.environment, driftValue, biasValue, recent?.id ?? null, qualityValue));
      if (qualityValue && tierRank(qualityValue.tier) >= tierRank('warning') && name in d.config.training) retrain.push(name);
      for (const c of [...(driftValue?.charts ?? []), ...(biasValue?.charts ?? []), ...(qualityValue?.charts ?? [])]) if (charts.length < MAX_CHARTS) charts.push(c);
      if (ref && Date.now() - lastProgress >= (d.progressEveryMs ?? PROGRESS_EVERY_MS) && summaries.length < names.length) {
        lastProgress = Date.now();
        await d.publisher.update(ref, progress(summaries.length, names.length));
      }
    }
    if (lost) return { status: 'lost', runId: run.id };

    const reply = buildDigestReply({
      kind: schedule.kind,
      scheduleId: schedule.id,
      runId: run.id,
      environment: schedule.environment,
      windowSeconds: schedule.windowSeconds,
      window,
      cron: schedule.cron,
      timezone: schedule.timezone,
      slot,
      manual: !!o.manual,
      models: summaries,
      charts,
      rollbacks,
      retrain,
      links: scheduledReportLinks(d.pageLinks, schedule.kind, schedule.environment, schedule.windowSeconds, names),
    });
    const channel = { platform: schedule.channel.platform, channelId: schedule.channel.id };
    const sent = ref ? await d.publisher.update(ref, reply) : await d.publisher.post(channel, reply);
    if (!sent.ok && !sent.queued) return await fail(`could not ${ref ? 'update' : 'post'} the report message in ${channel.platform}:${channel.channelId}: ${sent.reason}`);
    const landed: CardMessage | null = ref ?? (sent.ok ? { platform: sent.ref.platform, channelId: sent.ref.channelId, messageId: sent.ref.messageId, ...(sent.ref.threadId ? { threadId: sent.ref.threadId } : {}) } : null);

    const done = await d.store.transaction(async (tx) => ok(await tx.runs.finish(run.id, d.instanceId, { state: 'done', at: d.clock.now(), message: landed, result: { models: summaries }, error: null })));
    if (!done.ok || !done.value) return { status: 'lost', runId: run.id };
    await raiseFindings(d, summaries);
    return { status: 'done', runId: run.id, message: landed, newPost: message.newPost || !ref };
  } catch (e) {
    d.log.error({ err: e, run: run.id, schedule: schedule.id }, 'scheduled run crashed');
    return await fail(`Steward hit an error building the report: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  } finally {
    clearInterval(heartbeat);
  }
}

/** `ref` null: the platform failed for now (`deferred` says how); the run posts its report at the end instead. */
type MessageResult = { ok: true; ref: CardMessage; newPost: boolean } | { ok: true; ref: null; newPost: false; deferred: string } | { ok: false; lost: boolean; reason: string };

/** The run's message: the one a previous owner recorded, or a new "running…" post (see step 2). */
async function ensureMessage(d: RunDeps, run: RunRecord, schedule: Schedule, first: ReturnType<typeof buildProgressReply>): Promise<MessageResult> {
  if (run.message) return { ok: true, ref: run.message, newPost: false };
  if (run.postingAt) {
    return { ok: false, lost: false, reason: 'a previous attempt may have posted this report before it stopped; not posting again (at most one post per slot)' };
  }
  if (!(await d.store.read.runs.markPosting(run.id, d.instanceId, d.clock.now()))) return { ok: false, lost: true, reason: 'lease lost' };
  // a placeholder is only worth showing now: never kept for a retry
  const posted = await d.publisher.post({ platform: schedule.channel.platform, channelId: schedule.channel.id }, first, { retry: false });
  if (!posted.ok && posted.retryable) return { ok: true, ref: null, newPost: false, deferred: posted.reason };
  if (!posted.ok) return { ok: false, lost: false, reason: `could not post to ${schedule.channel.platform}:${schedule.channel.id}: ${posted.reason}` };
  const ref: CardMessage = { platform: posted.ref.platform, channelId: posted.ref.channelId, messageId: posted.ref.messageId, ...(posted.ref.threadId ? { threadId: posted.ref.threadId } : {}) };
  if (!(await d.store.read.runs.recordMessage(run.id, d.instanceId, ref))) {
    // Our lease ended while posting; whoever took over will not post again. Say so in the message.
    await d.publisher.update(posted.ref, { ...first, blocks: [text('This run was taken over by another Steward process.'), context(`run #${run.id}`)] });
    return { ok: false, lost: true, reason: 'lease lost' };
  }
  return { ok: true, ref, newPost: true };
}

async function modelsOf(d: SchedulerPorts, s: Schedule): Promise<string[]> {
  if (!s.models.includes(ALL_MODELS)) return [...s.models];
  const out: string[] = [];
  for (const m of await d.store.read.models.list()) if (await d.store.read.deployments.liveAt(m.id, s.environment)) out.push(m.name);
  return out;
}

async function liveDeployment(d: SchedulerPorts, model: string, environment: string) {
  const m = await d.store.read.models.byName(model);
  return m ? d.store.read.deployments.liveAt(m.id, environment) : null;
}
