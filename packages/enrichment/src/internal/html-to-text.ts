import { Parser } from 'htmlparser2';

const blockTags = new Set(['br', 'p', 'div', 'tr', 'li', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'header', 'footer', 'hr']);

/**
 * Visible text of an HTML email body with block elements as line breaks.
 * Quoted replies in <blockquote> are prefixed with "> " so reply detection
 * sees them as quoted; link targets are appended when they differ from the
 * link text (a LinkedIn icon links somewhere useful).
 */
export function htmlToText(html: string): string {
  let out = '';
  let skip = 0;
  let quoteDepth = 0;
  const hrefs: string[] = [];
  let linkText = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'script' || name === 'style' || name === 'head') skip += 1;
        if (name === 'blockquote') quoteDepth += 1;
        if (blockTags.has(name)) out += `\n${'> '.repeat(quoteDepth)}`;
        if (name === 'a') {
          hrefs.push(attrs.href ?? '');
          linkText = '';
        }
      },
      ontext(text) {
        if (skip > 0) return;
        const clean = text.replace(/\s+/g, ' ');
        out += clean;
        if (hrefs.length > 0) linkText += clean;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style' || name === 'head') skip = Math.max(0, skip - 1);
        if (name === 'a') {
          const href = hrefs.pop() ?? '';
          if (/^(https?:|mailto:)/i.test(href) && !linkText.includes(href.replace(/^mailto:/i, ''))) out += ` ${href.replace(/^mailto:/i, '')} `;
        }
        if (blockTags.has(name) && name !== 'br') out += `\n${'> '.repeat(Math.max(0, quoteDepth - (name === 'blockquote' ? 1 : 0)))}`;
        if (name === 'blockquote') quoteDepth = Math.max(0, quoteDepth - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}

export function looksLikeHtml(text: string): boolean {
  return /<(br|div|p|table|span|html|body)(\s[^<>]*)?\/?>/i.test(text.slice(0, 20_000));
}
