import type { Model, ModelVersion } from './domain/model.js';
import { err, ok, type Result } from '../core/result.js';
import { didYouMean } from '../core/suggest.js';
import type { Store } from '../ports/store.js';

/** Where the lookups read, and the command prefix their hints name ("/mlops" in chat, "steward" on the CLI). */
type LookupContext = { readonly store: Pick<Store, 'read'>; readonly prefix: string };

export async function findModel(ctx: LookupContext, name: string): Promise<Result<Model>> {
  const m = await ctx.store.read.models.byName(name);
  if (m) return ok(m);
  const names = await ctx.store.read.models.names();
  return err('not_found', `There is no model \`${name}\`.${didYouMean(name, names)}`, {
    hint: names.length ? `Models: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}. See \`${ctx.prefix} models\`.` : `No models yet: register one with \`${ctx.prefix} register <model> <artifact-uri>\`.`,
  });
}

export async function findVersion(ctx: LookupContext, model: Model, version: number): Promise<Result<ModelVersion>> {
  const v = await ctx.store.read.versions.get(model.id, version);
  if (v) return ok(v);
  return err('not_found', `${model.name} has no version ${version}; its versions are 1–${model.latestVersion}.`, {
    hint: `See \`${ctx.prefix} versions ${model.name}\`.`,
  });
}
