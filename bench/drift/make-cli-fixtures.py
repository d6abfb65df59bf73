#!/usr/bin/env python3
"""Fixtures for `steward drift` / `steward bias` end-to-end tests, with expected values from scipy/numpy.

Writes test/fixtures/monitoring-cli/*.csv and expected.json (checked in; used by
test/cli/monitoring-cli.test.ts, which also converts the CSVs to Parquet in the test). Expected
values are computed from the CSV text as written (re-read with Python's csv module), with the
same definitions as bench/drift/make-fixtures.py (whose functions are reused). Re-run from the
repo root:

    python3 bench/drift/make-cli-fixtures.py

Bias metrics follow Fairlearn's between-groups definitions, computed here with numpy from the
confusion counts (Fairlearn itself is not installed): per group selection rate P(yhat=1),
tpr P(yhat=1|y=1), fpr P(yhat=1|y=0), accuracy; differences max-min and ratios min/max over the
groups where the rate is defined; equalized odds = max of the tpr/fpr differences, min of the ratios.
"""
import csv
import importlib.util
import io
import json
import math
import os
import sys

import numpy as np
import scipy

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'monitoring-cli')

spec = importlib.util.spec_from_file_location('make_fixtures', os.path.join(HERE, 'make-fixtures.py'))
mf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mf)


def fmt(v):
    """A CSV cell: '' for missing, shortest round-trip repr for floats, text as is."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ''
    if isinstance(v, (bool, np.bool_)):
        return 'true' if v else 'false'
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)
    return str(v)


def write_csv(name, columns):
    names = list(columns)
    n = len(columns[names[0]])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(names)
    for i in range(n):
        w.writerow([fmt(columns[c][i]) for c in names])
    with open(os.path.join(OUT, name), 'w', newline='') as f:
        f.write(buf.getvalue())


def read_csv(name):
    with open(os.path.join(OUT, name), newline='') as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return {h: [r[i].strip() for r in body] for i, h in enumerate(header)}


def as_float(cells):
    return np.array([math.nan if c == '' else float(c) for c in cells])


def as_codes(cells):
    cats, index, codes = [], {}, []
    for c in cells:
        if c == '':
            codes.append(-1)
            continue
        if c not in index:
            index[c] = len(cats)
            cats.append(c)
        codes.append(index[c])
    return np.array(codes, dtype=np.int32), cats


def decide(kind, e, n_ref):
    """Default test and tier (see src/core/monitoring/stats/column-drift.ts)."""
    small = n_ref <= 1000
    if kind == 'numeric':
        test = 'ks' if small else 'wasserstein'
    else:
        test = 'chiSquare' if small else 'jensenShannon'
    if kind == 'numeric' and (e['n'] == 0 or e['m'] == 0):
        return test, None, 'not_testable'
    if kind == 'categorical' and (sum(e['referenceCounts']) == 0 or sum(e['currentCounts']) == 0):
        return test, None, 'not_testable'
    if test in ('ks', 'chiSquare'):
        p = e['ks']['pValue'] if test == 'ks' else e['chiSquare']['pValue']
        return test, p, 'drift' if p < 0.05 else 'possible_drift' if p < 0.1 else 'no_drift'
    s = e['wassersteinNormed'] if test == 'wasserstein' else e['jensenShannon']
    return test, s, 'drift' if s >= 0.1 else 'possible_drift' if s >= 0.08 else 'no_drift'


def drift_expected(ref_name, cur_name, categorical=()):
    ref, cur = read_csv(ref_name), read_csv(cur_name)
    features = []
    for name in ref:
        rcells, ccells = ref[name], cur[name]
        numeric = name not in categorical and all(mf_is_number(c) for c in rcells if c != '')
        if numeric:
            r, c = as_float(rcells), as_float(ccells)
            e = mf.numeric_expected(r, c)
            kind = 'numeric'
            n_ref = e['n']
        else:
            rc, rcats = as_codes(rcells)
            cc, ccats = as_codes(ccells)
            if (rc >= 0).sum() == 0 or (cc >= 0).sum() == 0:
                e = {'referenceCounts': [int((rc >= 0).sum())], 'currentCounts': [int((cc >= 0).sum())],
                     'missingReference': int((rc < 0).sum()), 'missingCurrent': int((cc < 0).sum())}
            else:
                e = mf.categorical_expected(rc, rcats, cc, ccats)
            kind = 'categorical'
            n_ref = int((rc >= 0).sum())
        test, score, status = decide(kind, e, n_ref)
        features.append({'name': name, 'kind': kind, 'test': test, 'score': score, 'status': status, 'expected': e})
    testable = [f for f in features if f['status'] != 'not_testable']
    drifted = [f for f in testable if f['status'] == 'drift']
    share = len(drifted) / len(testable) if testable else None
    return {'reference': ref_name, 'current': cur_name, 'categorical': list(categorical),
            'rows': {'reference': len(next(iter(ref.values()))), 'current': len(next(iter(cur.values())))},
            'features': features, 'shareDrifted': share, 'datasetDrift': share is not None and share >= 0.5}


def mf_is_number(s):
    try:
        v = float(s)
    except ValueError:
        return False
    return math.isfinite(v) and s.strip().lower() not in ('nan', 'inf', '-inf', 'infinity', '-infinity')


def with_nans(rng, x, rate):
    x = x.astype(float).copy()
    x[rng.random(len(x)) < rate] = np.nan
    return x


def cat_with_missing(rng, values, rate):
    return [None if rng.random() < rate else v for v in values]


def large_pair(seed=20261127):
    """2500 reference / 2000 current rows: Wasserstein / Jensen-Shannon are the default tests."""
    rng = np.random.default_rng(seed)
    n, m = 2500, 2000
    cities = ['Paris', 'Berlin', 'Madrid', 'Rome', 'Oslo']
    zips = ['02134', '10115', '75001', '00184', '28013']
    ref = {
        'age': with_nans(rng, np.round(rng.normal(40, 12, n), 1), 0.02),
        'income': np.round(rng.lognormal(10, 0.5, n), 2),
        'score': np.round(rng.uniform(0, 1, n), 6),
        'visits': rng.poisson(3, n).astype(float),
        'city': cat_with_missing(rng, list(rng.choice(cities, n, p=[0.3, 0.25, 0.2, 0.15, 0.1])), 0.01),
        'is_member': [bool(b) for b in rng.random(n) < 0.4],
        'zip': list(rng.choice(zips, n)),
        'discount': np.round(rng.exponential(5, n), 3),
    }
    cur = {
        'age': with_nans(rng, np.round(rng.normal(43, 12, m), 1), 0.05),
        'income': np.round(rng.lognormal(10.25, 0.5, m), 2),
        'score': np.round(rng.uniform(0, 1, m), 6),
        'visits': rng.poisson(3.1, m).astype(float),
        'city': cat_with_missing(rng, list(rng.choice(cities + ['Lyon'], m, p=[0.2, 0.2, 0.2, 0.15, 0.1, 0.15])), 0.02),
        'is_member': [bool(b) for b in rng.random(m) < 0.42],
        'zip': list(rng.choice(zips, m, p=[0.1, 0.2, 0.2, 0.2, 0.3])),
        'discount': np.full(m, np.nan),
    }
    return ref, cur


def small_pair(seed=11):
    """800 reference / 700 current rows: KS / chi-square are the default tests."""
    rng = np.random.default_rng(seed)
    n, m = 800, 700
    ref = {
        'x': np.round(rng.normal(0, 1, n), 3),
        'y': np.round(rng.normal(5, 2, n), 2),
        'k': rng.integers(0, 4, n).astype(float),
        'color': list(rng.choice(['red', 'green', 'blue'], n, p=[0.5, 0.3, 0.2])),
        'flag': [bool(b) for b in rng.random(n) < 0.5],
    }
    cur = {
        'x': np.round(rng.normal(0.02, 1, m), 3),
        'y': np.round(rng.normal(5.5, 2, m), 2),
        'k': rng.integers(0, 4, m).astype(float),
        'color': list(rng.choice(['red', 'green', 'blue'], m, p=[0.4, 0.3, 0.3])),
        'flag': [bool(b) for b in rng.random(m) < 0.53],
    }
    return ref, cur


def bias_data(seed=5):
    """3000 rows, two sensitive attributes; group 'unknown' has no positives; some labels missing."""
    rng = np.random.default_rng(seed)
    n = 3000
    sex = rng.choice(['F', 'M'], n, p=[0.45, 0.55])
    age = rng.choice(['18-30', '31-50', '51+', 'unknown'], n, p=[0.3, 0.4, 0.27, 0.03])
    base = np.where(sex == 'F', 0.35, 0.45) + np.where(age == '51+', -0.1, 0.0)
    label = (rng.random(n) < base).astype(int)
    label[age == 'unknown'] = 0
    flip = rng.random(n) < np.where(sex == 'F', 0.25, 0.15)
    pred = np.where(flip, 1 - label, label)
    pred[(sex == 'F') & (rng.random(n) < 0.1)] = 0
    lab = [None if rng.random() < 0.01 else int(v) for v in label]
    return {'sex': list(sex), 'age_band': list(age), 'label': lab, 'prediction': [int(v) for v in pred],
            'outcome': [None if v is None else ('approved' if v == 1 else 'denied') for v in lab],
            'decision': ['approved' if v == 1 else 'denied' for v in pred]}


def bias_expected(name, sensitive, label, prediction, positive=None):
    d = read_csv(name)
    def enc(cells):
        if positive is None:
            return np.array([math.nan if c == '' else float(c) for c in cells])
        return np.array([math.nan if c == '' else (1.0 if c == positive else 0.0) for c in cells])
    y, yh = enc(d[label]), enc(d[prediction])
    ok = ~np.isnan(y) & ~np.isnan(yh)
    attrs = []
    for a in sensitive:
        g_all = np.array(d[a])
        groups = []
        for g in dict.fromkeys(d[a]):  # first-appearance order, as the reader assigns codes
            if g == '':
                continue
            sel = ok & (g_all == g)
            yy, pp = y[sel], yh[sel]
            tp = int(((yy == 1) & (pp == 1)).sum()); fp = int(((yy == 0) & (pp == 1)).sum())
            fn = int(((yy == 1) & (pp == 0)).sum()); tn = int(((yy == 0) & (pp == 0)).sum())
            cnt = tp + fp + fn + tn
            groups.append({'attribute': a, 'group': g, 'count': cnt,
                           'selectionRate': (tp + fp) / cnt if cnt else None,
                           'tpr': tp / (tp + fn) if tp + fn else None,
                           'fpr': fp / (fp + tn) if fp + tn else None,
                           'accuracy': (tp + tn) / cnt if cnt else None})
        def spread(key):
            vs = np.array([g[key] for g in groups if g[key] is not None])
            if len(vs) == 0:
                return None, None
            return float(vs.max() - vs.min()), (float(vs.min() / vs.max()) if vs.max() != 0 else None)
        dp, tpr, fpr = spread('selectionRate'), spread('tpr'), spread('fpr')
        attrs.append({'attribute': a, 'groups': groups,
                      'demographicParityDifference': dp[0], 'demographicParityRatio': dp[1],
                      'equalOpportunityDifference': tpr[0], 'equalOpportunityRatio': tpr[1],
                      'equalizedOddsDifference': max(tpr[0], fpr[0]), 'equalizedOddsRatio': min(tpr[1], fpr[1]),
                      'fourFifthsFlag': dp[1] is not None and dp[1] < 0.8})
    return {'data': name, 'sensitive': list(sensitive), 'label': label, 'prediction': prediction,
            'positive': positive, 'rows': len(d[label]), 'attributes': attrs}


def main():
    os.makedirs(OUT, exist_ok=True)
    ref, cur = large_pair()
    write_csv('reference-large.csv', ref)
    write_csv('current-large.csv', cur)
    ref, cur = small_pair()
    write_csv('reference-small.csv', ref)
    write_csv('current-small.csv', cur)
    write_csv('bias.csv', bias_data())
    expected = {
        'generator': 'bench/drift/make-cli-fixtures.py', 'numpy': np.__version__, 'scipy': scipy.__version__,
        'drift': [drift_expected('reference-large.csv', 'current-large.csv', categorical=('zip',)),
                  drift_expected('reference-small.csv', 'current-small.csv')],
        'bias': [bias_expected('bias.csv', ['sex', 'age_band'], 'label', 'prediction'),
                 bias_expected('bias.csv', ['sex'], 'outcome', 'decision', positive='approved')],
    }
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
    for fn in sorted(os.listdir(OUT)):
        print(fn, os.path.getsize(os.path.join(OUT, fn)), 'bytes', file=sys.stderr)


if __name__ == '__main__':
    main()
