#!/usr/bin/env python3
"""scipy/numpy baseline for bench/drift: the same statistics as Steward's
numericColumnDrift for each of the 10 columns, computed the way a Python user
would with scipy (ks_2samp, special.kolmogorov, wasserstein_distance,
numpy.quantile/unique/searchsorted, jensenshannon). Prints one JSON object.

    python3 bench/drift/bench_scipy.py [repeats] [variant]

variant 'scipy' (default) calls the scipy functions; 'numpy-shared-sort' is a
hand-tuned numpy version that sorts each column once and reuses it (not what
scipy does; reported as a second reference point).
"""
import json
import math
import os
import resource
import sys
import time

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')
DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]


def psi(r, c):
    r = np.maximum(r, 1e-4)
    c = np.maximum(c, 1e-4)
    return float(np.sum((c - r) * np.log(c / r)))


def bins(r, c):
    edges = np.unique(np.quantile(r, DECILES))
    k = len(edges) + 1
    rp = np.bincount(np.searchsorted(edges, r, side='left'), minlength=k) / len(r)
    cp = np.bincount(np.searchsorted(edges, c, side='left'), minlength=k) / len(c)
    return rp, cp


def column_scipy(ref, cur):
    r = ref[~np.isnan(ref)]
    c = cur[~np.isnan(cur)]
    n, m = len(r), len(c)
    d = float(stats.ks_2samp(r, c, method='asymp').statistic)
    p = float(special.kolmogorov(math.sqrt(n * m / (n + m)) * d))
    w1 = float(stats.wasserstein_distance(r, c))
    std = float(np.std(r))
    rp, cp = bins(r, c)
    return {'ksStatistic': d, 'ksPValue': p, 'wasserstein': w1, 'wassersteinNormed': w1 / max(std, 0.001),
            'psi': psi(rp, cp), 'jensenShannon': float(jensenshannon(rp, cp, base=2))}


def column_shared_sort(ref, cur):
    r = np.sort(ref[~np.isnan(ref)])
    c = np.sort(cur[~np.isnan(cur)])
    n, m = len(r), len(c)
    allv = np.concatenate([r, c])
    allv.sort(kind='stable')  # two sorted runs: a merge
    fr = np.searchsorted(r, allv, side='right') / n
    fc = np.searchsorted(c, allv, side='right') / m
    diff = np.abs(fr - fc)
    d = float(diff.max())
    p = float(special.kolmogorov(math.sqrt(n * m / (n + m)) * d))
    w1 = float(np.dot(diff[:-1], np.diff(allv)))
    std = float(np.std(r))
    edges = np.unique(np.quantile(r, DECILES))
    rcnt = np.diff(np.concatenate([[0], np.searchsorted(r, edges, side='right'), [n]])) / n
    ccnt = np.diff(np.concatenate([[0], np.searchsorted(c, edges, side='right'), [m]])) / m
    return {'ksStatistic': d, 'ksPValue': p, 'wasserstein': w1, 'wassersteinNormed': w1 / max(std, 0.001),
            'psi': psi(rcnt, ccnt), 'jensenShannon': float(jensenshannon(rcnt, ccnt, base=2))}


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    variant = sys.argv[2] if len(sys.argv) > 2 else 'scipy'
    fn = {'scipy': column_scipy, 'numpy-shared-sort': column_shared_sort}[variant]
    with open(os.path.join(DATA, 'meta.json')) as f:
        meta = json.load(f)
    rows, names = meta['rows'], meta['columns']

    t0 = time.perf_counter()
    ref = np.fromfile(os.path.join(DATA, 'reference.f64'), dtype='<f8').reshape(len(names), rows)
    cur = np.fromfile(os.path.join(DATA, 'current.f64'), dtype='<f8').reshape(len(names), rows)
    load_ms = (time.perf_counter() - t0) * 1000

    runs = []
    results = None
    for _ in range(repeats):
        t = time.perf_counter()
        results = {name: fn(ref[i], cur[i]) for i, name in enumerate(names)}
        runs.append((time.perf_counter() - t) * 1000)

    print(json.dumps({
        'impl': variant, 'numpy': np.__version__, 'scipy': scipy.__version__,
        'rows': rows, 'columns': len(names), 'loadMs': load_ms, 'computeMs': runs,
        'maxRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'results': results,
    }))


if __name__ == '__main__':
    main()
