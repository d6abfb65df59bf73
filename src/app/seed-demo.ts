import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { DeploymentKind, DeploymentStatus } from '../deploy/domain/deployment.js';
import type { ModelCard, NewVersion } from '../registry/domain/model.js';
import { ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import { auditInput } from '../governance/audit-who.js';
import type { Config } from '../config/config.js';
import { type DemoMonitoringInput, seedDemoMonitoring } from './seed-demo-monitoring.js';

const DAY = 86_400_000;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const commit = (s: string) => sha(`commit:${s}`).slice(0, 40);

interface DemoModel {
  name: string;
  description: string;
  team: string;
  tags: string[];
  framework: string;
  card: ModelCard;
  versions: { daysAgo: number; by: string; metrics: Record<string, number>; fairness?: Record<string, number>; driftShare?: number }[];
  /** [env, version, daysAgo, requestedBy, approvers, status, kind] */
  deploys: [string, number, number, string, string[], DeploymentStatus, DeploymentKind, string?][];
}

const MODELS: DemoModel[] = [
  {
    name: 'fraud-detector',
    description: 'Scores card transactions for fraud in real time (p99 < 20 ms).',
    team: 'risk-ml',
    tags: ['payments', 'realtime'],
    framework: 'xgboost',
    card: {
      intendedUse: 'Rank card-not-present transactions for manual review; not for automatic account closure.',
      limitations: 'Trained on EU/UK traffic only; recall drops on transactions above EUR 10k.',
      ethicalConsiderations: 'No protected attributes as features; merchant category may proxy for region.',
      evaluationData: 'Holdout of 2.1M transactions, Sep–Oct 2026, time-based split.',
    },
    versions: [
      { daysAgo: 90, by: 'alice', metrics: { auc: 0.884, precision: 0.71, recall: 0.62, latency_ms: 14 } },
      { daysAgo: 75, by: 'alice', metrics: { auc: 0.897, precision: 0.73, recall: 0.64, latency_ms: 13 } },
      { daysAgo: 60, by: 'erin', metrics: { auc: 0.891, precision: 0.75, recall: 0.6, latency_ms: 15 } },
      { daysAgo: 48, by: 'alice', metrics: { auc: 0.905, precision: 0.76, recall: 0.66, latency_ms: 12 } },
      { daysAgo: 44, by: 'erin', metrics: { auc: 0.912, precision: 0.78, recall: 0.67, latency_ms: 12 } },
      { daysAgo: 38, by: 'alice', metrics: { auc: 0.918, precision: 0.79, recall: 0.69, latency_ms: 11 }, driftShare: 0.1, fairness: { demographicParityRatio: 0.88 } },
      { daysAgo: 1, by: 'alice', metrics: { auc: 0.923, precision: 0.8, recall: 0.7, latency_ms: 11 }, driftShare: 0.1, fairness: { demographicParityRatio: 0.91 } },
    ],
    deploys: [
      ['staging', 2, 74, 'alice', [], 'succeeded', 'deploy'],
      ['production', 2, 70, 'alice', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['staging', 4, 47, 'alice', [], 'succeeded', 'deploy'],
      ['production', 4, 45, 'alice', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['staging', 5, 43, 'erin', [], 'succeeded', 'deploy'],
      ['production', 5, 41, 'erin', ['bob', 'carol'], 'failed', 'deploy', 'webhook answered 503 until the deadline'],
      ['production', 5, 40, 'erin', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['staging', 6, 37, 'alice', [], 'succeeded', 'deploy'],
      ['production', 6, 35, 'alice', ['bob', 'dave'], 'succeeded', 'deploy'],
      ['staging', 7, 0.9, 'alice', [], 'succeeded', 'deploy'],
    ],
  },
  {
    name: 'churn-predictor',
    description: 'Weekly churn propensity for subscription customers, feeds the retention campaign.',
    team: 'growth-ml',
    tags: ['batch', 'marketing'],
    framework: 'lightgbm',
    card: {
      intendedUse: 'Prioritise retention offers; scores refreshed weekly.',
      limitations: 'Customers younger than 30 days have too little history for stable scores.',
      evaluationData: 'Customers active Jan–Jun 2026, labels from July cancellations.',
    },
    versions: [
      { daysAgo: 120, by: 'frank', metrics: { auc: 0.81, f1: 0.58 } },
      { daysAgo: 64, by: 'frank', metrics: { auc: 0.835, f1: 0.6 } },
      { daysAgo: 34, by: 'grace', metrics: { auc: 0.842, f1: 0.61 } },
      { daysAgo: 3, by: 'grace', metrics: { auc: 0.839, f1: 0.63 } },
    ],
    deploys: [
      ['staging', 1, 118, 'frank', [], 'succeeded', 'deploy'],
      ['production', 1, 115, 'frank', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['staging', 2, 62, 'frank', [], 'succeeded', 'deploy'],
      ['production', 2, 60, 'frank', ['carol', 'dave'], 'succeeded', 'deploy'],
      ['staging', 3, 33, 'grace', [], 'succeeded', 'deploy'],
      ['production', 3, 31, 'grace', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['staging', 4, 2, 'grace', [], 'succeeded', 'deploy'],
    ],
  },
  {
    name: 'credit-risk-scorer',
    description: 'Probability of default for consumer credit applications (regulated: EU AI Act high-risk).',
    team: 'credit-ml',
    tags: ['regulated', 'high-risk'],
    framework: 'sklearn',
    card: {
      intendedUse: 'Decision support for credit officers; every decline is reviewed by a human.',
      limitations: 'Not validated for business loans or applicants without credit history.',
      ethicalConsiderations: 'Monitored for disparate impact by age band and sex (four-fifths screen).',
      evaluationData: 'Applications 2023–2025 with 12-month default outcome.',
    },
    versions: [
      { daysAgo: 150, by: 'heidi', metrics: { auc: 0.76, ks: 0.39 }, fairness: { demographicParityRatio: 0.78, equalOpportunityRatio: 0.84 } },
      { daysAgo: 100, by: 'heidi', metrics: { auc: 0.772, ks: 0.41 }, fairness: { demographicParityRatio: 0.83, equalOpportunityRatio: 0.88 } },
      { daysAgo: 70, by: 'ivan', metrics: { auc: 0.781, ks: 0.42 }, fairness: { demographicParityRatio: 0.85, equalOpportunityRatio: 0.9 } },
      { daysAgo: 40, by: 'heidi', metrics: { auc: 0.79, ks: 0.44 }, fairness: { demographicParityRatio: 0.86, equalOpportunityRatio: 0.91 }, driftShare: 0.0 },
      { daysAgo: 7, by: 'ivan', metrics: { auc: 0.797, ks: 0.45 }, fairness: { demographicParityRatio: 0.74, equalOpportunityRatio: 0.86 }, driftShare: 0.2 },
    ],
    deploys: [
      ['staging', 2, 98, 'heidi', [], 'succeeded', 'deploy'],
      ['production', 2, 95, 'heidi', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['staging', 3, 68, 'ivan', [], 'succeeded', 'deploy'],
      ['production', 3, 66, 'ivan', ['bob', 'carol'], 'rejected', 'deploy', 'wait for the Q3 fairness review'],
      ['staging', 4, 38, 'heidi', [], 'succeeded', 'deploy'],
      ['production', 4, 35, 'heidi', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['staging', 5, 6, 'ivan', [], 'succeeded', 'deploy'],
      ['production', 5, 5, 'ivan', ['bob', 'carol'], 'succeeded', 'deploy'],
      ['production', 4, 4, 'dave', [], 'succeeded', 'rollback', 'approval rate for applicants over 60 fell; rolled back while investigating'],
    ],
  },
];

export interface SeedSummary {
  seeded: boolean;
  models: number;
  versions: number;
  deployments: number;
  /** the monitoring part: reference datasets, predictions, labels and the digest schedule's id (null when not seeded) */
  references: number;
  predictions: number;
  labels: number;
  digestSchedule: number | null;
}

/** "3 models, 16 versions, 26 deployments, 29,874 predictions (…), weekly digest #1" */
export function demoSummary(s: SeedSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${s.models} models, ${s.versions} versions, ${s.deployments} deployments, ${n(s.predictions)} predictions over 30 days (${n(s.labels)} labelled) and reference data for ${s.references} versions, a weekly digest (schedule #${s.digestSchedule}) in the console`;
}

export interface SeedDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** environments, and the label encoding the demo's labels are written in */
  readonly config: Config;
}

/** Which version each demo model has live in each environment now, and its production history. */
function liveHistory(dm: DemoModel, at: (daysAgo: number) => Date): DemoMonitoringInput {
  const done = dm.deploys.filter((d) => d[5] === 'succeeded').sort((a, b) => b[2] - a[2]);
  const production = done.filter((d) => d[0] === 'production').map((d) => [at(d[2]), d[1]] as const);
  const now = new Map<string, number>();
  for (const d of done) now.set(d[0], d[1]);
  const live = production.length ? production[production.length - 1]![1] : dm.versions.length;
  return { model: dm.name, production, liveVersions: [...new Set(now.values())], owner: dm.versions[live - 1]!.by };
}

/**
 * Seed a living registry for newcomers: 3 models, versions with metrics, lineage and cards, and
 * months of staging/production history; then the monitoring half (seed-demo-monitoring.ts):
 * reference data, 30 days of production predictions and labels, a weekly digest in the console
 * chat. Idempotent: does nothing if the demo models exist.
 */
export async function seedDemo(deps: SeedDeps): Promise<Result<SeedSummary>> {
  const registry = await seedRegistry(deps.store, deps.clock);
  if (!registry.ok || !registry.value.seeded) return registry;
  const now = deps.clock.now().getTime();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const monitoring = await seedDemoMonitoring(deps, MODELS.map((dm) => liveHistory(dm, at)));
  if (!monitoring.ok) return monitoring;
  const { references, predictions, labels, scheduleId } = monitoring.value;
  return ok({ ...registry.value, references, predictions, labels, digestSchedule: scheduleId });
}

/** The registry half alone (what `--demo` seeded before the monitoring half): models, versions, deployments. */
export async function seedRegistry(store: Store, clock: Clock): Promise<Result<SeedSummary>> {
  const now = clock.now().getTime();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  return store.transaction<SeedSummary>(async (tx) => {
    if (await tx.models.byName(MODELS[0]!.name)) return ok({ seeded: false, models: 0, versions: 0, deployments: 0, references: 0, predictions: 0, labels: 0, digestSchedule: null });
    let versions = 0;
    let deployments = 0;
    for (const dm of MODELS) {
      const who = (u: string) => ({ actor: `console:${u}`, platform: 'console', channel: 'demo' });
      const created = (await tx.models.create({ name: dm.name, description: dm.description, ownerTeam: dm.team, tags: dm.tags, createdBy: `console:${dm.versions[0]!.by}`, createdAt: at(dm.versions[0]!.daysAgo) }))!;
      await tx.audit.append(auditInput(who(dm.versions[0]!.by), 'model.registered', `model:${dm.name}`, { description: dm.description, demo: true }), at(dm.versions[0]!.daysAgo));
      const ids: number[] = [];
      for (const [i, v] of dm.versions.entries()) {
        const n = i + 1;
        const nv: NewVersion = {
          artifactUri: `s3://ml-artifacts/${dm.name}/v${n}/model.${dm.framework === 'xgboost' ? 'ubj' : 'pkl'}`,
          sha256: sha(`${dm.name}:${n}`),
          framework: dm.framework,
          metrics: v.metrics,
          params: { learning_rate: Math.round((0.05 + n * 0.01) * 100) / 100, max_depth: 4 + (n % 3), seed: 42 },
          datasetUri: `s3://ml-data/${dm.name}/train-${at(v.daysAgo + 2).toISOString().slice(0, 10)}.parquet`,
          datasetSha256: sha(`${dm.name}:data:${n}`),
          codeCommit: commit(`${dm.name}:${n}`),
          card: dm.card,
          evaluation: { ...(v.fairness ? { fairness: v.fairness } : {}), ...(v.driftShare !== undefined ? { driftShare: v.driftShare } : {}) },
        };
        const number = await tx.models.nextVersion(created.id);
        const row = await tx.versions.create({ ...nv, modelId: created.id, version: number, createdBy: `console:${v.by}`, createdAt: at(v.daysAgo) });
        await tx.audit.append(auditInput(who(v.by), 'version.registered', `model:${dm.name}`, { version: number, sha256: row.sha256, demo: true }), at(v.daysAgo));
        ids.push(row.id);
        versions++;
      }
      for (const [env, version, daysAgo, by, approvers, status, kind, reason] of dm.deploys) {
        const requestedAt = at(daysAgo + 0.1);
        const started = status === 'rejected' ? null : at(daysAgo + 0.01);
        const d = await tx.deployments.create({
          modelId: created.id,
          versionId: ids[version - 1]!,
          environment: env,
          kind,
          status,
          requestedBy: `console:${by}`,
          requestedAt,
          approvedBy: status === 'rejected' ? [] : approvers.map((a) => `console:${a}`),
          target: env === 'production' ? 'webhook' : 'mlflow',
          startedAt: started,
          finishedAt: at(daysAgo),
          reason: reason ?? null,
        });
        await tx.audit.append(auditInput(who(by), 'deploy.recorded', `model:${dm.name}`, { deployment: d.id, environment: env, version, status, kind, demo: true }), at(daysAgo));
        deployments++;
      }
    }
    return ok({ seeded: true, models: MODELS.length, versions, deployments, references: 0, predictions: 0, labels: 0, digestSchedule: null });
  });
}

/**
 * The demo's configuration: each demo model without a training pipeline in steward.yaml gets the
 * record-only one, so that [Retrain] works out of the box (the run waits for `register --trigger`).
 */
export function withDemoTraining(config: Config): Config {
  const training = { ...config.training };
  for (const m of MODELS) training[m.name] ??= { model: m.name, pipeline: { kind: 'record' }, approvals: 0, approverRoles: [], deadlineMs: 24 * 3_600_000, auto: null };
  return { ...config, training };
}
