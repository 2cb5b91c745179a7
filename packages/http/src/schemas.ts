import { z } from 'zod';

/** Path parameter `:id`: a malformed id answers 404, like a missing one. */
export const idParams = z.strictObject({ id: z.uuid() });

/** Text a person typed: no control characters other than tab and newlines. */
export function text(max: number): z.ZodString {
  return z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
    .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'must not contain control characters');
}

export const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });
