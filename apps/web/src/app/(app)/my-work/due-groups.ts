/** Sorting "my work" into when it is due; pure, so it is tested without a browser. */

export type DueGroup = 'overdue' | 'today' | 'upcoming' | 'none';

export const dueGroups: readonly { key: DueGroup; label: string }[] = [
  { key: 'overdue', label: 'Overdue' },
  { key: 'today', label: 'Today' },
  { key: 'upcoming', label: 'Upcoming' },
  { key: 'none', label: 'No date' },
];

function startOfDay(date: Date): Date {
  const day = new Date(date);
  day.setHours(0, 0, 0, 0);
  return day;
}

/**
 * By the user's calendar day: a task due earlier today is "Today", not "Overdue", so a task
 * given only a date (stored as that day's midnight) is not late all day long.
 */
export function dueGroupOf(dueAt: string | null, now: Date): DueGroup {
  if (!dueAt) return 'none';
  const due = new Date(dueAt);
  if (Number.isNaN(due.getTime())) return 'none';
  const today = startOfDay(now);
  const tomorrow = new Date(today);
  tomorrow.setDate(today.getDate() + 1);
  if (due < today) return 'overdue';
  if (due < tomorrow) return 'today';
  return 'upcoming';
}

/** Items per group in due order (earliest first, undated last, ties by creation), every group present. */
export function groupByDue<T extends { dueAt: string | null; createdAt: string }>(items: readonly T[], now: Date): Record<DueGroup, T[]> {
  const out: Record<DueGroup, T[]> = { overdue: [], today: [], upcoming: [], none: [] };
  const sorted = [...items].sort((a, b) => {
    const ad = a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY;
    const bd = b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY;
    return ad === bd ? a.createdAt.localeCompare(b.createdAt) : ad - bd;
  });
  for (const item of sorted) out[dueGroupOf(item.dueAt, now)].push(item);
  return out;
}

/** Whole calendar days from `now` to `date`: -2 is "two days ago", 1 is "tomorrow". */
export function daysFrom(date: Date, now: Date): number {
  return Math.round((startOfDay(date).getTime() - startOfDay(now).getTime()) / 86_400_000);
}
