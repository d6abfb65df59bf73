// Types of generate.mjs for the tests that use it (test/cli/log-profile-cli.test.ts).
export function referenceCsv(rows: number): string;
export function writePredictions(rows: number, out: string, groupRows?: number, options?: { offsetIndex?: boolean }): Promise<void>;
