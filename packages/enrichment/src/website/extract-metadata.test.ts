import { describe, expect, it } from 'vitest';
import { cleanTitle, extractCompanyMetadata } from './extract-metadata';
import { socialLinkOf } from './social-links';
import { acmeHomePage } from './testing/acme-page';

describe('extractCompanyMetadata', () => {
  it('reads a full company page', () => {
    const meta = extractCompanyMetadata(acmeHomePage, 'https://acme-robotics.co.uk/');
    expect(meta).toMatchObject({
      name: 'Acme Robotics',
      title: 'Acme Robotics | Industrial robots that just work',
      logoUrl: 'https://acme-robotics.co.uk/images/logo.svg',
      faviconUrl: 'https://acme-robotics.co.uk/favicon-32.png',
      canonicalUrl: 'https://acme-robotics.co.uk/',
      sources: { name: 'og:site_name', description: 'meta', logoUrl: 'json-ld', socialLinks: { linkedin: 'json-ld', facebook: 'link' } },
    });
  });

  it('falls back from og:site_name to JSON-LD, then to the cleaned title', () => {
    const jsonLd = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"LocalBusiness","name":"Bäckerei Schmidt","url":"https://baeckerei-schmidt.de"}</script>';
    expect(extractCompanyMetadata(`<html><head><title>Home</title>${jsonLd}</head></html>`, 'https://baeckerei-schmidt.de/').name).toBe('Bäckerei Schmidt');
    const titleOnly = extractCompanyMetadata('<title>Industrial robots that just work — Acme Robotics</title>', 'https://acme-robotics.com/');
    expect(titleOnly).toMatchObject({ name: 'Acme Robotics', sources: { name: 'title' } });
  });

  it('takes description from og:description when there is no meta description, and logo from an icon when nothing better exists', () => {
    const meta = extractCompanyMetadata(
      '<head><meta property="og:description" content="We make things."><link rel="apple-touch-icon" href="/a-120.png" sizes="120x120"><link rel="apple-touch-icon" href="/a-180.png" sizes="180x180"></head>',
      'https://acme.com/en/',
    );
    expect(meta).toMatchObject({ description: 'We make things.', logoUrl: 'https://acme.com/a-180.png', sources: { description: 'og:description', logoUrl: 'apple-touch-icon' } });
  });

  it('resolves relative URLs against <base href>', () => {
    const meta = extractCompanyMetadata('<head><base href="https://cdn.acme.com/site/"><link rel="icon" href="favicon.ico"></head>', 'https://acme.com/');
    expect(meta.faviconUrl).toBe('https://cdn.acme.com/site/favicon.ico');
  });

  it('prefers the JSON-LD Organization on the site itself among several', () => {
    const html = `<script type="application/ld+json">[
      {"@type":"Organization","name":"Some Partner","url":"https://partner.example"},
      {"@type":"Organization","name":"Acme Inc.","url":"https://www.acme.com/","numberOfEmployees":"1,200","telephone":"+1 212 555 0143"}
    ]</script>`;
    expect(extractCompanyMetadata(html, 'https://acme.com/').organization).toMatchObject({ name: 'Acme Inc.', numberOfEmployees: { value: 1200 }, telephone: '+1 212 555 0143' });
  });

  it('survives broken JSON-LD, CDATA wrappers and raw newlines inside strings', () => {
    const html = `<script type="application/ld+json">//<![CDATA[
      {"@type":"Organization","name":"Acme
      Robotics","url":"https://acme.com"}
    //]]></script><script type="application/ld+json">{"@type":</script>`;
    expect(extractCompanyMetadata(html, 'https://acme.com/').organization?.name).toBe('Acme Robotics');
  });

  it('ignores social links that are share buttons or other companies', () => {
    const html = `<a href="https://twitter.com/intent/tweet?url=x">t</a><a href="https://www.facebook.com/sharer/sharer.php?u=x">f</a>
      <a href="https://www.linkedin.com/company/partner-co">p</a><a href="https://www.linkedin.com/in/some-employee">e</a>
      <a href="https://www.linkedin.com/company/acme/">us</a><a href="https://github.com/features/actions">gh</a>`;
    expect(extractCompanyMetadata(html, 'https://acme.com/').socialLinks).toEqual({ linkedin: 'https://linkedin.com/company/acme' });
  });
});

describe('cleanTitle', () => {
  it.each([
    ['Acme Robotics | Industrial robots that just work', 'acme-robotics.co.uk', 'Acme Robotics'],
    ['Industrial robots that just work — Acme Robotics', 'acme-robotics.com', 'Acme Robotics'],
    ['Home - Acme', 'acme.com', 'Acme'],
    ['Welcome to Initech', 'initech.com', 'Initech'],
    ['Globex: Global Excellence', 'globex.io', 'Globex'],
    ['Stripe | Financial Infrastructure to Grow Your Revenue', 'stripe.com', 'Stripe'],
    ['Home', 'acme.com', undefined],
  ])('%j on %s → %j', (title, host, expected) => {
    expect(cleanTitle(title, host)).toBe(expected);
  });
});

describe('socialLinkOf', () => {
  it.each([
    ['https://www.linkedin.com/company/acme-robotics/?trk=footer', 'linkedin', 'https://linkedin.com/company/acme-robotics'],
    ['https://uk.linkedin.com/company/acme', 'linkedin', 'https://linkedin.com/company/acme'],
    ['http://twitter.com/AcmeRobotics', 'twitter', 'https://twitter.com/AcmeRobotics'],
    ['https://x.com/acme', 'twitter', 'https://x.com/acme'],
    ['https://m.facebook.com/AcmeRobotics', 'facebook', 'https://facebook.com/AcmeRobotics'],
    ['https://www.facebook.com/profile.php?id=1000123', 'facebook', 'https://facebook.com/profile.php?id=1000123'],
    ['https://www.instagram.com/acme.robotics/', 'instagram', 'https://instagram.com/acme.robotics'],
    ['https://www.youtube.com/@acme', 'youtube', 'https://youtube.com/@acme'],
    ['https://www.youtube.com/channel/UC123', 'youtube', 'https://youtube.com/channel/UC123'],
    ['https://github.com/acme/robot-arm', 'github', 'https://github.com/acme'],
    ['https://www.crunchbase.com/organization/acme', 'crunchbase', 'https://crunchbase.com/organization/acme'],
  ])('%s', (href, network, url) => {
    expect(socialLinkOf(href)).toMatchObject({ network, url });
  });

  it.each(['https://twitter.com/intent/tweet', 'https://www.youtube.com/watch?v=1', 'https://www.instagram.com/p/abc/', 'https://linkedin.com/feed', 'javascript:alert(1)', 'https://acme.com/linkedin'])(
    'ignores %s',
    (href) => {
      expect(socialLinkOf(href)).toBeUndefined();
    },
  );
});
