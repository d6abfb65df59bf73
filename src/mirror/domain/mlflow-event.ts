import { z } from 'zod';

/**
 * An MLflow webhook delivery's body, `{"entity", "action", "timestamp", "data"}` (MLflow 3,
 * mlflow/webhooks/types.py), as what Steward does with it. Events Steward does not act on (prompts,
 * tags, entities it does not know) are `ignored`; a body that is not that shape is `malformed`.
 */
export type MlflowEvent =
  | { readonly kind: 'model.created'; readonly name: string }
  | { readonly kind: 'version.created'; readonly name: string; readonly version: number; readonly source: string; readonly runId: string | null; readonly tags: Readonly<Record<string, string>>; readonly description: string | null }
  | { readonly kind: 'alias.set'; readonly name: string; readonly alias: string; readonly version: number }
  | { readonly kind: 'alias.deleted'; readonly name: string; readonly alias: string }
  | { readonly kind: 'ignored'; readonly event: string }
  | { readonly kind: 'malformed'; readonly problem: string };

const text = (max: number) => z.string().min(1).max(max);
const versionText = z.union([z.string().regex(/^[1-9]\d{0,8}$/), z.number().int().min(1).max(999_999_999)]).transform(Number);
const envelope = z.object({ entity: z.string().max(100), action: z.string().max(100), timestamp: z.string().max(100).optional(), data: z.record(z.string(), z.unknown()) });
const versionCreated = z.object({
  name: text(256),
  version: versionText,
  source: text(2048),
  run_id: z.string().max(256).nullable().optional(),
  tags: z.record(z.string().max(250), z.string().max(5000)).nullable().optional(),
  description: z.string().max(10_000).nullable().optional(),
});
const aliasSet = z.object({ name: text(256), alias: text(255), version: versionText });
const aliasDeleted = z.object({ name: text(256), alias: text(255) });
const modelCreated = z.object({ name: text(256) });

const problemOf = (e: z.ZodError) => {
  const i = e.issues[0]!;
  return `${i.path.length ? `data.${i.path.join('.')}` : 'data'}: ${i.message}`;
};

export function parseMlflowEvent(body: unknown): MlflowEvent {
  const env = envelope.safeParse(body);
  if (!env.success) return { kind: 'malformed', problem: `not an MLflow webhook body {"entity", "action", "timestamp", "data": {…}}: ${env.error.issues[0]!.path.join('.') || 'body'} ${env.error.issues[0]!.message}` };
  const { entity, action, data } = env.data;
  const event = `${entity}.${action}`;
  switch (event) {
    case 'registered_model.created': {
      const d = modelCreated.safeParse(data);
      return d.success ? { kind: 'model.created', name: d.data.name } : { kind: 'malformed', problem: problemOf(d.error) };
    }
    case 'model_version.created': {
      const d = versionCreated.safeParse(data);
      if (!d.success) return { kind: 'malformed', problem: problemOf(d.error) };
      return { kind: 'version.created', name: d.data.name, version: d.data.version, source: d.data.source, runId: d.data.run_id ?? null, tags: d.data.tags ?? {}, description: d.data.description ?? null };
    }
    case 'model_version_alias.created': {
      const d = aliasSet.safeParse(data);
      return d.success ? { kind: 'alias.set', ...d.data } : { kind: 'malformed', problem: problemOf(d.error) };
    }
    case 'model_version_alias.deleted': {
      const d = aliasDeleted.safeParse(data);
      return d.success ? { kind: 'alias.deleted', ...d.data } : { kind: 'malformed', problem: problemOf(d.error) };
    }
    default:
      return { kind: 'ignored', event };
  }
}
