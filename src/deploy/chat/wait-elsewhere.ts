/** `--wait` and `--timeout` of deploy and rollback are the CLI's (cli/deploy-wait.ts): chat and the API point elsewhere. */
export const WAIT_ELSEWHERE = [
  { name: 'wait', instead: 'here, follow the card; over the HTTP API, wait with GET /api/v1/deployments/<id>?wait=30s.' },
  { name: 'timeout', instead: 'here, follow the card; over the HTTP API, wait with GET /api/v1/deployments/<id>?wait=30s.' },
] as const;
