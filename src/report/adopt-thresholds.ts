/**
 * How an admin adopts proposed thresholds: the two settings that replace the trained model's
 * own (src/playbook/model.bin, learned by `npm run train`), read by the classifier thread at
 * start and kept after a feedback retraining.
 */
export const ADOPT_THRESHOLDS_HINT =
  'To adopt a proposal, set ABSTAIN_THRESHOLD and/or HIGH_CONFIDENCE_THRESHOLD to it in the service\u2019s configuration and restart; ' +
  'unset, the trained model\u2019s own thresholds apply.';
