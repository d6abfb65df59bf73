import { whoFrom } from '../governance/audit-who.js';
import { checkPermission } from '../monitoring/log-predictions.js';
import { erasePredictions } from '../monitoring/erase-predictions.js';
import type { CliIo } from './cli-io.js';
import { failed, withRuntime } from './cli-runtime.js';

type Env = Record<string, string | undefined>;

/** `steward predictions erase --model M --id A,B … | --subject KEY`: delete logged predictions and take them out of every profile. */
export async function eraseCommand(io: CliIo, env: Env, o: { model: string; id: string[]; subject?: string }): Promise<number> {
  const ids = o.id.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (!ids.length === (o.subject === undefined)) {
    io.err('steward: give either the prediction ids to erase with --id (comma-separated or repeated) or --subject KEY');
    return 2;
  }
  return withRuntime(io, env, async (rt, config, actor) => {
    const allowed = checkPermission(config, actor, 'erase-predictions', 'write');
    if (!allowed.ok) return failed(io, allowed);
    const r = await erasePredictions({ ...rt.steward.commands, config }, whoFrom(actor, 'cli'), { model: o.model, ...(o.subject !== undefined ? { subject: o.subject } : { ids }) });
    if (!r.ok) return failed(io, r);
    io.out(`Erased ${r.value.erased} prediction${r.value.erased === 1 ? '' : 's'} of ${r.value.model}${r.value.notFound ? ` (${r.value.notFound} of the ids are not logged)` : ''}; the reports no longer count them.`);
    return 0;
  });
}
