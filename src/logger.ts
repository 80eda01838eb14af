import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** The process's root logger; requests and jobs log through children of it. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { service: 'interdist' } });
}
