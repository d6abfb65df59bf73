// `steward` from the TypeScript sources through tsx, whether or not a build exists: what
// bin/steward.js runs when dist/ is missing or stale (bench/startup's "steward (tsx)").
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
