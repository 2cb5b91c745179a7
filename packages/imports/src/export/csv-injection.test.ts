import { describe, expect, it } from 'vitest';
import { neutraliseCell, restoreNeutralisedCell } from './csv-injection';

describe('neutraliseCell', () => {
  it.each([
    '=HYPERLINK("http://evil.example","Click")',
    '=1+1',
    '+1 555 0100',
    '-2+3+cmd|\' /C calc\'!A0',
    '@SUM(A1:A2)',
    '\t=1',
    '\r=1',
    '＝1+1',
    '＋1',
    '－1',
    '＠SUM(A1)',
    '  =1+1',
  ])('quotes %j so a spreadsheet shows it as text', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it.each(['Jane', 'a=b', 'jane@example.com', "'quoted already", '', '1+1'])('leaves %j alone', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });

  it.each(['=1', "'=1", "''+1", '+1', "'hello", 'plain', ' -5', "' =x"])('is undone exactly by restoreNeutralisedCell (%j)', (value) => {
    expect(restoreNeutralisedCell(neutraliseCell(value))).toBe(value);
  });
});
