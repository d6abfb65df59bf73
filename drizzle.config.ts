import { defineConfig } from 'drizzle-kit';

// Only used by `npm run db:generate` (drizzle-kit) to write SQL migrations into migrations/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});
