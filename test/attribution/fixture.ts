// Small hand-built network for attribution tests: practices, patient records (optionally linked to one
// enterprise patient), providers, encounters and claim lines, inserted with named parameters.
import path from 'node:path';
import type { Database } from '../../server/db/database.ts';

export const REFDATA = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'refdata');

export class Network {
  private seq = 0;
  constructor(private readonly db: Database) {}

  async practice(practiceId: string, tin: string | null = null): Promise<void> {
    await this.db.query('INSERT INTO practice (practice_id, name, tin) VALUES ($id, $id, $tin)', { id: practiceId, tin });
  }

  /** A practice's record of a patient; `patientId` links it to that enterprise patient. */
  async record(recordId: string, practiceId: string, patientId?: string): Promise<void> {
    await this.db.query(
      `INSERT INTO patient_record (patient_record_id, practice_id, source_file_id, source_id)
       VALUES ($id, $practice, 1, $id)`,
      { id: recordId, practice: practiceId },
    );
    if (patientId)
      await this.db.query(`INSERT INTO patient_link (patient_record_id, patient_id, rule, score) VALUES ($id, $pid, 'MBI', 1)`, {
        id: recordId,
        pid: patientId,
      });
  }

  async provider(
    providerId: string,
    practiceId: string,
    opts: { npi?: string; specialty?: string; isPcp?: boolean } = {},
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO provider (provider_id, practice_id, source_file_id, source_id, npi, specialty_code, is_pcp)
       VALUES ($id, $practice, 1, $id, $npi, $specialty, $pcp)`,
      { id: providerId, practice: practiceId, npi: opts.npi ?? null, specialty: opts.specialty ?? null, pcp: opts.isPcp ?? null },
    );
  }

  async visit(
    recordId: string,
    practiceId: string,
    date: string,
    opts: { code?: string; system?: string; providerId?: string; status?: string | null } = {},
  ): Promise<void> {
    const id = `${practiceId}/enc${++this.seq}`;
    await this.db.query(
      `INSERT INTO encounter (encounter_id, practice_id, source_file_id, source_id, patient_record_id, status,
                              type_codings, period_start, provider_id)
       VALUES ($id, $practice, 1, $id, $record, $status,
               [{'system': $system, 'code': $code, 'display': NULL}], $date::TIMESTAMP, $provider)`,
      {
        id,
        practice: practiceId,
        record: recordId,
        status: opts.status === undefined ? 'finished' : opts.status,
        system: opts.system ?? 'CPT',
        code: opts.code ?? '99213',
        date,
        provider: opts.providerId ?? null,
      },
    );
  }

  async claim(
    recordId: string,
    sendingPracticeId: string,
    date: string,
    opts: { code?: string; npi: string; tin: string | null; allowed: number; pos?: string },
  ): Promise<void> {
    const id = `${sendingPracticeId}/clm${++this.seq}`;
    await this.db.query(
      `INSERT INTO claim_line (claim_id, line_no, practice_id, source_file_id, source_id, patient_record_id, claim_type,
                               service_from, rendering_npi, billing_tin, place_of_service, procedure_code, allowed_amount)
       VALUES ($id, 1, $practice, 1, $id, $record, 'professional', $date::DATE, $npi, $tin, $pos, $code, $allowed)`,
      {
        id,
        practice: sendingPracticeId,
        record: recordId,
        date,
        npi: opts.npi,
        tin: opts.tin,
        pos: opts.pos ?? '11',
        code: opts.code ?? '99213',
        allowed: opts.allowed,
      },
    );
  }
}
