import { unknownRole } from './unknown-role.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { err, ok, type Result } from '../core/result.js';
import type { Config, ConfigProblem } from './config.js';
import { envSchema, type FileConfig, fileSchema } from './config-schema.js';
import { resolvePolicies, unknownPolicyEnvironments } from './resolve-policies.js';
import { grantProblem } from '../governance/domain/permissions.js';
import { BUILTIN_ROLES, DEFAULT_ACCESS, DEFAULT_ENVIRONMENTS } from './defaults.js';
import { resolveSlackConfig } from './slack-config.js';
import { resolveDiscordConfig } from './discord-config.js';
import { resolveLlmConfig } from './llm-config.js';
import { resolveSchedulingConfig } from './scheduling-config.js';
import { resolveMonitoring } from './monitoring-config.js';
import { rawTargetProblems, resolveTargets } from './targets-schema.js';
import { rawTrainingProblems, resolveTraining } from './training-config.js';
import { resolveRegistry } from './registry-config.js';
import { parseAuditKeys } from './audit-config.js';
import { resolveLimits } from './limits-config.js';
import { resolvePages } from './pages-config.js';

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/**
 * Read and validate everything once: environment variables and the optional steward.yaml.
 * Every problem is reported at once, each naming its field and what is expected.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): ConfigResult {
  const problems: ConfigProblem[] = [];
  const envParsed = envSchema.safeParse(env);
  if (!envParsed.success) problems.push(...zodProblems(envParsed.error, 'env: '));

  const explicit = env.STEWARD_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'steward.yaml');
  let fileCfg: FileConfig = {};
  let configFile: string | null = null;
  let raw: unknown = {};
  let configHash: string | null = null;
  if (existsSync(file)) {
    configFile = file;
    const bytes = readConfigFile(file);
    const read = bytes.ok ? parseYamlText(bytes.value.toString('utf8')) : bytes;
    if (bytes.ok) configHash = createHash('sha256').update(bytes.value).digest('hex');
    if (!read.ok) problems.push({ where: bytes.ok ? file : explicit ? 'env: STEWARD_CONFIG' : 'steward.yaml', message: read.error.message });
    else {
      raw = read.value ?? {};
      const parsed = parseSections(raw);
      problems.push(...parsed.problems);
      fileCfg = parsed.value;
    }
  } else if (explicit) {
    problems.push({ where: 'env: STEWARD_CONFIG', message: `file ${file} does not exist; point STEWARD_CONFIG at your steward.yaml or unset it` });
  }

  const rawEnvs = (raw as { environments?: unknown }).environments;
  const environments = fileCfg.environments ?? (Array.isArray(rawEnvs) && rawEnvs.every((e) => typeof e === 'string') ? (rawEnvs as string[]) : [...DEFAULT_ENVIRONMENTS]);
  problems.push(...unknownPolicyEnvironments(raw, environments));
  problems.push(...rawTargetProblems(raw, environments));
  problems.push(...rawTrainingProblems(raw));
  const roles = { ...BUILTIN_ROLES, ...(fileCfg.roles ?? {}) };
  const members = { ...(fileCfg.members ?? DEFAULT_ACCESS.members) };
  for (const [identity, rs] of Object.entries(members)) {
    rs.forEach((r, i) => {
      if (!(r in roles)) problems.push({ where: `steward.yaml: members.${identity}[${i}]`, message: unknownRole(r, roles) });
    });
  }
  for (const [role, grants] of Object.entries(fileCfg.roles ?? {})) {
    grants.forEach((g, i) => {
      const problem = grantProblem(g, environments);
      if (problem) problems.push({ where: `steward.yaml: roles.${role}[${i}]`, message: problem });
    });
  }

  const resolved = resolvePolicies(fileCfg.policies, environments, roles);
  problems.push(...resolved.problems);

  const slack = resolveSlackConfig(env);
  problems.push(...slack.problems);

  const discord = resolveDiscordConfig(env);
  problems.push(...discord.problems);

  const llm = resolveLlmConfig(env);
  problems.push(...llm.problems);

  const scheduling = resolveSchedulingConfig(fileCfg, environments, env);
  problems.push(...scheduling.problems);

  const targets = resolveTargets(fileCfg.targets, environments, env);
  problems.push(...targets.problems);

  const training = resolveTraining(fileCfg.training, roles, env);
  problems.push(...training.problems);

  const registry = resolveRegistry(fileCfg.registry, raw, environments, env);
  problems.push(...registry.problems);

  const auditKeys = parseAuditKeys(env.STEWARD_AUDIT_KEYS);
  problems.push(...auditKeys.problems);

  const pages = resolvePages(fileCfg.pages, env, join(resolve(cwd, env.STEWARD_DATA_DIR || './.steward'), 'pages-key'));
  problems.push(...pages.problems);

  if (problems.length || !envParsed.success) return { ok: false, problems };
  const e = envParsed.data;
  return {
    ok: true,
    config: {
      environments,
      access: { roles, members },
      policies: resolved.policies,
      database: { url: e.DATABASE_URL ?? null, dataDir: resolve(cwd, e.STEWARD_DATA_DIR) },
      configFile,
      configHash,
      cliUser: e.STEWARD_USER ?? e.USER ?? 'local',
      logLevel: e.LOG_LEVEL,
      http: { port: e.STEWARD_HTTP_PORT ?? null, host: e.STEWARD_HTTP_HOST },
      stopGraceMs: (e.STEWARD_STOP_GRACE_SECONDS ?? 25) * 1000,
      slack: slack.slack,
      discord: discord.discord,
      llm: llm.llm,
      scheduling: scheduling.scheduling,
      monitoring: structuredClone(resolveMonitoring(fileCfg.monitoring)),
      targets: targets.targets,
      training: training.training,
      registry: registry.registry,
      metricsToken: e.STEWARD_METRICS_TOKEN ?? null,
      limits: resolveLimits(fileCfg.limits),
      pages: pages.pages,
      audit: {
        keys: auditKeys.keys,
        keyFile: join(resolve(cwd, e.STEWARD_DATA_DIR), 'audit-key'),
        anchorFile: fileCfg.audit?.anchorFile ? resolve(cwd, fileCfg.audit.anchorFile) : join(resolve(cwd, e.STEWARD_DATA_DIR), 'audit-anchors.jsonl'),
        anchorEveryMs: fileCfg.audit?.anchorEvery ?? 3_600_000,
        channel: fileCfg.audit?.channel ? { platform: fileCfg.audit.channel.platform, channelId: fileCfg.audit.channel.id } : null,
      },
      deploys: { leaseMs: fileCfg.deploys?.lease ?? 30_000, pollMs: fileCfg.deploys?.poll ?? 5_000, deadlineMs: fileCfg.deploys?.deadline ?? 15 * 60_000 },
    },
  };
}

/**
 * The bytes of a steward.yaml, or why it cannot be read — naming `shown` (the path as given) and
 * saying what to do: a directory, a missing file and one this user may not read each get their own words.
 */
export function readConfigFile(file: string, shown = file): Result<Buffer> {
  try {
    return ok(readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    switch (code) {
      case 'EISDIR':
        return err('bad_input', `${shown} is a directory; give the path of a steward.yaml file`);
      case 'ENOENT':
        return err('bad_input', `${shown} does not exist; give the path of a steward.yaml file`);
      case 'ENOTDIR':
        return err('bad_input', `${shown} does not exist (a part of its path is a file, not a directory); give the path of a steward.yaml file`);
      case 'EACCES':
      case 'EPERM':
        return err('bad_input', `${shown} cannot be read: permission denied; make it readable by this user (chmod) or give another steward.yaml`);
      default:
        return err('bad_input', `${shown} cannot be read (${code ?? (e as Error).message}); give the path of a readable steward.yaml file`);
    }
  }
}

function parseYamlText(text: string): Result<unknown> {
  try {
    return ok(parseYaml(text));
  } catch (e) {
    // the first line, without the source excerpt it introduces ("… at line 3, column 1:")
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/:\s*$/, '');
    return err('bad_input', `cannot parse YAML: ${msg}`);
  }
}

/**
 * The file schema, section by section and entry by entry (each role, member, policy, target and
 * schedule on its own), so one bad entry hides nothing else: every problem is reported in one run,
 * and the checks that span sections still see every good entry.
 */
function parseSections(raw: unknown): { value: FileConfig; problems: ConfigProblem[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    const r = fileSchema.safeParse(raw, { reportInput: true });
    return { value: {}, problems: r.success ? [] : zodProblems(r.error, 'steward.yaml: ') };
  }
  const shape = fileSchema.shape as Record<string, z.ZodType>;
  const problems: ConfigProblem[] = [];
  const value: Record<string, unknown> = {};
  const unknown = Object.keys(raw).filter((k) => !(k in shape));
  if (unknown.length) problems.push({ where: 'steward.yaml: (root)', message: `Unrecognized key${unknown.length === 1 ? '' : 's'}: ${unknown.map((k) => `"${k}"`).join(', ')}; the sections are ${Object.keys(shape).join(', ')}` });
  for (const [key, v] of Object.entries(raw)) {
    const schema = shape[key];
    if (!schema) continue;
    const whole = schema.safeParse(v, { reportInput: true });
    if (whole.success) {
      value[key] = whole.data;
      continue;
    }
    problems.push(...zodProblems(whole.error, 'steward.yaml: ', [key]));
    // keep the good entries, so the checks across sections still run on them
    const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    if (inner instanceof z.ZodRecord && v && typeof v === 'object' && !Array.isArray(v)) {
      const good = Object.entries(v).map(([k, e]) => inner.safeParse({ [k]: e })).filter((r) => r.success);
      value[key] = Object.assign({}, ...good.map((r) => r.data));
    } else if (key === 'schedules' && inner instanceof z.ZodArray && Array.isArray(v)) {
      // a bad schedule leaves a hole, so the others keep their index in problems
      value[key] = v.map((e) => (inner.element as z.ZodType).safeParse(e)).map((r) => (r.success ? r.data : undefined));
    }
  }
  return { value: value as FileConfig, problems };
}

export function zodProblems(error: z.ZodError, prefix: string, under: readonly PropertyKey[] = []): ConfigProblem[] {
  return error.issues.map((i) => {
    const path = [...under, ...i.path].map((p, idx) => (typeof p === 'number' ? `[${p}]` : `${idx ? '.' : ''}${String(p)}`)).join('');
    const input = 'input' in i ? i.input : undefined;
    const got = input !== undefined && (input === null || typeof input !== 'object') ? ` (got ${JSON.stringify(input)})` : '';
    const message = i.code === 'invalid_key' && i.issues[0] ? i.issues[0].message : i.message;
    return { where: `${prefix}${path || '(root)'}`, message: `${message}${got}` };
  });
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  return [`Steward cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}`, ...problems.map((p) => `  - ${p.where}: ${p.message}`)].join('\n');
}
