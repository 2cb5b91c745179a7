/** Where the latest message ends and its signature begins. */

/** Lines that start the previous message in a reply or forward, in the languages our users write. */
const replyHeaders: RegExp[] = [
  /^\s*(on|le|el|am|op|il|em|den|på)\b.{0,300}\b(wrote|a écrit|escribió|schrieb|schreef|ha scritto|escreveu|skrev|napisał)\s*:?\s*$/i,
  /^\s*-{2,}\s*(original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje original|messaggio originale|oorspronkelijk bericht|mensagem original)\s*-{2,}/i,
  /^\s*(begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié)\s*:/i,
  /^\s*_{10,}\s*$/,
];

/** Outlook's header block: "From: …" followed within a few lines by "Sent:", "Date:", "To:" or "Subject:". */
const fromLine = /^\s*\*?(from|von|de|da|van|från|fra)\s*\*?\s*:\s*\S/i;
const headerLine = /^\s*\*?(sent|date|to|subject|gesendet|datum|an|betreff|envoyé|date|à|objet|enviado|fecha|para|asunto|inviato|data|a|oggetto|verzonden|aan|onderwerp)\s*\*?\s*:/i;

/** Mobile and client footers that are not part of anyone's signature. */
const clientFooter = /^\s*(sent from my|sent from outlook|sent from mail for|sent from yahoo mail|get outlook for|sent via|envoyé de mon|von meinem .{1,40} gesendet|enviado desde|inviato da|verzonden vanaf|skickat från)\b/i;

const signOffWords = [
  'best', 'best regards', 'best wishes', 'kind regards', 'kindest regards', 'warm regards', 'warmest regards', 'warm wishes', 'regards', 'many thanks',
  'thanks', 'thanks again', 'thanks so much', 'thanks a lot', 'thank you', 'thank you so much', 'thx', 'cheers', 'sincerely', 'yours sincerely',
  'sincerely yours', 'yours truly', 'yours faithfully', 'respectfully', 'all the best', 'talk soon', 'speak soon', 'with thanks', 'with best regards',
  'br', 'rgds', 'mfg', 'mit freundlichen grüßen', 'mit freundlichen grüssen', 'freundliche grüße', 'freundliche grüsse', 'viele grüße', 'viele grüsse',
  'beste grüße', 'beste grüsse', 'liebe grüße', 'lg', 'vg', 'gruß', 'gruss', 'cordialement', 'bien cordialement', 'bien à vous', 'salutations',
  'meilleures salutations', 'saludos', 'un saludo', 'saludos cordiales', 'atentamente', 'cordiali saluti', 'saluti', 'distinti saluti',
  'met vriendelijke groet', 'vriendelijke groet', 'groeten', 'hälsningar', 'med vänlig hälsning', 'vänliga hälsningar', 'mvh', 'pozdrawiam',
  'z poważaniem', 'abraços', 'atenciosamente', 'cumprimentos',
];
// Longest first, so "best regards" wins over "best" and leaves nothing behind.
const signOff = new RegExp(`^\\s*(${[...signOffWords].sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, '\\s+')).join('|')})\\s*[,.!:;-]*\\s*(.{0,40})$`, 'i');

const delimiter = /^\s*(--|—|–|__)\s*$/;

export interface SignatureLocation {
  /** Lines of the signature, in order, empty lines dropped. */
  lines: string[];
  /** How the start was found: a "-- " delimiter, a sign-off ("Best regards,"), or a trailing contact block. */
  anchor: 'delimiter' | 'sign_off' | 'trailing_block';
  /** A name written on the sign-off line itself ("Thanks, Ada"). */
  signOffName?: string;
}

export function latestMessage(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line)) return lines.slice(0, i);
    if (replyHeaders.some((re) => re.test(line))) return lines.slice(0, i);
    // "On Tue, 3 Mar 2026 at 10:02, Ada Lovelace <ada@example.com>" + "wrote:" split over two lines by the client.
    if (/^\s*on\b.{0,300}$/i.test(line) && /^\s*wrote:\s*$/i.test(lines[i + 1] ?? '')) return lines.slice(0, i);
    if (fromLine.test(line) && lines.slice(i + 1, i + 5).some((l) => headerLine.test(l))) return lines.slice(0, i);
  }
  return lines;
}

const maxSignatureLines = 15;
const disclaimer = /^\s*(confidential|confidentiality|this e-?mail|this message|the information (contained|in this)|disclaimer|notice\s*:|important\s*:|please consider the environment|think before you print|vertraulich|diese e-?mail|ce message|ce courriel|questo messaggio|este mensaje|dit bericht)/i;

function takeSignatureLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (disclaimer.test(line) || line.length > 200) break;
    if (clientFooter.test(line)) continue;
    out.push(line);
    if (out.length >= maxSignatureLines) break;
  }
  return out;
}

const contactSignal = /(@[\w-]+\.[\w.-]+|\+?\d[\d\s().-]{6,}\d|https?:\/\/|www\.)/i;

/** Finds the signature block of the latest message; undefined when there is none. */
export function locateSignature(message: string[]): SignatureLocation | undefined {
  const body = message.filter((l) => !clientFooter.test(l));
  for (let i = body.length - 1; i >= 0; i -= 1) {
    if (delimiter.test(body[i] ?? '')) {
      const lines = takeSignatureLines(body.slice(i + 1));
      if (lines.length > 0) return { lines, anchor: 'delimiter' };
    }
  }
  // The last sign-off within the final lines of the message.
  const nonEmpty = body.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '');
  for (const [line, index] of nonEmpty.slice(-maxSignatureLines - 2).reverse()) {
    const match = signOff.exec(line);
    if (!match) continue;
    const rest = (match[2] ?? '').trim();
    // "Thanks for the call yesterday" is a sentence, not a sign-off: only a short name may follow.
    if (rest !== '' && !/^[\p{Lu}][\p{L}'’.-]*(\s+[\p{Lu}][\p{L}'’.-]*){0,2}$/u.test(rest)) continue;
    const lines = takeSignatureLines(body.slice(index + 1));
    if (lines.length === 0 && rest === '') continue;
    return rest === '' ? { lines, anchor: 'sign_off' } : { lines, anchor: 'sign_off', signOffName: rest };
  }
  // No marker: a short final paragraph carrying contact details.
  let end = body.length;
  while (end > 0 && (body[end - 1] ?? '').trim() === '') end -= 1;
  let start = end;
  while (start > 0 && (body[start - 1] ?? '').trim() !== '' && end - start < 10) start -= 1;
  const block = takeSignatureLines(body.slice(start, end));
  const signals = block.filter((l) => contactSignal.test(l)).length;
  if (block.length >= 2 && block.length <= 10 && signals >= 1 && start > 0) return { lines: block, anchor: 'trailing_block' };
  return undefined;
}
