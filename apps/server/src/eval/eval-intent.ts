import { readFile } from 'node:fs/promises';
import { calibration, labelAccuracy, stratifiedKFold, trainTextClassifier } from '@nexus/ai';
import { trainNaiveBayes } from './naive-bayes';

export interface IntentResult {
  sentences: number;
  labels: string[];
  folds: number;
  cvAccuracy: number;
  /** Expected calibration error of the cross-validated confidences against being right. */
  cvCalibrationError: number;
  naiveBayesCvAccuracy: number;
  /** Share of the most common label: the accuracy of always guessing it. */
  majorityAccuracy: number;
  /** Trained on all of the training file, measured on the test file. */
  test: { sentences: number; accuracy: number; naiveBayesAccuracy: number } | undefined;
}

const folds = 10;

/** Lines `label<TAB>sentence`; lines without a tab or with an empty label are skipped. */
async function readLabelled(file: string): Promise<{ texts: string[]; labels: string[] }> {
  const texts: string[] = [];
  const labels: string[] = [];
  for (const line of (await readFile(file, 'utf8')).split(/\r?\n/)) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    labels.push(line.slice(0, tab).trim());
    texts.push(line.slice(tab + 1));
  }
  return { texts, labels };
}

/** Intent on the Parakweet shape: stratified 10-fold cross-validation, and a test file when given. */
export async function evaluateIntent(trainFile: string, testFile: string | undefined, seed: number): Promise<IntentResult> {
  const { texts, labels } = await readLabelled(trainFile);
  const distinct = [...new Set(labels)].sort();
  if (distinct.length < 2 || texts.length < folds) throw new Error(`${trainFile} needs at least ${folds} labelled lines of two or more labels`);

  const predicted: string[] = [];
  const confidences: number[] = [];
  const baseline: string[] = [];
  const actual: string[] = [];
  for (const { train, test } of stratifiedKFold(labels, folds, seed)) {
    const trainTexts = train.map((i) => texts[i]!);
    const trainLabels = train.map((i) => labels[i]!);
    const classifier = trainTextClassifier(trainTexts, trainLabels);
    const naiveBayes = trainNaiveBayes(trainTexts, trainLabels);
    for (const i of test) {
      const prediction = classifier.predict(texts[i]!);
      predicted.push(prediction.label);
      confidences.push(prediction.confidence);
      baseline.push(naiveBayes.predict(texts[i]!));
      actual.push(labels[i]!);
    }
  }

  let testResult: IntentResult['test'];
  if (testFile !== undefined) {
    const held = await readLabelled(testFile);
    const classifier = trainTextClassifier(texts, labels);
    const naiveBayes = trainNaiveBayes(texts, labels);
    testResult = {
      sentences: held.texts.length,
      accuracy: labelAccuracy(
        held.texts.map((t) => classifier.predict(t).label),
        held.labels,
      ),
      naiveBayesAccuracy: labelAccuracy(
        held.texts.map((t) => naiveBayes.predict(t)),
        held.labels,
      ),
    };
  }

  const counts = distinct.map((label) => labels.filter((l) => l === label).length);
  return {
    sentences: texts.length,
    labels: distinct,
    folds,
    cvAccuracy: labelAccuracy(predicted, actual),
    cvCalibrationError: calibration(
      confidences,
      predicted.map((label, i) => (label === actual[i] ? 1 : 0)),
    ).expectedCalibrationError,
    naiveBayesCvAccuracy: labelAccuracy(baseline, actual),
    majorityAccuracy: Math.max(...counts) / texts.length,
    test: testResult,
  };
}
