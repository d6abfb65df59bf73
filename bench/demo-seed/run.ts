/**
 * bench/demo-seed: what `steward start --demo` spends seeding, on the embedded PGlite default. Each
 * run opens a fresh, migrated data directory and times the seed alone (startup and migrations
 * excluded): "registry" is the registry half by itself — all that `--demo` seeded before the
 * monitoring half — and "demo" the whole seedDemo. The two alternate, so that both see the same
 * machine load.
 *
 *   npx tsx bench/demo-seed/run.ts      # RUNS=7
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { openRuntime } from '../../src/app/runtime.js';
import { seedDemo, seedRegistry } from '../../src/app/seed-demo.js';
import { silentLogger } from '../../src/ports/logger.js';
import { systemClock } from '../../src/core/clock.js';

async function once(which: 'registry' | 'demo'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-demo-seed-'));
  const loaded = loadConfig({ STEWARD_DATA_DIR: dir }, dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const rt = await openRuntime(loaded.config, silentLogger, { mode: 'server' });
  const t0 = performance.now();
  const r = which === 'registry' ? await seedRegistry(rt.steward.store, systemClock) : await seedDemo({ store: rt.steward.store, clock: systemClock, config: loaded.config });
  const ms = performance.now() - t0;
  if (!r.ok || !r.value.seeded) throw new Error(`seed failed: ${JSON.stringify(r)}`);
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function main() {
  const runs = Number(process.env.RUNS ?? 7);
  const times = { registry: [] as number[], demo: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const w of ['registry', 'demo'] as const) times[w].push(await once(w));
    console.log(`run ${i + 1}: registry ${times.registry[i]!.toFixed(0)} ms, demo ${times.demo[i]!.toFixed(0)} ms (load ${loadavg()[0]!.toFixed(1)})`);
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const [r, d] = [median(times.registry), median(times.demo)];
  console.log(`median: registry ${r.toFixed(0)} ms, demo ${d.toFixed(0)} ms, the monitoring half adds ${(d - r).toFixed(0)} ms; best: ${Math.min(...times.registry).toFixed(0)} / ${Math.min(...times.demo).toFixed(0)} ms`);
}
main();
