// The rows of bench/ingest/generate.mjs as the text COPY format of prediction_logs' columns, for
// the psql `\copy` baseline (run.mjs): tab-separated, \N for NULL, backslash, tab, newline and
// carriage return escaped.

const esc = (s) => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
const json = (v) => esc(JSON.stringify(v));

/** model_id, version_id, environment, prediction_id, at, features, prediction, label, labeled_at, sensitive, logged_by, logged_at */
export function copyText(rows, { modelId, versionId, environment, loggedBy, loggedAt }) {
  const at = loggedAt.toISOString();
  const lines = rows.map((p) => {
    const labeled = p.label !== undefined && p.label !== null;
    return [modelId, versionId, esc(environment), esc(p.id), p.timestamp, json(p.features), json(p.prediction), labeled ? json(p.label) : '\\N', labeled ? at : '\\N', p.sensitive ? json(p.sensitive) : '\\N', esc(loggedBy), at].join('\t');
  });
  return `${lines.join('\n')}\n`;
}
