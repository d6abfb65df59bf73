import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running one of Steward's modules, given by its `.js` URL beside the caller. From
 * a build the compiled module is there and runs as is; from the TypeScript sources (run through
 * tsx, no build step) there is only the `.ts`, so the worker registers tsx's loader first.
 */
export function tsWorker(module: URL, workerData: unknown): Worker {
  if (existsSync(fileURLToPath(module))) return new Worker(module, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
