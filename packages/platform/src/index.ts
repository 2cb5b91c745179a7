export { AppError, assertNever, errorCodes, isAppError, notFound } from './app-error';
export type { AppErrorOptions, ErrorCode, ErrorKind } from './app-error';
export { ConfigError, envBoolean, parseConfig } from './config';
export { createManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { isUuid, newId } from './ids';
export { createLogger } from './logger';
export type { Logger } from './logger';
