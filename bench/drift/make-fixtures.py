#!/usr/bin/env python3
"""Reference values for Steward's drift statistics, computed with scipy/numpy.

Writes test/fixtures/monitoring/*.json (checked in; the vitest suite
test/unit/monitoring/fixtures.test.ts compares against them). Deterministic:
fixed seeds, values rounded so the JSON stays small. Re-run from the repo root:

    python3 bench/drift/make-fixtures.py

Definitions mirrored here (see src/core/monitoring/stats):
  KS D            scipy.stats.ks_2samp(R, C, method='asymp').statistic
  KS p-value      scipy.special.kolmogorov(sqrt(n*m/(n+m)) * D)
  W1              scipy.stats.wasserstein_distance(R, C)
  normed W1       W1 / max(numpy.std(R), 0.001)
  bin edges       numpy.unique(numpy.quantile(R, [0.1, ..., 0.9]))
  bin of v        numpy.searchsorted(edges, v, side='left')
  PSI             sum((c - r) * ln(c / r)), proportions floored at 1e-4
  JS distance     scipy.spatial.distance.jensenshannon(r, c, base=2)
  chi-square      scipy.stats.chi2_contingency(table, correction=False)
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'monitoring')
DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
FLOOR = 1e-4


def psi(r, c):
    r = np.maximum(r, FLOOR)
    c = np.maximum(c, FLOOR)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_expected(ref, cur):
    r = ref[~np.isnan(ref)]
    c = cur[~np.isnan(cur)]
    n, m = len(r), len(c)
    out = {'n': n, 'm': m, 'missingReference': int(len(ref) - n), 'missingCurrent': int(len(cur) - m)}
    if n == 0 or m == 0:
        return out
    d = float(stats.ks_2samp(r, c, method='asymp').statistic)
    w1 = float(stats.wasserstein_distance(r, c))
    std = float(np.std(r))
    edges = np.unique(np.quantile(r, DECILES))
    rc = np.bincount(np.searchsorted(edges, r, side='left'), minlength=len(edges) + 1)
    cc = np.bincount(np.searchsorted(edges, c, side='left'), minlength=len(edges) + 1)
    rp, cp = rc / n, cc / m
    out.update({
        'ks': {'statistic': d, 'pValue': float(special.kolmogorov(math.sqrt(n * m / (n + m)) * d))},
        'wasserstein': w1,
        'referenceStd': std,
        'wassersteinNormed': w1 / max(std, 0.001),
        'edges': edges.tolist(),
        'referenceCounts': rc.tolist(),
        'currentCounts': cc.tolist(),
        'psi': psi(rp, cp),
        'jensenShannon': float(jensenshannon(rp, cp, base=2)),
    })
    return out


def categorical_expected(ref_codes, ref_cats, cur_codes, cur_cats):
    # Union of observed categories: reference order first, then current-only.
    cats = []
    for codes, names in ((ref_codes, ref_cats), (cur_codes, cur_cats)):
        for i, name in enumerate(names):
            if np.any(codes == i) and name not in cats:
                cats.append(name)
    rc = np.array([np.sum(np.array([ref_cats[x] for x in ref_codes if x >= 0]) == k) for k in cats], dtype=float)
    cc = np.array([np.sum(np.array([cur_cats[x] for x in cur_codes if x >= 0]) == k) for k in cats], dtype=float)
    out = {'categories': cats, 'referenceCounts': rc.tolist(), 'currentCounts': cc.tolist(),
           'missingReference': int(np.sum(ref_codes == -1)), 'missingCurrent': int(np.sum(cur_codes == -1))}
    if len(cats) > 1:
        chi2, p, dof, _ = stats.chi2_contingency(np.array([rc, cc]), correction=False)
        out['chiSquare'] = {'statistic': float(chi2), 'pValue': float(p), 'dof': int(dof)}
    else:
        out['chiSquare'] = {'statistic': 0.0, 'pValue': 1.0, 'dof': 0}
    rp, cp = rc / rc.sum(), cc / cc.sum()
    out['psi'] = psi(rp, cp)
    out['jensenShannon'] = float(jensenshannon(rp, cp, base=2))
    return out


def with_nans(rng, x, rate):
    x = x.copy()
    x[rng.random(len(x)) < rate] = np.nan
    return x


def num_col(name, ref, cur):
    as_json = lambda a: [None if math.isnan(v) else float(v) for v in a.tolist()]
    return {'name': name, 'kind': 'numeric', 'reference': as_json(ref), 'current': as_json(cur),
            'expected': numeric_expected(ref, cur)}


def cat_col(name, ref_codes, ref_cats, cur_codes, cur_cats):
    return {'name': name, 'kind': 'categorical',
            'reference': {'codes': ref_codes.tolist(), 'categories': ref_cats},
            'current': {'codes': cur_codes.tolist(), 'categories': cur_cats},
            'expected': categorical_expected(ref_codes, ref_cats, cur_codes, cur_cats)}


def mixed(seed=20240601):
    """2000 reference / 1500 current rows, mixed columns, ties and missing values."""
    rng = np.random.default_rng(seed)
    n, m = 2000, 1500
    cols = [
        num_col('normal_shift',
                with_nans(rng, np.round(rng.normal(0, 1, n), 3), 0.02),
                with_nans(rng, np.round(rng.normal(0.15, 1.1, m), 3), 0.05)),
        num_col('lognormal_2dp',
                np.round(rng.lognormal(3, 0.6, n), 2), np.round(rng.lognormal(3, 0.6, m), 2)),
        num_col('poisson_ties', rng.poisson(3, n).astype(float), rng.poisson(3.4, m).astype(float)),
        num_col('binary_ties', (rng.random(n) < 0.3).astype(float), (rng.random(m) < 0.33).astype(float)),
        num_col('constant_reference', np.full(n, 7.0), np.round(rng.normal(7, 0.01, m), 4)),
        num_col('uniform_same', np.round(rng.uniform(-5, 5, n), 3), np.round(rng.uniform(-5, 5, m), 3)),
    ]
    plans = ['free', 'pro', 'team', 'enterprise']
    ref_codes = rng.choice(4, n, p=[0.5, 0.3, 0.15, 0.05]).astype(np.int32)
    ref_codes[rng.random(n) < 0.03] = -1
    # Current side uses its own category list: another order plus a new category.
    cur_cats = ['team', 'free', 'pro', 'edu', 'enterprise']
    cur_codes = rng.choice(5, m, p=[0.2, 0.45, 0.25, 0.05, 0.05]).astype(np.int32)
    cols.append(cat_col('plan', ref_codes, plans, cur_codes, cur_cats))
    regions = ['eu', 'us', 'apac']
    cols.append(cat_col('region_same', rng.choice(3, n, p=[0.4, 0.4, 0.2]).astype(np.int32), regions,
                        rng.choice(3, m, p=[0.4, 0.4, 0.2]).astype(np.int32), regions))
    return {'name': 'mixed', 'seed': seed, 'columns': cols}


def small(seed=7):
    """Small samples (reference ≤ 1000 rows: KS / chi-square are the default tests)."""
    rng = np.random.default_rng(seed)
    n, m = 400, 300
    cols = [
        num_col('normal_small', np.round(rng.normal(10, 2, n), 2), np.round(rng.normal(10.6, 2, m), 2)),
        num_col('integers_small', rng.integers(0, 6, n).astype(float), rng.integers(0, 6, m).astype(float)),
        num_col('all_missing_current', np.round(rng.normal(0, 1, n), 2), np.full(m, np.nan)),
    ]
    colors = ['red', 'green', 'blue']
    cols.append(cat_col('color', rng.choice(3, n, p=[0.5, 0.3, 0.2]).astype(np.int32), colors,
                        rng.choice(3, m, p=[0.35, 0.35, 0.3]).astype(np.int32), colors))
    cols.append(cat_col('single_category', np.zeros(n, dtype=np.int32), ['only'],
                        np.zeros(m, dtype=np.int32), ['only']))
    return {'name': 'small', 'seed': seed, 'columns': cols}


def extreme(seed=99):
    """Strong shifts: KS and chi-square p-values far in the tail (1e-100 … 1e-250)."""
    rng = np.random.default_rng(seed)
    n = m = 3000
    cols = [
        num_col('poisson_5_vs_7', rng.poisson(5, n).astype(float), rng.poisson(7, m).astype(float)),
        num_col('normal_1dp_shift', np.round(rng.normal(0, 1, n), 1), np.round(rng.normal(0.55, 1, m), 1)),
    ]
    levels = ['a', 'b', 'c', 'd']
    cols.append(cat_col('levels_shift', rng.choice(4, n, p=[0.45, 0.3, 0.15, 0.1]).astype(np.int32), levels,
                        rng.choice(4, m, p=[0.2, 0.2, 0.3, 0.3]).astype(np.int32), levels))
    return {'name': 'extreme', 'seed': seed, 'columns': cols}


def special_functions():
    """scipy.special.kolmogorov and scipy.stats.chi2.sf on a grid, tails included."""
    lambdas = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.82, 0.83, 0.9, 1.0, 1.2, 1.5, 2.0, 3.0,
               5.0, 7.5, 10.0, 10.73, 12.0, 15.0, 18.0]
    chi = [(0.001, 1), (0.5, 1), (1.0, 1), (3.84, 1), (10.0, 1), (920.0, 1), (1.0, 2), (50.0, 2),
           (7.8, 3), (4.0, 4), (900.0, 4), (18.3, 10), (1000.0, 10), (67.5, 50), (1200.0, 50),
           (100.0, 100), (130.0, 100), (1200.0, 300), (1000.0, 1000), (1400.0, 1000), (0.3, 7)]
    return {
        'kolmogorov': [{'lambda': x, 'sf': float(special.kolmogorov(x))} for x in lambdas],
        'chiSquareSf': [{'x': x, 'dof': k, 'sf': float(stats.chi2.sf(x, k))} for x, k in chi],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {'generator': 'bench/drift/make-fixtures.py', 'numpy': np.__version__, 'scipy': scipy.__version__}
    for ds in (mixed(), small(), extreme()):
        path = os.path.join(OUT, f"drift-{ds['name']}.json")
        with open(path, 'w') as f:
            json.dump({**meta, **ds}, f, separators=(',', ':'))
        print(path, os.path.getsize(path), 'bytes', file=sys.stderr)
    path = os.path.join(OUT, 'special-functions.json')
    with open(path, 'w') as f:
        json.dump({**meta, **special_functions()}, f, indent=1)
    print(path, os.path.getsize(path), 'bytes', file=sys.stderr)


if __name__ == '__main__':
    main()
