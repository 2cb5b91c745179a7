import { tokenizeText } from '@nexus/ai';

/** The classic baseline: multinomial naive Bayes over word counts with add-one smoothing. */
export interface NaiveBayes<L extends string> {
  predict(text: string): L;
}

function words(text: string): string[] {
  return tokenizeText(text, { bigrams: false }).filter((term) => term.startsWith('w:'));
}

export function trainNaiveBayes<L extends string>(texts: readonly string[], labels: readonly L[]): NaiveBayes<L> {
  const classes = [...new Set(labels)].sort();
  const counts = new Map<L, Map<string, number>>(classes.map((label) => [label, new Map()]));
  const totals = new Map<L, number>(classes.map((label) => [label, 0]));
  const documents = new Map<L, number>(classes.map((label) => [label, 0]));
  const vocabulary = new Set<string>();
  texts.forEach((text, i) => {
    const label = labels[i]!;
    documents.set(label, documents.get(label)! + 1);
    const classCounts = counts.get(label)!;
    for (const word of words(text)) {
      vocabulary.add(word);
      classCounts.set(word, (classCounts.get(word) ?? 0) + 1);
      totals.set(label, totals.get(label)! + 1);
    }
  });
  const v = vocabulary.size;
  const logPrior = new Map(classes.map((label) => [label, Math.log(documents.get(label)! / texts.length)]));
  return {
    predict: (text) => {
      let best = classes[0]!;
      let bestScore = Number.NEGATIVE_INFINITY;
      const known = words(text).filter((word) => vocabulary.has(word));
      for (const label of classes) {
        const classCounts = counts.get(label)!;
        const denominator = Math.log(totals.get(label)! + v);
        let score = logPrior.get(label)!;
        for (const word of known) score += Math.log((classCounts.get(word) ?? 0) + 1) - denominator;
        if (score > bestScore) {
          bestScore = score;
          best = label;
        }
      }
      return best;
    },
  };
}
