import { systemClock, type Clock } from '@nexus/platform';
import type { Embedder } from '../ports';
import { truncatedSvd, type CsrMatrix } from './internal/randomized-svd';
import { toUnitVector } from './internal/unit-vector';
import { createMemoizedTokenizer, tokenize } from './tokenize';

/**
 * A latent semantic analysis model: TF-IDF over a workspace's own text,
 * projected on the top right singular vectors of the document-term matrix.
 * Terms that occur in the same documents ("car", "automobile", "engine") end
 * up near each other, so a query finds documents that share none of its words.
 */
export interface LsaModel {
  /** Term (as `tokenize` returns it) → its row in `idf` and `projection`. */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Smoothed inverse document frequency of each term: ln((1 + n) / (1 + df)) + 1. */
  readonly idf: Float32Array;
  /** Vₖ, the top right singular vectors: `vocabulary.size × rank`, row-major. */
  readonly projection: Float32Array;
  /** Columns of `projection`: as many of `dimensions` as the corpus supports. */
  readonly rank: number;
  /** Length of every vector the model returns; components from `rank` on are always zero. */
  readonly dimensions: number;
  /** Documents with at least one token the model was trained on. */
  readonly documentCount: number;
  /** ISO 8601 timestamp of training. */
  readonly trainedAt: string;
}

export interface LsaTrainingOptions {
  /** Length of the vectors. Default 128. */
  dimensions?: number;
  /** The most frequent terms kept, by document frequency. Default 30 000. */
  maxVocabulary?: number;
  /** Terms in fewer documents are dropped: a term seen once says nothing about its neighbours. Default 2. */
  minDocumentFrequency?: number;
  /** Seeds the random projection: equal text and seed give equal models. */
  seed?: number;
  clock?: Clock;
}

const defaultSeed = 0x5eed;
const oversampling = 10;
const powerIterations = 2;

const insufficientTextBrand = Symbol.for('nexuscrm.search.InsufficientTextError');

/** The corpus is too small to learn anything from yet: an expected state of a new workspace, not a failure. */
export class InsufficientTextError extends Error {
  readonly [insufficientTextBrand] = true;

  constructor(message: string) {
    super(message);
    this.name = 'InsufficientTextError';
  }
}

/** Checks by brand, so a second copy of this package still recognises the error. */
export function isInsufficientTextError(value: unknown): value is InsufficientTextError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[insufficientTextBrand] === true;
}

/**
 * Trains an LSA model on the given texts. The truncated SVD is computed by a
 * seeded randomized range finder with power iterations, so training is
 * deterministic and its cost grows with the number of non-zero entries, not
 * with documents × vocabulary.
 *
 * Throws `InsufficientTextError` when fewer than two documents or terms are
 * left after filtering (see `isInsufficientTextError`).
 *
 * @example
 * const model = trainLsa(documents.map((d) => `${d.title} ${d.body}`), { dimensions: 128 });
 * const vector = embedLsa(model, 'automobile'); // unit length, or all zeros
 */
export function trainLsa(texts: Iterable<string>, options: LsaTrainingOptions = {}): LsaModel {
  const dimensions = checkedInteger('dimensions', options.dimensions ?? 128, 1, 4096);
  const maxVocabulary = checkedInteger('maxVocabulary', options.maxVocabulary ?? 30_000, 2, 10_000_000);
  const minDocumentFrequency = checkedInteger('minDocumentFrequency', options.minDocumentFrequency ?? 2, 1, 2 ** 31 - 1);
  const seed = checkedInteger('seed', options.seed ?? defaultSeed, 0, 2 ** 32 - 1);
  const clock = options.clock ?? systemClock;

  const counted = countTerms(texts);
  const documentCount = counted.documents.length;
  const vocabularyTerms = selectVocabulary(counted, minDocumentFrequency, maxVocabulary);
  const remap = new Int32Array(counted.terms.length).fill(-1);
  vocabularyTerms.forEach((termId, index) => {
    remap[termId] = index;
  });
  const idf = new Float32Array(vocabularyTerms.length);
  vocabularyTerms.forEach((termId, index) => {
    idf[index] = Math.log((1 + documentCount) / (1 + counted.documentFrequency[termId]!)) + 1;
  });

  const matrix = buildMatrix(counted.documents, remap, idf);
  if (matrix.rows < 2 || matrix.columns < 2) {
    throw new InsufficientTextError(
      `Not enough text to train an LSA model: ${matrix.rows} document(s) and ${matrix.columns} term(s) remain ` +
        `after dropping terms found in fewer than ${minDocumentFrequency} documents; at least 2 of each are needed`,
    );
  }

  const rank = Math.min(dimensions, matrix.rows - 1, matrix.columns - 1);
  const svd = truncatedSvd(matrix, { rank, oversampling, powerIterations, seed });
  const vocabulary = new Map<string, number>();
  vocabularyTerms.forEach((termId, index) => vocabulary.set(counted.terms[termId]!, index));
  return {
    vocabulary,
    idf,
    projection: Float32Array.from(svd.vectors),
    rank: svd.rank,
    dimensions,
    documentCount,
    trainedAt: clock.now().toISOString(),
  };
}

/**
 * The unit-length LSA vector of a text, `model.dimensions` long. Text with no
 * term the model knows gets the zero vector: check with `isZeroVector` and skip
 * it, since it has no direction to compare.
 */
export function embedLsa(model: LsaModel, text: string): Float32Array {
  const frequencies = new Map<number, number>();
  for (const token of tokenize(text)) {
    const index = model.vocabulary.get(token);
    if (index !== undefined) frequencies.set(index, (frequencies.get(index) ?? 0) + 1);
  }
  const rank = model.rank;
  const sum = new Float64Array(rank);
  const projection = model.projection;
  for (const [index, frequency] of frequencies) {
    const weight = (1 + Math.log(frequency)) * model.idf[index]!;
    const base = index * rank;
    for (let j = 0; j < rank; j++) sum[j]! += weight * projection[base + j]!;
  }
  return toUnitVector(sum, model.dimensions);
}

/**
 * An `Embedder` over a trained model. Documents and queries share one space,
 * so `purpose` makes no difference.
 *
 * @example
 * const embedder = createLsaEmbedder(trainLsa(texts), 'lsa-workspace-1');
 * const [vector] = await embedder.embed(['automobile'], 'query');
 */
export function createLsaEmbedder(model: LsaModel, id: string): Embedder {
  return {
    id,
    dimensions: model.dimensions,
    embed: async (texts) => texts.map((text) => embedLsa(model, text)),
  };
}

interface TermCounts {
  terms: string[];
  documentFrequency: number[];
  /** Per document with at least one token: term id, count, term id, count, ... */
  documents: Int32Array[];
}

function countTerms(texts: Iterable<string>): TermCounts {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const documentFrequency: number[] = [];
  const lastDocument: number[] = [];
  const frequency: number[] = [];
  const documents: Int32Array[] = [];
  const tokenizeDocument = createMemoizedTokenizer();
  for (const text of texts) {
    const tokens = tokenizeDocument(text);
    if (tokens.length === 0) continue;
    const document = documents.length;
    const distinct: number[] = [];
    for (const token of tokens) {
      let id = ids.get(token);
      if (id === undefined) {
        id = terms.length;
        ids.set(token, id);
        terms.push(token);
        documentFrequency.push(0);
        lastDocument.push(-1);
        frequency.push(0);
      }
      if (lastDocument[id] !== document) {
        lastDocument[id] = document;
        frequency[id] = 0;
        documentFrequency[id]!++;
        distinct.push(id);
      }
      frequency[id]!++;
    }
    const pairs = new Int32Array(distinct.length * 2);
    distinct.forEach((id, i) => {
      pairs[2 * i] = id;
      pairs[2 * i + 1] = frequency[id]!;
    });
    documents.push(pairs);
  }
  return { terms, documentFrequency, documents };
}

/** Term ids kept, most frequent first; ties broken by the term so the order never depends on input order. */
function selectVocabulary(counted: TermCounts, minDocumentFrequency: number, maxVocabulary: number): number[] {
  const { terms, documentFrequency } = counted;
  const kept: number[] = [];
  for (let id = 0; id < terms.length; id++) {
    if (documentFrequency[id]! >= minDocumentFrequency) kept.push(id);
  }
  kept.sort((x, y) => documentFrequency[y]! - documentFrequency[x]! || compareStrings(terms[x]!, terms[y]!));
  return kept.slice(0, maxVocabulary);
}

function compareStrings(x: string, y: string): number {
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** Rows of sublinear TF × IDF, each scaled to unit length; documents left without a vocabulary term are dropped. */
function buildMatrix(documents: readonly Int32Array[], remap: Int32Array, idf: Float32Array): CsrMatrix {
  let entries = 0;
  for (const pairs of documents) {
    for (let i = 0; i < pairs.length; i += 2) if (remap[pairs[i]!]! >= 0) entries++;
  }
  const rowStart: number[] = [0];
  const column = new Int32Array(entries);
  const value = new Float64Array(entries);
  let next = 0;
  for (const pairs of documents) {
    const start = next;
    let sumOfSquares = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      const index = remap[pairs[i]!]!;
      if (index < 0) continue;
      const weight = (1 + Math.log(pairs[i + 1]!)) * idf[index]!;
      column[next] = index;
      value[next] = weight;
      sumOfSquares += weight * weight;
      next++;
    }
    if (next === start) continue;
    const inverseNorm = 1 / Math.sqrt(sumOfSquares);
    for (let i = start; i < next; i++) value[i]! *= inverseNorm;
    rowStart.push(next);
  }
  return { rows: rowStart.length - 1, columns: idf.length, rowStart: Int32Array.from(rowStart), column, value };
}

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`LSA option ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}
