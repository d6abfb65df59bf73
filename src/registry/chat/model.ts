import { z } from 'zod';
import { MODEL_CARD_FIELDS } from '../domain/model.js';
import { ok } from '../../core/result.js';
import { context, fields, fmtTime, text } from '../../chat/replies/builders.js';
import { modelArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';
import { openLink } from '../../chat/page-link.js';
import { findModel } from '../find-model.js';
import { metricsText, versionData, who } from '../../chat/present.js';
import { lineageText } from '../../training/domain/training-run.js';

const CARD_LABELS: Record<(typeof MODEL_CARD_FIELDS)[number], string> = {
  intendedUse: 'Intended use',
  limitations: 'Limitations',
  ethicalConsiderations: 'Ethical considerations',
  evaluationData: 'Evaluation data',
};

export const modelCommand = defineCommand({
  name: 'model',
  summary: 'Show one model: owner, live versions, the latest version with its lineage and model card.',
  syntax: [{ name: 'name', kind: 'model' }],
  schema: z.object({ name: modelArg }).strict(),
  risk: 'read',
  examples: ['model fraud-detector'],
  async run(ctx, a) {
    const m = await findModel(ctx, a.name);
    if (!m.ok) return m;
    const model = m.value;
    const [latest] = await ctx.store.read.versions.list(model.id, 1);
    const trainedBy = latest?.trainingRunId ? await ctx.store.read.trainingRuns.byId(latest.trainingRunId) : null;
    const mirror = await ctx.store.read.mirror.modelOf(model.id);
    const mirroredLatest = mirror && latest ? await ctx.store.read.mirror.version(latest.id) : null;
    const live: Record<string, { version: number; since: string; by: string } | null> = {};
    for (const e of ctx.config.environments) {
      const d = await ctx.store.read.deployments.liveAt(model.id, e);
      live[e] = d ? { version: d.version, since: d.finishedAt!.toISOString(), by: d.requestedBy } : null;
    }
    const blocks = [
      ...(model.description ? [text(model.description)] : []),
      fields({
        Owner: model.ownerTeam ?? '—',
        Tags: model.tags.length ? model.tags.join(', ') : '—',
        Versions: String(model.latestVersion),
        ...(mirror ? { Registry: `MLflow "${mirror.mlflowName}" (versions are registered there; Steward mirrors them)` } : {}),
        ...Object.fromEntries(ctx.config.environments.map((e) => [`Live in ${e}`, live[e] ? `v${live[e]!.version} since ${fmtTime(new Date(live[e]!.since))}` : '—'])),
      }),
    ];
    if (latest) {
      blocks.push(
        text(`**Latest: v${latest.version}** — registered ${fmtTime(latest.createdAt)} by ${who(latest.createdBy)}`),
        fields({
          Artifact: `\`${latest.artifactUri}\``,
          sha256: latest.sha256 ? `\`${latest.sha256.slice(0, 16)}…\`` : '—',
          Framework: latest.framework ?? '—',
          Metrics: metricsText(latest.metrics, 8),
          'Trained on': latest.datasetUri ? `${latest.datasetUri}${latest.datasetSha256 ? ` (sha256 ${latest.datasetSha256.slice(0, 12)}…)` : ''}` : '—',
          'Code commit': latest.codeCommit ?? '—',
          ...(trainedBy ? { Lineage: lineageText(trainedBy) } : {}),
          ...(mirroredLatest ? { MLflow: `${mirroredLatest.runId ? `run ${mirroredLatest.runId}` : 'no run'}${mirroredLatest.runPending ? ' (its metrics are still to be fetched)' : ''}${mirroredLatest.deletedAt ? ` · deleted in MLflow ${fmtTime(mirroredLatest.deletedAt)}` : ''}` } : {}),
        }),
      );
      const card = MODEL_CARD_FIELDS.filter((f) => latest.card[f]);
      if (card.length) blocks.push(fields(Object.fromEntries(card.map((f) => [CARD_LABELS[f], latest.card[f]!]))));
      else blocks.push(context('No model card fields recorded for the latest version.'));
    }
    return ok({
      title: `${model.name}`,
      blocks,
      links: openLink(ctx.pageLinks, { kind: 'model', model: model.name }),
      data: {
        name: model.name,
        description: model.description,
        ownerTeam: model.ownerTeam,
        tags: model.tags,
        latestVersion: model.latestVersion,
        mlflow: mirror ? { name: mirror.mlflowName, runId: mirroredLatest?.runId ?? null, deleted: mirroredLatest?.deletedAt !== null && mirroredLatest?.deletedAt !== undefined } : null,
        live,
        latest: latest ? { ...versionData(latest), lineage: trainedBy ? lineageText(trainedBy) : null } : null,
      },
    });
  },
});
