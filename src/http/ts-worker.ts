import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module: Steward runs its sources through tsx (no build
 * step), so the worker registers tsx's loader first, then imports `module` with `workerData`.
 */
export function tsWorker(module: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
