/** Recognisers for the lines of an email signature. */

export const titleWords =
  /\b(CEO|CTO|CFO|COO|CMO|CIO|CISO|CPO|CRO|CDO|VP|SVP|EVP|AVP|Vice[\s-]President|President|Director|Manager|Head|Lead|Engineer|Developer|Founder|Co-?founder|Owner|Partner|Principal|Consultant|Analyst|Officer|Chief|Specialist|Coordinator|Associate|Executive|Representative|Architect|Designer|Scientist|Researcher|Advisor|Adviser|Assistant|Administrator|Recruiter|Attorney|Counsel|Lawyer|Solicitor|Accountant|Controller|Chair(?:man|woman|person)?|Secretary|Treasurer|Professor|Lecturer|Intern|Strategist|Editor|Producer|Buyer|Planner|Technician|Supervisor|Superintendent|Foreman|Nurse|Physician|Surgeon|Pharmacist|Teacher|Agent|Broker|Realtor|Geschäftsführer(?:in)?|Leiter(?:in)?|Vorstand|Prokurist(?:in)?|Inhaber(?:in)?|Gérant(?:e)?|Directeur|Directrice|Responsable|Chargée?|Gerente|Director[ao]|Direttore|Direttrice|Jefe|Jefa|Responsabile|Sales|Marketing|Account\s+(?:Executive|Manager))\b/i;

export const companySuffix =
  /\b(Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|GmbH|gGmbH|AG|SE|SA|S\.A|SAS|SARL|S\.L|S\.L\.U|SL|SLU|S\.A\.S|S\.à\s?r\.l|BV|B\.V|NV|N\.V|Pty|PLC|Corp|Corporation|Company|KG|KGaA|OHG|UG|e\.K|e\.V|Oy|Oyj|AB|ASA|A\/S|ApS|S\.p\.A|SpA|S\.r\.l|Srl|LLP|LP|PC|PLLC|Group|Holdings|Technologies|Technology|Labs|Solutions|Systems|Partners|Consulting|Studio|Studios|Agency|Ventures|Capital|Industries|Enterprises|International|Foundation|University|Institute|Hospital|Clinic|Bank)\b\.?|\bCo\.(?=[\s,]|$)/;

export const streetPattern =
  /(\b\d{1,5}[a-z]?\s+[\p{L}'.\s-]{2,40}\b(street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|way|place|pl|court|ct|square|sq|parkway|pkwy|highway|hwy|terrace|crescent|close|row|plaza|circle|alley|wharf|quay)\b\.?)|(\p{L}(straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer)\s*\d)|(\b(straße|strasse|weg|gasse|platz|allee)\s+\d)|(\b(rue|avenue|boulevard|bd|chemin|allée|impasse|quai|via|viale|piazza|corso|calle|avenida|av\.|rua|paseo|carrera|plein|laan|straat|gracht|kade)\s+\p{L})|(\b(suite|ste|floor|fl|level|unit|building|bldg)\s*#?\s*\d+)|(\bP\.?\s?O\.?\s?Box\b)|(\b\d+(st|nd|rd|th)\s+floor\b)/iu;

export const postalPatterns: RegExp[] = [
  /\b[A-Z]{2}\s+\d{5}(-\d{4})?\b/, // US: "CA 94105"
  /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/, // UK: "M1 2AB", "EC1A 1BB"
  /\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/, // Canada: "K1A 0B1"
  /\b\d{4}\s?[A-Z]{2}\b/, // Netherlands: "1012 AB"
  /\b\d{5}\s+\p{Lu}[\p{L}-]+/u, // DE/FR/ES/IT: "10115 Berlin"
  /\b\d{4}\s+\p{Lu}[\p{L}-]+/u, // AT/CH/BE/DK/NO: "8001 Zürich"
  /\b\p{Lu}[\p{L}\s-]+\s(NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b/u, // Australia: "Sydney NSW 2000"
];

/** "Mobile:", "M", "Tel.", "Direct", "Fax" — the label before a phone number, mapped to its kind. */
export const phoneLabels: Array<[RegExp, 'mobile' | 'office' | 'direct' | 'fax']> = [
  [/(mobile|mob|cell|cellular|handy|mobil|móvil|movil|celular|portable|gsm|m)\s*$/i, 'mobile'],
  [/(fax|telefax|f)\s*$/i, 'fax'],
  [/(direct|direct line|dir|dd|ddi|durchwahl|d)\s*$/i, 'direct'],
  [/(tel|telephone|phone|ph|office|work|main|switchboard|büro|telefon|téléphone|tél|teléfono|telefono|p|t|o|w)\s*$/i, 'office'],
];

/** Phone-like runs: an optional +/00, digits with spaces, dots, dashes, slashes and brackets, an optional extension. */
export const phoneCandidate = /(?:\+|\b00)?\(?\d[\d\s().\-/]{5,24}\d(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?/gi;

export const emailCandidate = /[^\s<>()[\]@,;:"'|]+@[^\s<>()[\]@,;:"'|]+\.[^\s<>()[\]@,;:"'|]+/g;

export const urlCandidate = /\b(?:https?:\/\/|www\.)[^\s<>()|"']+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|ai|dev|app|biz|info|tech|de|uk|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|cz|ie|pt|us|ca|au|nz|jp|in|br|mx|sg|hk|eu)(?:\/[^\s<>()|"']*)?\b/gi;

/** Words that separate parts of one signature line. */
export const segmentSeparator = /\s+[|•·∙¦]\s+|\s*[|•·∙¦]\s*|\s{3,}|\t+/;
