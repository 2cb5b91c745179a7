import { describe, expect, it } from 'vitest';
import { trainNaiveBayes } from './naive-bayes';

describe('trainNaiveBayes', () => {
  const model = trainNaiveBayes(
    ['please send the report', 'can you call me', 'please review this', 'the game was fun', 'lunch was great', 'we won the game'],
    ['Yes', 'Yes', 'Yes', 'No', 'No', 'No'],
  );

  it('predicts the class whose words the text shares', () => {
    expect(model.predict('please send it')).toBe('Yes');
    expect(model.predict('what a game')).toBe('No');
  });

  it('falls back to the prior for unknown or empty text', () => {
    expect(['Yes', 'No']).toContain(model.predict(''));
    expect(['Yes', 'No']).toContain(model.predict('🙂'));
  });
});
