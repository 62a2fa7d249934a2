import pino from 'pino';
import type { Config } from './config.js';

/** Structured JSON logs on stdout (one line per event). */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>) {
  return pino({
    level: config.LOG_LEVEL,
    redact: ['req.headers.cookie', 'req.headers.authorization', '*.password'],
  });
}
