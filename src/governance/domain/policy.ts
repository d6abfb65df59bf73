import type { ModelCardField } from '../../registry/domain/model.js';
import type { QualityCheck } from '../../monitoring/domain/quality-check.js';

/** Policies as code, per environment (steward.yaml `policies:`), read-only at run time. */
export interface Policy {
  readonly environment: string;
  /** distinct approvals needed (0 = no approval) */
  readonly approvals: number;
  /** roles whose members may approve or reject */
  readonly approverRoles: readonly string[];
  readonly allowSelfApproval: boolean;
  /** how long a request waits for its quorum, in ms */
  readonly expiryMs: number;
  readonly gates: GateConfig;
  readonly freezeWindows: readonly FreezeWindow[];
  /** roles that may deploy during a freeze window */
  readonly freezeExemptRoles: readonly string[];
  /** roles whose deploy / rollback requests need no approval (emergencies) */
  readonly noApproval: { readonly deploy: readonly string[]; readonly rollback: readonly string[] };
  /** roles that may approve an override of failed gates */
  readonly overrideRoles: readonly string[];
  /** checked after a successful deployment; a failure can roll back on its own */
  readonly postDeploy: PostDeployCheck | null;
  /**
   * an MLflow alias moved outside Steward (registry: mlflow): accept — record it as a deployment;
   * alert (the default) — audit it and tell the model's channels; revert — also point it back
   */
  readonly outOfBand?: 'accept' | 'alert' | 'revert';
}

export interface PostDeployCheck {
  /** probed right after a success */
  readonly healthUrl: string | null;
  /** the first `count` predictions of the new version, within `withinMs`, judged by these bounds */
  readonly predictions: {
    readonly count: number;
    readonly withinMs: number;
    readonly maxDriftShare: number | null;
    readonly fairness: readonly MetricGate[];
    /** live quality of the new version's labelled predictions, judged once `minLabelled` are labelled */
    readonly quality: readonly QualityCheck[] | null;
    readonly minLabelled: number;
  } | null;
  readonly expectStatus: number;
  readonly timeoutMs: number;
  readonly attempts: number;
  readonly intervalMs: number;
  readonly rollbackOnFailure: boolean;
}

export interface MetricGate {
  readonly metric: string;
  readonly min?: number;
  readonly max?: number;
}

export interface RegressionGate {
  readonly metric: string;
  /** candidate may be at most this much lower than live (higher-is-better metrics) */
  readonly maxDrop?: number;
  /** candidate may be at most this much higher than live (lower-is-better metrics) */
  readonly maxIncrease?: number;
}

export interface GateConfig {
  readonly metrics: readonly MetricGate[];
  readonly noRegression: readonly RegressionGate[];
  readonly fairness: readonly MetricGate[];
  readonly drift: { readonly maxShare: number } | null;
  readonly modelCard: { readonly required: readonly ModelCardField[] } | null;
  /** live quality of the candidate's labelled predictions (in `environment`, default the target) against these checks */
  readonly quality: QualityGate | null;
}

export interface QualityGate {
  readonly checks: readonly QualityCheck[];
  /** fewer labelled predictions than this: "not enough labels yet" (the gate fails closed) */
  readonly minLabelled: number;
  /** where the candidate's predictions are measured (e.g. staging); null: the environment deployed to */
  readonly environment: string | null;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface FreezeWindow {
  readonly days: readonly Weekday[];
  /** "HH:MM" local time, inclusive */
  readonly from: string;
  /** "HH:MM" local time, exclusive; may be before `from` to cross midnight */
  readonly to: string;
  readonly timezone: string;
  readonly reason?: string;
}

export const NO_GATES: GateConfig = { metrics: [], noRegression: [], fairness: [], drift: null, modelCard: null, quality: null };

/** Without a policies section: staging needs no approval; production needs two admins' approvals within 24 h. */
export function defaultPolicy(environment: string): Policy {
  const prod = environment === 'production';
  return {
    environment,
    approvals: prod ? 2 : 0,
    approverRoles: ['admin'],
    allowSelfApproval: false,
    expiryMs: 24 * 3_600_000,
    gates: NO_GATES,
    freezeWindows: [],
    freezeExemptRoles: ['admin'],
    noApproval: { deploy: [], rollback: ['admin'] },
    overrideRoles: ['admin'],
    postDeploy: null,
  };
}
