import type { SchedulerPorts } from './schedule-run.js';
import { ALERT_CHECK_JOB, jobScheduleId, scheduleFingerprint, scheduleJob, type Schedule } from '../domain/schedule.js';
import { runAlertCheck } from './alert-check.js';
import { type RunDeps, type RunOutcome, runScheduleSlot } from './schedule-run.js';
import { type CronSpec, isSlot, latestSlot, parseCron } from '../domain/cron-slots.js';
import type { ReportSource } from '../chat/report-source.js';
import { nodeCronTicker, type TickHandle, type Ticker } from './ticker.js';
import { foldProfiles } from '../../monitoring/fold-profiles.js';
import { applyRetention } from '../../monitoring/apply-retention.js';

/** A tick's claim answered this much after its slot, with a later slot come meanwhile, is superseded by that slot. */
const SUPERSEDE_AFTER_MS = 10_000;

export interface SchedulerOptions {
  readonly deps: SchedulerPorts;
  readonly reports: ReportSource;
  /** recorded as claimed_by; unique per process */
  readonly instanceId: string;
  readonly leaseMs: number;
  /** how often schedules are reloaded, expired runs taken over, missed slots caught up */
  readonly pollMs: number;
  readonly ticker?: Ticker;
  /** called after every attempted run (tests and logs) */
  readonly onRun?: (e: { job: string; slot: Date; outcome: RunOutcome | { status: string } }) => void;
}

export interface Scheduler {
  /** Load schedules, catch up missed slots, start the tickers. */
  start(): Promise<void>;
  /** Stop ticking and wait (up to `graceMs`) for runs in flight; unfinished runs are taken over elsewhere when their lease ends. */
  stop(graceMs?: number): Promise<void>;
  /** One pass: reload schedules, catch up, take over queued and expired runs. */
  poll(): Promise<void>;
  /** What a tick does (node-cron calls it with the slot it fired for). */
  tick(scheduleId: number, fired: Date): Promise<void>;
  /** Resolves when no run started by this process is in flight. */
  idle(): Promise<void>;
}

/** How far back a manual run or the alert check may still be claimed. */
const MANUAL_RUN_MAX_AGE_MS = 3_600_000;
/** Finished runs are kept this long (the Details buttons of older reports stop working), pruned hourly. */
const KEEP_RUNS_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
/** How often monitoring data is kept in shape: hourly profiles folded into days, retention applied. */
const MAINTAIN_EVERY_MS = 300_000;

/**
 * The scheduler of one process. Every decision that replicas must agree on — which process runs a
 * slot, whether a slot already ran, whether a run's owner is gone — is made by the run ledger in the
 * database; this object only keeps its own tickers.
 *
 * Slots: a tick runs the slot node-cron fired for (when it is a slot by cron-slots.ts, else the latest
 * slot before now), so every replica claims the same (schedule, slot) even if their ticks are some
 * milliseconds apart. Each poll also runs the latest slot of each schedule if it has no ledger row
 * and is younger than the schedule's catch-up window — after downtime that is the one catch-up run
 * (the latest missed slot only), and it covers ticks node-cron skips around DST changes.
 */
export function createScheduler(o: SchedulerOptions): Scheduler {
  const ticker = o.ticker ?? nodeCronTicker;
  const deps = o.deps;
  const runDeps: RunDeps = { ...deps, reports: o.reports, instanceId: o.instanceId, leaseMs: o.leaseMs };
  const tasks = new Map<number, { fingerprint: string; schedule: Schedule; spec: CronSpec; handle: TickHandle }>();
  const inflight = new Set<Promise<unknown>>();
  const handles: TickHandle[] = [];
  let polling: Promise<void> | null = null;
  let stopped = false;
  let prunedAt = 0;
  let maintainedAt = 0;

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => {});
    return p;
  };

  const run = (s: Schedule, slot: Date, opts: { manual?: boolean; takeOverOnly?: boolean; superseded?: () => Date | null } = {}) =>
    track(
      runScheduleSlot(runDeps, s, slot, opts).then(
        (outcome) => {
          if (outcome.status !== 'skipped') deps.log.info({ schedule: s.id, slot, manual: !!opts.manual, ...outcome }, 'scheduled run');
          o.onRun?.({ job: opts.manual ? `${scheduleJob(s.id)}:manual` : scheduleJob(s.id), slot, outcome });
          return outcome;
        },
        (e: unknown) => {
          deps.log.error({ err: e, schedule: s.id, slot }, 'scheduled run failed to start');
          o.onRun?.({ job: scheduleJob(s.id), slot, outcome: { status: 'error' } });
        },
      ),
    );

  const alertCheck = (slot: Date) =>
    track(
      runAlertCheck(runDeps, slot).then(
        (outcome) => o.onRun?.({ job: ALERT_CHECK_JOB, slot, outcome: outcome as { status: string } }),
        (e: unknown) => deps.log.error({ err: e, slot }, 'alert check failed'),
      ),
    );

  /**
   * Checked once a claim is made: a claim that waited (the database was not answering) until a later
   * slot had come is superseded by it — not a claim that was merely slow (a busy machine, a schedule
   * every second): that one still runs its own slot.
   */
  const supersededCheck = (t: { schedule: Schedule; spec: CronSpec }, slot: Date) => () => {
    const now = deps.clock.now();
    if (now.getTime() - slot.getTime() <= SUPERSEDE_AFTER_MS) return null;
    const latest = latestSlot(t.spec, t.schedule.timezone, now, slot);
    return latest && latest.getTime() > slot.getTime() ? latest : null;
  };

  async function tick(scheduleId: number, fired: Date): Promise<void> {
    const t = tasks.get(scheduleId);
    if (!t || stopped) return;
    const s = t.schedule;
    const now = deps.clock.now();
    const oldest = new Date(now.getTime() - s.catchUpSeconds * 1000);
    const slot = isSlot(t.spec, s.timezone, fired) ? fired : latestSlot(t.spec, s.timezone, new Date(Math.max(now.getTime(), fired.getTime())), oldest);
    if (!slot || slot.getTime() < oldest.getTime() || slot.getTime() <= s.createdAt.getTime()) return;
    await run(s, slot, { superseded: supersededCheck(t, slot) });
  }

  /** Keep one ticker per schedule, rebuilt when its cron, zone or row changes. */
  function reconcile(schedules: readonly Schedule[]): void {
    const live = new Set(schedules.map((s) => s.id));
    for (const [id, t] of tasks) {
      if (!live.has(id)) {
        t.handle.stop();
        tasks.delete(id);
      }
    }
    for (const s of schedules) {
      const fp = scheduleFingerprint(s);
      const cur = tasks.get(s.id);
      if (cur && cur.fingerprint === fp) {
        cur.schedule = s;
        continue;
      }
      cur?.handle.stop();
      const spec = parseCron(s.cron);
      if (!spec.ok) {
        deps.log.error({ schedule: s.id, cron: s.cron, reason: spec.error.message }, 'schedule has an invalid cron expression; skipped');
        tasks.delete(s.id);
        continue;
      }
      const handle = ticker.cron(spec.value.expr, s.timezone, `steward-schedule-${s.id}`, (slot) => void tick(s.id, slot));
      tasks.set(s.id, { fingerprint: fp, schedule: s, spec: spec.value, handle });
    }
  }

  async function pollOnce(): Promise<void> {
    const schedules = await deps.store.read.schedules.list();
    // the time once the database answered (it may have made this poll wait through an outage)
    const now = deps.clock.now();
    if (stopped) return;
    reconcile(schedules);
    const byId = new Map(schedules.map((s) => [s.id, s]));

    // Catch up: the latest slot of each schedule, if it is inside the catch-up window and has no row.
    for (const t of tasks.values()) {
      const s = t.schedule;
      const oldest = Math.max(now.getTime() - s.catchUpSeconds * 1000, s.createdAt.getTime() + 1);
      const slot = latestSlot(t.spec, s.timezone, now, new Date(oldest));
      if (slot && !(await deps.store.read.runs.get(scheduleJob(s.id), slot))) void run(s, slot, { superseded: supersededCheck(t, slot) });
    }

    // Take over: queued manual runs, and runs whose owner stopped renewing its lease.
    const maxCatchUp = Math.max(MANUAL_RUN_MAX_AGE_MS, ...schedules.map((s) => s.catchUpSeconds * 1000));
    for (const r of await deps.store.read.runs.claimable(now, new Date(now.getTime() - maxCatchUp))) {
      if (r.job === ALERT_CHECK_JOB) {
        if (now.getTime() - r.slotAt.getTime() <= MANUAL_RUN_MAX_AGE_MS) void alertCheck(r.slotAt);
        continue;
      }
      const s = byId.get(jobScheduleId(r.job) ?? -1);
      if (!s) continue;
      const manual = r.job.endsWith(':manual');
      const age = now.getTime() - r.slotAt.getTime();
      if (manual ? age <= MANUAL_RUN_MAX_AGE_MS : age <= s.catchUpSeconds * 1000) void run(s, r.slotAt, { manual, takeOverOnly: true });
    }

    if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      const n = await deps.store.read.runs.prune(new Date(now.getTime() - KEEP_RUNS_MS));
      if (n) deps.log.info({ pruned: n }, 'old scheduled runs pruned from the ledger');
    }

    if (now.getTime() - maintainedAt >= MAINTAIN_EVERY_MS) {
      maintainedAt = now.getTime();
      const folded = await foldProfiles(deps);
      if (folded) deps.log.info({ folded }, 'hourly prediction profiles folded into days');
      const expired = await applyRetention(deps);
      if (expired.rows || expired.profiles) deps.log.info(expired, 'logged predictions and profiles past monitoring.retention deleted');
    }
  }

  async function poll(): Promise<void> {
    if (polling) return polling;
    polling = pollOnce()
      .catch((e: unknown) => deps.log.error({ err: e }, 'scheduler poll failed'))
      .finally(() => {
        polling = null;
      });
    return polling;
  }

  return {
    tick,
    poll,
    async start() {
      stopped = false;
      await poll();
      handles.push(ticker.every(o.pollMs, () => void poll()));
      const a = deps.config.scheduling.alerts;
      if (a.check) {
        const spec = parseCron(a.check);
        if (spec.ok) handles.push(ticker.cron(spec.value.expr, a.timezone, 'steward-alert-check', (slot) => void alertCheck(slot)));
      }
    },
    async stop(graceMs = 10_000) {
      stopped = true;
      for (const h of handles.splice(0)) h.stop();
      for (const t of tasks.values()) t.handle.stop();
      tasks.clear();
      if (polling) await polling;
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
    async idle() {
      while (inflight.size || polling) await Promise.allSettled([...inflight, ...(polling ? [polling] : [])]);
    },
  };
}
