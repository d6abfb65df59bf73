import type { StewardApp } from '../app/steward-app.js';
import type { Logger } from '../chat/command-context.js';
import type { Config } from '../config/config.js';
import { apiRoutes } from './api-routes.js';
import { deployCallbackRoute } from './deploy-callback-route.js';
import { type Route, type RunningHttpServer, startHttpServer } from './http-server.js';

/** Start the HTTP API when STEWARD_HTTP_PORT is set (config.http.port); null otherwise. `extra` routes (e.g. a Slack receiver) share the server. */
export async function startApiServer(app: StewardApp, config: Config, log: Logger, extra: readonly Route[] = []): Promise<RunningHttpServer | null> {
  if (config.http.port === null) return null;
  const server = await startHttpServer({ host: config.http.host, port: config.http.port, routes: [...apiRoutes(app, log), deployCallbackRoute(app.deps), ...extra], log });
  log.info({ url: server.url }, 'HTTP API listening');
  return server;
}
