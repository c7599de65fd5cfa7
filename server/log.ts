// One pino logger. Identifiers that could be PHI are redacted wherever they appear in a log object.
import { pino } from 'pino';
import { config } from './config.ts';

export const logger = pino({
  level: config.LOG_LEVEL,
  redact: {
    paths: ['*.patient_id', '*.patient_record_id', '*.mrn', '*.mbi', '*.member_id', '*.birth_date', 'req.headers.cookie', 'req.headers.authorization'],
    censor: '[redacted]',
  },
});
export type Logger = typeof logger;
