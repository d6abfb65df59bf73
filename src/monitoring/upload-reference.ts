import { createHash } from 'node:crypto';
import type { ReferenceColumn, ReferenceSummary } from './domain/monitoring-store.js';
import { MAX_TEXT, unstorableProblem } from './domain/prediction-input.js';
import { unstorableChar } from '../core/text-safety.js';
import { err, ok, type Result } from '../core/result.js';
import { type AuditWho, auditInput } from '../governance/audit-who.js';
import { type IngestDeps, resolveVersion } from './log-predictions.js';
import { counted } from '../core/format.js';

export interface UploadReferenceInput {
  readonly model: string;
  readonly version: number;
  /** file name or "request body" */
  readonly source: string;
  readonly rows: number;
  readonly columns: readonly ReferenceColumn[];
}

export interface UploadReferenceOutput extends ReferenceSummary {
  readonly model: string;
  readonly version: number;
  readonly replaced: boolean;
}

export const MAX_REFERENCE_COLUMNS = 2000;
/** `reference_datasets.rows` is int4. */
const MAX_REFERENCE_ROWS = 2_147_483_647;

/** sha256 over names, kinds, categories and the column bytes: equal data gives an equal digest. */
export function referenceDigest(columns: readonly ReferenceColumn[]): string {
  const h = createHash('sha256');
  for (const c of columns) {
    h.update(JSON.stringify([c.name, c.kind, c.kind === 'categorical' ? c.categories : null]));
    const a = c.kind === 'numeric' ? c.values : c.codes;
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest('hex');
}

/** The first text PostgreSQL cannot store (source, column name, category) or a category over MAX_TEXT characters, named by column and row; null when all can be. */
function unstorableCell(input: UploadReferenceInput): string | null {
  const source = unstorableProblem('source', input.source);
  if (source !== null) return source;
  for (const [i, c] of input.columns.entries()) {
    const name = unstorableChar(c.name);
    if (name !== null) return `${input.source}: the name of column ${i + 1} contains ${name}, which cannot be stored; remove it`;
    if (c.kind !== 'categorical') continue;
    for (const [code, category] of c.categories.entries()) {
      const what = unstorableChar(category);
      if (what !== null) return `${input.source}: row ${c.codes.indexOf(code) + 1}, column "${c.name}": contains ${what}, which cannot be stored; remove it`;
      if (category.length > MAX_TEXT) return `${input.source}: row ${c.codes.indexOf(code) + 1}, column "${c.name}": a category of ${category.length} characters; at most ${MAX_TEXT}`;
    }
  }
  return null;
}

/** Store (or replace) a version's reference dataset, column-major, in one audited transaction. */
export async function uploadReference(deps: Pick<IngestDeps, 'store' | 'clock'>, who: AuditWho, input: UploadReferenceInput): Promise<Result<UploadReferenceOutput>> {
  if (input.rows < 1 || input.columns.length === 0) return err('bad_input', 'The reference data is empty: it needs a header and at least one row.');
  if (input.columns.length > MAX_REFERENCE_COLUMNS) return err('bad_input', `The reference data has ${input.columns.length} columns; at most ${MAX_REFERENCE_COLUMNS}.`);
  if (!Number.isSafeInteger(input.rows) || input.rows > MAX_REFERENCE_ROWS) return err('bad_input', `The reference data has ${input.rows} rows; at most ${MAX_REFERENCE_ROWS}.`);
  for (const c of input.columns) {
    const n = c.kind === 'numeric' ? c.values.length : c.codes.length;
    if (n !== input.rows) return err('bad_input', `column "${c.name}" has ${counted(n, 'value')} for ${counted(input.rows, 'row')}`);
  }
  const unstorable = unstorableCell(input);
  if (unstorable !== null) return err('bad_input', unstorable);
  const now = deps.clock.now();
  const sha256 = referenceDigest(input.columns);
  return deps.store.transaction(async (tx) => {
    const target = await resolveVersion(tx, input.model, input.version);
    if (!target.ok) return target;
    const { model, version } = target.value;
    const summary: ReferenceSummary = { versionId: version.id, rows: input.rows, columns: input.columns.map((c) => ({ name: c.name, kind: c.kind })), sha256, source: input.source, uploadedBy: who.actor, uploadedAt: now };
    const previous = await tx.references.put({ ...summary, data: input.columns });
    await tx.audit.append(
      auditInput(who, 'reference.uploaded', `model:${model.name}`, { version: version.version, rows: input.rows, columns: input.columns.length, sha256, source: input.source, replaced: previous?.sha256 ?? null }),
      now,
    );
    return ok({ ...summary, model: model.name, version: version.version, replaced: previous !== null });
  });
}
