import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Labels the HTML standard decodes as another encoding (latin1 is really windows-1252 on the web). */
const aliases: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'x-sjis': 'shift_jis',
  'x-euc-jp': 'euc-jp',
  'ks_c_5601-1987': 'euc-kr',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  utf8: 'utf-8',
};

function usable(label: string | undefined | null): string | undefined {
  if (!label) return undefined;
  const name = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  const mapped = aliases[name] ?? name;
  // A page cannot ask to be decoded as UTF-16 from an ASCII-compatible meta tag; iconv handles the rest.
  return iconv.encodingExists(mapped) ? mapped : undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return match?.[2];
}

/** The HTML standard's prescan: a charset declared in the first 1024 bytes. */
function charsetFromMeta(body: Buffer): string | undefined {
  const head = body.subarray(0, 1024).toString('latin1');
  const direct = /<meta[^>]*?\scharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (direct) return direct[1];
  const httpEquiv = /<meta[^>]*?content\s*=\s*["'][^"']*charset\s*=\s*([\w.:-]+)/i.exec(head);
  return httpEquiv?.[1];
}

function charsetFromBom(body: Buffer): string | undefined {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * Decodes an HTML body: byte-order mark, then the Content-Type charset,
 * then a <meta> charset, then chardet's guess, then UTF-8.
 *
 * @example
 * decodeHtml(buffer, 'text/html; charset=ISO-8859-1'); // { html: '…', charset: 'windows-1252', from: 'header' }
 */
export function decodeHtml(body: Buffer, contentType: string | undefined): { html: string; charset: string; from: 'bom' | 'header' | 'meta' | 'detected' | 'default' } {
  const attempts: Array<['bom' | 'header' | 'meta' | 'detected', string | undefined]> = [
    ['bom', charsetFromBom(body)],
    ['header', usable(charsetFromContentType(contentType))],
    ['meta', usable(charsetFromMeta(body))],
  ];
  for (const [from, charset] of attempts) {
    if (charset) return { html: iconv.decode(body, charset), charset, from };
  }
  const detected = usable(chardet.detect(body.subarray(0, 64 * 1024)));
  if (detected) return { html: iconv.decode(body, detected), charset: detected, from: 'detected' };
  return { html: iconv.decode(body, 'utf-8'), charset: 'utf-8', from: 'default' };
}
