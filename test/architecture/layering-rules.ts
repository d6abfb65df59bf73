import type { SourceFile } from './import-graph.js';

/**
 * The layering of docs/ARCHITECTURE.md, as rules over the import graph. Each returns the imports
 * that break it ("file imports target"), empty when the rule holds.
 */

/** The features: each a folder with its domain/, its use cases at the root, and its outward edges in subfolders. */
export const FEATURES = ['registry', 'governance', 'deploy', 'monitoring', 'scheduling', 'notify', 'llm', 'training'] as const;

const isDomain = (p: string) => p.startsWith('src/core/') || /^src\/[^/]+\/domain\//.test(p);

/** A use case: a file at the root of a feature folder (src/deploy/request-deployment.ts). */
export const isUseCase = (p: string) => FEATURES.some((f) => new RegExp(`^src/${f}/[^/]+\\.ts$`).test(p));

/** Packages the pure layers may use: zod (schemas) and node-cron's expression validator (cron-slots.ts). */
const PURE_PACKAGES = new Set(['zod', 'node-cron']);

/** src/core and every feature domain folder (src/<feature>/domain) import only each other, zod and node-cron: no SDK, ORM, driver or node: module. */
export function domainIsPure(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const f of files.filter((x) => isDomain(x.path))) {
    for (const t of f.local) if (!isDomain(t)) out.push(`${f.path} imports ${t}`);
    for (const p of f.packages) if (!PURE_PACKAGES.has(p)) out.push(`${f.path} imports ${p}`);
  }
  return out;
}

/** Where a use case must not reach: the command layer and every feature's chat edge, surfaces, the composition, storage adapters, runners, targets, adapters. */
const OFF_LIMITS_FOR_USE_CASES = [/^src\/chat\//, /^src\/[^/]+\/chat\//, /^src\/http\//, /^src\/cli\//, /^src\/app\//, /^src\/db\//, /^src\/[^/]+\/runner\//, /^src\/scheduling\/scheduler\//, /^src\/deploy\/targets\//, /^src\/training\/pipelines\//, /^src\/mirror\/mlflow\//, /^src\/pages\//, /^adapters\//];

/** Use cases import ports, domain and other use cases — never the command layer, chat, surfaces, storage or runners. */
export function useCasesStayInside(files: readonly SourceFile[]): string[] {
  return files.filter((f) => isUseCase(f.path)).flatMap((f) => f.local.filter((t) => OFF_LIMITS_FOR_USE_CASES.some((re) => re.test(t))).map((t) => `${f.path} imports ${t}`));
}

/** The CLI commands that start or drive a surface (console chat, Slack, Discord) are the only code in src/ that imports adapters/. */
export const SURFACE_STARTERS = new Set(['src/cli/start-command.ts', 'src/cli/chat-command.ts', 'src/cli/discord-command.ts']);

export function onlySurfaceStartersImportAdapters(files: readonly SourceFile[]): string[] {
  return files.filter((f) => f.path.startsWith('src/') && !SURFACE_STARTERS.has(f.path)).flatMap((f) => f.local.filter((t) => t.startsWith('adapters/')).map((t) => `${f.path} imports ${t}`));
}

/**
 * Inner layers never import the outer surfaces: nothing outside src/cli imports src/cli, and src/http
 * is imported only by src/cli (which starts the server) and by adapters/ (the Slack receiver runs
 * on Steward's HTTP server).
 */
export function surfacesAreOutermost(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const inCli = f.path.startsWith('src/cli/');
    const outer = inCli || f.path.startsWith('src/http/') || f.path.startsWith('adapters/');
    for (const t of f.local) {
      if (t.startsWith('src/cli/') && !inCli) out.push(`${f.path} imports ${t}`);
      if (t.startsWith('src/http/') && !outer) out.push(`${f.path} imports ${t}`);
    }
  }
  return out;
}

/**
 * The read-only web pages (src/pages) are a surface: rendered for src/http's page routes, their link
 * signer made by the composition (src/app). Everything else — the chat layer included — reaches them
 * only through the PageLinks port (src/ports/page-links.ts).
 */
export function pagesAreASurface(files: readonly SourceFile[]): string[] {
  const allowed = (p: string) => p.startsWith('src/pages/') || p.startsWith('src/http/') || p.startsWith('src/app/');
  return files.filter((f) => !allowed(f.path)).flatMap((f) => f.local.filter((t) => t.startsWith('src/pages/')).map((t) => `${f.path} imports ${t}`));
}
