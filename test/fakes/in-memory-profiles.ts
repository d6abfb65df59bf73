import type { PredictionRecord, ProfileKey, ProfileRepo, ProfileRow } from '../../src/monitoring/domain/monitoring-store.js';

/** Profile slices of InMemoryStore's state; raw rows are read from its monitoring slice. */
export interface ProfilesState {
  rows: ProfileRow[];
  bases: { versionId: number; basis: string }[];
}

export const emptyProfilesState = (): ProfilesState => ({ rows: [], bases: [] });

const clone = <T>(v: T): T => structuredClone(v);
const same = (a: ProfileKey, b: ProfileKey) => a.versionId === b.versionId && a.environment === b.environment && a.hour.getTime() === b.hour.getTime() && a.basis === b.basis && a.source === b.source;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export function profileRepos(s: () => ProfilesState, predictions: () => (PredictionRecord & { modelId: number })[]): { profiles: ProfileRepo } {
  return {
    profiles: {
      async lock(modelId, keys, empty) {
        return keys.map((k) => {
          let r = s().rows.find((x) => same(x, k));
          if (!r) s().rows.push((r = { ...clone(k), modelId, rows: 0, data: clone(empty) }));
          return clone(r);
        });
      },
      async save(row) {
        const i = s().rows.findIndex((x) => same(x, row));
        s().rows[i] = clone(row);
      },
      async saveMany(rows) {
        for (const row of rows) {
          const i = s().rows.findIndex((x) => same(x, row));
          s().rows[i] = clone(row);
        }
      },
      window: async (q) =>
        clone(
          s()
            .rows.filter((r) => r.versionId === q.versionId && (q.environment === undefined || r.environment === q.environment) && r.hour >= q.from && r.hour < q.to)
            .sort((a, b) => a.hour.getTime() - b.hour.getTime()),
        ),
      async removeOthers(versionId, environment, from, to, keep) {
        s().rows = s().rows.filter((r) => !(r.versionId === versionId && r.environment === environment && r.hour >= from && r.hour < to && r.source === 'rows' && (r.hour.getTime() !== keep.hour.getTime() || r.basis !== keep.basis)));
      },
      async foldable(before, limit) {
        const out = new Map<string, Omit<ProfileKey, 'hour'> & { day: Date; modelId: number }>();
        for (const r of s().rows) {
          const day = new Date(Math.floor(r.hour.getTime() / DAY) * DAY);
          if (r.hour >= before || r.hour.getTime() === day.getTime()) continue;
          out.set(JSON.stringify([r.versionId, r.environment, r.basis, r.source, day]), { versionId: r.versionId, environment: r.environment, basis: r.basis, source: r.source, modelId: r.modelId, day });
        }
        return [...out.values()].slice(0, limit);
      },
      lockRange: async (key, from, to) =>
        clone(s().rows.filter((r) => r.versionId === key.versionId && r.environment === key.environment && r.basis === key.basis && r.source === key.source && r.hour >= from && r.hour < to).sort((a, b) => a.hour.getTime() - b.hour.getTime())),
      async remove(keys) {
        s().rows = s().rows.filter((r) => !keys.some((k) => same(r, k)));
      },
      versionBasis: async (versionId) => s().bases.find((b) => b.versionId === versionId)?.basis ?? null,
      async setVersionBasis(versionId, basis) {
        s().bases = [...s().bases.filter((b) => b.versionId !== versionId), { versionId, basis }];
      },
      hasRawRows: async (versionId) => predictions().some((r) => r.versionId === versionId),
      async rawHours(versionId) {
        const seen = new Map<string, { environment: string; hour: Date }>();
        for (const r of predictions()) {
          if (r.versionId !== versionId) continue;
          const hour = new Date(Math.floor(r.at.getTime() / HOUR) * HOUR);
          seen.set(`${r.environment}\u0000${hour.getTime()}`, { environment: r.environment, hour });
        }
        return [...seen.values()];
      },
      async eraseRows(modelId, by) {
        const want = new Set('ids' in by ? by.ids : []);
        const hit = (r: PredictionRecord & { modelId: number; subject?: string | null }) => r.modelId === modelId && ('ids' in by ? want.has(r.predictionId) : r.subject === by.subject);
        const gone = predictions().filter(hit);
        const keep = predictions().filter((r) => !hit(r));
        predictions().splice(0, predictions().length, ...keep);
        return clone(gone.map((r) => ({ predictionId: r.predictionId, versionId: r.versionId, environment: r.environment, at: r.at })));
      },
      async deleteRowsBefore(before, limit) {
        const old = predictions().filter((r) => r.at < before).slice(0, limit);
        const gone = new Set(old);
        const keep = predictions().filter((r) => !gone.has(r));
        predictions().splice(0, predictions().length, ...keep);
        return old.length;
      },
      async deleteProfilesBefore(before, limit) {
        const old = s().rows.filter((r) => r.hour < before).slice(0, limit);
        s().rows = s().rows.filter((r) => !old.includes(r));
        return old.length;
      },
      labelTargets: async (modelId, ids) => {
        const want = new Set(ids);
        return clone(predictions().filter((r) => r.modelId === modelId && want.has(r.predictionId)).map((r) => ({ predictionId: r.predictionId, versionId: r.versionId, environment: r.environment, at: r.at, prediction: r.prediction, score: r.score, label: r.label, labeledAt: r.labeledAt, sensitive: r.sensitive })));
      },
    },
  };
}
