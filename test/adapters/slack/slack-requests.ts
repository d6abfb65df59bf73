import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeAction, type ActionPayload } from '../../../src/chat/replies/reply.js';

const dir = join(import.meta.dirname, '../../fixtures/slack');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

export interface SlackUserRef {
  readonly id: string;
  readonly name: string;
}

/** A slash command body in Slack's recorded format (test/fixtures/slack/slash-command.txt), fields overridden. */
export function slashCommandBody(o: { command: string; text: string; user: SlackUserRef; channelId: string; responseUrl: string; teamId?: string }): string {
  const form = new URLSearchParams(fixture('slash-command.txt'));
  form.set('command', o.command);
  form.set('text', o.text);
  form.set('user_id', o.user.id);
  form.set('user_name', o.user.name);
  form.set('channel_id', o.channelId);
  form.set('response_url', o.responseUrl);
  if (o.teamId) form.set('team_id', o.teamId);
  return form.toString();
}

/** A button click (block_actions) as `payload=<json>`, from test/fixtures/slack/block-actions.json. */
export function blockActionsBody(o: { user: SlackUserRef; channelId: string; messageTs: string; actionId: string; value: string; responseUrl: string; triggerId?: string; threadTs?: string }): string {
  const p = JSON.parse(fixture('block-actions.json'));
  p.user = { ...p.user, id: o.user.id, username: o.user.name, name: o.user.name };
  p.container = { ...p.container, message_ts: o.messageTs, channel_id: o.channelId, ...(o.threadTs ? { thread_ts: o.threadTs } : {}) };
  p.channel = { ...p.channel, id: o.channelId };
  p.message = { ...p.message, ts: o.messageTs, ...(o.threadTs ? { thread_ts: o.threadTs } : {}) };
  p.response_url = o.responseUrl;
  p.trigger_id = o.triggerId ?? p.trigger_id;
  p.actions = [{ ...p.actions[0], action_id: o.actionId, value: o.value }];
  return new URLSearchParams({ payload: JSON.stringify(p) }).toString();
}

export const buttonValue = (p: ActionPayload) => encodeAction(p);

/** A modal submission (view_submission) carrying the reject reason, from view-submission.json. */
export function viewSubmissionBody(o: { user: SlackUserRef; callbackId: string; privateMetadata: string; blockId: string; actionId: string; value: string }): string {
  const p = JSON.parse(fixture('view-submission.json'));
  p.user = { ...p.user, id: o.user.id, username: o.user.name, name: o.user.name };
  p.view = { ...p.view, callback_id: o.callbackId, private_metadata: o.privateMetadata, state: { values: { [o.blockId]: { [o.actionId]: { type: 'plain_text_input', value: o.value } } } } };
  return new URLSearchParams({ payload: JSON.stringify(p) }).toString();
}

/** An Events API app_mention (JSON body), from app-mention.json. */
export function appMentionBody(o: { user: SlackUserRef; channelId: string; text: string; ts?: string }): string {
  const p = JSON.parse(fixture('app-mention.json'));
  p.event = { ...p.event, user: o.user.id, channel: o.channelId, text: o.text, ts: o.ts ?? p.event.ts };
  return JSON.stringify(p);
}
