import { describe, expect, it } from 'vitest';
import { cleanText, maxAnalysedChars, splitMessage } from './message-text';

describe('cleanText', () => {
  it('reduces HTML to its text, keeping addresses in angle brackets', () => {
    const html = '<html><head><title>x</title><style>p{}</style></head><body><p>Hi&nbsp;Sam,</p><!-- tracking --><div>Mail <b>Ana</b> &lt;ana@example.com&gt; or &#x41;na &amp; co.</div><script>alert(1)</script></body></html>';

    expect(cleanText(html)).toBe('Hi Sam,\n\nMail Ana <ana@example.com> or Ana & co.');
    expect(cleanText('Ana Silva <ana@example.com> wrote: 3 < 5 &amp; 7 > 4')).toBe('Ana Silva <ana@example.com> wrote: 3 < 5 &amp; 7 > 4');
  });

  it('removes control characters, invisible characters and unpaired surrogates, and collapses spaces', () => {
    expect(cleanText('Hello\u0000\u0007 there\u200B,\r\n\r\n\r\n\r\nsee \uD800 you\t\tsoon 🙂')).toBe('Hello there,\n\nsee you soon 🙂');
  });

  it('caps the text without splitting a word or a surrogate pair', () => {
    const text = cleanText('word 🙂 '.repeat(10_000));

    expect(text.length).toBeLessThanOrEqual(maxAnalysedChars);
    expect(text.endsWith('🙂') || text.endsWith('word')).toBe(true);
  });

  it('returns an empty string for what is not a string', () => {
    expect(cleanText(undefined)).toBe('');
    expect(cleanText({ text: 'x' })).toBe('');
  });
});

describe('splitMessage', () => {
  it('separates greeting, body and signature, keeping the signature visible', () => {
    const message = 'Hi Sam,\n\nCan we talk on Monday?\nI have two questions.\n\nBest regards,\nAna Silva\nGlobex';

    const parts = splitMessage(message);

    expect(parts.body).toBe('Can we talk on Monday?\nI have two questions.');
    expect(parts.visible).toBe(message);
    expect(parts.visible.slice(parts.bodyStart, parts.bodyStart + parts.body.length)).toBe(parts.body);
    expect(parts.visible.slice(parts.signatureStart)).toBe('Best regards,\nAna Silva\nGlobex');
  });

  it('strips a greeting at the start of the first sentence', () => {
    expect(splitMessage('Hello Tom, thanks for the call today.').body).toBe('thanks for the call today.');
  });

  it('drops quoted history after "On … wrote:", even wrapped over two lines, and quoted lines', () => {
    const message = 'Works for me.\n> inline quote\nSee you then.\n\nOn Tue, 4 Mar 2025 at 10:02, Sam Carter\n<sam@example.com> wrote:\n> Can we meet?';

    const parts = splitMessage(message);

    expect(parts.visible).toBe('Works for me.\nSee you then.');
    expect(parts.body).toBe('Works for me.\nSee you then.');
  });

  it('drops an Outlook header block and what follows', () => {
    const message = 'Approved on our side.\n\nFrom: Sam Carter <sam@example.com>\nSent: Tuesday, March 4, 2025 10:02 AM\nTo: Ana Silva\nSubject: Contract';

    expect(splitMessage(message).visible).toBe('Approved on our side.');
  });

  it('reads a bare forward as the forwarded message, headers removed', () => {
    const message = '---------- Forwarded message ---------\nFrom: Lee <lee@example.com>\nDate: Tue, Mar 4, 2025\nSubject: Pricing\nTo: Ana\n\nHow much is the Pro plan?';

    expect(splitMessage(message).body).toBe('How much is the Pro plan?');
  });

  it('keeps a message that is only a sign-off as its own body', () => {
    expect(splitMessage('Thanks!').body).toBe('Thanks!');
    expect(splitMessage('').body).toBe('');
  });
});
