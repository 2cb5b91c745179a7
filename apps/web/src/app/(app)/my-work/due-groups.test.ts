import { describe, expect, it } from 'vitest';
import { daysFrom, dueGroupOf, groupByDue } from './due-groups';

const now = new Date(2025, 4, 14, 15, 30); // 14 May 2025, 15:30 local time

function at(day: number, hour = 9): string {
  return new Date(2025, 4, day, hour).toISOString();
}

describe('dueGroupOf', () => {
  it('calls a task due on an earlier day overdue', () => {
    expect(dueGroupOf(at(13, 23), now)).toBe('overdue');
  });

  it('keeps a task due earlier today under today, not overdue', () => {
    expect(dueGroupOf(at(14, 0), now)).toBe('today');
    expect(dueGroupOf(at(14, 23), now)).toBe('today');
  });

  it('puts tomorrow and later under upcoming, and no date under none', () => {
    expect(dueGroupOf(at(15, 0), now)).toBe('upcoming');
    expect(dueGroupOf(null, now)).toBe('none');
    expect(dueGroupOf('not a date', now)).toBe('none');
  });
});

describe('groupByDue', () => {
  it('orders each group by due time with undated tasks by creation', () => {
    const items = [
      { id: 'c', dueAt: at(20), createdAt: '2025-01-01T00:00:00Z' },
      { id: 'a', dueAt: at(16), createdAt: '2025-01-03T00:00:00Z' },
      { id: 'n2', dueAt: null, createdAt: '2025-01-05T00:00:00Z' },
      { id: 'n1', dueAt: null, createdAt: '2025-01-04T00:00:00Z' },
      { id: 'o', dueAt: at(2), createdAt: '2025-01-02T00:00:00Z' },
    ];
    const groups = groupByDue(items, now);
    expect(groups.overdue.map((i) => i.id)).toEqual(['o']);
    expect(groups.today).toEqual([]);
    expect(groups.upcoming.map((i) => i.id)).toEqual(['a', 'c']);
    expect(groups.none.map((i) => i.id)).toEqual(['n1', 'n2']);
  });
});

describe('daysFrom', () => {
  it('counts calendar days, not 24-hour spans', () => {
    expect(daysFrom(new Date(2025, 4, 15, 1), now)).toBe(1);
    expect(daysFrom(new Date(2025, 4, 12, 23), now)).toBe(-2);
  });
});
