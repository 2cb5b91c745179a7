import { createManualClock } from '@nexus/platform';
import { describe, expect, it } from 'vitest';
import { createLsaEmbedder, embedLsa, isInsufficientTextError, trainLsa, type LsaModel } from './lsa';
import { tokenize } from './tokenize';
import { isZeroVector } from './vectors';

function dot(x: Float32Array, y: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * y[i]!;
  return sum;
}

function norm(x: Float32Array): number {
  return Math.sqrt(dot(x, x));
}

/**
 * Three topics. "car" and "automobile" never share a document but keep the
 * same company (engine, wheels, road, ...); the food and billing notes share
 * no words with them.
 */
function corpus(): string[] {
  const topics = [
    ['engine', 'wheels', 'road', 'garage', 'tyres', 'brakes', 'fuel', 'highway'],
    ['pizza', 'pasta', 'cheese', 'tomato', 'oven', 'kitchen', 'sauce', 'basil'],
    ['invoice', 'payment', 'bank', 'account', 'overdue', 'refund', 'receipt', 'transfer'],
  ];
  const docs: string[] = [];
  for (let i = 0; i < 60; i++) {
    const topic = i % 3;
    const words = topics[topic]!;
    const picked = [0, 1, 2, 3].map((k) => words[(i * 7 + k * 3) % words.length]!);
    if (topic === 0) picked.push(i % 2 === 0 ? 'car' : 'automobile');
    if (topic === 1) picked.push(i % 2 === 0 ? 'restaurant' : 'trattoria');
    docs.push(`Note ${i}: discussed ${picked.join(', ')} with the customer.`);
  }
  return docs;
}

describe('tokenize', () => {
  it('lower-cases, strips accents, drops stopwords and stems English words', () => {
    expect(tokenize('Renée called about the Cars!')).toEqual(['rene', 'call', 'car']);
    expect(tokenize('Running runners ran')).toEqual(['run', 'runner', 'ran']);
  });

  it('drops one-character tokens and numbers longer than four digits but keeps years', () => {
    expect(tokenize('a b c 2024 +49 151 1234567 x1')).toEqual(['2024', '49', '151', 'x1']);
  });

  it('keeps words of other scripts as they are', () => {
    expect(tokenize('Привет, мир! 東京タワー İstanbul')).toEqual(['привет', 'мир', '東京タワー', 'istanbul']);
  });

  it.each([
    ['empty', ''],
    ['only punctuation', '!!! ??? ...'],
    ['emoji', '🚗🚗 🍕 👍🏽'],
    ['control characters', '\u0000\u0001\u0007\u001b[31m\r\n\t'],
    ['a lone surrogate', 'ab\ud800cd \udfff'],
    ['SQL', "'; DROP TABLE contacts; -- OR 1=1"],
    ['regex syntax', '.*+?^${}()|[]\\/(?<x>a)'],
    ['10 KB of one word', 'a'.repeat(10_240)],
    ['10 KB of text', 'lorem ipsum dolor sit amet '.repeat(400)],
  ])('never throws on %s', (_name, text) => {
    const tokens = tokenize(text);
    expect(Array.isArray(tokens)).toBe(true);
    for (const token of tokens) expect(token).toMatch(/^[\p{L}\p{N}]{2,64}$/u);
  });

  it('returns nothing for a value that is not a string', () => {
    expect(tokenize(null as unknown as string)).toEqual([]);
  });
});

describe('trainLsa and embedLsa', () => {
  const model = trainLsa(corpus(), { dimensions: 3, seed: 7 });

  it('ranks a document about a car above food and billing notes for the query "automobile"', () => {
    const query = embedLsa(model, 'automobile');
    const carNote = embedLsa(model, 'The car needs a new engine');
    expect(tokenize('The car needs a new engine')).not.toContain('automobil');
    const others = ['Pizza and pasta with tomato sauce', 'Cheese from the oven in the kitchen', 'The invoice payment is overdue', 'Refund to the bank account'];
    const carScore = dot(query, carNote);
    for (const other of others) expect(carScore).toBeGreaterThan(dot(query, embedLsa(model, other)) + 0.5);
    expect(carScore).toBeGreaterThan(0.8);
  });

  it('places words that share their company near each other and apart from other topics', () => {
    const restaurant = embedLsa(model, 'restaurant');
    expect(dot(restaurant, embedLsa(model, 'trattoria'))).toBeGreaterThan(0.8);
    expect(dot(restaurant, embedLsa(model, 'automobile'))).toBeLessThan(0.3);
  });

  it('returns unit vectors of the configured length', () => {
    for (const text of ['car', 'pizza oven', 'invoice overdue refund', corpus()[5]!]) {
      const vector = embedLsa(model, text);
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(3);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('returns the zero vector for text with no known term', () => {
    const vector = embedLsa(model, 'zeppelin quasar');
    expect(vector).toHaveLength(3);
    expect(isZeroVector(vector)).toBe(true);
    expect(isZeroVector(embedLsa(model, ''))).toBe(true);
  });

  it.each([
    ['emoji', '🚗 🍕'],
    ['Cyrillic and CJK', 'Привет 東京 автомобиль'],
    ['SQL', "car'; DROP TABLE contacts; --"],
    ['regex syntax', 'pizza.*+?^${}()|[]\\'],
    ['control characters', 'car\u0000\u001b\r\n'],
    ['10 KB', 'engine wheels road '.repeat(540)],
  ])('embeds %s to a unit or zero vector without throwing', (_name, text) => {
    const vector = embedLsa(model, text);
    expect(vector).toHaveLength(3);
    expect(vector.every(Number.isFinite)).toBe(true);
    if (!isZeroVector(vector)) expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('embeds a short text in well under a millisecond', () => {
    const big = trainLsa(corpus(), { dimensions: 128 });
    const started = performance.now();
    for (let i = 0; i < 1000; i++) embedLsa(big, 'Call about the car engine and the overdue invoice');
    expect((performance.now() - started) / 1000).toBeLessThan(0.5);
  });

  it('records what it was trained on', () => {
    const clock = createManualClock(new Date('2026-03-01T10:00:00Z'));
    const trained = trainLsa(['', ...corpus(), '   '], { dimensions: 3, clock });
    expect(trained.documentCount).toBe(60);
    expect(trained.trainedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(trained.vocabulary.has('automobil')).toBe(true);
    expect(trained.vocabulary.has('note')).toBe(true);
    // "Note 12" and its like: each number is in one document only.
    expect(trained.vocabulary.has('12')).toBe(false);
    expect(trained.idf).toHaveLength(trained.vocabulary.size);
    expect(trained.projection).toHaveLength(trained.vocabulary.size * trained.rank);
  });

  it('keeps only the most frequent terms when the vocabulary is capped', () => {
    const capped = trainLsa(corpus(), { dimensions: 3, maxVocabulary: 5 });
    expect(capped.vocabulary.size).toBe(5);
    // In every document: the most frequent terms.
    expect(capped.vocabulary.has('note')).toBe(true);
    expect(capped.vocabulary.has('custom')).toBe(true);
  });

  it('gives the same model and vectors for the same text and seed', () => {
    const again = trainLsa(corpus(), { dimensions: 3, seed: 7 });
    expect(Array.from(again.projection)).toEqual(Array.from(model.projection));
    expect(Array.from(embedLsa(again, 'automobile road'))).toEqual(Array.from(embedLsa(model, 'automobile road')));
  });

  it('learns the same space whatever the order of the documents', () => {
    // Each training run may rotate the space (the three topics weigh the
    // same), so what must agree is how texts relate, not their coordinates;
    // and the randomized SVD agrees with the exact one closely, not exactly.
    const reversed = trainLsa(corpus().reverse(), { dimensions: 3, seed: 7 });
    expect([...reversed.vocabulary.entries()]).toEqual([...model.vocabulary.entries()]);
    const texts = ['automobile road', 'car', 'pizza oven', 'overdue invoice', 'garage cheese', 'discussed with the customer'];
    for (const x of texts) {
      for (const y of texts) {
        const difference = dot(embedLsa(reversed, x), embedLsa(reversed, y)) - dot(embedLsa(model, x), embedLsa(model, y));
        expect(Math.abs(difference)).toBeLessThan(0.01);
      }
    }
  });
});

describe('small corpora', () => {
  it('pads vectors with zeros up to the configured dimensions', () => {
    const tiny = trainLsa(['car engine road', 'car wheels road', 'pizza pasta engine', 'pizza pasta wheels'], { dimensions: 128 });
    expect(tiny.dimensions).toBe(128);
    expect(tiny.rank).toBeLessThanOrEqual(3);
    const vector = embedLsa(tiny, 'car road');
    expect(vector).toHaveLength(128);
    expect(norm(vector)).toBeCloseTo(1, 5);
    expect(vector.subarray(tiny.rank).every((value) => value === 0)).toBe(true);
  });

  it('trains on a corpus of duplicated documents, whose matrix has lower rank than asked for', () => {
    const duplicated = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'car engine road wheels' : 'pizza pasta oven cheese'));
    const trained = trainLsa(duplicated, { dimensions: 16 });
    const car = embedLsa(trained, 'car');
    expect(norm(car)).toBeCloseTo(1, 5);
    expect(dot(car, embedLsa(trained, 'wheels'))).toBeCloseTo(1, 4);
    expect(Math.abs(dot(car, embedLsa(trained, 'pizza')))).toBeLessThan(1e-4);
  });

  it.each([
    ['no documents', []],
    ['one document', ['car engine road']],
    ['documents without a shared term', ['car engine', 'pizza pasta', 'invoice bank']],
    ['only stopwords and noise', ['the and of', '!!!', '🚗', '1234567']],
  ])('refuses to train on %s with an error callers can recognise', (_name, texts) => {
    let thrown: unknown;
    try {
      trainLsa(texts);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(isInsufficientTextError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/Not enough text to train an LSA model/);
  });

  it('rejects options out of range', () => {
    expect(() => trainLsa(corpus(), { dimensions: 0 })).toThrow(/dimensions/);
    expect(() => trainLsa(corpus(), { minDocumentFrequency: 1.5 })).toThrow(/minDocumentFrequency/);
    expect(isInsufficientTextError(new Error('Not enough text'))).toBe(false);
  });
});

describe('createLsaEmbedder', () => {
  it('embeds documents and queries alike, in input order, under the given id', async () => {
    const model: LsaModel = trainLsa(corpus(), { dimensions: 3 });
    const embedder = createLsaEmbedder(model, 'lsa-workspace-1');
    expect(embedder.id).toBe('lsa-workspace-1');
    expect(embedder.dimensions).toBe(3);
    const texts = ['automobile', 'pizza', 'zeppelin'];
    const documents = await embedder.embed(texts, 'document');
    const queries = await embedder.embed(texts, 'query');
    expect(documents.map((v) => Array.from(v))).toEqual(queries.map((v) => Array.from(v)));
    expect(documents.map((v) => Array.from(v))).toEqual(texts.map((t) => Array.from(embedLsa(model, t))));
    expect(isZeroVector(documents[2]!)).toBe(true);
  });
});
