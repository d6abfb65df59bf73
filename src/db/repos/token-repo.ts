import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { ApiToken, TokenRepo } from '../../monitoring/domain/monitoring-store.js';
import type { Db } from '../database.js';
import { apiTokens } from '../schema.js';

const toToken = (r: typeof apiTokens.$inferSelect): ApiToken => ({ id: r.id, name: r.name, role: r.role, createdBy: r.createdBy, createdAt: r.createdAt, revokedAt: r.revokedAt, expiresAt: r.expiresAt, lastUsedAt: r.lastUsedAt });

export function tokenRepo(db: Db): TokenRepo {
  return {
    async create(t) {
      const rows = await db
        .insert(apiTokens)
        .values({ name: t.name, role: t.role, tokenHash: t.hash, createdBy: t.createdBy, createdAt: t.createdAt, expiresAt: t.expiresAt ?? null })
        .onConflictDoNothing()
        .returning();
      return rows[0] ? toToken(rows[0]) : null;
    },
    async byHash(hash, now) {
      const [r] = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), now ? or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)) : undefined));
      return r ? toToken(r) : null;
    },
    async touch(id, at) {
      const minuteAgo = new Date(at.getTime() - 60_000);
      await db
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, minuteAgo))));
    },
    async list() {
      return (await db.select().from(apiTokens).orderBy(asc(apiTokens.name))).map(toToken);
    },
    async revoke(name, at) {
      const rows = await db
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.name, name), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      return rows.length > 0;
    },
  };
}
