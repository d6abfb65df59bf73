/** The Slack Web API stand-in as its own process (lean: no recording, no validation; GET /counts = calls per method). Prints its URLs. */
import { SlackApiStandIn } from '../../test/fakes/slack-api-stand-in.js';

const s = await new SlackApiStandIn({ token: process.env.SLACK_BOT_TOKEN, lean: true, users: {} }).start();
process.stdout.write(`${JSON.stringify({ apiUrl: s.apiUrl, responseUrl: s.responseUrl('T0001/bench'), countsUrl: `${s.url}/counts` })}\n`);
process.once('SIGTERM', () => void s.close().then(() => process.exit(0)));
