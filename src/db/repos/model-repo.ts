import { asc, eq, sql } from 'drizzle-orm';
import type { Model } from '../../registry/domain/model.js';
import type { ModelRepo } from '../../ports/store.js';
import type { Db } from '../database.js';
import { models } from '../schema.js';

type Row = typeof models.$inferSelect;
const toModel = (r: Row): Model => ({ ...r, tags: r.tags ?? [] });

export function modelRepo(db: Db): ModelRepo {
  return {
    async create(m) {
      const rows = await db
        .insert(models)
        .values({
          name: m.name,
          description: m.description ?? '',
          ownerTeam: m.ownerTeam ?? null,
          tags: m.tags ?? [],
          createdBy: m.createdBy,
          createdAt: m.createdAt,
        })
        .onConflictDoNothing({ target: models.name })
        .returning();
      return rows[0] ? toModel(rows[0]) : null;
    },
    async byName(name) {
      const rows = await db.select().from(models).where(eq(models.name, name));
      return rows[0] ? toModel(rows[0]) : null;
    },
    async byNameForUpdate(name) {
      const rows = await db.select().from(models).where(eq(models.name, name)).for('update');
      return rows[0] ? toModel(rows[0]) : null;
    },
    async list() {
      return (await db.select().from(models).orderBy(asc(models.name))).map(toModel);
    },
    async names() {
      return (await db.select({ name: models.name }).from(models).orderBy(asc(models.name))).map((r) => r.name);
    },
    async nextVersion(modelId) {
      const rows = await db
        .update(models)
        .set({ latestVersion: sql`${models.latestVersion} + 1` })
        .where(eq(models.id, modelId))
        .returning({ v: models.latestVersion });
      if (!rows[0]) throw new Error(`model ${modelId} vanished`);
      return rows[0].v;
    },
  };
}
