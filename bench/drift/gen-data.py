#!/usr/bin/env python3
"""Benchmark data: 1,000,000 reference and 1,000,000 current rows x 10 numeric
columns, deterministic (seed 20240611), written column-major as raw
little-endian float64 to bench/drift/data/{reference,current}.f64 plus
meta.json. NaN marks missing values (1% in two columns). Not timed.

    python3 bench/drift/gen-data.py [rows]
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')
SEED = 20240611


def columns(rng, n, drift):
    """(name, values) for the 10 columns; drift=True shifts some distributions."""
    d = 1.0 if drift else 0.0
    mix = rng.random(n) < (0.35 + 0.05 * d)
    cols = [
        ('normal', rng.normal(0 + 0.05 * d, 1, n)),
        ('normal_scaled', rng.normal(100, 15 * (1 + 0.2 * d), n)),
        ('lognormal', rng.lognormal(3, 0.8, n)),
        ('exponential', rng.exponential(2 + 0.5 * d, n)),
        ('uniform', rng.uniform(-1, 1, n)),
        ('poisson_ties', rng.poisson(4 + 0.3 * d, n).astype(np.float64)),
        ('rounded_2dp', np.round(rng.normal(50, 5, n), 2)),
        ('bimodal', np.where(mix, rng.normal(-2, 0.5, n), rng.normal(2, 1, n))),
        ('student_t', rng.standard_t(3, n)),
        ('beta', rng.beta(2 + 0.5 * d, 5, n)),
    ]
    for name, values in cols:
        if name in ('lognormal', 'beta'):
            values[rng.random(n) < 0.01] = np.nan
    return cols


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    os.makedirs(DATA, exist_ok=True)
    rng = np.random.default_rng(SEED)
    names = None
    for side, drift in (('reference', False), ('current', True)):
        cols = columns(rng, n, drift)
        names = [c[0] for c in cols]
        block = np.stack([c[1] for c in cols]).astype('<f8')  # shape (10, n): column-major file
        block.tofile(os.path.join(DATA, f'{side}.f64'))
    with open(os.path.join(DATA, 'meta.json'), 'w') as f:
        json.dump({'rows': n, 'columns': names, 'seed': SEED, 'layout': 'column-major little-endian float64'}, f)
    print(f'wrote {n} rows x {len(names)} columns per side to {DATA}', file=sys.stderr)


if __name__ == '__main__':
    main()
