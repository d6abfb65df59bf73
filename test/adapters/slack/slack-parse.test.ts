import { describe, expect, it } from 'vitest';
import { REASON_MODAL_CALLBACK_ID, REASON_ACTION_ID, REASON_BLOCK_ID } from '../../../adapters/slack/slack-action-ids.js';
import { clickInvocation, commandInvocation, parseBlockAction, parseSlashCommand, parseViewSubmission, unwrapSlackText } from '../../../adapters/slack/slack-parse.js';
import { reasonModal } from '../../../adapters/slack/slack-reason-modal.js';
import type { Actor } from '../../../src/governance/domain/actor.js';
import { blockKitProblems } from '../../fakes/slack-block-limits.js';
import { blockActionsBody, slashCommandBody, viewSubmissionBody } from './slack-requests.js';

const amy: Actor = { platform: 'slack', id: 'U0CA5', displayName: 'Amy' };
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));
const payload = (body: string) => JSON.parse(new URLSearchParams(body).get('payload')!);

describe("parsing Slack's documented payloads", () => {
  it('turns a slash command (recorded form fields) into an Invocation in its channel', () => {
    const body = form(slashCommandBody({ command: '/mlops', text: 'history  fraud-detector production', user: { id: 'U2147483697', name: 'Steve' }, channelId: 'C2147483705', responseUrl: 'https://hooks.slack.com/commands/1234/5678' }));
    const req = parseSlashCommand(body)!;
    expect(req).toMatchObject({ userId: 'U2147483697', userName: 'Steve', channelId: 'C2147483705', teamId: 'T0001', command: '/mlops', responseUrl: 'https://hooks.slack.com/commands/1234/5678', triggerId: '13345224609.738474920.8088930838d88f008e0' });
    expect(commandInvocation(req, amy)).toEqual({ actor: amy, channel: { platform: 'slack', id: 'C2147483705' }, text: '/mlops history  fraud-detector production' });
  });

  it('refuses a slash command without user, channel or response_url (parses to null, never guesses)', () => {
    const body = form(slashCommandBody({ command: '/mlops', text: 'models', user: { id: 'U1', name: 'x' }, channelId: 'C1', responseUrl: 'https://h/1' }));
    for (const k of ['user_id', 'channel_id', 'response_url', 'command']) expect(parseSlashCommand({ ...body, [k]: '' })).toBeNull();
  });

  it('reads a block_actions click: user, channel, message ts and the decoded ids-only payload', () => {
    const click = parseBlockAction(payload(blockActionsBody({ user: { id: 'U0CA5', name: 'Amy McGee' }, channelId: 'C0CA5', messageTs: '1548261231.000200', actionId: 'steward:approve', value: '{"v":1,"a":"approve","id":"42"}', responseUrl: 'https://hooks.slack.com/actions/1' })))!;
    expect(click).toMatchObject({ userId: 'U0CA5', channelId: 'C0CA5', messageTs: '1548261231.000200', triggerId: '12466734323.1395872398', responseUrl: 'https://hooks.slack.com/actions/1', actionId: 'steward:approve', payload: { v: 1, a: 'approve', id: '42' } });
    expect(clickInvocation(click, click.payload!, amy)).toEqual({ actor: amy, channel: { platform: 'slack', id: 'C0CA5' }, action: { v: 1, a: 'approve', id: '42' } });
  });

  it('gives a null payload for a button value it does not understand, and ignores foreign action_ids', () => {
    const body = (actionId: string, value: string) => payload(blockActionsBody({ user: { id: 'U1', name: 'u' }, channelId: 'C1', messageTs: '1.2', actionId, value, responseUrl: 'https://h/1' }));
    expect(parseBlockAction(body('steward:approve', '{"v":2,"a":"approve","id":"42"}'))!.payload).toBeNull();
    expect(parseBlockAction(body('steward:approve', 'click_me_123'))!.payload).toBeNull();
    expect(parseBlockAction(body('WaXA', '{"v":1,"a":"approve","id":"42"}'))).toBeNull();
  });

  it('round-trips the reject modal: private_metadata carries the payload and the card, the submission carries the reason', () => {
    const view = reasonModal({ payload: { v: 1, a: 'reject', id: '42' }, channelId: 'C0CA5', messageTs: '1548261231.000200', threadTs: null });
    expect(view.callback_id).toBe(REASON_MODAL_CALLBACK_ID);
    expect(blockKitProblems(view.blocks, { surface: 'modal' })).toEqual([]);
    const sub = parseViewSubmission(payload(viewSubmissionBody({ user: { id: 'U0CA5', name: 'Amy McGee' }, callbackId: REASON_MODAL_CALLBACK_ID, privateMetadata: view.private_metadata!, blockId: REASON_BLOCK_ID, actionId: REASON_ACTION_ID, value: '  AUC dropped on the holdout set  ' })))!;
    expect(sub).toEqual({ userId: 'U0CA5', userName: 'Amy McGee', reason: 'AUC dropped on the holdout set', meta: { payload: { v: 1, a: 'reject', id: '42' }, channelId: 'C0CA5', messageTs: '1548261231.000200', threadTs: null } });
  });

  it('ignores a view_submission of another modal, and tampered private_metadata', () => {
    const p = payload(viewSubmissionBody({ user: { id: 'U1', name: 'u' }, callbackId: 'modal-with-inputs', privateMetadata: 'shhh-its-secret', blockId: 'multi-line', actionId: 'ml-value', value: 'x' }));
    expect(parseViewSubmission(p)).toBeNull();
    const q = payload(viewSubmissionBody({ user: { id: 'U1', name: 'u' }, callbackId: REASON_MODAL_CALLBACK_ID, privateMetadata: '{"p":{"v":1,"a":"drop_tables","id":"1"}}', blockId: REASON_BLOCK_ID, actionId: REASON_ACTION_ID, value: 'because' }));
    expect(parseViewSubmission(q)!.meta).toBeNull();
  });

  it.each([
    ['register m <https://models.example.com/fd/7.pkl>', 'register m https://models.example.com/fd/7.pkl'],
    ['register m <http://example.com|example.com>', 'register m example.com'],
    ['see <https://wiki.example.com/runbook|the runbook>', 'see https://wiki.example.com/runbook'],
    ['ask <@U0123ABCD> or <@U0456|bob>', 'ask @U0123ABCD or @U0456'],
    ['in <#C0MLOPS|ml-ops> cc <!subteam^S0APPROVERS|@approvers> <!here>', 'in #ml-ops cc @approvers @here'],
    ['register m s3://b/m.pkl --description “fast &amp; small” --metric a&lt;b', 'register m s3://b/m.pkl --description "fast & small" --metric a<b'],
    ['mail <mailto:ops@example.com|ops@example.com>', 'mail ops@example.com'],
  ])('unwraps Slack markup: %s', (raw, expected) => {
    expect(unwrapSlackText(raw)).toBe(expected);
  });
});
