import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';

/** A validated Config built the same way production builds it, from env and optional YAML text. */
export function testConfig(env: Record<string, string> = {}, cwd = '/nonexistent-steward-cwd'): Config {
  const r = loadConfig({ STEWARD_DATA_DIR: '/tmp/steward-test-data', USER: 'tester', ...env }, cwd);
  if (!r.ok) throw new Error(`test config invalid: ${JSON.stringify(r.problems)}`);
  return r.config;
}
