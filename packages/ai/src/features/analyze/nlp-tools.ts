import type * as Chrono from 'chrono-node';
import type Compromise from 'compromise';
import type { findPhoneNumbersInText, isSupportedCountry } from 'libphonenumber-js';
import type { ItsFunction, WinkMethods } from 'wink-nlp';

/**
 * The wink-nlp `its` helpers used here, typed as the plain functions they
 * are: wink declares them as methods, some with signatures its own `out()`
 * does not accept (`lemma`).
 */
export interface WinkIts {
  value: ItsFunction<string>;
  precedingSpaces: ItsFunction<string>;
  type: ItsFunction<string>;
  pos: ItsFunction<string>;
  lemma: ItsFunction<string>;
  normal: ItsFunction<string>;
  stopWordFlag: ItsFunction<boolean>;
  span: ItsFunction<number[]>;
  sentiment: ItsFunction<number>;
}

/** The natural-language libraries the offline analysis runs on. */
export interface NlpTools {
  /** wink-nlp with its English model: tokens, sentences, parts of speech, lemmas, sentiment with negation, entities. */
  wink: WinkMethods;
  its: WinkIts;
  /** compromise: people and organisations. */
  compromise: typeof Compromise;
  /** chrono: dates written in words, resolved against a reference instant. */
  chrono: typeof Chrono;
  findPhoneNumbersInText: typeof findPhoneNumbersInText;
  isSupportedCountry: typeof isSupportedCountry;
}

// One copy per process, on purpose: the libraries are pure functions of
// their input once loaded, and loading them (the wink model is several MB of
// tables) costs a few hundred milliseconds that no single message should pay
// twice. Loaded on first use, so importing the package stays cheap.
let loading: Promise<NlpTools> | undefined;

/** The libraries, imported and set up on the first call. A failed load is retried by the next call. */
export function loadNlpTools(): Promise<NlpTools> {
  if (!loading) {
    loading = importTools();
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

async function importTools(): Promise<NlpTools> {
  const [wink, model, compromise, chrono, phones] = await Promise.all([
    import('wink-nlp'),
    import('wink-eng-lite-web-model'),
    import('compromise'),
    import('chrono-node'),
    import('libphonenumber-js'),
  ]);
  const nlp = wink.default(model.default);
  return {
    wink: nlp,
    its: nlp.its as unknown as WinkIts,
    compromise: compromise.default,
    chrono,
    findPhoneNumbersInText: phones.findPhoneNumbersInText,
    isSupportedCountry: phones.isSupportedCountry,
  };
}
