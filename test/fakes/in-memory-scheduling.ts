import { SUBSCRIPTION_EVENTS, type Alert, type AlertRepo, type RunLedgerRepo, type RunRecord, type Subscription, type SubscriptionKey, type SubscriptionRepo } from '../../src/scheduling/domain/records.js';
import type { Schedule } from '../../src/scheduling/domain/schedule.js';
import type { ScheduleRepo } from '../../src/scheduling/domain/schedule-repo.js';

/** Scheduling state of the InMemoryStore (snapshotted with the rest per transaction). */
export interface SchedulingState {
  schedules: Schedule[];
  runs: RunRecord[];
  subscriptions: Subscription[];
  alerts: Alert[];
  cooldowns: { key: string; lastSentAt: Date; suppressed: number }[];
  seq: { schedule: number; run: number; subscription: number; alert: number };
}

export const emptySchedulingState = (): SchedulingState => ({
  schedules: [],
  runs: [],
  subscriptions: [],
  alerts: [],
  cooldowns: [],
  seq: { schedule: 0, run: 0, subscription: 0, alert: 0 },
});

const clone = <T>(v: T): T => structuredClone(v);
const t = (d: Date) => d.getTime();

export function schedulingRepos(s: () => SchedulingState): { schedules: ScheduleRepo; runs: RunLedgerRepo; subscriptions: SubscriptionRepo; alerts: AlertRepo } {
  const runIdx = (id: number) => s().runs.findIndex((r) => r.id === id);
  const patchRun = (id: number, by: string, patch: Partial<RunRecord>): boolean => {
    const i = runIdx(id);
    const r = s().runs[i];
    if (!r || r.claimedBy !== by || r.state !== 'running') return false;
    s().runs[i] = clone({ ...r, ...patch });
    return true;
  };
  const sameKey = (x: Subscription, k: SubscriptionKey) => x.platform === k.platform && x.channelId === k.channelId && x.model === k.model;
  const ordered = (events: readonly string[]) => SUBSCRIPTION_EVENTS.filter((e) => events.includes(e));
  return {
    schedules: {
      async create(n) {
        const { at, ...rest } = n;
        const row: Schedule = { ...clone(rest), id: ++s().seq.schedule, createdAt: at, updatedAt: at };
        s().schedules.push(row);
        return clone(row);
      },
      async upsertByKey(n) {
        const { at, ...rest } = n;
        const i = s().schedules.findIndex((x) => x.key === n.key);
        const cur = s().schedules[i];
        if (cur) {
          const fields = (x: Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'>) => JSON.stringify([x.kind, x.models, x.environment, x.cron, x.timezone, x.channel.platform, x.channel.id, x.windowSeconds, x.catchUpSeconds]);
          const same = fields(cur) === fields(rest);
          if (same) return { schedule: clone(cur), change: 'unchanged' as const };
          s().schedules[i] = clone({ ...cur, ...rest, createdBy: cur.createdBy, updatedAt: at });
          return { schedule: clone(s().schedules[i]!), change: 'updated' as const };
        }
        const row: Schedule = { ...clone(rest), id: ++s().seq.schedule, createdAt: at, updatedAt: at };
        s().schedules.push(row);
        return { schedule: clone(row), change: 'created' as const };
      },
      byId: async (id) => clone(s().schedules.find((x) => x.id === id) ?? null),
      list: async () => clone([...s().schedules].sort((a, b) => a.id - b.id)),
      async remove(id) {
        const before = s().schedules.length;
        s().schedules = s().schedules.filter((x) => x.id !== id);
        s().runs = s().runs.filter((r) => r.scheduleId !== id);
        return s().schedules.length < before;
      },
    },
    runs: {
      async claimNew(c) {
        if (s().runs.some((r) => r.job === c.job && t(r.slotAt) === t(c.slotAt))) return null;
        const row: RunRecord = {
          id: ++s().seq.run,
          job: c.job,
          scheduleId: c.scheduleId,
          slotAt: c.slotAt,
          state: 'running',
          claimedBy: c.by,
          leaseUntil: c.leaseUntil,
          attempts: 1,
          requestedBy: null,
          createdAt: c.now,
          startedAt: c.now,
          finishedAt: null,
          postingAt: null,
          message: null,
          result: null,
          error: null,
        };
        s().runs.push(clone(row));
        return row;
      },
      async takeOver(c) {
        const i = s().runs.findIndex((r) => r.job === c.job && t(r.slotAt) === t(c.slotAt));
        const r = s().runs[i];
        if (!r) return null;
        const free = r.state === 'queued' || (r.state === 'running' && r.leaseUntil !== null && t(r.leaseUntil) < t(c.now));
        if (!free) return null;
        s().runs[i] = { ...r, state: 'running', claimedBy: c.by, leaseUntil: c.leaseUntil, attempts: r.attempts + 1, startedAt: c.now };
        return clone(s().runs[i]!);
      },
      async enqueue(c) {
        if (s().runs.some((r) => r.job === c.job && t(r.slotAt) === t(c.slotAt))) return null;
        const row: RunRecord = {
          id: ++s().seq.run,
          job: c.job,
          scheduleId: c.scheduleId,
          slotAt: c.slotAt,
          state: 'queued',
          claimedBy: null,
          leaseUntil: null,
          attempts: 0,
          requestedBy: c.requestedBy,
          createdAt: c.now,
          startedAt: null,
          finishedAt: null,
          postingAt: null,
          message: null,
          result: null,
          error: null,
        };
        s().runs.push(clone(row));
        return row;
      },
      claimable: async (now, since) =>
        clone(
          s()
            .runs.filter((r) => t(r.slotAt) >= t(since) && (r.state === 'queued' || (r.state === 'running' && r.leaseUntil !== null && t(r.leaseUntil) < t(now))))
            .sort((a, b) => t(a.slotAt) - t(b.slotAt))
            .slice(0, 100),
        ),
      renew: async (id, by, leaseUntil) => patchRun(id, by, { leaseUntil }),
      markPosting: async (id, by, at) => patchRun(id, by, { postingAt: at }),
      recordMessage: async (id, by, message) => patchRun(id, by, { message }),
      finish: async (id, by, f) =>
        patchRun(id, by, {
          state: f.state,
          finishedAt: f.at,
          leaseUntil: null,
          ...(f.message !== undefined ? { message: f.message } : {}),
          ...(f.result !== undefined ? { result: f.result } : {}),
          ...(f.error !== undefined ? { error: f.error } : {}),
        }),
      byId: async (id) => clone(s().runs.find((r) => r.id === id) ?? null),
      get: async (job, slotAt) => clone(s().runs.find((r) => r.job === job && t(r.slotAt) === t(slotAt)) ?? null),
      recent: async (job, limit) =>
        clone(
          s()
            .runs.filter((r) => r.job === job)
            .sort((a, b) => t(b.slotAt) - t(a.slotAt))
            .slice(0, limit),
        ),
      async prune(before) {
        const n = s().runs.length;
        s().runs = s().runs.filter((r) => !((r.state === 'done' || r.state === 'failed') && t(r.slotAt) < t(before)));
        return n - s().runs.length;
      },
    },
    subscriptions: {
      get: async (k) => clone(s().subscriptions.find((x) => sameKey(x, k)) ?? null),
      async addEvents(k, events, by, at) {
        const i = s().subscriptions.findIndex((x) => sameKey(x, k));
        const cur = s().subscriptions[i];
        if (cur) {
          s().subscriptions[i] = { ...cur, events: ordered([...cur.events, ...events]), updatedAt: at };
          return clone(s().subscriptions[i]!);
        }
        const row: Subscription = { id: ++s().seq.subscription, ...k, events: ordered(events), createdBy: by, createdAt: at, updatedAt: at };
        s().subscriptions.push(row);
        return clone(row);
      },
      async removeEvents(k, events, at) {
        const i = s().subscriptions.findIndex((x) => sameKey(x, k));
        const cur = s().subscriptions[i];
        if (!cur) return null;
        const left = events === null ? [] : cur.events.filter((e) => !events.includes(e));
        if (!left.length) {
          s().subscriptions.splice(i, 1);
          return null;
        }
        s().subscriptions[i] = { ...cur, events: left, updatedAt: at };
        return clone(s().subscriptions[i]!);
      },
      matching: async (model, event) => clone(s().subscriptions.filter((x) => (x.model === model || x.model === '*') && x.events.includes(event)).sort((a, b) => a.id - b.id)),
      forChannel: async (platform, channelId) =>
        clone(
          s()
            .subscriptions.filter((x) => x.platform === platform && x.channelId === channelId)
            .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)),
        ),
      withEvents: async (events) => clone(s().subscriptions.filter((x) => x.events.some((e) => events.includes(e))).sort((a, b) => a.id - b.id)),
    },
    alerts: {
      async claimCooldown(key, now, cooldownSeconds) {
        const c = s().cooldowns.find((x) => x.key === key);
        if (!c) {
          s().cooldowns.push({ key, lastSentAt: now, suppressed: 0 });
          return true;
        }
        if (t(c.lastSentAt) <= t(now) - cooldownSeconds * 1000) {
          c.lastSentAt = now;
          c.suppressed = 0;
          return true;
        }
        c.suppressed++;
        return false;
      },
      async create(a) {
        const row: Alert = { ...clone(a), id: ++s().seq.alert, ackedBy: null, ackedAt: null };
        s().alerts.push(row);
        return clone(row);
      },
      byId: async (id) => clone(s().alerts.find((x) => x.id === id) ?? null),
      async acknowledge(id, by, at) {
        const i = s().alerts.findIndex((x) => x.id === id);
        const a = s().alerts[i];
        if (!a || a.ackedAt) return null;
        s().alerts[i] = { ...a, ackedBy: by, ackedAt: at };
        return clone(s().alerts[i]!);
      },
      recent: async (limit) => clone([...s().alerts].sort((a, b) => b.id - a.id).slice(0, limit)),
    },
  };
}
