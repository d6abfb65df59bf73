import { createServer } from 'node:net';
import type { DeployJob } from '../../src/deploy/domain/target.js';

export const SHA = 'ab12'.repeat(16);

/** The job a target gets for "deploy fraud-detector v7 to production" (#42). */
export const JOB: DeployJob = {
  deploymentId: 42,
  model: 'fraud-detector',
  version: 7,
  artifactUri: 's3://models/fraud-detector/7',
  sha256: SHA,
  environment: 'production',
  requestedBy: 'console:alice',
  approvedBy: ['console:bob', 'console:carol'],
  rollback: false,
};

export const planJob = ({ deploymentId: _d, approvedBy: _a, ...rest }: DeployJob) => rest;

/** A loopback port nobody listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
