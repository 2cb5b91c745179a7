import type { SocialNetwork } from '../fields';

/** Path heads that are a site's own pages, not a profile ("twitter.com/intent/…", "github.com/features"). */
const nonProfilePaths: Partial<Record<SocialNetwork, RegExp>> = {
  twitter: /^(intent|share|home|hashtag|search|i|privacy|tos|explore|login|signup|settings|messages|notifications)$/i,
  facebook: /^(sharer|sharer\.php|share|share\.php|dialog|plugins|tr|login|events|groups|watch|hashtag|help|policies|privacy)$/i,
  instagram: /^(p|explore|reel|reels|accounts|stories|tv|about|legal)$/i,
  github: /^(features|marketplace|pricing|about|login|join|sponsors|topics|trending|collections|enterprise|security|site|contact|orgs|apps|settings|search|explore|customer-stories|readme|team)$/i,
};

export interface SocialLink {
  network: SocialNetwork;
  url: string;
  /** The handle or slug, for comparing with the company's name. */
  handle: string;
}

/**
 * Recognises a company profile URL on LinkedIn, X/Twitter, Facebook,
 * Instagram, YouTube, GitHub or Crunchbase and returns it in canonical form
 * (https, no www, no query, no trailing slash). Share buttons, posts and
 * videos are not profiles and give undefined.
 *
 * @example
 * socialLinkOf('https://www.linkedin.com/company/acme-robotics/?trk=footer');
 * // { network: 'linkedin', url: 'https://linkedin.com/company/acme-robotics', handle: 'acme-robotics' }
 */
export function socialLinkOf(href: string): SocialLink | undefined {
  if (href.length > 2048 || !URL.canParse(href)) return undefined;
  const url = new URL(href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile|[a-z]{2}(-[a-z]{2})?)\./, '');
  const segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponentSafe(s));
  const [first, second] = segments;
  const make = (network: SocialNetwork, canonicalHost: string, path: string[], handle: string): SocialLink | undefined =>
    handle && /^[\p{L}\p{N}._@-]{1,100}$/u.test(handle) ? { network, url: `https://${canonicalHost}/${path.map(encodeURIComponent).join('/')}`.replace(/%40/g, '@'), handle } : undefined;

  if (host === 'linkedin.com') {
    if ((first === 'company' || first === 'school' || first === 'showcase' || first === 'in') && second) return make('linkedin', 'linkedin.com', [first, second], second);
    return undefined;
  }
  if (host === 'twitter.com' || host === 'x.com') {
    if (first && !nonProfilePaths.twitter?.test(first) && segments.length === 1) return make('twitter', host, [first.replace(/^@/, '')], first.replace(/^@/, ''));
    return undefined;
  }
  if (host === 'facebook.com' || host === 'fb.com') {
    if (first === 'pages' && segments.length >= 2) return make('facebook', 'facebook.com', segments.slice(0, 3), segments[1] ?? '');
    if (first === 'profile.php') {
      const id = url.searchParams.get('id');
      return id && /^\d{1,30}$/.test(id) ? { network: 'facebook', url: `https://facebook.com/profile.php?id=${id}`, handle: id } : undefined;
    }
    if (first && !nonProfilePaths.facebook?.test(first)) return make('facebook', 'facebook.com', [first], first);
    return undefined;
  }
  if (host === 'instagram.com') {
    if (first && !nonProfilePaths.instagram?.test(first)) return make('instagram', 'instagram.com', [first], first);
    return undefined;
  }
  if (host === 'youtube.com') {
    if (first?.startsWith('@')) return make('youtube', 'youtube.com', [first], first.slice(1));
    if ((first === 'channel' || first === 'c' || first === 'user') && second) return make('youtube', 'youtube.com', [first, second], second);
    return undefined;
  }
  if (host === 'github.com') {
    if (first && !nonProfilePaths.github?.test(first)) return make('github', 'github.com', [first], first);
    return undefined;
  }
  if (host === 'crunchbase.com') {
    if (first === 'organization' && second) return make('crunchbase', 'crunchbase.com', [first, second], second);
    return undefined;
  }
  return undefined;
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
