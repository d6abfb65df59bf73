import { z } from 'zod';
import { fmtNumber, fields, text } from '../../chat/replies/builders.js';
import { ok } from '../../core/result.js';
import { registerVersion } from '../register-version.js';
import { whoFrom } from '../../governance/audit-who.js';
import { commitFlag, metricsFlag, modelArg, paramsFlag, sha256Flag, textFlag, uriFlag, shareArg, wholeNumberArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';

const schema = z
  .object({
    model: modelArg,
    artifactUri: uriFlag,
    sha256: sha256Flag.optional(),
    metric: metricsFlag,
    param: paramsFlag,
    fairness: metricsFlag,
    driftShare: shareArg.optional(),
    dataset: uriFlag.optional(),
    datasetSha256: sha256Flag.optional(),
    commit: commitFlag.optional(),
    framework: z.string().regex(/^[A-Za-z0-9._+-]{1,40}$/, 'a framework is one word, e.g. xgboost or pytorch-2.3').optional(),
    description: textFlag(500).optional(),
    team: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a team is one word, e.g. risk-ml').optional(),
    tag: z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'a tag is a lowercase word')).optional(),
    intendedUse: textFlag().optional(),
    limitations: textFlag().optional(),
    ethicalConsiderations: textFlag().optional(),
    evaluationData: textFlag().optional(),
    newModel: z.boolean().optional(),
    trigger: wholeNumberArg(1, 2_147_483_647).optional(),
  })
  .strict();

export const registerCommand = defineCommand({
  name: 'register',
  summary: 'Register a new immutable version of a model (creates the model on first use).',
  syntax: [{ name: 'model' }, { name: 'artifactUri', label: 'artifact-uri' }],
  flags: [
    { name: 'sha256', value: 'HEX', summary: 'sha256 digest of the artifact (64 hex characters)' },
    { name: 'metric', value: 'NAME=VALUE', repeat: true, summary: 'an evaluation metric, e.g. auc=0.91' },
    { name: 'dataset', value: 'URI', summary: 'training dataset URI' },
    { name: 'datasetSha256', value: 'HEX', summary: 'training dataset digest' },
    { name: 'commit', value: 'SHA', summary: 'code commit the model was trained from' },
    { name: 'framework', value: 'F', summary: 'e.g. xgboost, pytorch, sklearn' },
    { name: 'param', value: 'KEY=VALUE', repeat: true, summary: 'a training parameter' },
    { name: 'fairness', value: 'NAME=VALUE', repeat: true, summary: 'a fairness result on the evaluation data, e.g. demographicParityRatio=0.86' },
    { name: 'driftShare', value: 'SHARE', summary: 'share of drifted features on the evaluation data (0–1)' },
    { name: 'intendedUse', value: 'TEXT', summary: 'model card: intended use' },
    { name: 'limitations', value: 'TEXT', summary: 'model card: limitations' },
    { name: 'ethicalConsiderations', value: 'TEXT', summary: 'model card: ethical considerations' },
    { name: 'evaluationData', value: 'TEXT', summary: 'model card: evaluation data' },
    { name: 'description', value: 'TEXT', summary: 'model description (new models)' },
    { name: 'team', value: 'TEAM', summary: 'owner team (new models)' },
    { name: 'tag', value: 'TAG', repeat: true, summary: 'a model tag (new models)' },
    { name: 'newModel', summary: 'create the model even if its name is close to an existing one' },
    { name: 'trigger', value: 'ID', summary: 'the training run this version comes from (a retraining pipeline passes its training_run_id): its lineage' },
  ],
  schema,
  risk: 'write',
  examples: ['register fraud-detector s3://models/fd/7.pkl --sha256 <64 hex> --metric auc=0.91 --dataset s3://data/fd/2026-11.parquet --commit 1a2b3c4'],
  async run(ctx, a) {
    const card = Object.fromEntries(
      Object.entries({ intendedUse: a.intendedUse, limitations: a.limitations, ethicalConsiderations: a.ethicalConsiderations, evaluationData: a.evaluationData }).filter(([, v]) => v !== undefined),
    );
    const evaluation = {
      ...(Object.keys(a.fairness).length ? { fairness: a.fairness } : {}),
      ...(a.driftShare !== undefined ? { driftShare: a.driftShare } : {}),
    };
    const r = await registerVersion(ctx.store, ctx.clock, whoFrom(ctx.actor, ctx.channel.id), {
      model: a.model,
      newModel: a.newModel,
      mirrorPatterns: ctx.config.registry?.models ?? [],
      ...(a.trigger !== undefined ? { trigger: a.trigger } : {}),
      modelMeta: { description: a.description, ownerTeam: a.team ?? null, tags: a.tag },
      version: {
        artifactUri: a.artifactUri,
        sha256: a.sha256 ?? null,
        framework: a.framework ?? null,
        metrics: a.metric,
        params: a.param,
        datasetUri: a.dataset ?? null,
        datasetSha256: a.datasetSha256 ?? null,
        codeCommit: a.commit ?? null,
        card,
        evaluation,
      },
    });
    if (!r.ok) return r;
    const { model, version, createdModel } = r.value;
    const metrics = Object.entries(version.metrics).map(([k, v]) => `${k}=${fmtNumber(v)}`).join(', ');
    return ok({
      title: `Registered ${model.name} v${version.version}`,
      tone: 'success',
      blocks: [
        ...(createdModel ? [text(`New model **${model.name}** created.`)] : []),
        fields({
          Artifact: `\`${version.artifactUri}\``,
          sha256: version.sha256 ? `\`${version.sha256}\`` : '— (none given)',
          Metrics: metrics || '—',
          Dataset: version.datasetUri ?? '—',
          Commit: version.codeCommit ?? '—',
          ...(version.trainingRunId !== null ? { Lineage: `training run #${version.trainingRunId}` } : {}),
        }),
      ],
      data: { model: model.name, version: version.version, createdModel, id: version.id, sha256: version.sha256, trainingRun: version.trainingRunId },
    });
  },
});
