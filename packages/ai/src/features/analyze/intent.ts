import { trainTextClassifier, type TextClassifier, type TextClassifierOptions } from '../../models/text-classifier';
import { intentLabels, type IntentLabel } from './analysis-schema';
import { intentExamples } from './intent-examples';
import { isBoilerplate } from './message-text';
import type { NlpTools } from './nlp-tools';
import type { BodySentence } from './read-body';

export interface IntentResult {
  label: IntentLabel;
  confidence: number;
  /** The sentences that carry the intent, strongest first; empty for `other`. */
  evidence: number[];
}

/** Confidence given to an intent a rule recognised: the rules only match wording that is hard to mean anything else. */
export const ruleConfidence = 0.95;

/**
 * Below this probability the classifier's best guess is reported as
 * `other`: with seven labels, a weaker lead is too often a sentence that
 * merely shares words with a sales signal.
 */
export const minClassifierConfidence = 0.5;

/** Sentences classified per message: the signal of a sales e-mail is in its first paragraphs. */
const maxClassifiedSentences = 40;

/**
 * Settings chosen by five-fold cross-validation on the examples: lemmas,
 * word pairs and every word seen once (the examples are few and varied),
 * light regularisation. About 0.8 accuracy across the seven labels there,
 * against 0.65 for the raw text with default settings.
 */
const classifierOptions: TextClassifierOptions = { minDocumentFrequency: 1, l2: 3e-5 };

const autoReply = [/\bautomatic reply\b/i, /\bauto[- ]?reply\b/i, /\bautoreply\b/i, /\bthis (?:mailbox|inbox|address) is (?:no longer|not) (?:being )?monitored\b/i];
// Wording that people also use in ordinary mail ("I'll be out of the office, can we meet after?"): trusted only in a short message.
const awayNotice = [
  /\bout of (?:the )?office\b/i,
  /\bon (?:\w+ )?leave until\b/i,
  /\b(?:limited|no|intermittent) access to (?:my )?e-?mails?\b/i,
  /\baway from (?:the|my) (?:office|desk) until\b/i,
  /\bon (?:vacation|holiday) until\b/i,
];
const maxAwayNoticeLength = 1_200;

const unsubscribeRequest = [
  /\bunsubscribe\b/i,
  /\bremove (?:me|us|my (?:e-?mail|address|details)|this (?:e-?mail|address)) from (?:your|the|this|all|any)\b/i,
  /\b(?:take|get) (?:me|us) off (?:your|the|this|all|any)\b/i,
  /\bstop (?:e-?mailing|contacting|spamming|messaging) (?:me|us)\b/i,
  /\bstop sending (?:me |us )?(?:these|those|your|any|more)?\s*(?:e-?mails|messages|newsletters)\b/i,
  /\b(?:do not|don't|never) (?:contact|e-?mail|message) (?:me|us) again\b/i,
  /\bopt (?:me |us )?out\b/i,
];

/**
 * The main reason the message was written. Auto-replies and unsubscribe
 * requests are recognised by wording first; otherwise the classifier reads
 * each sentence (footer boilerplate skipped) and the body as a whole, and
 * the strongest sales signal (meeting, pricing, objection, buying) wins if
 * its probability reaches {@link minClassifierConfidence}; `confidence` is
 * that probability. Sentences carry their lemmas ({@link lemmatise}), which
 * is what the classifier reads; `readable` is false for text mostly in
 * scripts the English model cannot read, which is then `other` unless a
 * rule matched.
 *
 * @example
 * detectIntent(tools, 'Please send over the contract.', [{ text: 'Please send over the contract.', lemmas: 'please send over the contract .' }]);
 * // { label: 'buying_signal', confidence: 0.9…, evidence: [0] }
 */
export function detectIntent(
  tools: Pick<NlpTools, 'wink' | 'its'>,
  body: string,
  sentences: ReadonlyArray<Pick<BodySentence, 'text' | 'lemmas'>>,
  readable = true,
): IntentResult {
  if (body.trim() === '') return { label: 'other', confidence: 1, evidence: [] };
  const rule = ruleIntent(body);
  if (rule) return { label: rule, confidence: ruleConfidence, evidence: ruleEvidence(rule, sentences) };
  // The classifier knows English sales mail; on Chinese or Arabic it would only be reading the punctuation.
  if (!readable) return { label: 'other', confidence: 0.5, evidence: [] };

  const classifier = intentClassifier(tools);
  const considered = sentences.slice(0, maxClassifiedSentences).map((sentence, index) => ({ sentence, index })).filter(({ sentence }) => !isBoilerplate(sentence.text));
  const whole = classifier.predict(considered.map(({ sentence }) => sentence.lemmas).join(' '));
  const scored = considered.map(({ sentence, index }) => ({ index, prediction: classifier.predict(sentence.lemmas) }));
  let label: IntentLabel = 'other';
  let confidence = 0;
  for (const { prediction } of [...scored, { prediction: whole }]) {
    if (prediction.label !== 'other' && prediction.confidence > confidence) ({ label, confidence } = prediction);
  }
  if (label === 'other' || confidence < minClassifierConfidence) return { label: 'other', confidence: round(whole.probabilities.other), evidence: [] };
  const evidence = scored
    .filter(({ prediction }) => prediction.label === label && prediction.confidence >= minClassifierConfidence)
    .sort((a, b) => b.prediction.confidence - a.prediction.confidence)
    .map(({ index }) => index);
  return { label, confidence: round(confidence), evidence };
}

/** The intent wording alone settles, or undefined. */
export function ruleIntent(body: string): IntentLabel | undefined {
  if (autoReply.some((pattern) => pattern.test(body))) return 'out_of_office';
  if (body.length <= maxAwayNoticeLength && awayNotice.some((pattern) => pattern.test(body))) return 'out_of_office';
  return asksToUnsubscribe(body) ? 'unsubscribe' : undefined;
}

function asksToUnsubscribe(text: string): boolean {
  return unsubscribeRequest.some((pattern) => {
    const match = pattern.exec(text);
    if (!match) return false;
    // Newsletter footers offer unsubscribing; they do not ask for it.
    return !isBoilerplate(text.slice(Math.max(0, match.index - 80), match.index + match[0].length + 40));
  });
}

/** The sentences whose wording a rule recognised: the away notice itself before an "Automatic reply" subject line. */
function ruleEvidence(label: IntentLabel, sentences: ReadonlyArray<Pick<BodySentence, 'text'>>): number[] {
  const matching = (patterns: readonly RegExp[]): number[] =>
    sentences.flatMap((sentence, index) => (patterns.some((pattern) => pattern.test(sentence.text)) ? [index] : []));
  if (label === 'unsubscribe') return sentences.flatMap((sentence, index) => (asksToUnsubscribe(sentence.text) ? [index] : []));
  return [...new Set([...matching(awayNotice), ...matching(autoReply)])];
}

// Trained once per process on first use (a few hundred milliseconds), then
// shared: the model is a pure function of the bundled examples.
let trained: TextClassifier<IntentLabel> | undefined;

/**
 * The intent classifier, trained on {@link intentExamples} on first use. It
 * reads lemmatised text: pass sentences through {@link lemmatise}.
 */
export function intentClassifier(tools: Pick<NlpTools, 'wink' | 'its'>): TextClassifier<IntentLabel> {
  if (!trained) {
    const texts: string[] = [];
    const labels: IntentLabel[] = [];
    for (const label of intentLabels) {
      for (const example of intentExamples[label]) {
        texts.push(lemmatise(tools, example));
        labels.push(label);
      }
    }
    trained = trainTextClassifier(texts, labels, classifierOptions);
  }
  return trained;
}

/** The text as lower-case lemmas ("prices were" → "price be"), so inflections share what the classifier learned. */
export function lemmatise({ wink, its }: Pick<NlpTools, 'wink' | 'its'>, text: string): string {
  return wink.readDoc(text).tokens().out(its.lemma).join(' ').toLowerCase();
}

function round(value: number): number {
  return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
}
