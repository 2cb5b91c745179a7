import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * JSON logs. Secrets that may pass through request objects are redacted at
 * the logger so that no call site can leak them by accident.
 */
export function createLogger(options: { level: string; name?: string; destination?: NodeJS.WritableStream }): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level,
    base: { service: options.name ?? 'nexuscrm' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'password',
        '*.password',
        'token',
        '*.token',
        'key',
        '*.key',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(pinoOptions, options.destination as pino.DestinationStream) : pino(pinoOptions);
}
