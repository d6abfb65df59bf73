/**
 * One process logging batches of predictions into the same hours as another
 * (test/integration/prediction-profiles.test.ts). argv: DATABASE_URL PREFIX BATCHES GO_FILE.
 * Prints "ready", waits for the go file, logs, prints "done N" (or "error …").
 */
import { existsSync } from 'node:fs';
import { openDatabase } from '../../src/db/open-database.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { writerBatch } from './profile-writer-rows.js';

const [url, prefix, batches, go] = process.argv.slice(2) as [string, string, string, string];
const db = await openDatabase({ kind: 'postgres', url, max: 2 }, { migrate: false });
const SYSTEM = { actor: 'cli:tester', platform: 'cli', channel: null };
const loaded = loadConfig({ STEWARD_DATA_DIR: '/tmp/steward-test-data', USER: 'tester' }, '/nonexistent-steward-cwd');
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const deps = { store: drizzleStore(db.db), clock: new FixedClock('2026-11-27T12:00:00Z'), config: loaded.config };
process.stdout.write('ready\n');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 5));
let logged = 0;
try {
  for (let b = 0; b < Number(batches); b++) {
    const r = await logPredictions(deps, SYSTEM, { model: 'fraud-detector', version: 1, environment: 'production' }, arrayRows(writerBatch(prefix, b), 'predictions'));
    if (!r.ok) throw new Error(r.error.message);
    logged += r.value.logged;
  }
  process.stdout.write(`done ${logged}\n`);
} catch (e) {
  process.stdout.write(`error ${String(e)}\n`);
}
await db.close();
