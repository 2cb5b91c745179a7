import { describe, expect, it } from 'vitest';
import { classifyMailDomain, companyCandidatesFromEmail, companyFromEmail, companyNameFromDomain } from './company-from-email';

const at = new Date('2026-03-01T12:00:00Z');

describe('companyFromEmail', () => {
  it('derives the company domain, website and a guessed name with email_domain provenance', () => {
    expect(companyFromEmail('Ada@eu.Acme-Robotics.co.uk', at)).toEqual({
      status: 'company',
      domain: { value: 'acme-robotics.co.uk', provenance: { source: 'email_domain', confidence: 0.9, at: at.toISOString() } },
      website: { value: 'https://acme-robotics.co.uk', provenance: { source: 'email_domain', confidence: 0.7, at: at.toISOString() } },
      name: { value: 'Acme Robotics', provenance: { source: 'email_domain', confidence: 0.4, at: at.toISOString() } },
    });
  });

  it.each([
    'ada@gmail.com', 'ada@googlemail.com', 'ada@yahoo.com', 'ada@yahoo.co.uk', 'ada@yahoo.fr', 'ada@ymail.com', 'ada@outlook.com', 'ada@outlook.de',
    'ada@hotmail.com', 'ada@hotmail.co.uk', 'ada@live.com', 'ada@live.fr', 'ada@msn.com', 'ada@aol.com', 'ada@icloud.com', 'ada@me.com', 'ada@mac.com',
    'ada@proton.me', 'ada@protonmail.com', 'ada@pm.me', 'ada@gmx.de', 'ada@gmx.net', 'ada@gmx.at', 'ada@web.de', 'ada@yandex.ru', 'ada@yandex.com',
    'ada@mail.ru', 'ada@qq.com', 'ada@163.com', 'ada@126.com', 'ada@zohomail.com', 'ada@zoho.com', 'ada@fastmail.com', 'ada@tutanota.com',
    'ada@hey.com', 'ada@orange.fr', 'ada@t-online.de', 'ada@comcast.net', 'ada@btinternet.com', 'ada@naver.com', 'ada@libero.it',
  ])('skips free-mail address %s', (email) => {
    expect(companyFromEmail(email, at).status).toBe('free_mail');
  });

  it.each(['x@mailinator.com', 'x@guerrillamail.com', 'x@10minutemail.com', 'x@yopmail.fr', 'x@sharklasers.com', 'x@my-tempmail-box.com', 'x@best-throwaway-inbox.net'])(
    'skips disposable address %s',
    (email) => {
      expect(companyFromEmail(email, at).status).toBe('disposable');
    },
  );

  it('keeps companies whose brand shares a label with a free-mail domain', () => {
    expect(classifyMailDomain('orange.com')).toBe('company');
    expect(classifyMailDomain('web.com')).toBe('company');
    expect(classifyMailDomain('mail.acme.com')).toBe('company');
  });

  it('reports an invalid address', () => {
    expect(companyFromEmail('not an email', at)).toEqual({ status: 'invalid_email', reason: 'contains_spaces' });
  });

  it('offers candidates only for a company domain', () => {
    expect(Object.keys(companyCandidatesFromEmail(companyFromEmail('ada@acme.com', at)))).toEqual(['domain', 'website', 'name']);
    expect(companyCandidatesFromEmail(companyFromEmail('ada@gmail.com', at))).toEqual({});
  });
});

describe('companyNameFromDomain', () => {
  it.each([
    ['acme-robotics.co.uk', 'Acme Robotics'],
    ['acme.com', 'Acme'],
    ['ibm.com', 'IBM'],
    ['3m.com', '3M'],
    ['the-guardian.com', 'The Guardian'],
    ['toyota.co.jp', 'Toyota'],
    ['canva.com.au', 'Canva'],
    ['mail.eu.siemens.de', 'Siemens'],
    ['xn--bcher-kva.de', 'Bücher'],
    ['big_data_co.io', 'Big Data Co'],
    ['hp.com', 'HP'],
  ])('%s → %s', (domain, name) => {
    expect(companyNameFromDomain(domain)).toBe(name);
  });
});
