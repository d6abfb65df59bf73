import type { ApiToken, PredictionRecord, PredictionRepo, PredictionWindow, ReferenceDataset, ReferenceRepo, Scalar, TokenRepo } from '../../src/monitoring/domain/monitoring-store.js';

/** Monitoring slices of InMemoryStore's state (snapshotted with the rest per transaction). */
export interface MonitoringState {
  tokens: (ApiToken & { hash: string })[];
  predictions: (PredictionRecord & { modelId: number; subject?: string | null })[];
  references: ReferenceDataset[];
  seq: number;
}

export const emptyMonitoringState = (): MonitoringState => ({ tokens: [], predictions: [], references: [], seq: 0 });

const clone = <T>(v: T): T => structuredClone(v);

const inWindow = (w: PredictionWindow) => (r: PredictionRecord & { modelId: number }) =>
  r.modelId === w.modelId &&
  r.at.getTime() >= w.from.getTime() &&
  r.at.getTime() < w.to.getTime() &&
  (w.environment === undefined || r.environment === w.environment) &&
  (w.versionId === undefined || r.versionId === w.versionId) &&
  (!w.labeled || r.label !== undefined);

export function monitoringRepos(s: () => MonitoringState): { tokens: TokenRepo; predictions: PredictionRepo; references: ReferenceRepo } {
  const publicToken = (t: ApiToken & { hash: string }): ApiToken => ({ id: t.id, name: t.name, role: t.role, createdBy: t.createdBy, createdAt: t.createdAt, revokedAt: t.revokedAt, expiresAt: t.expiresAt, lastUsedAt: t.lastUsedAt });
  return {
    tokens: {
      async create(t) {
        if (s().tokens.some((x) => x.name === t.name || x.hash === t.hash)) return null;
        const row = { id: s().tokens.length + 1, name: t.name, role: t.role, hash: t.hash, createdBy: t.createdBy, createdAt: t.createdAt, revokedAt: null, expiresAt: t.expiresAt ?? null, lastUsedAt: null };
        s().tokens.push(row);
        return publicToken(clone(row));
      },
      byHash: async (hash, now) => {
        const t = s().tokens.find((x) => x.hash === hash && x.revokedAt === null && (!now || x.expiresAt === null || x.expiresAt > now));
        return t ? publicToken(clone(t)) : null;
      },
      async touch(id, at) {
        const t = s().tokens.find((x) => x.id === id);
        if (t && (!t.lastUsedAt || t.lastUsedAt.getTime() < at.getTime() - 60_000)) (t as { lastUsedAt: Date | null }).lastUsedAt = at;
      },
      list: async () => clone([...s().tokens].sort((a, b) => a.name.localeCompare(b.name)).map(publicToken)),
      async revoke(name, at) {
        const t = s().tokens.find((x) => x.name === name && x.revokedAt === null);
        if (!t) return false;
        (t as { revokedAt: Date | null }).revokedAt = at;
        return true;
      },
    },
    predictions: {
      /**
       * As on PostgreSQL (COPY): rows go in in order until one's id is already logged for its
       * model (or repeated in `rows`); then that id is returned, with what went in before it —
       * the caller must roll the transaction back, which restores the snapshot.
       */
      async insertMany(rows) {
        const logged = new Set(s().predictions.map((x) => `${x.modelId}\u0000${x.predictionId}`));
        for await (const r of rows) {
          const key = `${r.modelId}\u0000${r.predictionId}`;
          if (logged.has(key)) return [r.predictionId];
          logged.add(key);
          s().predictions.push(clone({ seq: ++s().seq, modelId: r.modelId, predictionId: r.predictionId, versionId: r.versionId, environment: r.environment, at: r.at, features: r.features, prediction: r.prediction, score: r.score, label: r.label, labeledAt: null, sensitive: r.sensitive, subject: r.subject }));
        }
        return [];
      },
      async attachLabels(modelId, labels, at) {
        const rows = new Map(s().predictions.filter((x) => x.modelId === modelId).map((x) => [x.predictionId, x]));
        const missing = labels.filter((l) => !rows.has(l.predictionId)).map((l) => l.predictionId);
        if (missing.length) return missing;
        for (const l of labels) Object.assign(rows.get(l.predictionId) as { label: Scalar | undefined; labeledAt: Date | null }, { label: l.label, labeledAt: at });
        return [];
      },
      page: async (w, cursor, limit) =>
        clone(
          s()
            .predictions.filter(inWindow(w))
            .filter((r) => !cursor || r.at.getTime() > cursor.at.getTime() || (r.at.getTime() === cursor.at.getTime() && r.seq > cursor.seq))
            .sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq)
            .slice(0, limit)
            .map(({ modelId: _m, subject: _s, ...r }) => r),
        ),
      count: async (w) => s().predictions.filter(inWindow(w)).length,
    },
    references: {
      async put(d) {
        const i = s().references.findIndex((x) => x.versionId === d.versionId);
        const prev = i >= 0 ? s().references[i]! : null;
        if (i >= 0) s().references.splice(i, 1);
        s().references.push(clone(d));
        if (!prev) return null;
        const { data: _d, ...summary } = prev;
        return clone(summary);
      },
      get: async (versionId) => clone(s().references.find((x) => x.versionId === versionId) ?? null),
      async summary(versionId) {
        const r = s().references.find((x) => x.versionId === versionId);
        if (!r) return null;
        const { data: _d, ...summary } = r;
        return clone(summary);
      },
    },
  };
}
