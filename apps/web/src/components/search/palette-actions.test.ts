import { describe, expect, it } from 'vitest';
import { matchActions } from './palette-actions';

const labels = (q: string) => matchActions(q).map((a) => a.label);

describe('matchActions', () => {
  it('offers an action when every typed word starts one of its words', () => {
    expect(labels('pipe')).toContain('Go to Pipeline');
    expect(labels('new con')).toEqual(['New contact']);
    expect(labels('create contact')).toEqual(['New contact']);
  });

  it('offers nothing for a single letter or a record name', () => {
    expect(labels('p')).toEqual([]);
    expect(labels('lovelace')).toEqual([]);
  });
});
