/**
 * Steward's drift and bias statistics: pure functions over typed arrays.
 * Numeric samples are Float64Array (NaN = missing); categorical ones are
 * Int32Array codes into a category list (−1 = missing).
 */

export { kolmogorovCdf, kolmogorovSurvival } from './kolmogorov.js';
export { sortSample, sortFloat64InPlace, type SortedSample } from './sorted-sample.js';
export { compareSorted, type EcdfComparison } from './ecdf-compare.js';
export { ksPValue, ksTest, ksTestSorted, type KsResult } from './ks-test.js';
export {
  WASSERSTEIN_STD_FLOOR,
  normalizeWasserstein,
  wasserstein,
  wassersteinNormed,
  wassersteinSorted,
} from './wasserstein.js';
export { populationStd } from './population-std.js';
export { quantileSorted, quantilesSorted } from './quantile.js';
export { DECILE_PROBABILITIES, binCountsSorted, countAtMost, decileEdges, proportions } from './bins.js';
export { PSI_FLOOR, psi } from './psi.js';
export { jensenShannon } from './jensen-shannon.js';
export {
  chiSquareHomogeneity,
  chiSquareSurvival,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
  type ChiSquareResult,
} from './chi-square.js';
export {
  alignCategoryCounts,
  categoricalDriftStats,
  type AlignedCategoryCounts,
  type CategoricalDriftStats,
  type CategoricalSample,
} from './categorical.js';
export { numericDriftStatsSorted, type NumericDriftStats } from './numeric-stats.js';
export {
  DEFAULT_DISTANCE_BAND,
  DEFAULT_P_VALUE_BAND,
  DEFAULT_THRESHOLDS,
  SMALL_REFERENCE_MAX_ROWS,
  categoricalColumnDrift,
  classifyDrift,
  columnDrift,
  numericColumnDrift,
  resolveDecision,
  type CategoricalColumn,
  type CategoricalFeatureDrift,
  type ColumnDriftOptions,
  type ColumnInput,
  type ColumnKind,
  type DriftStatus,
  type DriftTest,
  type DriftTier,
  type FeatureDrift,
  type MissingCounts,
  type NumericColumn,
  type NumericFeatureDrift,
  type ResolvedDecision,
} from './column-drift.js';
export {
  DEFAULT_DRIFT_SHARE,
  datasetDrift,
  type DatasetDrift,
  type DatasetDriftOptions,
} from './dataset-drift.js';
export {
  categoricalHistogram,
  featureHistogram,
  numericHistogram,
  numericHistogramSorted,
  type CategoricalHistogram,
  type FeatureHistogram,
  type NumericHistogram,
} from './histogram.js';
export {
  attributeBias,
  biasReport,
  encodeBinary,
  type AttributeBias,
  type BiasOptions,
  type BiasReport,
  type BinaryValues,
  type GroupRates,
  type SensitiveAttribute,
} from './bias.js';
