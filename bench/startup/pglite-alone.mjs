// The baseline of bench/startup: PGlite alone opening the same data directory as Steward
// (<STEWARD_DATA_DIR>/pgdata), one query, then the same readiness probe Steward answers: GET
// /healthz on STEWARD_HTTP_PORT runs a query and answers 200. SIGTERM closes PGlite and exits.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const dataDir = join(process.env.STEWARD_DATA_DIR, 'pgdata');
mkdirSync(dataDir, { recursive: true });
const pg = await PGlite.create({ dataDir });
await pg.query('select 1');
const server = createServer((req, res) => {
  pg.query('select 1').then(
    () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
    () => res.writeHead(503).end(),
  );
});
server.listen(Number(process.env.STEWARD_HTTP_PORT), process.env.STEWARD_HTTP_HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  void pg.close().then(() => process.exit(0));
});
