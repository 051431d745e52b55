import { namedIssues } from '../note/closest-issues.js';
import { corpusExampleToTicket, loadCorpus } from '../playbook/corpus.js';
import { createTriage } from '../triage/create-triage.js';
import { corpusTrainingTicket, type TrainingSources } from '../triage/train-from-sources.js';
import { trainModel } from '../triage/train-model.js';
import type { EvalCase } from './compute-metrics.js';

/**
 * K-fold cross-validation of the whole pipeline on our own corpus: for each fold, a model
 * (classifier, calibration and affected-user model) trained on the other folds classifies the
 * fold's tickets as tickets. Examples are dealt to folds round-robin within each issue, so
 * every fold has every issue. Deterministic.
 */
export function crossValidateCorpus(sources: TrainingSources, folds = 5): Array<EvalCase & { id: string }> {
  const corpus = loadCorpus(sources.playbook, sources.corpusDirs);
  const counters = new Map<string, number>();
  const dealt = corpus.examples.map((example) => {
    const n = counters.get(example.issue) ?? 0;
    counters.set(example.issue, n + 1);
    return { example, fold: n % folds };
  });
  const cases: Array<EvalCase & { id: string }> = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const model = trainModel(
      sources.playbook,
      dealt.filter((entry) => entry.fold !== fold).map(({ example }) => corpusTrainingTicket(example)),
    );
    const triage = createTriage({ playbook: sources.playbook, model });
    for (const { example } of dealt.filter((entry) => entry.fold === fold)) {
      const diagnosis = triage.classify(corpusExampleToTicket(example));
      cases.push({
        id: example.id,
        expectedIssue: example.issue,
        predictedIssue: diagnosis.issue,
        confidence: diagnosis.confidence,
        expectedLanguage: example.lang,
        predictedLanguage: diagnosis.language,
        expectedMissing: example.missing ? [...example.missing] : null,
        predictedMissing: diagnosis.missing,
        namedIssues: namedIssues(diagnosis, sources.playbook),
      });
    }
  }
  return cases;
}
