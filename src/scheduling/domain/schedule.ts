import type { Platform } from '../../governance/domain/actor.js';

/** Scheduled reports and their run ledger, subscriptions and alerts. Pure data and rules. */

export const SCHEDULE_KINDS = ['drift', 'bias', 'quality', 'digest'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** Where a schedule posts, or a subscription delivers. */
export interface ChannelTarget {
  readonly platform: Platform;
  readonly id: string;
}

export interface Schedule {
  readonly id: number;
  /** Stable key of a schedule declared in steward.yaml ("config:<name>"); null for chat-created ones. */
  readonly key: string | null;
  readonly source: 'config' | 'chat';
  readonly kind: ScheduleKind;
  /** Model names, or ["*"] for every model live in the environment. */
  readonly models: readonly string[];
  readonly environment: string;
  /** node-cron syntax: 5 fields, or 6 with seconds first */
  readonly cron: string;
  /** IANA time zone the cron expression is read in */
  readonly timezone: string;
  readonly channel: ChannelTarget;
  /** how far back the report looks (predictions in the last N seconds) */
  readonly windowSeconds: number;
  /** a missed slot younger than this still runs (once) after downtime */
  readonly catchUpSeconds: number;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewSchedule = Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'> & { readonly at: Date };

export const ALL_MODELS = '*';

export const scheduleModelsLabel = (models: readonly string[]): string => (models.includes(ALL_MODELS) ? 'all models' : models.join(', '));

/** Ledger job names: one per schedule for cron slots, one for manual runs, one for the alert check. */
export const scheduleJob = (id: number): string => `schedule:${id}`;
export const manualJob = (id: number): string => `schedule:${id}:manual`;
export const ALERT_CHECK_JOB = 'alerts';

/** The schedule id of a ledger job, or null (the alert check). */
export function jobScheduleId(job: string): number | null {
  const m = /^schedule:(\d+)(?::manual)?$/.exec(job);
  return m ? Number(m[1]) : null;
}

/** Everything that, when changed, means the ticker of a schedule must be rebuilt. */
export const scheduleFingerprint = (s: Schedule): string => `${s.id}|${s.cron}|${s.timezone}|${s.updatedAt.getTime()}`;
