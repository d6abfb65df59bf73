import type { Config } from './config.js';

/** Every secret value the configuration holds: what must never be stored, shown or logged. */
export function configuredSecrets(config: Config): string[] {
  const out: (string | null | undefined)[] = [];
  for (const t of Object.values(config.targets)) {
    if ('secret' in t) out.push(t.secret);
    if ('token' in t) out.push(t.token);
  }
  for (const t of Object.values(config.training ?? {})) out.push('secret' in t.pipeline ? t.pipeline.secret : 'token' in t.pipeline ? t.pipeline.token : null);
  for (const k of config.audit?.keys ?? []) out.push(k.secret);
  out.push(config.metricsToken);
  if (config.registry) out.push(config.registry.token, config.registry.webhookSecret);
  if (config.slack) out.push(config.slack.botToken, config.slack.signingSecret, config.slack.appToken);
  if (config.discord) out.push(config.discord.token);
  if (config.llm) out.push(config.llm.apiKey);
  if (config.database.url) {
    try {
      const u = new URL(config.database.url);
      if (u.password) out.push(decodeURIComponent(u.password));
    } catch {
      /* validated at load */
    }
  }
  return out.filter((s): s is string => typeof s === 'string' && s.length > 0);
}
