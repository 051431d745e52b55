/**
 * How an admin adopts proposed thresholds. The model's thresholds are learned by
 * `npm run train` (src/triage/train-model.ts) and stored in src/playbook/model.json; no
 * environment setting overrides them yet, so the report says so instead of naming one.
 */
export const ADOPT_THRESHOLDS_HINT =
  'No setting overrides the thresholds yet: they come from src/playbook/model.json (npm run train). ' +
  'Until one exists, read a ticket\u2019s confidence against the proposed values here and in the sidebar.';
