import { join } from 'node:path';
import { CONSOLE_CHANNEL, consoleActor, runConsoleChat } from '../../adapters/console/console-chat.js';
import { saveImages } from '../chat/replies/save-images.js';
import { renderText } from '../chat/replies/text-render.js';
import { createLogger } from '../app/logger.js';
import { configuredSecrets } from '../config/configured-secrets.js';
import { openRuntime } from '../app/runtime.js';
import type { CliIo } from './cli-io.js';
import { exitCodeFor } from '../chat/exit-codes.js';
import { loadOrExit } from './load-or-exit.js';
import { ExitError } from './load-or-exit.js';

const USER_RE = /^[A-Za-z0-9._@-]{1,64}$/;

/** `steward chat -c "<text>" [--as user]`: one line through the console path, reply printed; or the interactive console. */
export async function chatCommand(io: CliIo, o: { command?: string; as?: string }, env: Record<string, string | undefined>): Promise<number> {
  const config = loadOrExit(io, env);
  if (o.as !== undefined && !USER_RE.test(o.as)) {
    io.err('steward: --as takes a user name: letters, digits, . _ @ -');
    throw new ExitError(2);
  }
  const user = o.as ?? config.cliUser;
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, undefined, configuredSecrets(config));
  const rt = await openRuntime(config, log, { mode: 'one-shot' });
  const imagesDir = join(config.database.dataDir, 'images');
  try {
    if (o.command === undefined) {
      await runConsoleChat({ app: rt.steward.app, user, input: process.stdin, output: process.stdout, imagesDir, color: process.stdout.isTTY, afterReply: rt.unattendedWork });
      return 0;
    }
    const reply = await rt.steward.app.handleText({ actor: consoleActor(user), channel: { platform: 'console', id: CONSOLE_CHANNEL }, text: o.command });
    io.out(renderText(reply, { imagePaths: saveImages(reply, imagesDir), chat: true }));
    const note = await rt.unattendedWork();
    if (note) io.out(note);
    return reply.error ? exitCodeFor(reply.error) : 0;
  } finally {
    await rt.close();
  }
}
