import type { DeployJob, DeployTarget, TargetOutcome, TargetRef } from '../../src/deploy/domain/target.js';

/**
 * A deploy target that answers from a script (a fake of our own port, for executor tests; the real
 * targets are tested against HTTP stand-ins in test/targets). Records every call.
 */
export class ScriptedTarget implements DeployTarget {
  readonly kind = 'scripted';
  readonly calls: { op: 'start' | 'check'; id: number; at: number }[] = [];
  constructor(
    private readonly onStart: (job: DeployJob, n: number) => TargetOutcome | Promise<TargetOutcome>,
    private readonly onCheck: (job: DeployJob, ref: TargetRef, n: number) => TargetOutcome | Promise<TargetOutcome> = () => ({ state: 'succeeded' }),
  ) {}
  async plan(j: Omit<DeployJob, 'deploymentId' | 'approvedBy'>) {
    return { summary: 'scripted', steps: [`deploy ${j.model} v${j.version} to ${j.environment}`] };
  }
  async start(job: DeployJob): Promise<TargetOutcome> {
    this.calls.push({ op: 'start', id: job.deploymentId, at: Date.now() });
    return this.onStart(job, this.calls.filter((c) => c.op === 'start' && c.id === job.deploymentId).length);
  }
  async check(job: DeployJob, ref: TargetRef): Promise<TargetOutcome> {
    this.calls.push({ op: 'check', id: job.deploymentId, at: Date.now() });
    return this.onCheck(job, ref, this.calls.filter((c) => c.op === 'check' && c.id === job.deploymentId).length);
  }
}
