import type { Clock } from '../../src/core/clock.js';
import type { Config } from '../../src/config/config.js';
import type { Store } from '../../src/ports/store.js';
import { attachLabels } from '../../src/monitoring/attach-labels.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { SYSTEM } from './monitoring-fixtures.js';

type Deps = { store: Store; clock: Clock; config: Config };

/** Register the next version of `model` with these metrics (e.g. { accuracy: 0.95 }). */
export async function registerWithMetrics(deps: Deps, model: string, metrics: Record<string, number>): Promise<number> {
  const r = await registerVersion(deps.store, deps.clock, SYSTEM, { model, version: { artifactUri: `s3://m/${model}/${Object.values(metrics).join('-')}`, metrics } });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.version.version;
}

/**
 * `n` binary predictions of `model` v`version` in `env`, one a minute ending now (or from `start`),
 * of which the first `labelled` are labelled: a share `accuracy` of those correct. Ids start with `prefix`.
 */
export async function logLabelled(deps: Deps, o: { model: string; version: number; env: string; n: number; labelled?: number; accuracy: number; prefix?: string; start?: Date }): Promise<void> {
  const prefix = o.prefix ?? `${o.env}-v${o.version}-`;
  const start = o.start ?? new Date(deps.clock.now().getTime() - o.n * 60_000);
  const wrong = Math.round((o.labelled ?? o.n) * (1 - o.accuracy));
  const rows = Array.from({ length: o.n }, (_, i) => ({ id: `${prefix}${i}`, timestamp: new Date(start.getTime() + i * 60_000).toISOString(), features: { x: i % 7 }, prediction: i % 2 }));
  const l = await logPredictions(deps, SYSTEM, { model: o.model, version: o.version, environment: o.env }, arrayRows(rows, 'predictions'));
  if (!l.ok) throw new Error(l.error.message);
  const labels = rows.slice(0, o.labelled ?? o.n).map((r, i) => ({ id: r.id, label: i < wrong ? 1 - r.prediction : r.prediction }));
  if (!labels.length) return;
  const a = await attachLabels(deps, SYSTEM, o.model, arrayRows(labels, 'labels'));
  if (!a.ok) throw new Error(a.error.message);
}
