// `npm run build` (after typechecking): Steward's sources (src/, adapters/) compiled by esbuild into
// dist/ — an ES module bundle split into chunks (what loads only on demand stays a chunk of its
// own). bin/steward.js runs it when it is current. Usage: node scripts/build.js [--outdir DIR]
//
// - Entry points: the CLI (main.js) and every module started as a worker thread. Those are
//   referenced as `new URL('./name.js', import.meta.url)`; every output file sits directly in the
//   out dir, so the URL finds the worker's own entry, dist/name.js.
// - Packages stay in node_modules (imported at run time) except the pure-JS ones in BUNDLED: those
//   are many small files each, and loading them one by one was a measurable part of the start
//   (bench/README.md). Packages that find files beside themselves (PGlite's wasm, resvg's native
//   binary, pino's and node-cron's worker scripts) must stay external.
// - Assets and migrations are not copied: the code finds them from the package root.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_STAMP, SOURCE_DIRS } from '../bin/compiled-entry.js';

const BUNDLED = new Set(['commander', 'csv-parse', 'drizzle-orm', 'hyparquet', 'yaml', 'zod']);
const root = fileURLToPath(new URL('..', import.meta.url));

const args = process.argv.slice(2);
const at = args.indexOf('--outdir');
if (args.length !== (at === -1 ? 0 : 2) || (at !== -1 && !args[at + 1])) {
  console.error('usage: node scripts/build.js [--outdir DIR]   (default: dist)');
  process.exit(2);
}
const outdir = resolve(at === -1 ? join(root, 'dist') : args[at + 1]);
// the out dir is emptied first: refuse anything but a new or empty directory or an earlier build
if (existsSync(outdir) && readdirSync(outdir).length && !existsSync(join(outdir, BUILD_STAMP))) {
  console.error(`build: ${outdir} is not empty and holds no earlier build (${BUILD_STAMP}); choose a new or empty directory`);
  process.exit(2);
}

const started = new Date();
const sources = SOURCE_DIRS.flatMap((d) => tsFiles(join(root, d)));
const entryPoints = { main: join(root, 'src/cli/main.ts'), ...workerEntries(sources) };

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints,
  outdir,
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // class and function names as in the sources (messages and logs use some), whatever the bundle renames
  keepNames: true,
  // CommonJS packages in the bundle (yaml, commander) call require(): give ES modules one
  banner: { js: "import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);" },
  plugins: [{ name: 'external-packages', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (BUNDLED.has(packageName(a.path)) ? undefined : { external: true })) }],
  logLevel: 'warning',
});
// written last, dated when the build started: a source saved during the build makes it stale
const stamp = join(outdir, BUILD_STAMP);
writeFileSync(stamp, `${JSON.stringify({ sources: sources.length, startedAt: started.toISOString() })}\n`);
utimesSync(stamp, started, started);
console.log(`build: ${sources.length} source files -> ${relative(process.cwd(), outdir) || '.'} in ${Date.now() - started.getTime()} ms`);

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Modules a source starts by URL (worker threads): `new URL('./name.js', import.meta.url)` -> name: its .ts */
function workerEntries(files) {
  const entries = {};
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/new URL\(\s*['"]\.\/([\w.-]+)\.js['"],\s*import\.meta\.url\s*\)/g)) {
      const name = m[1];
      const ts = join(dirname(file), `${name}.ts`);
      if (!existsSync(ts)) throw new Error(`${relative(root, file)} starts ./${name}.js, but ${relative(root, ts)} does not exist`);
      if (name === 'main' || (entries[name] && entries[name] !== ts)) throw new Error(`two modules started by URL are both named ${name}.js (${relative(root, ts)}): rename one`);
      entries[name] = ts;
    }
  }
  return entries;
}
