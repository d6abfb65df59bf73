import type { DeployExecutor } from '../../src/deploy/domain/executor.js';

/** Records hand-offs of approved deployments (the governance tests' executor). */
export class RecordingExecutor implements DeployExecutor {
  readonly submitted: number[] = [];
  async submit(id: number): Promise<void> {
    this.submitted.push(id);
  }
}
