/**
 * Characters of a message that are analysed: enough for any e-mail a person
 * writes, and it bounds the time a pasted log file or a base64 attachment
 * can cost.
 */
export const maxAnalysedChars = 20_000;

/** Raw input read before markup is removed: markup may shrink it to the limit above. */
const maxRawChars = maxAnalysedChars * 3;

export interface MessageParts {
  /**
   * The message as its writer sent it, without markup, quoted replies or
   * forwarded history; greeting and signature included (a signature is
   * where phone numbers and company names usually are).
   */
  visible: string;
  /** What the writer wrote in this message: `visible` without the greeting, sign-off and signature. */
  body: string;
  /** Where `body` starts in `visible`. */
  bodyStart: number;
  /** Where the sign-off or signature starts in `visible`, when there is one. */
  signatureStart?: number;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters (tab and newline excepted), replacement and non-characters, private use, unassigned.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are removed
const unreadable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFF9-\uFFFF\p{Co}\p{Cn}]/gu;
const invisible = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const horizontalSpace = /[\t\p{Zs}]+/gu;

/**
 * Text that is safe to analyse: at most {@link maxAnalysedChars} characters,
 * HTML reduced to its text, control characters, unpaired surrogates and
 * invisible characters removed, spaces collapsed within lines and at most
 * one blank line in a row. Never throws.
 *
 * @example
 * cleanText('<p>Hi&nbsp;Sam,</p><p>Can we talk?</p>'); // 'Hi Sam,\n\nCan we talk?'
 */
export function cleanText(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  let text = raw.slice(0, maxRawChars).replace(loneSurrogate, '').replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  if (looksLikeHtml(text)) text = htmlToText(text);
  text = text.replace(invisible, '').replace(unreadable, ' ');
  text = text
    .split('\n')
    .map((line) => line.replace(horizontalSpace, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return capLength(text, maxAnalysedChars);
}

/** Cuts at a line or word boundary near the limit, never inside a surrogate pair. */
function capLength(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit);
  const boundary = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  if (boundary > limit - 500) cut = cut.slice(0, boundary);
  return cut.replace(/[\uD800-\uDBFF]$/, '').trim();
}

const blockTags = new Set(['address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul']);
const inlineTags = new Set(['a', 'abbr', 'b', 'big', 'body', 'button', 'center', 'cite', 'code', 'col', 'colgroup', 'del', 'em', 'font', 'html', 'i', 'img', 'input', 'ins', 'label', 'link', 'mark', 'meta', 'o:p', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'u', 'wbr']);
const dropWithContent = ['script', 'style', 'head', 'title', 'xml'];

function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|div|p|br|span|table|td|a\s|b|strong|em|i|ul|ol|li|font|img|style|blockquote|h[1-6])\b[^<>]*>/i.test(text);
}

/**
 * The text of an HTML body. Only known tag names are removed, so an address
 * written as `<ana@example.com>` survives; script and style content goes.
 * Linear in the input: no pattern here can backtrack across the text.
 */
function htmlToText(html: string): string {
  let text = removeComments(html);
  for (const tag of dropWithContent) text = removeElements(text, tag);
  text = text.replace(/<\/?([a-z][a-z0-9]*(?::[a-z0-9]+)?)\b[^<>]*>/gi, (whole, name: string) => {
    const tag = name.toLowerCase();
    if (blockTags.has(tag)) return '\n';
    return inlineTags.has(tag) ? '' : whole;
  });
  return decodeEntities(text);
}

function removeComments(html: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = html.indexOf('<!--', from);
    if (start < 0) return out + html.slice(from);
    out += html.slice(from, start);
    const end = html.indexOf('-->', start + 4);
    if (end < 0) return out;
    from = end + 3;
  }
}

function removeElements(html: string, tag: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let from = 0;
  for (;;) {
    const start = lower.indexOf(`<${tag}`, from);
    if (start < 0) return out + html.slice(from);
    out += html.slice(from, start);
    const end = lower.indexOf(`</${tag}`, start + tag.length + 1);
    if (end < 0) return out;
    const close = lower.indexOf('>', end);
    if (close < 0) return out;
    from = close + 1;
  }
}

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  copy: '©',
  reg: '®',
  trade: '™',
  bull: '•',
  middot: '·',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code.startsWith('#')) {
      const point = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      const usable = point > 0 && point <= 0x10ffff && (point < 0xd800 || point > 0xdfff);
      return usable ? String.fromCodePoint(point) : ' ';
    }
    return namedEntities[code.toLowerCase()] ?? whole;
  });
}

// "On Tue, 4 Mar 2025 at 10:02, Ana Silva <ana@example.com> wrote:", possibly wrapped over two lines, and its usual translations.
const replyHeader = /^(?:on|le|am|el|il|op|em)\b.{0,300}\b(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu)\s*:$/i;
const historyMarker = [
  /^-{2,}\s*(?:original message|forwarded message|reply message|mensaje original|message d'origine|ursprüngliche nachricht)\s*-{2,}$/i,
  /^(?:begin forwarded message|forwarded message)\s*:?$/i,
  /^_{10,}$/,
];
const headerLine = /^(?:from|sent|date|to|cc|subject|de|von|envoyé|gesendet|an|objet|betreff)\s*:/i;

const greetingWord = String.raw`(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening)|morning|afternoon)`;
// No full stop: "Afternoon slots work best." is a sentence, not a greeting.
const greetingLine = new RegExp(String.raw`^${greetingWord}(?:\s+[\p{L}\p{M}.'’-]+){0,3}\s*[,!:;—–-]?$`, 'iu');
const greetingPrefix = new RegExp(String.raw`^${greetingWord}(?:\s+[\p{L}\p{M}.'’-]+){0,3}\s*[,!:;—–-]\s*`, 'iu');
const signOff =
  /^(?:(?:best|kind|warm|warmest|many|with|all the)\s+)?(?:regards|wishes|thanks|best|cheers|sincerely|rgds|br|thx|thank you|thanks again|thanks in advance|yours(?: truly| sincerely| faithfully)?|talk soon|speak soon|take care|all the best|looking forward(?: to hearing from you)?)[\s,.!]*$/i;
const signatureMarker = /^(?:--|—|__|sent from my\b|get outlook for\b|sent via\b|this email (?:and any attachments )?is confidential)/i;

// Newsletter and legal footers: they offer unsubscribing or disclaim, they say nothing about what the writer wants.
const boilerplate = [
  /\b(?:click|tap)\s+(?:here\s+)?to\s+unsubscribe\b|\bunsubscribe\s+(?:here|link|at any time|anytime|below)\b|\bto unsubscribe\b/i,
  /\byou (?:can|may) (?:unsubscribe|opt out)\b|\bif you (?:no longer|don't|do not) (?:wish|want) to receive\b|\bmanage (?:your )?(?:e-?mail )?(?:preferences|subscriptions)\b/i,
  /\byou(?:'re| are) receiving this (?:e-?mail |message )?because\b/i,
  /\bthis (?:e-?mail|message)(?: and any attachments)? (?:is|are|may be|may contain) (?:confidential|privileged)\b/i,
];

/** Whether a sentence is footer boilerplate ("Click here to unsubscribe", "This e-mail is confidential"). */
export function isBoilerplate(sentence: string): boolean {
  return boilerplate.some((pattern) => pattern.test(sentence));
}

/** Whether the line opens quoted history (the earlier messages of a thread), looking at most two lines ahead. */
function opensHistory(lines: readonly string[], index: number): boolean {
  const line = lines[index]!;
  if (historyMarker.some((pattern) => pattern.test(line))) return true;
  if (/^(?:on|le|am|el|il|op|em)\b/i.test(line)) {
    const joined = [line, lines[index + 1] ?? '', lines[index + 2] ?? ''];
    for (let n = 1; n <= 3; n++) if (replyHeader.test(joined.slice(0, n).join(' ').trim())) return true;
  }
  // An Outlook header block: "From: …" followed by "Sent:"/"Date:"/"To:"/"Subject:" lines.
  if (/^(?:from|de|von)\s*:/i.test(line)) {
    const next = lines.slice(index + 1, index + 4);
    return next.some((candidate) => headerLine.test(candidate));
  }
  return false;
}

/**
 * Splits a cleaned message into what the writer wrote now and the rest:
 * lines quoted with `>`, the history after "On … wrote:" or an
 * "Original Message" header, the greeting line and everything from the
 * sign-off ("Best,", "Thanks,", "--") on. A message that is only quoted
 * history (a bare forward) is analysed as that history, headers removed.
 *
 * @example
 * splitMessage('Hi Sam,\nCan we talk on Monday?\nBest,\nAna').body; // 'Can we talk on Monday?'
 */
export function splitMessage(clean: string): MessageParts {
  const lines = clean.split('\n');
  let end = lines.findIndex((_line, index) => opensHistory(lines, index));
  if (end < 0) end = lines.length;
  let kept = lines.slice(0, end).filter((line) => !line.startsWith('>'));
  if (kept.every((line) => line === '')) {
    kept = lines
      .map((line) => line.replace(/^(?:>\s?)+/, ''))
      .filter((line, index, all) => !headerLine.test(line) && !historyMarker.some((pattern) => pattern.test(line)) && !opensHistory(all, index));
  }
  const visible = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  const visibleLines = visible.split('\n');

  const offsets: number[] = [];
  let position = 0;
  for (const line of visibleLines) {
    offsets.push(position);
    position += line.length + 1;
  }
  let first = visibleLines.findIndex((line) => line !== '');
  if (first < 0) return { visible, body: '', bodyStart: 0 };
  let start = offsets[first]!;
  const opening = visibleLines[first]!;
  if (greetingLine.test(opening)) {
    first += 1;
    start = offsets[first] ?? visible.length;
  } else {
    const prefix = greetingPrefix.exec(opening);
    if (prefix) start += prefix[0].length;
  }
  let last = visibleLines.length;
  for (let index = first; index < visibleLines.length; index++) {
    const line = visibleLines[index]!;
    if (signOff.test(line) || signatureMarker.test(line)) {
      last = index;
      break;
    }
  }
  const signatureStart = last < visibleLines.length ? offsets[last]! : undefined;
  const stop = signatureStart === undefined ? visible.length : Math.max(start, signatureStart - 1);
  const raw = visible.slice(start, stop);
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  const signature = signatureStart === undefined ? {} : { signatureStart };
  // A message that is nothing but a greeting and a sign-off ("Thanks!") is its own body.
  if (body === '') return { visible, body: visible, bodyStart: 0, ...signature };
  return { visible, body, bodyStart: start + lead, ...signature };
}
