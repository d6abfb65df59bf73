import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { ok, type Result } from '../core/result.js';
import type { Store } from '../ports/store.js';
import type { AuditWho } from '../governance/audit-who.js';
import type { ReferenceColumn, Scalar } from '../monitoring/domain/monitoring-store.js';
import { arrayRows, logPredictions } from '../monitoring/log-predictions.js';
import { attachLabels } from '../monitoring/attach-labels.js';
import { subscribeChannel } from '../notify/subscribe-add.js';
import { uploadReference } from '../monitoring/upload-reference.js';
import { createSchedule } from '../scheduling/schedule-create.js';

/**
 * The monitoring half of the demo: reference data for the versions live in staging or production,
 * 30 days of production traffic for each model (logged through the same use cases the API uses,
 * so the profiles the reports read are built as in production), labels (logged with their
 * predictions, or — churn's last week — attached later), and a weekly digest in the console chat.
 * Deterministic for a given clock (a seeded PRNG, times relative to now), and small enough to seed
 * in about a second on the embedded database:
 *
 *   - fraud-detector: card transactions around the clock (~1 an hour at night, ~10 by day). Over
 *     the last 7 days amounts creep up (a new digital-goods merchant) and its share of traffic
 *     grows, so `drift fraud-detector production` (7d) finds drift in amount and
 *     merchant_category, while any week before looks like the reference.
 *   - credit-risk-scorer: applications (~6 an hour by day, few at night) with the sensitive
 *     attributes age_band and sex; the model approves applicants aged 60+ much less often than
 *     others at the same creditworthiness (the four-fifths screen flags age_band, not sex). The
 *     label is the credit officer's decision on review, known a day or two later (the demo logs
 *     the known ones with their predictions, as a backfill would).
 *   - churn-predictor: a nightly batch at 02:00 UTC rescoring a seventh of the customers, each
 *     with a probability `score` of churn and the 0/1 prediction at 0.5; labels (churned or not)
 *     arrive a day later. In the last 7 days a competitor's offer makes customers the model
 *     thinks safe leave too: accuracy, recall and AUC drop.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
export const DEMO_DAYS = 30;
/** the last week, when fraud drift creeps in and churn quality drops */
const RECENT_DAYS = 7;
/** labels of the last week are attached a day of arrivals at a time */
const LABEL_BATCH = DAY;

/** A small, fast, seedable PRNG (mulberry32): the demo is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = () => number;
const normal = (r: Rng): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const pick = <T extends string>(r: Rng, weights: Readonly<Record<T, number>>): T => {
  const entries = Object.entries(weights) as [T, number][];
  let u = r() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((u -= w) < 0) return k;
  return entries[entries.length - 1]![0];
};
const poisson = (r: Rng, mean: number): number => {
  // Knuth; the means here are small
  const l = Math.exp(-mean);
  let k = 0;
  let p = r();
  while (p > l) {
    k++;
    p *= r();
  }
  return k;
};
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const cents = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** One generated prediction: what is logged, plus when its label becomes known (if it ever does). */
interface DemoRow {
  readonly features: Record<string, Scalar>;
  readonly prediction: Scalar;
  /** the probability of the positive class (churn) */
  readonly score?: number;
  readonly label?: Scalar;
  /** hours after the prediction when its label is attached */
  readonly labelDelayHours?: number;
  readonly sensitive?: Record<string, Scalar>;
  readonly subject?: string;
}

/** What positive and negative labels and predictions look like for a model under this configuration. */
function binary(config: Config, model: string): { pos: Scalar; neg: Scalar } {
  const p = config.monitoring.models[model]?.positiveLabel;
  if (p === undefined) return { pos: 1, neg: 0 };
  return { pos: p, neg: p === 'approved' ? 'declined' : `not-${String(p)}` };
}

interface DemoTraffic {
  readonly model: string;
  readonly seed: number;
  /** prediction ids: `${idPrefix}-${yyyymmdd}-${n}` */
  readonly idPrefix: string;
  /**
   * how labels known by now arrive: 'daily' — the last week's attached a day of arrivals at a time
   * (for the quality report's label delay), older ones logged with their predictions (a backfill);
   * 'with-predictions' — all logged with their predictions (the seed stays fast)
   */
  readonly labels?: 'daily' | 'with-predictions';
  readonly referenceRows: number;
  readonly categorical: readonly string[];
  /** the reference's distribution: a training sample */
  reference(r: Rng): Record<string, Scalar>;
  /** predictions logged in the hour starting at `hour` */
  perHour(r: Rng, hour: Date): number;
  /** one prediction at time t; `recent` goes from 0 (a week ago and before) to 1 (now) */
  row(r: Rng, recent: number, n: number, enc: { pos: Scalar; neg: Scalar }): DemoRow;
}

const MERCHANTS = { grocery: 24, restaurants: 16, fashion: 14, electronics: 10, travel: 8, digital_goods: 12, fuel: 10, other: 6 } as const;
const COUNTRIES = { DE: 30, FR: 20, GB: 14, ES: 14, IT: 12, NL: 10 } as const;
const fraudFeatures = (r: Rng, recent: number) => {
  const merchants = { ...MERCHANTS, digital_goods: MERCHANTS.digital_goods * (1 + 3 * recent) };
  const merchant = pick(r, merchants);
  // amounts in EUR: log-normal around 40, higher for travel and electronics; the new digital-goods
  // merchant sells gift cards in the hundreds, and amounts creep up over the last week
  const base = merchant === 'travel' ? 5.2 : merchant === 'electronics' ? 4.8 : merchant === 'grocery' ? 3.4 : 3.7;
  return {
    amount: cents(Math.exp(base + 0.9 * recent + 0.85 * normal(r))),
    merchant_category: merchant,
    country: pick(r, COUNTRIES),
    // the amount against the card's own 90-day average
    amount_to_avg: Math.round(Math.exp(0.35 * normal(r)) * 10_000) / 10_000,
  };
};

const AGE_BANDS = { '18-29': 21, '30-44': 32, '45-59': 27, '60+': 20 } as const;
const creditFeatures = (r: Rng) => {
  const age = pick(r, AGE_BANDS);
  const sex = pick(r, { F: 48, M: 52 });
  const employment = age === '60+' ? pick(r, { retired: 60, salaried: 30, self_employed: 10 }) : pick(r, { salaried: 70, self_employed: 16, part_time: 10, retired: 1 });
  const purpose = pick(r, { car: 30, debt_consolidation: 28, home_improvement: 22, other: 20 });
  const income = cents(Math.exp(10.55 + (age === '18-29' ? -0.25 : 0) + 0.45 * normal(r)));
  const dti = Math.round(clamp(0.3 + 0.13 * normal(r) + (purpose === 'debt_consolidation' ? 0.08 : 0), 0.01, 0.95) * 10_000) / 10_000;
  return { features: { income, debt_to_income: dti, employment_type: employment, loan_purpose: purpose }, sensitive: { age_band: age, sex } };
};

const PLANS = { basic: 45, standard: 35, premium: 20 } as const;
const CHURN_CUSTOMERS = 700;
const churnFeatures = (r: Rng) => {
  const plan = pick(r, PLANS);
  return {
    tenure_months: 1 + Math.floor(r() * 72),
    monthly_charges: cents((plan === 'basic' ? 24 : plan === 'standard' ? 49 : 89) + 8 * normal(r)),
    support_tickets_90d: poisson(r, 0.8),
    plan,
    payment_method: pick(r, { card: 55, sepa_debit: 30, paypal: 15 }),
  };
};
/** What the model learned: churn is likelier early on, with support trouble and on monthly card payments. */
const churnLogit = (f: ReturnType<typeof churnFeatures>): number => -0.2 - 0.045 * f.tenure_months + 0.55 * f.support_tickets_90d + (f.payment_method === 'card' ? 0.35 : 0) + (f.plan === 'premium' ? -0.3 : 0);

/** Daytime traffic peaks at 14:00 UTC, nights are quiet. */
const diurnal = (hour: Date): number => 0.55 + 0.45 * Math.cos(((hour.getUTCHours() - 14) / 24) * 2 * Math.PI);

const TRAFFIC: readonly DemoTraffic[] = [
  {
    model: 'fraud-detector',
    seed: 1,
    idPrefix: 'tx',
    referenceRows: 3000,
    categorical: ['merchant_category', 'country'],
    reference: (r) => fraudFeatures(r, 0),
    perHour: (r, hour) => poisson(r, 10 * diurnal(hour)),
    row(r, recent, _n, enc) {
      const features = fraudFeatures(r, recent);
      const risk = -5.2 + 0.45 * Math.log(features.amount) + (features.merchant_category === 'digital_goods' ? 1.2 : 0) + 1.1 * Math.log(features.amount_to_avg);
      return { features, prediction: r() < logistic(risk) ? enc.pos : enc.neg };
    },
  },
  {
    model: 'credit-risk-scorer',
    seed: 2,
    idPrefix: 'app',
    labels: 'with-predictions',
    referenceRows: 2500,
    categorical: ['employment_type', 'loan_purpose'],
    reference: (r) => creditFeatures(r).features,
    perHour: (r, hour) => poisson(r, 6 * diurnal(hour)),
    row(r, _recent, n, enc) {
      const { features, sensitive } = creditFeatures(r);
      // the officer's decision on review: creditworthiness from income and debt, not age
      const worthy = r() < logistic(1.1 - 6 * (features.debt_to_income - 0.3) + 0.8 * Math.log(features.income / 38_000));
      // the model: good at finding the worthy — except for applicants aged 60+, whose pension
      // income it undervalues
      const older = sensitive.age_band === '60+';
      const approved = r() < (worthy ? (older ? 0.45 : 0.9) : older ? 0.05 : 0.12);
      return { features, sensitive, prediction: approved ? enc.pos : enc.neg, label: worthy ? enc.pos : enc.neg, labelDelayHours: 20 + Math.floor(r() * 30), subject: `applicant-${100_000 + n}` };
    },
  },
  {
    model: 'churn-predictor',
    seed: 3,
    idPrefix: 'churn',
    labels: 'daily',
    referenceRows: 2000,
    categorical: ['plan', 'payment_method'],
    reference: (r) => churnFeatures(r),
    // the nightly batch: a seventh of the customers, rescored between 02:00 and 03:00 UTC
    perHour: (_r, hour) => (hour.getUTCHours() === 2 ? Math.round(CHURN_CUSTOMERS / 7) : 0),
    row(r, recent, n, enc) {
      const f = churnFeatures(r);
      const logit = churnLogit(f);
      const score = Math.round(logistic(logit + 0.3 * normal(r)) * 10_000) / 10_000;
      // what actually happens: as the model expects, until a competitor's offer in the last week
      // draws away long-standing premium and standard customers the model thinks safe
      const offer = recent > 0 && f.plan !== 'basic' && f.tenure_months > 12 ? 2.6 * Math.min(1, recent * 2) : 0;
      const churned = r() < logistic(logit + offer);
      return { features: f, prediction: score >= 0.5 ? enc.pos : enc.neg, score, label: churned ? enc.pos : enc.neg, labelDelayHours: 22 + Math.floor(r() * 6), subject: `customer-${10_000 + (n % CHURN_CUSTOMERS)}` };
    },
  },
];

/** Which version was live in an environment at each moment: [from, version], oldest first. */
export type LiveHistory = readonly (readonly [Date, number])[];
const liveAt = (history: LiveHistory, t: Date): number | null => {
  let v: number | null = null;
  for (const [from, version] of history) if (from.getTime() <= t.getTime()) v = version;
  return v;
};

export interface DemoMonitoringInput {
  readonly model: string;
  /** production deployments that succeeded (deploys and rollbacks), oldest first */
  readonly production: LiveHistory;
  /** versions live anywhere now: they get reference data */
  readonly liveVersions: readonly number[];
  /** who uploads the reference data */
  readonly owner: string;
}

export interface MonitoringSeedSummary {
  readonly references: number;
  readonly predictions: number;
  readonly labels: number;
  readonly scheduleId: number;
}

/** The channel of the console chat (adapters/console: CONSOLE_CHANNEL). */
const CONSOLE_CHANNEL = { platform: 'console', id: 'console' } as const;

function referenceColumns(t: DemoTraffic, seed: number): { rows: number; columns: ReferenceColumn[] } {
  const r = prng(seed);
  const rows = Array.from({ length: t.referenceRows }, () => t.reference(r));
  const names = Object.keys(rows[0]!);
  const columns = names.map((name): ReferenceColumn => {
    if (!t.categorical.includes(name)) return { name, kind: 'numeric', values: Float64Array.from(rows, (x) => Number(x[name])) };
    const categories: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(rows, (x) => {
      const v = String(x[name]);
      let c = index.get(v);
      if (c === undefined) index.set(v, (c = categories.push(v) - 1));
      return c;
    });
    return { name, kind: 'categorical', codes, categories };
  });
  return { rows: rows.length, columns };
}

/**
 * Reference data, predictions, labels and the digest schedule for the demo models (seedDemo calls it
 * right after the registry part). Every batch goes through the use cases, each in its transaction.
 */
export async function seedDemoMonitoring(deps: { store: Store; clock: Clock; config: Config }, models: readonly DemoMonitoringInput[]): Promise<Result<MonitoringSeedSummary>> {
  const now = deps.clock.now();
  const nowMs = now.getTime();
  const serving: AuditWho = { actor: 'api:serving-gateway', platform: 'api', channel: null };
  const environment = deps.config.environments.includes('production') ? 'production' : deps.config.environments[deps.config.environments.length - 1]!;
  let references = 0;
  let predictions = 0;
  let labels = 0;
  for (const m of models) {
    const t = TRAFFIC.find((x) => x.model === m.model);
    if (!t) continue;
    const owner: AuditWho = { actor: `console:${m.owner}`, platform: 'console', channel: 'demo' };
    // reference data: one training sample per version that is live somewhere or takes traffic below
    const r = prng(t.seed);
    const enc = binary(deps.config, m.model);
    const byVersion = new Map<number, Record<string, unknown>[]>();
    const labelled: { id: string; label: Scalar; arrives: number }[] = [];
    const start = Math.floor(nowMs / HOUR) * HOUR - DEMO_DAYS * DAY;
    let n = 0;
    for (let h = start; h <= nowMs; h += HOUR) {
      const hour = new Date(h);
      const count = t.perHour(r, hour);
      for (let i = 0; i < count; i++) {
        const at = h + Math.floor(((i + r()) / count) * HOUR);
        if (at > nowMs) break;
        const atDate = new Date(at);
        const version = liveAt(m.production, atDate);
        const recent = clamp((at - (nowMs - RECENT_DAYS * DAY)) / (RECENT_DAYS * DAY), 0, 1);
        const row = t.row(r, recent, n, enc);
        const id = `${t.idPrefix}-${atDate.toISOString().slice(0, 10).replace(/-/g, '')}-${n++}`;
        if (version === null) continue;
        const logged: Record<string, unknown> = { id, timestamp: atDate.toISOString(), features: row.features, prediction: row.prediction };
        if (row.sensitive) logged.sensitive = row.sensitive;
        if (row.subject) logged.subject = row.subject;
        if (row.score !== undefined) logged.score = row.score;
        let batch = byVersion.get(version);
        if (!batch) byVersion.set(version, (batch = []));
        batch.push(logged);
        // labels known before the last week come with the history (a backfill logs them with their
        // predictions); those of the last week are attached as they arrive, a day or two later
        const known = row.label !== undefined && at + (row.labelDelayHours ?? 0) * HOUR <= nowMs;
        if (known && (t.labels === 'with-predictions' || at < nowMs - (RECENT_DAYS + 1) * DAY)) logged.label = row.label;
        else if (known) labelled.push({ id, label: row.label!, arrives: at + (row.labelDelayHours ?? 0) * HOUR });
      }
    }
    for (const version of [...new Set([...m.liveVersions, ...byVersion.keys()])].sort((a, b) => a - b)) {
      const ref = referenceColumns(t, t.seed * 1000 + version);
      const up = await uploadReference(deps, owner, { model: m.model, version, source: `s3://ml-data/${m.model}/v${version}/reference.parquet`, ...ref });
      if (!up.ok) return up;
      references++;
    }
    for (const [version, rows] of [...byVersion].sort((a, b) => a[0] - b[0])) {
      const logged = await logPredictions(deps, serving, { model: m.model, version, environment }, arrayRows(rows, 'predictions'));
      if (!logged.ok) return logged;
      predictions += logged.value.logged;
      labels += logged.value.labeled;
    }
    // attached a day's arrivals at a time, when the day's last one arrived (so the quality report's
    // label delay is a day or so; one batch per day keeps the seed fast)
    const batches = new Map<number, { at: number; labels: { id: string; label: Scalar }[] }>();
    for (const l of labelled) {
      const day = Math.floor(l.arrives / LABEL_BATCH);
      let b = batches.get(day);
      if (!b) batches.set(day, (b = { at: 0, labels: [] }));
      b.at = Math.min(nowMs, Math.max(b.at, l.arrives));
      b.labels.push({ id: l.id, label: l.label });
    }
    for (const [, batch] of [...batches].sort((a, b) => a[0] - b[0])) {
      const attached = await attachLabels({ ...deps, clock: { now: () => new Date(batch.at) } }, serving, m.model, arrayRows(batch.labels, 'labels'));
      if (!attached.ok) return attached;
      labels += attached.value.labeled;
    }
  }
  const digest = await createSchedule(deps.store, deps.clock, { actor: 'console:alice', platform: 'console', channel: CONSOLE_CHANNEL.id }, {
    kind: 'digest',
    models: ['*'],
    environment,
    cron: '0 9 * * 1',
    timezone: 'UTC',
    channel: CONSOLE_CHANNEL,
    windowSeconds: RECENT_DAYS * 86_400,
    catchUpSeconds: 3600,
  });
  if (!digest.ok) return digest;
  // the console channel hears of drift, bias and quality alerts: a digest run raises them, with [Retrain]
  const subscribed = await subscribeChannel(deps.store, deps.clock, { actor: 'console:alice', platform: 'console', channel: CONSOLE_CHANNEL.id }, { platform: 'console', channelId: CONSOLE_CHANNEL.id, model: '*' }, ['drift', 'bias', 'quality']);
  if (!subscribed.ok) return subscribed;
  return ok({ references, predictions, labels, scheduleId: digest.value.schedule.id });
}
