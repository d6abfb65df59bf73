import type { MirroredModel, MirroredVersion, MirrorRepo } from '../../src/mirror/domain/mirror-store.js';
import type { Model, ModelVersion } from '../../src/registry/domain/model.js';

/** The MLflow mirror's tables in the InMemoryStore (snapshotted with the rest per transaction). */
export interface MirrorState {
  models: Omit<MirroredModel, 'modelName'>[];
  versions: ({ -readonly [K in keyof MirroredVersion]: MirroredVersion[K] } & { mirroredAt: Date })[];
  aliases: { modelId: number; alias: string; version: number | null }[];
  deliveries: string[];
}

export const emptyMirrorState = (): MirrorState => ({ models: [], versions: [], aliases: [], deliveries: [] });

const clone = <T>(v: T): T => structuredClone(v);

export function mirrorRepos(s: () => MirrorState, registry: () => { models: Model[]; versions: Omit<ModelVersion, 'modelName'>[] }): { mirror: MirrorRepo } {
  const named = (m: Omit<MirroredModel, 'modelName'>): MirroredModel => clone({ ...m, modelName: registry().models.find((x) => x.id === m.modelId)!.name });
  const plain = ({ mirroredAt: _, ...v }: MirrorState['versions'][number]): MirroredVersion => clone(v);
  return {
    mirror: {
      async claimDelivery(id) {
        if (s().deliveries.includes(id)) return false;
        s().deliveries.push(id);
        return true;
      },
      async linkModel(modelId, mlflowName, at) {
        if (!s().models.some((m) => m.modelId === modelId || m.mlflowName === mlflowName)) s().models.push({ modelId, mlflowName, linkedAt: at });
      },
      modelByMlflowName: async (name) => {
        const m = s().models.find((x) => x.mlflowName === name);
        return m ? named(m) : null;
      },
      modelOf: async (id) => {
        const m = s().models.find((x) => x.modelId === id);
        return m ? named(m) : null;
      },
      linkedModels: async () => s().models.map(named).sort((a, b) => a.modelName.localeCompare(b.modelName)),
      async addVersion(v, at) {
        if (!s().versions.some((x) => x.versionId === v.versionId)) s().versions.push({ ...v, deletedAt: null, mirroredAt: at });
      },
      versions: async (modelId) => s().versions.filter((v) => v.modelId === modelId).sort((a, b) => a.version - b.version).map(plain),
      version: async (id) => {
        const v = s().versions.find((x) => x.versionId === id);
        return v ? plain(v) : null;
      },
      pendingRuns: async (limit) =>
        s()
          .versions.filter((v) => v.runPending)
          .sort((a, b) => a.mirroredAt.getTime() - b.mirroredAt.getTime())
          .slice(0, limit)
          .map((v) => ({ ...plain(v), modelName: registry().models.find((m) => m.id === v.modelId)!.name })),
      async setRunFacts(versionId, metrics, params) {
        const i = registry().versions.findIndex((v) => v.id === versionId);
        const v = registry().versions[i]!;
        registry().versions[i] = { ...v, metrics: { ...v.metrics, ...metrics }, params: { ...v.params, ...params } };
        const mv = s().versions.find((x) => x.versionId === versionId);
        if (mv) mv.runPending = false;
      },
      async markDeleted(versionId, at) {
        const mv = s().versions.find((x) => x.versionId === versionId);
        if (mv && !mv.deletedAt) mv.deletedAt = at;
      },
      async raiseLatest(modelId, version) {
        const i = registry().models.findIndex((m) => m.id === modelId);
        const m = registry().models[i]!;
        registry().models[i] = { ...m, latestVersion: Math.max(m.latestVersion, version) };
      },
      aliasAt: async (modelId, alias) => {
        const a = s().aliases.find((x) => x.modelId === modelId && x.alias === alias);
        return a ? a.version : undefined;
      },
      async setAlias(modelId, alias, version) {
        const a = s().aliases.find((x) => x.modelId === modelId && x.alias === alias);
        if (a) a.version = version;
        else s().aliases.push({ modelId, alias, version });
      },
    },
  };
}
