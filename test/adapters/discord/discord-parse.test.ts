import { describe, expect, it } from 'vitest';
import { clickInvocation, commandInvocation, discordActor, parseInteraction, unwrapDiscordText } from '../../../adapters/discord/discord-parse.js';
import { tokenize } from '../../../src/chat/tokenize.js';
import { fixture } from './discord-test-helpers.js';


const CHANNEL = '1300000000000000001';
const GUILD = '1200000000000000001';

describe('Discord interactions (documented JSON) -> our types -> Invocation', () => {
  it('reads a slash command: the command option as the rest of the line, the member as an actor with role identities', () => {
    const req = parseInteraction(fixture('slash-command.json'));
    expect(req).toEqual({
      kind: 'command',
      id: '1600000000000000001',
      token: 'aW50ZXJhY3Rpb246MTYwMDAwMDAwMDAwMDAwMDAwMTp0b2tlbg',
      applicationId: '1100000000000000001',
      commandName: 'mlops',
      text: 'deploy fraud-detector 7 to production --reason "better recall" @1400000000000000002',
      user: { id: '1400000000000000001', username: 'alice.ml', displayName: 'Alice (ML)' },
      roleIds: ['1500000000000000002'],
      channelId: CHANNEL,
      guildId: GUILD,
      appPermissions: 2248473465835073n,
    });
    const inv = commandInvocation(req as Extract<typeof req, { kind: 'command' }>);
    expect(inv).toEqual({
      actor: { platform: 'discord', id: '1400000000000000001', displayName: 'Alice (ML)', groups: ['discord-role:1500000000000000002'] },
      channel: { platform: 'discord', id: CHANNEL },
      text: '/mlops deploy fraud-detector 7 to production --reason "better recall" @1400000000000000002',
    });
    // the phone's curly quotes became straight ones, so the reason is one argument
    const toks = tokenize(inv.text!);
    expect(toks.ok && toks.value).toContain('better recall');
  });

  it('reads a button click: the custom_id is the versioned ids-only payload, the message is the card', () => {
    const req = parseInteraction(fixture('button-click.json'));
    expect(req).toMatchObject({ kind: 'button', payload: { v: 1, a: 'approve', id: '42' }, messageId: '1700000000000000001', channelId: CHANNEL, roleIds: ['1500000000000000001', '1500000000000000003'] });
    expect(req!.user).toEqual({ id: '1400000000000000002', username: 'bob', displayName: 'Bob' });
    if (req?.kind !== 'button' || !req.payload) throw new Error('expected a button');
    expect(clickInvocation(req, req.payload)).toEqual({
      actor: { platform: 'discord', id: '1400000000000000002', displayName: 'Bob', groups: ['discord-role:1500000000000000001', 'discord-role:1500000000000000003'] },
      channel: { platform: 'discord', id: CHANNEL },
      action: { v: 1, a: 'approve', id: '42' },
    });
  });

  it('reads the reason modal, whether the text input sits in a label (type 18) or an action row (type 1)', () => {
    const withLabel = parseInteraction(fixture('modal-submit.json'));
    expect(withLabel).toMatchObject({ kind: 'modal', payload: { v: 1, a: 'reject', id: '42' }, reason: 'AUC regressed on the March holdout', messageId: '1700000000000000001' });
    if (withLabel?.kind !== 'modal' || !withLabel.payload) throw new Error('expected a modal');
    expect(clickInvocation(withLabel, withLabel.payload, withLabel.reason).input).toBe('AUC regressed on the March holdout');
    const inRow = parseInteraction(fixture('modal-submit-action-row.json'));
    expect(inRow).toMatchObject({ kind: 'modal', payload: { v: 1, a: 'override', id: '43' }, reason: 'gate data is stale', messageId: null, user: { displayName: 'Carol' } });
  });

  it('reads a command in a DM: the user instead of a member, no server, no roles, an empty line (help)', () => {
    const req = parseInteraction(fixture('slash-command-dm.json'));
    expect(req).toMatchObject({ kind: 'command', text: '', guildId: null, roleIds: [], user: { id: '1400000000000000004', displayName: 'dave' } });
    expect(discordActor(req!)).toEqual({ platform: 'discord', id: '1400000000000000004', displayName: 'dave' });
    expect(commandInvocation(req as Extract<typeof req, { kind: 'command' }>).text).toBe('/mlops');
  });

  it('refuses what it cannot act on: an unknown custom_id gives a null payload; a payload missing its token or user parses to null', () => {
    const click = fixture('button-click.json');
    const odd = parseInteraction({ ...click, data: { component_type: 2, custom_id: 'someone-elses-button' } });
    expect(odd).toMatchObject({ kind: 'button', payload: null });
    expect(parseInteraction({ ...click, token: undefined })).toBeNull();
    expect(parseInteraction({ ...click, member: undefined })).toBeNull();
    expect(parseInteraction({ ...click, type: 4 })).toBeNull(); // autocomplete: not Steward's
    expect(parseInteraction('not json')).toBeNull();
  });

  it('never lets the @everyone role (its id is the server id) stand for a role the member was given', () => {
    const cmd = fixture('slash-command.json');
    const member = { ...(cmd.member as object), roles: [GUILD, '1500000000000000002'] };
    expect(parseInteraction({ ...cmd, member })!.roleIds).toEqual(['1500000000000000002']);
  });

  it('unwraps Discord markup typed into the option: mentions, channels, roles, custom emoji, curly quotes', () => {
    expect(unwrapDiscordText(' lock fd production “freeze for <#1300000000000000001>” <@!1400000000000000002> <@&1500000000000000001> <:ok:123456> ‘x’ ')).toBe(
      'lock fd production "freeze for #1300000000000000001" @1400000000000000002 @&1500000000000000001 :ok: \'x\'',
    );
  });
});
