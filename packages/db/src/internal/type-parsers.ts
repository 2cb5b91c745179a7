/**
 * Both drivers return the same JavaScript values: timestamps as Date, and
 * values that do not fit a float exactly (numeric, bigint) or that have no
 * time zone (date) as strings.
 */
export const oids = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

export const identity = (value: string): string => value;
