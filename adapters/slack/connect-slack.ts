import type { StewardApp } from '../../src/ports/steward-app.js';
import type { Logger } from '../../src/ports/logger.js';
import type { SlackConfig } from '../../src/config/slack-config.js';
import type { AccessConfig } from '../../src/governance/domain/access.js';
import type { MultiPublisher } from '../../src/chat/replies/publisher.js';
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from './slack-adapter.js';
import { SlackStartError } from './slack-errors.js';

export type SlackConnection = { ok: true; adapter: SlackAdapter; banner: string } | { ok: false; message: string; exitCode: number };

/**
 * For `steward start`: build the Slack adapter, register its publisher under 'slack' (cards and
 * reports reach Slack through it), check the token (auth.test) and, in Socket Mode, connect.
 * A bad token is a fix-it message and an exit status, not a stack trace.
 */
export async function connectSlack(app: StewardApp, slack: SlackConfig, publisher: MultiPublisher, log: Logger, o: { access: AccessConfig; naturalLanguage: boolean }): Promise<SlackConnection> {
  const adapter = createSlackAdapter({ app, slack, log, ...o });
  publisher.register('slack', adapter.publisher);
  try {
    const who = await adapter.start();
    const how = slack.mode === 'http' ? `HTTP mode: Slack sends ${slack.command}, clicks and events to <your public URL>${SLACK_EVENTS_PATH}` : 'Socket Mode: connected out to Slack, no public URL needed';
    return { ok: true, adapter, banner: `Connected to Slack workspace "${who.team}" as <@${who.botUserId}> (${how}).` };
  } catch (e) {
    if (e instanceof SlackStartError) return { ok: false, message: e.message, exitCode: e.exitCode };
    throw e;
  }
}
