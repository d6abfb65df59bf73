import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { SlackStartError } from '../../../adapters/slack/slack-errors.js';
import { openRuntime, type Runtime } from '../../../src/app/runtime.js';
import { SlackApiStandIn } from '../../fakes/slack-api-stand-in.js';
import { SlackSocketStandIn } from '../../fakes/slack-socket-stand-in.js';
import { freshDatabase, type TestDatabase } from '../../helpers/databases.js';
import { testConfig } from '../../helpers/test-config.js';
import { BOT_TOKEN, CapturingLogger, visibleText } from './slack-test-env.js';

const APP_TOKEN = 'xapp-1-A0STEWARD-1234-abcdef';

let api: SlackApiStandIn;
let socket: SlackSocketStandIn;
let db: TestDatabase;
let rt: Runtime;
let adapter: SlackAdapter;

beforeAll(async () => {
  socket = await new SlackSocketStandIn().start();
  api = await new SlackApiStandIn({ token: BOT_TOKEN, appToken: APP_TOKEN, users: { U0ALICE: { name: 'alice', displayName: 'Alice' } } }).start();
  api.socketUrl = socket.url;
  const config = testConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.apiUrl });
  expect(config.slack?.mode).toBe('socket'); // chosen because there is an app token and no signing secret
  db = await freshDatabase('pglite');
  rt = await openRuntime(config, new CapturingLogger(), { mode: 'server', database: db, executor: { submit: async () => {} } });
  adapter = createSlackAdapter({ app: rt.steward.app, slack: config.slack!, log: new CapturingLogger(), access: config.access, naturalLanguage: false, retries: 0 });
  rt.publisher.register('slack', adapter.publisher);
  await adapter.start();
  await socket.whenConnected();
});

afterAll(async () => {
  await adapter?.stop();
  await socket?.close();
  await api?.close();
  await db?.close();
});

describe('Socket Mode (no public URL: Steward dials out with the app token)', () => {
  it('opens the connection with apps.connections.open using the app token, and mounts no HTTP route', () => {
    const open = api.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect(adapter.routes).toEqual([]);
  });

  it('acks a slash command envelope at once and answers through the response_url', async () => {
    const ack = await socket.send('slash_commands', {
      token: 'x',
      team_id: 'T0001',
      channel_id: 'C0MLOPS',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/mlops',
      text: 'whoami',
      response_url: api.responseUrl('T0001/socket/1'),
      trigger_id: '1.2.3',
      api_app_id: 'A0STEWARD',
    });
    expect(ack.ms).toBeLessThan(2000);
    const [answer] = await api.waitFor('response_url');
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(visibleText(answer!.body.blocks)).toContain('slack:U0ALICE');
  });

  it('handles a button click envelope the same way as over HTTP (unknown payload -> private explanation)', async () => {
    await socket.send('interactive', {
      type: 'block_actions',
      user: { id: 'U0ALICE', username: 'alice', name: 'alice', team_id: 'T0001' },
      api_app_id: 'A0STEWARD',
      team: { id: 'T0001', domain: 'x' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0MLOPS', is_ephemeral: false },
      channel: { id: 'C0MLOPS', name: 'ml-ops' },
      trigger_id: '1.2.4',
      response_url: api.responseUrl('T0001/socket/2'),
      actions: [{ type: 'button', action_id: 'steward:approve', block_id: 'b', value: '{"v":9}', action_ts: '1' }],
    });
    const [eph] = await api.waitFor('chat.postEphemeral');
    expect(eph!.body.user).toBe('U0ALICE');
    expect(visibleText(eph!.body.blocks)).toMatch(/not recognised/);
  });

  it('stops at start with a fix-it message naming SLACK_APP_TOKEN (exit status 2) when Slack refuses the app token', async () => {
    const other = await new SlackApiStandIn({ token: BOT_TOKEN, appToken: 'xapp-1-some-other-token' }).start();
    try {
      const config = testConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: other.apiUrl });
      const a = createSlackAdapter({ app: rt.steward.app, slack: config.slack!, log: new CapturingLogger(), access: config.access, naturalLanguage: false, retries: 0 });
      const e = await a.start().then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(SlackStartError);
      expect((e as SlackStartError).exitCode).toBe(2);
      expect((e as SlackStartError).message).toMatch(/^Slack rejected SLACK_APP_TOKEN \(invalid_auth\)\. Set SLACK_APP_TOKEN to an app-level token \(xapp-…\) with the connections:write scope/);
    } finally {
      await other.close();
    }
  });
});
