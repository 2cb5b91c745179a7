import { describe, expect, it } from 'vitest';
import { createRandom } from '../internal/random';
import { loadTextClassifier, trainTextClassifier } from './text-classifier';

type Intent = 'meeting_request' | 'unsubscribe' | 'pricing_question';

const examples: [string, Intent][] = [
  ['Can we meet on Tuesday afternoon?', 'meeting_request'],
  ['Are you free for a call next week?', 'meeting_request'],
  ['Could we schedule a meeting on Friday?', 'meeting_request'],
  ['Let us set up a call to discuss, does Monday work?', 'meeting_request'],
  ['Would you be available to meet next Thursday?', 'meeting_request'],
  ['Please remove me from your mailing list', 'unsubscribe'],
  ['Unsubscribe me, stop sending these emails', 'unsubscribe'],
  ['Take me off this list please', 'unsubscribe'],
  ['Stop emailing me and remove my address', 'unsubscribe'],
  ['I do not want these emails any more, unsubscribe', 'unsubscribe'],
  ['How much does the enterprise plan cost?', 'pricing_question'],
  ['What is the price per seat?', 'pricing_question'],
  ['Can you send me your pricing for 50 users?', 'pricing_question'],
  ['Is there a discount on the annual price?', 'pricing_question'],
  ['What would it cost for our team of ten?', 'pricing_question'],
];
const texts = examples.map(([text]) => text);
const labels = examples.map(([, label]) => label);

describe('trainTextClassifier', () => {
  it('separates clearly separable texts, with the most probable label', () => {
    const classifier = trainTextClassifier(texts, labels, { minDocumentFrequency: 1 });
    expect(classifier.labels).toEqual(['meeting_request', 'pricing_question', 'unsubscribe']);
    expect(classifier.predict('Are you free to meet on Wednesday?').label).toBe('meeting_request');
    expect(classifier.predict('Please unsubscribe me from this list').label).toBe('unsubscribe');
    expect(classifier.predict('What is the price for the enterprise plan?').label).toBe('pricing_question');
  });

  it('returns probabilities that sum to 1, the confidence being the top one', () => {
    const classifier = trainTextClassifier(texts, labels, { minDocumentFrequency: 1 });
    const prediction = classifier.predict('Could we schedule a call on Monday?');
    const values = Object.values<number>(prediction.probabilities);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(prediction.confidence).toBe(Math.max(...values));
    expect(prediction.confidence).toBeGreaterThan(1 / 3);
  });

  it('is deterministic: the same texts give the same model', () => {
    expect(trainTextClassifier(texts, labels).toJSON()).toEqual(trainTextClassifier(texts, labels).toJSON());
  });

  it('rejects a single label and mismatched lengths', () => {
    expect(() => trainTextClassifier(['a', 'b'], ['x', 'x'])).toThrow(RangeError);
    expect(() => trainTextClassifier(['a'], ['x', 'y'])).toThrow(RangeError);
  });
});

describe('predict on hostile input', () => {
  const classifier = trainTextClassifier(texts, labels, { minDocumentFrequency: 1 });
  const random = createRandom(3);
  const noise = Array.from({ length: 10_240 }, () => String.fromCharCode(32 + Math.floor(random() * 0xd000))).join('');
  const hostile = ['', '   ', '🙂🙂🙂 🚀', noise, 'meet '.repeat(2048), '\u0000\uFFFF\uD800', '¿Podemos reunirnos el martes?'];

  it.each(hostile.map((text) => [text.slice(0, 20), text]))('never throws and returns a known label for %j', (_, text) => {
    const prediction = classifier.predict(text);
    expect(classifier.labels).toContain(prediction.label);
    expect(prediction.confidence).toBeGreaterThan(0);
    expect(prediction.confidence).toBeLessThanOrEqual(1);
  });

  it('falls back to the prior for text with no known words', () => {
    const prediction = classifier.predict('');
    for (const p of Object.values<number>(prediction.probabilities)) expect(p).toBeCloseTo(1 / 3, 1);
  });

  it('does not throw on values that are not strings at run time', () => {
    expect(() => classifier.predict(null as unknown as string)).not.toThrow();
  });
});

describe('loadTextClassifier', () => {
  it('round-trips through JSON with identical predictions', () => {
    const classifier = trainTextClassifier(texts, labels, { minDocumentFrequency: 1 });
    const restored = loadTextClassifier<Intent>(JSON.parse(JSON.stringify(classifier)));
    for (const text of [...texts, 'something else entirely']) expect(restored.predict(text)).toEqual(classifier.predict(text));
  });

  it('rejects weights that do not fit the vocabulary', () => {
    const json = trainTextClassifier(texts, labels).toJSON();
    expect(() => loadTextClassifier({ ...json, weights: json.weights.slice(1) })).toThrow(RangeError);
  });
});
