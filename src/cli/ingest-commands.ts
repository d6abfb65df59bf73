import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { readTable } from '../monitoring/io/read-table.js';
import { whoFrom } from '../governance/audit-who.js';
import { createToken } from '../governance/create-token.js';
import { arrayRows, checkPermission, logPredictions, type RawRow } from '../monitoring/log-predictions.js';
import { uploadReference } from '../monitoring/upload-reference.js';
import type { CliIo } from './cli-io.js';
import { failed, withRuntime } from './cli-runtime.js';
import { jsonLinesRows } from './json-lines.js';
import { nameList, progressFor } from './monitoring-cli-shared.js';
import { counted } from '../core/format.js';

type Env = Record<string, string | undefined>;

const VERSION_RE = /^v?(\d{1,9})$/i;

function versionNumber(io: CliIo, raw: string): number | null {
  const m = VERSION_RE.exec(raw);
  if (!m || Number(m[1]) < 1) {
    io.err(`steward: "${raw}" is not a version number: use 7 or v7`);
    return null;
  }
  return Number(m[1]);
}

/** A UTF-8 byte-order mark at the start of a file is not part of the data. */
const withoutBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** JSON Lines (one prediction per line; blank lines skipped) or a .json file holding an array; either may start with a BOM. */
async function* fileRows(file: string): AsyncIterable<RawRow> {
  if (extname(file).toLowerCase() === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(withoutBom(readFileSync(file, 'utf8')));
    } catch (e) {
      yield { where: basename(file), problem: `${basename(file)}: not valid JSON (${(e as Error).message.split('\n')[0]})` };
      return;
    }
    const items = Array.isArray(parsed) ? parsed : (parsed as { predictions?: unknown })?.predictions;
    if (!Array.isArray(items)) {
      yield { where: basename(file), problem: `${basename(file)}: expected an array of predictions or {"predictions": [...]}` };
      return;
    }
    yield* arrayRows(items, 'predictions');
    return;
  }
  yield* jsonLinesRows(file);
}

/** `steward log-predictions FILE --model M --version N --env E`: one all-or-nothing batch. */
export async function logPredictionsCommand(io: CliIo, env: Env, file: string, o: { model: string; version: string; env: string }): Promise<number> {
  const version = versionNumber(io, o.version);
  if (version === null) return 2;
  if (!existsSync(file)) {
    io.err(`steward: ${file}: no such file`);
    return 2;
  }
  return withRuntime(io, env, async (rt, config, actor) => {
    const allowed = checkPermission(config, actor, 'log-predictions', 'write', o.env);
    if (!allowed.ok) return failed(io, allowed);
    const r = await logPredictions(rt.steward.commands, whoFrom(actor, 'cli'), { model: o.model, version, environment: o.env }, fileRows(file));
    if (!r.ok) return failed(io, r);
    io.out(`Logged ${r.value.logged} predictions for ${r.value.model} v${r.value.version} in ${r.value.environment} (${r.value.labeled} with labels).`);
    return 0;
  });
}

/** `steward reference upload <model> <version> FILE`: a version's reference dataset from CSV or Parquet. */
export async function referenceUploadCommand(io: CliIo, env: Env, model: string, rawVersion: string, file: string, o: { categorical?: string }): Promise<number> {
  const version = versionNumber(io, rawVersion);
  if (version === null) return 2;
  let categorical: string[] | undefined;
  try {
    categorical = nameList(io, '--categorical', o.categorical);
  } catch {
    return 2;
  }
  const table = await readTable({ file }, { categorical, progress: progressFor(io) });
  if (!table.ok) return failed(io, table);
  return withRuntime(io, env, async (rt, config, actor) => {
    const allowed = checkPermission(config, actor, 'upload-reference', 'write');
    if (!allowed.ok) return failed(io, allowed);
    const r = await uploadReference(rt.steward.commands, whoFrom(actor, 'cli'), { model, version, source: table.value.source, rows: table.value.rows, columns: table.value.columns });
    if (!r.ok) return failed(io, r);
    const kinds = r.value.columns.map((c) => `${c.name} (${c.kind})`).join(', ');
    io.out(`${r.value.replaced ? 'Replaced' : 'Uploaded'} the reference data of ${r.value.model} v${r.value.version}: ${counted(r.value.rows, 'row')}, ${counted(r.value.columns.length, 'column')}: ${kinds}. sha256 ${r.value.sha256.slice(0, 12)}…`);
    return 0;
  });
}
