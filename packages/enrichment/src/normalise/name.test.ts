import { describe, expect, it } from 'vitest';
import { capitaliseNameField, normaliseName } from './name';

describe('normaliseName', () => {
  it.each([
    ['Dr. Ada M. Lovelace Jr.', { prefix: 'Dr.', first: 'Ada', middle: 'M.', last: 'Lovelace', suffix: 'Jr.', full: 'Dr. Ada M. Lovelace Jr.' }],
    ['dr ada m lovelace jr', { prefix: 'Dr.', first: 'Ada', middle: 'M.', last: 'Lovelace', suffix: 'Jr.' }],
    ['Lovelace, Ada', { first: 'Ada', last: 'Lovelace', full: 'Ada Lovelace' }],
    ['LOVELACE, ADA M.', { first: 'Ada', middle: 'M.', last: 'Lovelace' }],
    ['ada lovelace', { first: 'Ada', last: 'Lovelace' }],
    ['ADA LOVELACE', { first: 'Ada', last: 'Lovelace' }],
    ['Ada LOVELACE', { first: 'Ada', last: 'Lovelace' }],
    ['mary mcdonald', { first: 'Mary', last: 'McDonald' }],
    ['JOHN MACDONALD', { first: 'John', last: 'MacDonald' }],
    ['alan mack', { first: 'Alan', last: 'Mack' }],
    ["SEAN O'BRIEN", { first: 'Sean', last: "O'Brien" }],
    ["d'angelo russell", { first: "D'Angelo", last: 'Russell' }],
    ['jan van der berg', { first: 'Jan', last: 'van der Berg' }],
    ['Jan VAN DER BERG', { first: 'Jan', last: 'van der Berg' }],
    ['VAN DER BERG, JAN', { first: 'Jan', last: 'van der Berg' }],
    ['Ludwig van Beethoven', { first: 'Ludwig', last: 'van Beethoven' }],
    ['José María de la Cruz', { first: 'José', middle: 'María', last: 'de la Cruz' }],
    ['Mohammed bin Salman', { first: 'Mohammed', last: 'bin Salman' }],
    ['anne-marie smith-jones', { first: 'Anne-Marie', last: 'Smith-Jones' }],
    ['DeShawn Jackson', { first: 'DeShawn', last: 'Jackson' }],
    ['Leonardo DiCaprio', { first: 'Leonardo', last: 'DiCaprio' }],
    ['Van Morrison', { first: 'Van', last: 'Morrison' }],
    ['Martin Luther King, Jr.', { first: 'Martin', middle: 'Luther', last: 'King', suffix: 'Jr.' }],
    ['Ada Lovelace, PhD', { first: 'Ada', last: 'Lovelace', suffix: 'PhD' }],
    ['William "Bill" Gates III', { first: 'William', last: 'Gates', suffix: 'III', nickname: 'Bill' }],
    ['Robert (Bob) Smith', { first: 'Robert', last: 'Smith', nickname: 'Bob' }],
    ['Prof Dr Hans Müller', { prefix: 'Prof. Dr.', first: 'Hans', last: 'Müller' }],
    ['J.R.R. Tolkien', { first: 'J.R.R.', last: 'Tolkien' }],
    ['ИВАН ПЕТРОВ', { first: 'Иван', last: 'Петров' }],
    ['Ada', { first: 'Ada', full: 'Ada' }],
    ['山田太郎', { first: '山田太郎' }],
  ])('%j', (input, expected) => {
    const result = normaliseName(input);
    expect(result.valid).toBe(true);
    expect(result.valid && result.value).toMatchObject(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['!!!', 'no_letters'],
    ['ada@example.com', 'looks_like_email'],
    ['R2D2', 'contains_digits'],
  ])('refuses %j as %s', (input, reason) => {
    expect(normaliseName(input)).toMatchObject({ valid: false, reason });
  });

  it('refuses a name over 300 characters', () => {
    expect(normaliseName('x'.repeat(400))).toMatchObject({ valid: false, reason: 'too_long' });
  });
});

describe('capitaliseNameField', () => {
  it.each([
    ["o'BRIEN", "O'Brien"],
    ['van der berg', 'van der Berg'],
    ['MCDONALD', 'McDonald'],
    ['DeShawn', 'DeShawn'],
    ['smith-jones', 'Smith-Jones'],
    ['  ada  ', 'Ada'],
  ])('%j → %j', (input, expected) => {
    expect(capitaliseNameField(input)).toBe(expected);
  });
});
