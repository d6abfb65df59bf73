/**
 * bench/demo-seed: how long `steward start --demo` spends seeding, on the embedded PGlite default —
 * a fresh, migrated data directory per run, seedDemo timed alone (migrations and startup excluded).
 *
 *   npx tsx bench/demo-seed/run.ts      # RUNS=5
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { openRuntime } from '../../src/app/runtime.js';
import { seedDemo } from '../../src/app/seed-demo.js';
import { silentLogger } from '../../src/ports/logger.js';
import { systemClock } from '../../src/core/clock.js';

const RUNS = Number(process.env.RUNS ?? 5);
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-demo-seed-'));
  const loaded = loadConfig({ STEWARD_DATA_DIR: dir }, dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const rt = await openRuntime(loaded.config, silentLogger, { mode: 'server' });
  const t0 = performance.now();
  const r = await seedDemo({ store: rt.steward.store, clock: systemClock, config: loaded.config });
  const ms = performance.now() - t0;
  if (!r.ok || !r.value.seeded) throw new Error(`seed failed: ${JSON.stringify(r)}`);
  times.push(ms);
  console.log(`run ${i + 1}: ${ms.toFixed(0)} ms ${JSON.stringify(r.value)}`);
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
console.log(`seedDemo on PGlite: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms (${RUNS} runs)`);
