import { beforeAll, describe, expect, it } from 'vitest';
import { intentLabels, type IntentLabel } from './analysis-schema';
import { intentClassifier, lemmatise, minClassifierConfidence, ruleIntent } from './intent';
import { intentExamples } from './intent-examples';
import { loadNlpTools, type NlpTools } from './nlp-tools';

let tools: NlpTools;
beforeAll(async () => {
  tools = await loadNlpTools();
});

/** Sentences written for this test only: none is in the training examples. */
const heldOut: Array<[string, IntentLabel]> = [
  ['Could we get on a call sometime Thursday to talk through the numbers?', 'meeting_request'],
  ['Is there a time next week when you could give my team a demo?', 'meeting_request'],
  ['Are you around Friday morning for a quick chat?', 'meeting_request'],
  ['Let us find a slot to meet with our head of sales.', 'meeting_request'],
  ['What would it cost us to add the analytics module?', 'pricing_question'],
  ['Do you have a price sheet for the premium tier?', 'pricing_question'],
  ['How much is the yearly licence for twenty people?', 'pricing_question'],
  ['Is there a discount if we pay for two years upfront?', 'pricing_question'],
  ["It's way over our budget, unfortunately.", 'objection'],
  ['We already use a competitor and are pretty happy with it.', 'objection'],
  ["This just isn't a priority for us right now.", 'objection'],
  ['We chose another supplier after the evaluation.', 'objection'],
  ['We are ready to sign, please send the final contract.', 'buying_signal'],
  ["Let's move ahead, can you send the paperwork?", 'buying_signal'],
  ['Management signed off on the purchase, what happens next?', 'buying_signal'],
  ['We would like to go ahead with 25 seats on the annual plan.', 'buying_signal'],
  ['I am on leave this week and will respond when I get back.', 'out_of_office'],
  ['I am currently travelling with limited access to messages.', 'out_of_office'],
  ['Please take me off your mailing list.', 'unsubscribe'],
  ['I do not want any more emails from you, please stop.', 'unsubscribe'],
  ['Thanks for sending the onboarding guide.', 'other'],
  ['Hope the conference went well!', 'other'],
  ['Our IT team has finished setting up the user accounts.', 'other'],
  ['Can you remind me where the release notes are published?', 'other'],
];

describe('intent examples', () => {
  it('has at least 25 distinct examples for every label', () => {
    for (const label of intentLabels) {
      const examples = intentExamples[label];
      expect(examples.length, label).toBeGreaterThanOrEqual(25);
      expect(new Set(examples).size, label).toBe(examples.length);
    }
  });

  it('does not contain the held-out test sentences', () => {
    const all = new Set(intentLabels.flatMap((label) => intentExamples[label].map((text) => text.toLowerCase())));
    for (const [sentence] of heldOut) expect(all.has(sentence.toLowerCase()), sentence).toBe(false);
  });
});

describe('intent classifier', () => {
  it('labels most sentences it was not trained on correctly', () => {
    const classifier = intentClassifier(tools);
    const right = heldOut.filter(([sentence, label]) => {
      const prediction = classifier.predict(lemmatise(tools, sentence));
      const decided = prediction.label !== 'other' && prediction.confidence < minClassifierConfidence ? 'other' : prediction.label;
      return decided === label;
    });

    // Generalisation, not memory: a few misses are expected, most must be right.
    expect(right.length / heldOut.length).toBeGreaterThanOrEqual(0.8);
  });

  it('is confident on clear sales signals it has not seen', () => {
    const classifier = intentClassifier(tools);
    const clear = ['How much would 30 seats cost per year?', 'Can we schedule a demo on Monday afternoon?', 'Please send the contract over so we can sign.'];
    const confident = clear.filter((sentence) => classifier.predict(lemmatise(tools, sentence)).confidence >= minClassifierConfidence);

    expect(confident.length).toBeGreaterThanOrEqual(2);
  });

  it('is trained once and shared', () => {
    expect(intentClassifier(tools)).toBe(intentClassifier(tools));
  });
});

describe('intent rules', () => {
  it.each([
    ['Automatic reply: I am away until Monday.', 'out_of_office'],
    ['I am on parental leave until 1 September. For urgent matters contact the sales desk.', 'out_of_office'],
    ['I have limited access to email this week.', 'out_of_office'],
    ['Unsubscribe', 'unsubscribe'],
    ['Stop emailing me.', 'unsubscribe'],
    ['Please take me off your list, thanks.', 'unsubscribe'],
  ] as const)('recognise %j', (text, label) => {
    expect(ruleIntent(text)).toBe(label);
  });

  it.each([
    'Can we meet on Tuesday to discuss the renewal?',
    'If you no longer wish to receive these emails, click here to unsubscribe.',
    `We are rolling the pilot out to a second team. ${'The details of the rollout are in the attached plan. '.repeat(30)}I was out of the office last week, so sorry for the slow reply.`,
  ])('leave other wording to the classifier: %j', (text) => {
    expect(ruleIntent(text)).toBeUndefined();
  });
});
