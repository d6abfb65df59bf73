import { createLogger } from '../app/logger.js';
import { openRuntime } from '../app/runtime.js';
import { EXIT } from '../chat/exit-codes.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { mlflowClient } from '../mirror/mlflow/mlflow-client.js';
import { syncRegistry } from '../mirror/sync-registry.js';
import type { CliIo } from './cli-io.js';
import { ExitError, loadOrExit } from './load-or-exit.js';

type Env = Record<string, string | undefined>;

/**
 * `steward mlflow import [--format json]`: mirror the configured MLflow models — versions (with their
 * runs' metrics) and alias positions — into Steward, following every page. Idempotent: a second run
 * changes nothing. The same pass a running Steward makes every `registry.reconcile`.
 */
export async function mlflowImportCommand(io: CliIo, env: Env, o: { format?: string }): Promise<void> {
  const config = loadOrExit(io, env);
  if (!config.registry) {
    io.err('steward: no MLflow registry is configured: add registry: {kind: mlflow, url, models, aliases} to steward.yaml (docs/mlflow.md)');
    throw new ExitError(EXIT.badInput);
  }
  const rt = await openRuntime(config, createLogger('warn', undefined, configuredSecrets(config)), { mode: 'one-shot' });
  try {
    const r = await syncRegistry({ store: rt.steward.store, clock: rt.steward.commands.clock, config, source: mlflowClient(config.registry) });
    if (!r.ok) {
      io.err(`steward: ${r.error.message}`);
      throw new ExitError(EXIT.unavailable);
    }
    const s = r.value;
    if (o.format === 'json') io.out(JSON.stringify(s));
    else {
      io.out(`MLflow ${config.registry.url}: ${s.models} model${s.models === 1 ? '' : 's'} mirrored; ${s.added.length} version${s.added.length === 1 ? '' : 's'} added, ${s.deleted.length} marked deleted, ${s.baseline.length} alias${s.baseline.length === 1 ? '' : 'es'} recorded as live, ${s.outOfBand.length} moved outside Steward.`);
      for (const [label, xs] of [['linked', s.linked], ['added', s.added], ['deleted in MLflow', s.deleted], ['live', s.baseline], ['out of band', s.outOfBand], ['reverted', s.reverted]] as const) if (xs.length) io.out(`  ${label}: ${xs.join(', ')}`);
      for (const p of s.problems) io.err(`steward: ${p}`);
    }
    if (s.problems.length) throw new ExitError(EXIT.unavailable);
  } finally {
    await rt.close();
  }
}
