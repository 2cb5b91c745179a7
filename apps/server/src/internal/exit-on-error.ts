import { ConfigError } from '@nexus/platform';

/**
 * Ends a command that could not do its work: a configuration problem is
 * printed as the message that names the variable, anything else with its stack.
 */
export function exitOnError(error: unknown, prefix = ''): never {
  const text = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${prefix}${text}\n`);
  process.exit(1);
}
