import { describe, expect, it } from 'vitest';
import { harness } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

const yaml = `
members:
  "console:*": [admin]
registry:
  kind: mlflow
  url: http://127.0.0.1:9/
  tokenEnv: MLFLOW_TOKEN
  webhookSecretEnv: MLFLOW_WEBHOOK_SECRET
  models: ["fraud-*", "Churn Predictor"]
  aliases:
    production: champion
`;

describe('steward register and a model mirrored from MLflow', () => {
  it('refuses a model steward.yaml says is mirrored even before MLflow was reached (nothing is written); others register as usual', async () => {
    const h = harness({ config: configFromYaml(yaml, { MLFLOW_TOKEN: 't', MLFLOW_WEBHOOK_SECRET: 's' }) });
    for (const [name, pattern] of [['fraud-detector', 'fraud-*'], ['churn-predictor', 'Churn Predictor']] as const) {
      const r = await h.say(`register ${name} s3://m/1.pkl --new-model`);
      expect(r.error).toBe('conflict');
      expect(r.out).toContain(`${name} is mirrored from MLflow (registry.models "${pattern}" in steward.yaml): register its versions in MLflow`);
      expect(await h.store.read.models.byName(name)).toBeNull();
    }
    expect(await h.store.read.audit.head()).toBeNull();
    const other = await h.say('register credit-risk s3://m/1.pkl --new-model');
    expect(other.error).toBeUndefined();
    expect(other.out).toMatch(/Registered credit-risk v1/);
  });
});
