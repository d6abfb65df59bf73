/**
 * The hand-off of an approved deployment to whatever runs it (targets, locks, progress: the deploy
 * executor). Called once, after the transaction that approved the request has committed; a process
 * that dies in between leaves the request `approved`, which the executor reconciles at start.
 */
export interface DeployExecutor {
  submit(deploymentId: number): Promise<void>;
}
