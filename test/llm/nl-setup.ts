import type { Store } from '../../src/ports/store.js';
import { OpenAiStandIn } from '../fakes/openai-stand-in.js';
import { HEX64, type Harness, harness } from '../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../helpers/test-config.js';

export const KEY = 'sk-test-steward-4f9c2a7e1b';
export const MODEL = 'steward-test-model';
const GOOD = '--metric auc=0.93 --fairness demographicParityRatio=0.9 --intended-use "fraud review"';

export interface NlSetup {
  readonly h: Harness;
  readonly llm: OpenAiStandIn;
  close(): Promise<void>;
}

/**
 * The governance setup (alice may deploy, bob/carol/dave approve; production needs 2 approvals)
 * with natural language pointed at an OpenAI stand-in on loopback, configured the way production
 * is: OPENAI_API_KEY, OPENAI_BASE_URL and STEWARD_LLM_MODEL through loadConfig.
 */
export async function nlSetup(o: { store?: Store; env?: Record<string, string> } = {}): Promise<NlSetup> {
  const llm = await new OpenAiStandIn({ apiKey: KEY }).start();
  const config = configFromYaml(GOVERNANCE_YAML, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: llm.baseUrl, STEWARD_LLM_MODEL: MODEL, ...o.env });
  const h = harness({ config, ...(o.store ? { store: o.store } : {}) });
  await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} ${GOOD}`, 'alice');
  await h.say(`register fraud-detector s3://m/2 --sha256 ${HEX64('2')} ${GOOD}`, 'alice');
  return { h, llm, close: () => llm.close() };
}

/** Every deployment request of fraud-detector (any status). */
export async function deploymentsOf(h: Harness) {
  const m = await h.store.read.models.byName('fraud-detector');
  return m ? h.store.read.deployments.history(m.id) : [];
}

export const textOf = (r: { blocks: readonly { kind: string; text?: string }[] }) => r.blocks.map((b) => b.text ?? '').join('\n');
