/**
 * Enough of the Public Suffix List to find the registrable domain of company
 * sites: explicit multi-label suffixes, plus the common pattern of a generic
 * second level under a two-letter country TLD (co.uk, com.au, co.jp, com.br).
 * Deliberately small; an unlisted suffix costs a slightly wrong company
 * domain ("acme.gob.xx" style), never a crash.
 */
const multiLabelSuffixes = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'ltd.uk', 'plc.uk', 'me.uk', 'net.uk', 'sch.uk', 'nhs.uk', 'police.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'asn.au', 'id.au',
  'co.nz', 'org.nz', 'net.nz', 'ac.nz', 'govt.nz', 'geek.nz',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp', 'gr.jp', 'ed.jp', 'lg.jp',
  'co.kr', 'or.kr', 'ne.kr', 'ac.kr', 'go.kr', 're.kr',
  'com.br', 'net.br', 'org.br', 'gov.br', 'edu.br', 'art.br', 'eng.br', 'ind.br',
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'ac.cn',
  'com.hk', 'org.hk', 'net.hk', 'edu.hk', 'gov.hk', 'idv.hk',
  'com.tw', 'org.tw', 'net.tw', 'edu.tw', 'gov.tw', 'idv.tw',
  'com.sg', 'org.sg', 'net.sg', 'edu.sg', 'gov.sg',
  'com.my', 'org.my', 'net.my', 'edu.my', 'gov.my',
  'co.in', 'net.in', 'org.in', 'firm.in', 'gen.in', 'ind.in', 'ac.in', 'edu.in', 'gov.in', 'res.in',
  'co.za', 'org.za', 'net.za', 'gov.za', 'ac.za', 'web.za',
  'com.mx', 'org.mx', 'net.mx', 'gob.mx', 'edu.mx',
  'com.ar', 'org.ar', 'net.ar', 'gob.ar', 'edu.ar',
  'com.co', 'org.co', 'net.co', 'gov.co', 'edu.co',
  'com.tr', 'org.tr', 'net.tr', 'gov.tr', 'edu.tr', 'gen.tr', 'biz.tr',
  'co.il', 'org.il', 'net.il', 'ac.il', 'gov.il',
  'co.id', 'or.id', 'web.id', 'ac.id', 'go.id', 'my.id',
  'com.ph', 'org.ph', 'net.ph', 'gov.ph', 'edu.ph',
  'com.vn', 'net.vn', 'org.vn', 'edu.vn', 'gov.vn',
  'com.pk', 'org.pk', 'net.pk', 'edu.pk', 'gov.pk',
  'com.ng', 'org.ng', 'gov.ng', 'edu.ng',
  'com.eg', 'org.eg', 'gov.eg', 'edu.eg',
  'com.sa', 'org.sa', 'gov.sa', 'edu.sa', 'net.sa',
  'com.pe', 'org.pe', 'gob.pe', 'edu.pe',
  'com.ec', 'org.ec', 'gob.ec', 'edu.ec',
  'com.uy', 'org.uy', 'gub.uy', 'edu.uy',
  'co.th', 'in.th', 'or.th', 'ac.th', 'go.th',
  'com.ua', 'org.ua', 'net.ua', 'gov.ua', 'in.ua', 'kiev.ua', 'kyiv.ua',
  'co.ke', 'or.ke', 'ac.ke', 'go.ke',
  'co.at', 'or.at', 'ac.at', 'gv.at',
  'com.pl', 'net.pl', 'org.pl', 'waw.pl', 'gov.pl',
  'com.es', 'org.es', 'nom.es', 'gob.es', 'edu.es',
  'com.pt', 'org.pt', 'gov.pt', 'edu.pt',
  'com.gr', 'org.gr', 'gov.gr', 'edu.gr',
  'com.cy', 'org.cy', 'gov.cy', 'ac.cy',
  'com.mt', 'org.mt', 'gov.mt', 'edu.mt',
  'co.hu', 'org.hu', 'info.hu',
  'com.ru', 'org.ru', 'net.ru', 'msk.ru', 'spb.ru',
  'co.rs', 'org.rs', 'in.rs', 'edu.rs',
  'com.bd', 'org.bd', 'gov.bd', 'edu.bd',
  'com.lk', 'org.lk', 'gov.lk', 'edu.lk',
  'com.np', 'org.np', 'gov.np', 'edu.np',
  'co.tz', 'or.tz', 'go.tz', 'ac.tz',
  'co.ug', 'or.ug', 'go.ug', 'ac.ug',
  'com.gh', 'org.gh', 'gov.gh', 'edu.gh',
  'co.zw', 'org.zw', 'gov.zw', 'ac.zw',
  'com.qa', 'org.qa', 'gov.qa', 'edu.qa',
  'com.kw', 'org.kw', 'gov.kw', 'edu.kw',
  'com.bh', 'org.bh', 'gov.bh', 'edu.bh',
  'com.om', 'org.om', 'gov.om', 'edu.om',
  'co.ae', 'org.ae', 'net.ae', 'gov.ae', 'ac.ae',
  'com.do', 'com.gt', 'com.pa', 'com.py', 'com.bo', 'com.sv', 'com.ni', 'com.hn', 'com.cu', 'com.jm', 'com.tt',
  'com.kh', 'com.mm', 'com.la', 'com.bn', 'com.fj', 'com.pg', 'com.na', 'com.mz', 'com.ly', 'com.lb', 'com.jo',
  'com.af', 'com.kz', 'com.ge', 'com.am', 'com.az', 'com.by', 'com.mk', 'com.al', 'com.ba', 'com.hr', 'com.ro',
  // Hosting platforms where each customer gets a subdomain of their own.
  'github.io', 'gitlab.io', 'herokuapp.com', 'netlify.app', 'vercel.app', 'pages.dev', 'web.app', 'firebaseapp.com',
  'azurewebsites.net', 'cloudfront.net', 'blogspot.com', 'wordpress.com', 'wixsite.com', 'squarespace.com', 'myshopify.com',
  'webflow.io', 'carrd.co', 'notion.site', 'substack.com', 'medium.com', 'glitch.me', 'fly.dev', 'onrender.com', 'framer.website',
]);

const genericSecondLevels = new Set(['co', 'com', 'net', 'org', 'ac', 'edu', 'gov', 'gob', 'govt', 'ltd', 'plc', 'or', 'ne', 'go', 'mil', 'nic', 'nom', 'sch']);

/** The public suffix of an ASCII host ("co.uk" for "shop.acme.co.uk", "com" for "acme.com"). */
export function publicSuffixOf(host: string): string {
  const labels = host.split('.');
  if (labels.length >= 3) {
    const three = labels.slice(-3).join('.');
    if (multiLabelSuffixes.has(three)) return three;
  }
  if (labels.length >= 2) {
    const two = labels.slice(-2).join('.');
    if (multiLabelSuffixes.has(two)) return two;
    const tld = labels[labels.length - 1] ?? '';
    const second = labels[labels.length - 2] ?? '';
    // "acme.co.xx" with any two-letter country TLD, as long as there is a label before the suffix.
    if (labels.length >= 3 && /^[a-z]{2}$/.test(tld) && genericSecondLevels.has(second)) return two;
  }
  return labels[labels.length - 1] ?? host;
}

/**
 * The domain someone registered: one label left of the public suffix.
 * "mail.eu.acme.co.uk" → "acme.co.uk"; undefined when the host is a suffix.
 */
export function registrableDomain(host: string): string | undefined {
  const suffix = publicSuffixOf(host);
  if (host === suffix) return undefined;
  const rest = host.slice(0, host.length - suffix.length - 1);
  const label = rest.split('.').pop();
  return label ? `${label}.${suffix}` : undefined;
}
