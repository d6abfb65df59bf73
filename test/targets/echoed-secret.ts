import { renderText } from '../../src/chat/replies/text-render.js';
import { renderDiscord } from '../../adapters/discord/discord-render.js';
import { renderSlack } from '../../adapters/slack/slack-render.js';
import type { Database } from '../../src/db/database.js';
import type { Reply } from '../../src/chat/replies/reply.js';
import type { DeployHarness } from '../helpers/deploy-harness.js';

/**
 * Everything Steward stored or showed about one deployment, as text: its row (reason, plan, target
 * ref and URL), every audit event's details read from the database, the card as each surface renders
 * it, and every message posted or updated in chat. A secret must appear in none of it.
 */
export async function everythingAbout(db: Database, h: DeployHarness, id: number, shown: readonly Reply[] = []): Promise<string> {
  const rows = await db.execute(`select row_to_json(d)::text as j from deployments d where id = ${id}`);
  const audit = await db.execute(`select action, details::text as details from audit_events order by seq`);
  const card = (await h.deps.cards.render({ kind: 'deployment', id: String(id) }))!;
  const replies = [card, ...shown, ...h.publisher.posts.map((p) => p.reply), ...h.publisher.updates.map((u) => u.reply)];
  return [
    JSON.stringify(rows),
    JSON.stringify(audit),
    ...replies.flatMap((r) => [renderText(r), JSON.stringify(renderSlack(r)), JSON.stringify(renderDiscord(r))]),
  ].join('\n');
}
