import type { MonitorTier, SubscriptionEvent } from '../scheduling/domain/records.js';

/**
 * What subscribed channels hear about. Lifecycle events come from the registry, governance and deploy
 * code; monitoring events (drift, bias, quality) become alerts with dedup, cooldown and an [Acknowledge] button.
 */
export type LifecycleEventType = Exclude<SubscriptionEvent, 'drift' | 'bias' | 'quality'>;

export interface LifecycleEvent {
  readonly type: LifecycleEventType;
  readonly model: string;
  readonly version?: number;
  readonly environment?: string;
  /** who did it (actor key, e.g. "slack:U123") */
  readonly actor?: string;
  readonly deploymentId?: number;
  /** one line: what happened and what to do next, e.g. the rejection reason */
  readonly text?: string;
}

export interface MonitoringEvent {
  readonly type: 'drift' | 'bias' | 'quality';
  readonly model: string;
  readonly environment: string;
  /** the drifted feature, the protected attribute, or the quality metric */
  readonly feature: string;
  readonly tier: MonitorTier;
  /** one line, e.g. "amount drifted: psi 0.41 (critical ≥ 0.25)" */
  readonly headline: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type StewardEvent = LifecycleEvent | MonitoringEvent;

export const isMonitoringEvent = (e: StewardEvent): e is MonitoringEvent => e.type === 'drift' || e.type === 'bias' || e.type === 'quality';

export interface Delivery {
  /** channels subscribed to this model and event */
  readonly channels: number;
  /** posts the platform accepted */
  readonly delivered: number;
  /** drift/bias/quality only: an alert with the same model, feature and tier went out within the cooldown */
  readonly suppressed: boolean;
  readonly alertId: number | null;
  readonly failures: readonly string[];
}
