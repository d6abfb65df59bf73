"""Regenerates the small example files used by the docs (deterministic: seed 7).

    python3 docs/examples/generate.py

reference.csv   what fraud-detector v7 was trained on (500 rows)
current.csv     a recent week: amount has shifted upwards, country mix changed (400 rows)
predictions.jsonl  400 served predictions of the current data, with labels and a sensitive attribute
scored.csv      a scored holdout for `steward bias` (600 rows)
"""
import csv, json, os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
cats = ['grocery', 'travel', 'electronics', 'fuel', 'online']
countries = ['ES', 'FR', 'DE', 'UK']

def rows(n, amount_mu, country_p):
    amount = np.round(rng.lognormal(amount_mu, 0.6, n), 2)
    hour = rng.integers(0, 24, n)
    cat = rng.choice(cats, n, p=[0.3, 0.1, 0.15, 0.2, 0.25])
    country = rng.choice(countries, n, p=country_p)
    return amount, hour, cat, country

def write_csv(name, header, cols):
    with open(os.path.join(here, name), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in zip(*cols):
            w.writerow(r)

a, h, c, k = rows(500, 3.5, [0.4, 0.3, 0.2, 0.1])
write_csv('reference.csv', ['amount', 'hour', 'merchant_category', 'country'], [a, h, c, k])

a, h, c, k = rows(400, 4.1, [0.1, 0.2, 0.3, 0.4])
write_csv('current.csv', ['amount', 'hour', 'merchant_category', 'country'], [a, h, c, k])

sex = rng.choice(['F', 'M'], 400)
label = (rng.random(400) < 0.3).astype(int)
pred = np.where(label == 1, rng.random(400) < 0.8, rng.random(400) < np.where(sex == 'F', 0.08, 0.15)).astype(int)
with open(os.path.join(here, 'predictions.jsonl'), 'w') as f:
    for i in range(400):
        f.write(json.dumps({
            'id': f'tx-{i + 1:04d}',
            'features': {'amount': float(a[i]), 'hour': int(h[i]), 'merchant_category': str(c[i]), 'country': str(k[i])},
            'prediction': int(pred[i]),
            'label': int(label[i]),
            'sensitive': {'sex': str(sex[i])},
        }) + '\n')

n = 600
sex = rng.choice(['F', 'M'], n)
age = rng.choice(['18-30', '31-50', '51+'], n, p=[0.3, 0.5, 0.2])
y = (rng.random(n) < 0.4).astype(int)
p_pos = np.where(y == 1, np.where(sex == 'F', 0.7, 0.85), np.where(sex == 'F', 0.1, 0.2))
y_hat = (rng.random(n) < p_pos).astype(int)
write_csv('scored.csv', ['sex', 'age_band', 'y', 'y_hat'], [sex, age, y, y_hat])
