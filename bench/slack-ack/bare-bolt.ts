/** The baseline: a bare Bolt 5 app (its own HTTPReceiver server) whose slash command only acks. */
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.WARN,
});
app.command(process.env.SLACK_COMMAND ?? '/mlops', async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as unknown as import('node:http').Server;
const port = (server.address() as import('node:net').AddressInfo).port;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/slack/events` })}\n`);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
