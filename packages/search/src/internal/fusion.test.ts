import { describe, expect, it } from 'vitest';
import { fuseRanks, placesAhead } from './fusion';

const hit = (id: string) => ({ type: 'contacts' as const, id });

describe('fuseRanks', () => {
  it('raises records several lists agree on, and respects list weights', () => {
    const fused = fuseRanks(
      [
        { hits: [hit('a'), hit('b'), hit('c')], weight: 1 },
        { hits: [hit('c'), hit('d')], weight: 0.6 },
      ],
      10,
    );
    expect(fused.map((f) => f.hit.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 63 + 0.6 / 61, 10);
  });

  it('ranks a lighter list below the first places of a heavier one', () => {
    const fused = fuseRanks(
      [
        { hits: [hit('a'), hit('b')], weight: 1 },
        { hits: [hit('x')], weight: 0.6 },
      ],
      10,
    );
    expect(fused.map((f) => f.hit.id)).toEqual(['a', 'b', 'x']);
  });

  it('cuts to the limit', () => {
    expect(fuseRanks([{ hits: [hit('a'), hit('b'), hit('c')], weight: 1 }], 2)).toHaveLength(2);
  });

  it('counts the places of a list that a hit found only by a lighter list can never pass', () => {
    const places = placesAhead(1, 0.6);
    expect(places).toBe(41);
    const heavy = Array.from({ length: places + 1 }, (_, i) => hit(`h${i}`));
    const fused = fuseRanks(
      [
        { hits: heavy, weight: 1 },
        { hits: [hit('x')], weight: 0.6 },
      ],
      100,
    );
    expect(fused.findIndex((f) => f.hit.id === 'x')).toBe(places);
    expect(placesAhead(1, 1)).toBe(0);
  });
});
