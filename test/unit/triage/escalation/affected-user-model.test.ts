import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH } from '../../../../src/playbook/playbook-paths.js';
import {
  affectedUserFeatures,
  requesterIsAffected,
  type AffectedUserInput,
} from '../../../../src/triage/escalation/affected-user-model.js';
import { readModelFile } from '../../../../src/triage/model-file.js';
import { computeLogits, packWeights, softmaxInPlace } from '../../../../src/triage/softmax-model.js';

const { model } = readModelFile(DEFAULT_MODEL_PATH);
const affected = model.affectedUser!;

/** The probability from the feature vector, as training computes it. */
function fromVector(input: AffectedUserInput): number {
  return softmaxInPlace(computeLogits(affected, affectedUserFeatures(input), new Float64Array(2)))[1]!;
}

const base: AffectedUserInput = { subject: '', main: '', quoteHeaders: [], requesterEmail: 'lena@example.com', issue: 'account-blocked' };

describe('requesterIsAffected', () => {
  it.each([
    ['own sign-in', 'I cannot sign in', 'I get Login failed every time I sign in, I tried twice.'],
    ['a colleague', 'Kollege gesperrt', 'Unser Kollege Herr Vogel kann sich nicht mehr anmelden. Er bekommt einen Fehler.'],
    ['repeated words and pairs', 'login login', 'login login login failed failed login login, the the the login failed'],
    ['unknown words', 'zzqx', 'zzqxw blorptastic frobnicated qqqq zzqxw blorptastic'],
    ['no words', '', '12 34 !!'],
    ['a team mailbox', 'Compte bloqué', 'Notre stagiaire ne peut plus se connecter, son compte est bloqué.'],
  ])('gives the same probability as the feature vector (%s)', (_case, subject, main) => {
    for (const issue of ['account-blocked', 'other']) {
      for (const requesterEmail of ['lena@example.com', 'info@example.com', '']) {
        const input = { ...base, subject, main, issue, requesterEmail };
        expect(requesterIsAffected(affected, input)).toBe(fromVector(input));
      }
    }
  });

  it('reads packed rows without the file’s tokens (a model trained now) by deriving them', () => {
    const trainedNow = { ...affected, rows: packWeights(affected.weights, 2) };
    expect(trainedNow.rows.tokens).toBeUndefined();
    const input = { ...base, subject: 'Compte bloqué', main: 'Notre stagiaire ne peut plus se connecter, son compte est bloqué.' };
    expect(requesterIsAffected(trainedNow, input)).toBe(fromVector(input));
  });

  it('reads a model without packed rows (trained now) through its feature vector', () => {
    const unpacked = { classes: affected.classes, bias: affected.bias, weights: affected.weights };
    const input = { ...base, subject: 'Help', main: 'My colleague cannot log in since Monday.' };
    expect(requesterIsAffected(unpacked, input)).toBe(fromVector(input));
  });
});
