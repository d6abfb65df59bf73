import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { ExitError } from './load-or-exit.js';

type Env = Record<string, string | undefined>;

const exitWith = (code: number) => {
  if (code) throw new ExitError(code);
};

/**
 * Process-level monitoring commands: file-based `drift` / `bias` (no database), and data ingestion
 * (`token create`, `log-predictions`, `log-profile`, `reference upload`). Modules are loaded only when used.
 */
export function registerMonitoringCommands(program: Command, io: CliIo, env: Env): void {
  program
    .command('drift [model] [env]')
    .description('Compare two data files for drift (--reference/--current), or report on a model\'s logged predictions (drift <model> [env]).')
    .option('--reference <file>', 'files: reference data, .csv or .parquet')
    .option('--current <file>', 'files: current data, .csv or .parquet')
    .option('--columns <names>', 'files: compare only these columns (comma-separated)')
    .option('--categorical <names>', 'files: treat these columns as categories even if numeric')
    .option('--format <format>', 'json or table', 'table')
    .option('--fail-on <tier>', 'exit 1 when a column reaches drift | possible_drift, or on dataset drift (dataset)')
    .option('--window <duration>', 'with <model>: how far back, e.g. 7d, 24h')
    .option('--out <dir>', `with <model>: save the chart here (default ${CHARTS_DEFAULT})`)
    .action(async (model: string | undefined, envName: string | undefined, o: Options) => {
      checkForm(io, 'drift', model, o, FILE_OPTIONS.drift, 'steward drift --reference FILE --current FILE');
      if (model !== undefined) return exitWith(await viaVerb(io, env, 'drift', model, envName, o));
      const { driftCommand } = await import('./drift-command.js');
      exitWith(await driftCommand(io, o));
    });

  program
    .command('bias [model] [env]')
    .description('Group fairness metrics of a binary classifier from a data file, or from a model\'s logged, labelled predictions (bias <model> [env]).')
    .option('--data <file>', 'file: data, .csv or .parquet')
    .option('--sensitive <names>', 'file: sensitive attribute column(s), comma-separated')
    .option('--label <name>', 'file: true label column')
    .option('--prediction <name>', 'file: predicted label column')
    .option('--positive <value>', 'file: the label value that means positive (default 1/true)')
    .option('--format <format>', 'json or table', 'table')
    .option('--fail-on <checks>', 'exit 1 on four-fifths, or METRIC<VALUE / METRIC>VALUE (comma-separated)')
    .option('--window <duration>', 'with <model>: how far back, e.g. 7d, 24h')
    .option('--out <dir>', `with <model>: save the chart here (default ${CHARTS_DEFAULT})`)
    .action(async (model: string | undefined, envName: string | undefined, o: Options) => {
      checkForm(io, 'bias', model, o, FILE_OPTIONS.bias, 'steward bias --data FILE --sensitive COL --label COL --prediction COL');
      if (model !== undefined) return exitWith(await viaVerb(io, env, 'bias', model, envName, o));
      const { biasCommand } = await import('./bias-command.js');
      exitWith(await biasCommand(io, o));
    });

  program
    .command('quality [model] [env]')
    .description('Quality metrics (accuracy, precision, recall, F1, ROC AUC; MAE, RMSE) of labelled predictions in a data file, exactly, or of a model\'s logged predictions (quality <model> [env]).')
    .option('--data <file>', 'file: labelled predictions, .csv or .parquet')
    .option('--label <name>', 'file: true label column')
    .option('--prediction <name>', 'file: prediction column')
    .option('--score <name>', 'file: probability of the positive class column (for ROC AUC)')
    .option('--positive <value>', 'file: the label value that means positive (default 1/true)')
    .option('--task <task>', 'file: binary, multiclass or regression (default: told from the labels)')
    .option('--format <format>', 'json or table', 'table')
    .option('--fail-on <checks>', 'exit 1 on METRIC<VALUE or METRIC>VALUE (comma-separated); with a model also METRIC<registered-DELTA')
    .option('--window <duration>', 'with <model>: how far back, e.g. 7d, 24h')
    .option('--by <period>', 'with <model>: trend per day or hour')
    .option('--out <dir>', `with <model>: save the charts here (default ${CHARTS_DEFAULT})`)
    .action(async (model: string | undefined, envName: string | undefined, o: Options) => {
      checkForm(io, 'quality', model, o, FILE_OPTIONS.quality, 'steward quality --data FILE --label COL --prediction COL [--score COL]');
      if (model !== undefined) return exitWith(await viaVerb(io, env, 'quality', model, envName, o));
      const { qualityCommand } = await import('./quality-command.js');
      exitWith(await qualityCommand(io, o));
    });

  const token = program.command('token').description('API tokens for the HTTP API (stored hashed; shown once).');
  token
    .command('create <name>')
    .description('Create an API token with one role; prints the token once.')
    .requiredOption('--role <role>', 'the role the token acts with (from steward.yaml roles)')
    .option('--expires <duration>', 'refused after this long, e.g. 90d (default: never)')
    .action(async (name: string, o: { role: string; expires?: string }) => {
      const { tokenCreateCommand } = await import('./token-commands.js');
      exitWith(await tokenCreateCommand(io, env, name, o.role, o.expires));
    });
  token
    .command('list')
    .description('API tokens: name, role, state, created, last used, expiry (never the secret).')
    .option('--format <format>', 'json for pipelines')
    .action(async (o: { format?: string }) => {
      const { tokenListCommand } = await import('./token-commands.js');
      exitWith(await tokenListCommand(io, env, o));
    });
  token
    .command('revoke <name>')
    .description('Revoke an API token: refused by every Steward from the next request on.')
    .action(async (name: string) => {
      const { tokenRevokeCommand } = await import('./token-commands.js');
      exitWith(await tokenRevokeCommand(io, env, name));
    });

  program
    .command('log-predictions <file>')
    .description('Log a batch of predictions from a JSON Lines file (one prediction per line); all or nothing.')
    .requiredOption('--model <model>', 'model name')
    .requiredOption('--version <n>', 'model version')
    .requiredOption('--env <environment>', 'environment the predictions were served in')
    .action(async (file: string, o: { model: string; version: string; env: string }) => {
      const { logPredictionsCommand } = await import('./ingest-commands.js');
      exitWith(await logPredictionsCommand(io, env, file, o));
    });

  program
    .command('log-profile <file>')
    .description('Profile a CSV or Parquet file of predictions here, in bounded memory, and send only the hourly profiles (to STEWARD_URL with STEWARD_TOKEN, else the configured database).')
    .requiredOption('--model <model>', 'model name')
    .requiredOption('--version <n>', 'model version')
    .requiredOption('--env <environment>', 'environment the predictions were served in')
    .option('--hour <iso>', 'the UTC hour of every row, e.g. 2026-11-27T13:00Z, for a file without a timestamp column (default: the current hour)')
    .option('--sensitive <names>', 'sensitive attribute columns, comma-separated')
    .action(async (file: string, o: { model: string; version: string; env: string; hour?: string; sensitive?: string }) => {
      const { logProfileCommand } = await import('./log-profile-command.js');
      exitWith(await logProfileCommand(io, env, file, o));
    });

  program
    .command('predictions')
    .description('Logged predictions: erase a person\'s (audited).')
    .command('erase')
    .description('Delete logged predictions by id or subject and take them out of every report (the profiles are rebuilt without them).')
    .requiredOption('--model <model>', 'model name')
    .option('--id <ids>', 'prediction id(s), comma-separated; repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--subject <key>', 'every prediction logged with this "subject" (a person\'s key)')
    .action(async (o: { model: string; id: string[]; subject?: string }) => {
      const { eraseCommand } = await import('./erase-command.js');
      exitWith(await eraseCommand(io, env, o));
    });

  const reference = program.command('reference').description('Reference datasets of model versions (what drift is measured against).');
  reference
    .command('upload <model> <version> <file>')
    .description('Upload (or replace) a version\'s reference dataset from a CSV or Parquet file.')
    .option('--categorical <names>', 'treat these columns as categories even if numeric')
    .action(async (model: string, version: string, file: string, o: { categorical?: string }) => {
      const { referenceUploadCommand } = await import('./ingest-commands.js');
      exitWith(await referenceUploadCommand(io, env, model, version, file, o));
    });
}

type Options = Record<string, string | undefined>;

const CHARTS_DEFAULT = '$STEWARD_DATA_DIR/images';

/** Options only the file form uses; --window and --out are only the model form's; --format and --fail-on are both's. */
const FILE_OPTIONS = { drift: ['reference', 'current', 'columns', 'categorical'], bias: ['data', 'sensitive', 'label', 'prediction', 'positive'], quality: ['data', 'label', 'prediction', 'score', 'positive', 'task'] } as const;
const MODEL_OPTIONS = ['window', 'out', 'by'] as const;
const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Each form refuses the options of the other, instead of ignoring them. */
function checkForm(io: CliIo, verb: string, model: string | undefined, o: Options, fileOptions: readonly string[], fileUsage: string): void {
  if (model !== undefined) {
    const stray = fileOptions.filter((k) => o[k] !== undefined);
    if (stray.length) throw usage(io, `${stray.map(flag).join(', ')} ${stray.length === 1 ? 'is' : 'are'} for files (${fileUsage}); with a model give ${verb} <model> [env] with --window, --fail-on, --format or --out`);
    return;
  }
  const stray = MODEL_OPTIONS.filter((k) => o[k] !== undefined);
  if (stray.length) throw usage(io, `${stray.map(flag).join(', ')} ${stray.length === 1 ? 'is' : 'are'} for a model's report (steward ${verb} <model> [env]); with files give ${fileUsage}`);
}

function usage(io: CliIo, message: string): ExitError {
  io.err(`steward: ${message}`);
  return new ExitError(2);
}

/** `steward drift <model> [env]`: the chat verb, run against the database; the chart is saved to --out. */
async function viaVerb(io: CliIo, env: Env, verb: string, model: string, envName: string | undefined, o: Options): Promise<number> {
  const argv = [verb, model, ...(envName ? [envName] : []), ...(o.window !== undefined ? ['--window', o.window] : []), ...(o.by !== undefined ? ['--by', o.by] : []), ...(o.failOn !== undefined ? ['--fail-on', o.failOn] : []), '--format', o.format ?? 'table'];
  const { runVerbCommand } = await import('./verb-command.js');
  return runVerbCommand(argv, io, env, { out: o.out });
}
