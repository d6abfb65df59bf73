import type { Scalar } from '../monitoring-store.js';

/**
 * How bias reads labels and predictions as 0/1 (monitoring.models.<m>.positiveLabel and
 * scoreThreshold in steward.yaml):
 *   - null is missing;
 *   - a prediction that is a number, when scoreThreshold is set, is 1 when ≥ the threshold;
 *   - with positiveLabel set, a value whose text equals it is 1 and anything else 0;
 *   - otherwise 1/true/1.0 are 1 and 0/false/0.0 are 0 (text, any case); anything else cannot
 *     be read ("bad"), and the bias report says which values and what to set.
 */
export interface LabelEncoding {
  readonly positiveLabel?: string | number | boolean;
  readonly scoreThreshold?: number;
}

export type Binary = 0 | 1 | 'missing' | 'bad';

const TRUE = new Set(['1', 'true', '1.0']);
const FALSE = new Set(['0', 'false', '0.0']);

export function readBinary(v: Scalar | undefined, e: LabelEncoding, isPrediction: boolean): Binary {
  if (v === null || v === undefined) return 'missing';
  if (isPrediction && e.scoreThreshold !== undefined && typeof v === 'number') return v >= e.scoreThreshold ? 1 : 0;
  if (e.positiveLabel !== undefined) return String(v) === String(e.positiveLabel) ? 1 : 0;
  const s = String(v).toLowerCase();
  if (TRUE.has(s)) return 1;
  if (FALSE.has(s)) return 0;
  return 'bad';
}
