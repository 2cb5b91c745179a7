import { z } from 'zod';

/**
 * Parses configuration from an environment-like record with a zod object
 * schema. On failure the thrown error names every offending variable, so the
 * process can stop with a message an operator can act on.
 *
 * @example
 * const config = parseConfig(z.object({ PORT: z.coerce.number().default(3000) }), process.env);
 */
export function parseConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  // Empty strings mean "unset" for environment variables.
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** An environment flag: "1", "true", "yes", "on" are true; "0", "false", "no", "off" false. */
export const envBoolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));
