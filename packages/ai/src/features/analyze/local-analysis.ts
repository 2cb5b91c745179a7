import { analysisSchema, type Analysis } from './analysis-schema';
import { findEntities } from './entities';
import { detectIntent } from './intent';
import { extractKeywords } from './keywords';
import { cleanText, splitMessage } from './message-text';
import { loadNlpTools, type NlpTools } from './nlp-tools';
import { readBody, type BodySentence, type BodyToken } from './read-body';
import { emptySummary, fit, summarise } from './summary';

export interface AnalyzeInput {
  /** The message: plain text or HTML, any length (the first 20,000 characters are analysed). */
  text: string;
  /** Contacts and companies the CRM knows to be involved; found case-insensitively and hidden from cloud providers. */
  knownNames?: readonly string[];
  /** The instant relative dates ("next Tuesday") are resolved against, in UTC. Default: now. */
  now?: Date;
  /** ISO 3166 alpha-2 country for phone numbers written without a country code. Default `US`. */
  defaultCountry?: string;
}

/** Below this magnitude a message reads as neutral: courtesy ("thanks for your time") is not an attitude. */
const neutralBand = 0.15;

/**
 * The offline analysis: wink-nlp for sentences, sentiment, parts of speech
 * and some entities; compromise for people and organisations; chrono for
 * dates; libphonenumber for phone numbers; the package's own classifier for
 * intent. Never throws: hostile or empty input gets a valid, plain answer.
 *
 * @example
 * const analysis = await analyzeLocally({ text: email.body, now: email.receivedAt, knownNames: ['Acme'] });
 */
export async function analyzeLocally(input: AnalyzeInput): Promise<Analysis> {
  let clean = '';
  try {
    clean = cleanText((input as Partial<AnalyzeInput> | undefined)?.text);
    const tools = await loadNlpTools();
    const analysis = analyze(tools, input, clean);
    const checked = analysisSchema.safeParse(analysis);
    return checked.success ? checked.data : plainAnalysis(clean);
  } catch {
    return plainAnalysis(clean);
  }
}

function analyze(tools: NlpTools, input: AnalyzeInput, clean: string): Analysis {
  const { visible, body, bodyStart, signatureStart } = splitMessage(clean);
  if (body === '') return plainAnalysis('');
  const read = readBody(tools, body);
  const now = input.now instanceof Date && Number.isFinite(input.now.getTime()) ? input.now : new Date();
  const { entities, mentions } = findEntities({
    tools,
    ...(signatureStart === undefined ? {} : { signatureStart }),
    visible,
    wink: read.entities.map((entity) => ({ ...entity, start: entity.start + bodyStart })),
    now,
    defaultCountry: typeof input.defaultCountry === 'string' ? input.defaultCountry : 'US',
    knownNames: Array.isArray(input.knownNames) ? input.knownNames : [],
  });
  const intent = detectIntent(tools, body, read.sentences, mostlyEnglishWords(read.tokens));
  // Names, addresses, amounts and dates are entities; organisations (a competitor, a product) stay searchable as keywords.
  const taken = mentions.filter((mention) => mention.type !== 'organization').map((mention) => ({ start: mention.start - bodyStart, end: mention.end - bodyStart }));
  const keywords = extractKeywords(read.tokens, (start, end) => taken.some((span) => start < span.end && span.start < end));
  return {
    sentiment: sentimentOf(read.sentences),
    entities,
    intent: { label: intent.label, confidence: intent.confidence },
    keywords,
    summary: summarise(read.sentences, keywords, intent.evidence),
  };
}

/** Whether most of the words are ones wink's English model reads as words (it types Chinese, Arabic or Cyrillic runs as unknown). */
function mostlyEnglishWords(tokens: readonly BodyToken[]): boolean {
  const lettered = tokens.filter((token) => /\p{L}/u.test(token.text));
  const words = lettered.filter((token) => token.type === 'word').length;
  return words >= 2 && words >= lettered.length * 0.6;
}

/**
 * The mean sentiment of the sentences that carry any, pulled towards
 * neutral when there are few of them, so one "great" among ten factual
 * sentences does not make a message enthusiastic, while "not happy at all"
 * in a two-line message is clearly negative.
 */
function sentimentOf(sentences: readonly BodySentence[]): Analysis['sentiment'] {
  const opinions = sentences.map((sentence) => sentence.sentiment).filter((value) => Math.abs(value) >= 0.05);
  const sum = opinions.reduce((total, value) => total + value, 0);
  const raw = opinions.length === 0 ? 0 : sum / (opinions.length + 0.5);
  const score = Math.max(-1, Math.min(1, Math.round(raw * 100) / 100));
  const label = score >= neutralBand ? 'positive' : score <= -neutralBand ? 'negative' : 'neutral';
  return { label, score };
}

/** What can be said without the libraries: the first line as summary, nothing more. */
function plainAnalysis(clean: string): Analysis {
  const firstLine = clean.split('\n').find((line) => /[\p{L}\p{N}]/u.test(line));
  return {
    sentiment: { label: 'neutral', score: 0 },
    entities: [],
    intent: { label: 'other', confidence: 1 },
    keywords: [],
    summary: firstLine ? fit(firstLine) : emptySummary,
  };
}
