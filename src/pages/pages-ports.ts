import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { ChainVerdict } from '../governance/domain/hash-chain.js';
import type { Store } from '../ports/store.js';
import type { ModelCardField } from '../registry/domain/model.js';

/** What the pages read: the store, the time, the configuration, and the audit chain's verification. */
export interface PagesPorts {
  readonly store: Store;
  readonly clock: Clock;
  readonly config: Config;
  /** the verify-audit use case with this server's audit keys and anchors */
  readonly verifyAudit: () => Promise<ChainVerdict>;
}

/** A rendered page, or a page that is not there (404). */
export type PageResult = { readonly status: number; readonly html: string };

export const CARD_LABELS: Record<ModelCardField, string> = {
  intendedUse: 'Intended use',
  limitations: 'Limitations',
  ethicalConsiderations: 'Ethical considerations',
  evaluationData: 'Evaluation data',
};
