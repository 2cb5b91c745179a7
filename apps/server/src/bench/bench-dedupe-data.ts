/**
 * Generated contacts for `npm run bench:dedupe`: originals, and a tenth more
 * altered copies of them (typos, nicknames, Gmail dots and tags, reformatted
 * phones, abbreviated addresses, missing fields), with the person behind each.
 */
import type { DedupeRecord } from '@nexus/dedupe';
import { companyStems, firstNames, jobTitles, lastNames } from './search-words';

/** mulberry32, seeded: equal seeds give equal data. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const streets = ['High', 'Station', 'Church', 'Park', 'Victoria', 'Green', 'Manor', 'Kings', 'Queens', 'Mill', 'Oak', 'Maple', 'Cedar', 'Elm', 'Pine', 'Lake', 'Hill', 'Washington', 'Lincoln', 'Franklin'];
const streetTypes: [string, string][] = [['Street', 'St'], ['Road', 'Rd'], ['Avenue', 'Ave'], ['Lane', 'Ln'], ['Drive', 'Dr'], ['Court', 'Ct']];
const nicknames: Record<string, string> = { William: 'Bill', Robert: 'Bob', Elizabeth: 'Liz', Richard: 'Dick', James: 'Jim', Michael: 'Mike', Margaret: 'Peggy', Thomas: 'Tom', Joseph: 'Joe', Katherine: 'Kate', Christopher: 'Chris', Daniel: 'Dan' };

/** Generated contacts and the person behind each. */
export function generateContacts(count: number, seed: number): { records: DedupeRecord[]; personOf: number[] } {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.pow(random(), 1.6) * items.length)]!;
  const typo = (word: string) => {
    if (word.length < 3) return word;
    const i = 1 + Math.floor(random() * (word.length - 2));
    const kind = random();
    if (kind < 0.33) return word.slice(0, i) + word.slice(i + 1);
    if (kind < 0.66) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    return word.slice(0, i) + 'aeiou'[Math.floor(random() * 5)] + word.slice(i + 1);
  };
  const originals = Math.round(count / 1.1);
  const records: DedupeRecord[] = [];
  const personOf: number[] = [];
  const people: { first: string; last: string; email: string; phone: string; company: string; street: [number, string, number]; title: string }[] = [];
  for (let i = 0; i < originals; i++) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const company = `${pick(companyStems)} ${['Inc', 'Ltd', 'GmbH', 'Group'][Math.floor(random() * 4)]}`;
    const domain = random() < 0.4 ? 'gmail.com' : `${company.split(' ')[0]!.toLowerCase()}.com`;
    const local = random() < 0.5 ? `${first}.${last}` : `${first[0]}${last}${Math.floor(random() * 100)}`;
    const person = {
      first,
      last,
      email: `${local}@${domain}`.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, ''),
      phone: `+1${200 + Math.floor(random() * 800)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
      company,
      street: [1 + Math.floor(random() * 300), pick(streets), Math.floor(random() * streetTypes.length)] as [number, string, number],
      title: pick(jobTitles),
    };
    people.push(person);
    records.push({
      id: `c${i}`,
      fields: {
        firstName: person.first,
        lastName: person.last,
        emails: [person.email],
        phones: [person.phone],
        title: person.title,
        company: person.company,
        address: `${person.street[0]} ${person.street[1]} ${streetTypes[person.street[2]]![0]}`,
      },
    });
    personOf.push(i);
  }
  for (let i = originals; i < count; i++) {
    const source = Math.floor(random() * originals);
    const p = people[source]!;
    const first = random() < 0.3 && nicknames[p.first] ? nicknames[p.first]! : random() < 0.15 ? typo(p.first) : p.first;
    const last = random() < 0.25 ? typo(p.last) : random() < 0.1 ? p.last.toUpperCase() : p.last;
    const [local, domain] = p.email.split('@') as [string, string];
    const email = random() < 0.3 ? null : domain === 'gmail.com' && random() < 0.5 ? `${local.replace(/\./g, '')}+crm@googlemail.com` : random() < 0.2 ? `${local}@example.org` : p.email;
    const phone = random() < 0.3 ? null : random() < 0.5 ? `(${p.phone.slice(2, 5)}) ${p.phone.slice(5, 8)}-${p.phone.slice(8)}` : p.phone;
    records.push({
      id: `c${i}`,
      fields: {
        firstName: first,
        lastName: last,
        emails: email ? [email] : [],
        phones: phone ? [phone] : [],
        title: random() < 0.5 ? p.title : null,
        company: random() < 0.2 ? p.company.split(' ')[0]! : p.company,
        address: random() < 0.3 ? null : `${p.street[0]} ${p.street[1]} ${streetTypes[p.street[2]]![random() < 0.5 ? 1 : 0]}.`,
      },
    });
    personOf.push(source);
  }
  return { records, personOf };
}

