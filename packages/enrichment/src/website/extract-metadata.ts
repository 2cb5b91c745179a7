import { Parser } from 'htmlparser2';
import { socialNetworks, type SocialLinks, type SocialNetwork } from '../fields';
import { cleanLine, lookupKey, nonEmptyString } from '../internal/text';
import { findOrganization, parseJsonLd, type JsonLdOrganization } from './json-ld';
import { socialLinkOf, type SocialLink } from './social-links';

export interface CompanyMetadata {
  name?: string;
  description?: string;
  /** Absolute URL. */
  logoUrl?: string;
  /** Absolute URL of a declared icon. */
  faviconUrl?: string;
  socialLinks: SocialLinks;
  organization?: JsonLdOrganization;
  /** <html lang>. */
  language?: string;
  canonicalUrl?: string;
  title?: string;
  /** Where each chosen value came from on the page, which sets its confidence. */
  sources: {
    name?: 'og:site_name' | 'json-ld' | 'title' | 'application-name';
    description?: 'meta' | 'og:description' | 'json-ld';
    logoUrl?: 'json-ld' | 'og:image' | 'apple-touch-icon' | 'icon';
    socialLinks?: Partial<Record<SocialNetwork, 'json-ld' | 'link'>>;
  };
}

const maxHtmlChars = 5_000_000;
const maxAnchors = 5000;
const maxScripts = 20;
const maxScriptChars = 1_000_000;

interface Collected {
  title?: string;
  metas: Array<{ key: string; content: string }>;
  links: Array<{ rel: string; href: string; sizes?: string }>;
  anchors: string[];
  scripts: string[];
  base?: string;
  lang?: string;
}

function collect(html: string): Collected {
  const out: Collected = { metas: [], links: [], anchors: [], scripts: [] };
  let inTitle = false;
  let titleText = '';
  let svgDepth = 0;
  let script: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'svg') svgDepth += 1;
        if (svgDepth > 0) return;
        switch (name) {
          case 'html':
            if (attrs.lang) out.lang = attrs.lang.slice(0, 35);
            break;
          case 'title':
            if (out.title === undefined) inTitle = true;
            break;
          case 'meta': {
            const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').toLowerCase().trim();
            if (key && attrs.content !== undefined && out.metas.length < 500) out.metas.push({ key, content: attrs.content.slice(0, 5000) });
            break;
          }
          case 'link':
            if (attrs.rel && attrs.href && out.links.length < 500) out.links.push({ rel: attrs.rel.toLowerCase(), href: attrs.href, ...(attrs.sizes ? { sizes: attrs.sizes } : {}) });
            break;
          case 'base':
            if (out.base === undefined && attrs.href) out.base = attrs.href;
            break;
          case 'a':
            if (attrs.href && out.anchors.length < maxAnchors) out.anchors.push(attrs.href.slice(0, 2048));
            break;
          case 'script':
            if ((attrs.type ?? '').toLowerCase().trim() === 'application/ld+json' && out.scripts.length < maxScripts) script = '';
            break;
          default:
        }
      },
      ontext(text) {
        if (inTitle && titleText.length < 1000) titleText += text;
        if (script !== undefined && script.length < maxScriptChars) script += text;
      },
      onclosetag(name) {
        if (name === 'svg' && svgDepth > 0) svgDepth -= 1;
        if (name === 'title' && inTitle) {
          inTitle = false;
          out.title = titleText;
        }
        if (name === 'script' && script !== undefined) {
          out.scripts.push(script);
          script = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html.length > maxHtmlChars ? html.slice(0, maxHtmlChars) : html);
  parser.end();
  return out;
}

/** Absolute http(s) URL or undefined; "javascript:", "data:" and junk are dropped. */
function absolute(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  const text = href.trim();
  if (text === '' || text.length > 2048 || !URL.canParse(text, base)) return undefined;
  const url = new URL(text, base);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

const genericTitleParts = /^(home|homepage|home page|start|startseite|accueil|inicio|welcome|official site|official website|main page)$/i;

/**
 * The company name inside a page title: "Acme Robotics | Industrial robots"
 * → "Acme Robotics", "Home - Acme" → "Acme", preferring the part that
 * matches the domain.
 *
 * @example
 * cleanTitle('Industrial robots that just work — Acme Robotics', 'acme-robotics.com'); // 'Acme Robotics'
 */
export function cleanTitle(title: string, host: string): string | undefined {
  const text = cleanLine(title).replace(/^welcome to\s+/i, '');
  const parts = text
    .split(/\s+[|\-–—·•:»~]\s+|\s*\|\s*|:\s+/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !genericTitleParts.test(p));
  if (parts.length === 0) return undefined;
  const label = lookupKey(host.replace(/^www\./, '').split('.')[0] ?? '').replace(/ /g, '');
  const squash = (p: string): string => lookupKey(p).replace(/ /g, '');
  const matching = label ? parts.find((p) => squash(p) === label) ?? parts.find((p) => squash(p).includes(label) || (squash(p).length >= 3 && label.includes(squash(p)))) : undefined;
  const chosen = matching ?? [...parts].sort((a, b) => a.length - b.length)[0];
  return chosen && chosen.length <= 120 ? chosen : undefined;
}

function pickSocialLinks(org: JsonLdOrganization | undefined, anchors: string[], base: string, host: string): { links: SocialLinks; sources: Partial<Record<SocialNetwork, 'json-ld' | 'link'>> } {
  const links: SocialLinks = {};
  const sources: Partial<Record<SocialNetwork, 'json-ld' | 'link'>> = {};
  for (const href of org?.sameAs ?? []) {
    const link = socialLinkOf(href);
    if (link && !links[link.network]) {
      links[link.network] = link.url;
      sources[link.network] = 'json-ld';
    }
  }
  // Pages link to other companies' profiles too (a partner, a share button):
  // prefer a handle that matches the domain, then the most linked, then the
  // latest in the page (footers come last).
  const label = lookupKey(host.replace(/^www\./, '').split('.')[0] ?? '').replace(/ /g, '');
  const seen = new Map<string, { link: SocialLink; count: number; position: number }>();
  anchors.forEach((href, position) => {
    const abs = absolute(href, base);
    const link = abs ? socialLinkOf(abs) : undefined;
    if (!link) return;
    const entry = seen.get(link.url);
    if (entry) {
      entry.count += 1;
      entry.position = position;
    } else seen.set(link.url, { link, count: 1, position });
  });
  for (const network of socialNetworks) {
    if (links[network]) continue;
    const options = [...seen.values()].filter((e) => e.link.network === network);
    if (options.length === 0) continue;
    const score = (e: { link: SocialLink; count: number; position: number }): number => {
      const handle = lookupKey(e.link.handle).replace(/ /g, '');
      const matches = label !== '' && (handle.includes(label) || (handle.length >= 3 && label.includes(handle)));
      // A person's LinkedIn profile on a company site is rarely the company's.
      const personal = e.link.network === 'linkedin' && e.link.url.includes('/in/');
      return (matches ? 1000 : 0) + (personal ? -500 : 0) + e.count * 10 + e.position / (anchors.length + 1);
    };
    const best = options.sort((a, b) => score(b) - score(a))[0];
    if (best) {
      links[network] = best.link.url;
      sources[network] = 'link';
    }
  }
  return { links, sources };
}

function largestIcon(links: Collected['links'], rel: (r: string) => boolean, base: string): string | undefined {
  const size = (sizes: string | undefined): number => Math.max(0, ...(sizes ?? '').split(/\s+/).map((s) => Number(s.split('x')[0]) || 0));
  const candidates = links.filter((l) => rel(l.rel)).sort((a, b) => size(b.sizes) - size(a.sizes));
  for (const candidate of candidates) {
    const url = absolute(candidate.href, base);
    if (url) return url;
  }
  return undefined;
}

/**
 * Company metadata from an HTML page: name, description, logo, icon, social
 * profiles and the JSON-LD Organization. Pure: never fetches, never throws.
 *
 * @example
 * const meta = extractCompanyMetadata(html, 'https://acme.com/');
 * meta.name; // 'Acme Robotics'
 */
export function extractCompanyMetadata(html: string, pageUrl: string): CompanyMetadata {
  const collected = collect(typeof html === 'string' ? html : '');
  const page = URL.canParse(pageUrl) ? new URL(pageUrl) : new URL('https://invalid.invalid/');
  const base = absolute(collected.base, page.href) ?? page.href;
  const host = page.hostname;
  const meta = (key: string): string | undefined => nonEmptyString(collected.metas.find((m) => m.key === key)?.content, 2000);

  const jsonLd = collected.scripts.map(parseJsonLd).filter((doc) => doc !== undefined);
  const organization = findOrganization(jsonLd, host);

  const result: CompanyMetadata = { socialLinks: {}, sources: {} };
  const title = nonEmptyString(collected.title, 500);
  if (title) result.title = title;
  if (collected.lang) result.language = collected.lang;
  const canonical = absolute(collected.links.find((l) => l.rel.split(/\s+/).includes('canonical'))?.href, base);
  if (canonical) result.canonicalUrl = canonical;
  if (organization) result.organization = organization;

  const siteName = meta('og:site_name');
  const titleName = title ? cleanTitle(title, host) : undefined;
  const appName = meta('application-name');
  if (siteName && siteName.length <= 120) [result.name, result.sources.name] = [siteName, 'og:site_name'];
  else if (organization?.name) [result.name, result.sources.name] = [organization.name, 'json-ld'];
  else if (titleName) [result.name, result.sources.name] = [titleName, 'title'];
  else if (appName && appName.length <= 120) [result.name, result.sources.name] = [appName, 'application-name'];

  const description = meta('description');
  const ogDescription = meta('og:description');
  if (description) [result.description, result.sources.description] = [description, 'meta'];
  else if (ogDescription) [result.description, result.sources.description] = [ogDescription, 'og:description'];
  else if (organization?.description) [result.description, result.sources.description] = [organization.description, 'json-ld'];

  const icon = largestIcon(collected.links, (rel) => rel.split(/\s+/).includes('icon'), base);
  const touchIcon = largestIcon(collected.links, (rel) => rel.startsWith('apple-touch-icon'), base);
  const jsonLdLogo = absolute(organization?.logo, base);
  const ogImage = absolute(meta('og:image') ?? meta('og:image:url') ?? meta('og:image:secure_url'), base);
  if (jsonLdLogo) [result.logoUrl, result.sources.logoUrl] = [jsonLdLogo, 'json-ld'];
  else if (ogImage) [result.logoUrl, result.sources.logoUrl] = [ogImage, 'og:image'];
  else if (touchIcon) [result.logoUrl, result.sources.logoUrl] = [touchIcon, 'apple-touch-icon'];
  else if (icon) [result.logoUrl, result.sources.logoUrl] = [icon, 'icon'];
  if (icon) result.faviconUrl = icon;

  const social = pickSocialLinks(organization, collected.anchors, base, host);
  // twitter:site ("@acme") names the site's own account.
  const twitterSite = meta('twitter:site');
  if (!social.links.twitter && twitterSite && /^@?[A-Za-z0-9_]{1,15}$/.test(twitterSite)) {
    social.links.twitter = `https://x.com/${twitterSite.replace(/^@/, '')}`;
    social.sources.twitter = 'link';
  }
  result.socialLinks = social.links;
  if (Object.keys(social.sources).length > 0) result.sources.socialLinks = social.sources;
  return result;
}
