/** One held-out prediction: how sure the model was, and whether it was right. */
export interface ScoredPrediction {
  confidence: number;
  correct: boolean;
}

export interface CoveragePoint {
  coverage: number;
  precision: number;
  threshold: number;
}

/**
 * Precision among the most confident predictions, at each coverage level: "if we only trusted
 * the top x% most confident answers, how many would be right?"
 */
export function precisionAtCoverage(predictions: ScoredPrediction[], levels = [0.5, 0.6, 0.7, 0.8, 0.9, 1]): CoveragePoint[] {
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  return levels.map((coverage) => {
    const count = Math.max(1, Math.round(sorted.length * coverage));
    const top = sorted.slice(0, count);
    return {
      coverage,
      precision: top.filter((p) => p.correct).length / top.length,
      threshold: top[top.length - 1]?.confidence ?? 1,
    };
  });
}

/**
 * The lowest confidence at which the answers above it are still right at least `target` of the
 * time: the line between "act on it" and "check it first".
 */
export function thresholdForPrecision(predictions: ScoredPrediction[], target: number): number {
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  let correct = 0;
  let best = 1;
  sorted.forEach((prediction, index) => {
    if (prediction.correct) correct += 1;
    if (correct / (index + 1) >= target) best = prediction.confidence;
  });
  return best;
}
