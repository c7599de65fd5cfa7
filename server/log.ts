// One pino logger. Identifiers that could be PHI (patient ids, names, birth dates, member numbers) are
// redacted wherever they appear in a log object, up to three levels deep, and so are credentials; free
// text that may quote a value (an error message) goes through scrub() first.
import { pino } from 'pino';
import { config } from './config.ts';

const PHI_KEYS = [
  'patient_id',
  'patient_ids',
  'patient_record_id',
  'source_patient_id',
  'patient_name',
  'name',
  'family_name',
  'given_name',
  'birth_date',
  'postal_code',
  'zip',
  'mrn',
  'mbi',
  'member_id',
  'q',
  'password',
  'password_hash',
  'csrf_token',
];

export const redaction = {
  paths: [
    ...PHI_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
    'req.headers.cookie',
    'req.headers.authorization',
    'req.headers["x-csrf-token"]',
    'res.headers["set-cookie"]',
  ],
  censor: '[redacted]',
};

export const logger = pino({ level: config.LOG_LEVEL, redact: redaction });
export type Logger = typeof logger;

/** Text with its quoted literals masked: database and parser errors quote the offending value, which
 *  can be a name or a birth date ("Could not convert string 'Smith' to DATE"). */
export const scrub = (text: string | undefined): string | undefined => text?.replace(/'[^'\n]*'|"[^"\n]*"/g, "'[redacted]'");
