// Small CCLF folders for tests, written with the generator's layout formatter (the packet layouts in refdata).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCclfLayouts, type CclfValues } from '../../tools/generate-network/cclf-layout.ts';

const layouts = readCclfLayouts(['CCLF1', 'CCLF2', 'CCLF4', 'CCLF5', 'CCLF8', 'CCLF9']);

export type CclfRecords = Partial<Record<'CCLF1' | 'CCLF2' | 'CCLF4' | 'CCLF5' | 'CCLF8' | 'CCLF9', (CclfValues | string)[]>>;

/** A CCLF folder (source.json + one file per kind); a string record is written as the raw line. */
export function writeCclfFolder(records: CclfRecords, practiceId = 'A0001'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cclf-'));
  fs.writeFileSync(path.join(dir, 'source.json'), JSON.stringify({ practice_id: practiceId, name: 'Test ACO', format: 'cclf' }));
  for (const [kind, rows] of Object.entries(records)) {
    const text = rows.map((r) => (typeof r === 'string' ? `${r}\n` : layouts.get(kind)!.record(r))).join('');
    fs.writeFileSync(path.join(dir, `P.${practiceId}.ACO.ZC${kind.slice(4)}Y26.D270101.T0000000`), text);
  }
  return dir;
}

/** A beneficiary (CCLF8) with Parts A and B since 2020. */
export function beneficiary(mbi: string, dob: string, sex: '1' | '2', extra: CclfValues = {}): CclfValues {
  return {
    BENE_MBI_ID: mbi,
    BENE_DOB: dob,
    BENE_SEX_CD: sex,
    BENE_MDCR_STUS_CD: '10',
    BENE_DUAL_STUS_CD: 'NA',
    BENE_ORGNL_ENTLMT_RSN_CD: '0',
    BENE_PART_A_ENRLMT_BGN_DT: '2020-01-01',
    BENE_PART_B_ENRLMT_BGN_DT: '2020-01-01',
    ...extra,
  };
}

/** One Part B line (CCLF5): an original unless `type` says otherwise. */
export function partBLine(v: {
  id: string;
  mbi: string;
  date: string;
  hcpcs: string;
  allowed: number;
  paid: number;
  tin: string;
  specialty: string;
  control?: string;
  type?: '0' | '1' | '2';
  effective?: string;
  dx?: string;
  line?: number;
}): CclfValues {
  return {
    CUR_CLM_UNIQ_ID: v.id,
    CLM_LINE_NUM: v.line ?? 1,
    BENE_MBI_ID: v.mbi,
    CLM_TYPE_CD: '71',
    CLM_FROM_DT: v.date,
    CLM_THRU_DT: v.date,
    CLM_PRVDR_SPCLTY_CD: v.specialty,
    CLM_POS_CD: '11',
    CLM_LINE_FROM_DT: v.date,
    CLM_LINE_THRU_DT: v.date,
    CLM_LINE_HCPCS_CD: v.hcpcs,
    CLM_LINE_CVRD_PD_AMT: v.paid,
    CLM_LINE_DGNS_CD: v.dx,
    CLM_RNDRG_PRVDR_TAX_NUM: v.tin,
    RNDRG_PRVDR_NPI_NUM: '1234567893',
    CLM_CARR_PMT_DNL_CD: '1',
    CLM_ADJSMT_TYPE_CD: v.type ?? '0',
    CLM_EFCTV_DT: v.effective ?? v.date,
    CLM_IDR_LD_DT: v.effective ?? v.date,
    CLM_CNTL_NUM: v.control ?? `B${v.id}`,
    CLM_LINE_ALOWD_CHRG_AMT: v.allowed,
  };
}

/** A Part A header (CCLF1). */
export function partAClaim(v: {
  id: string;
  mbi: string;
  from: string;
  thru: string;
  paid: number;
  type?: '0' | '1' | '2';
  control: string;
  original?: string;
  effective?: string;
  ime?: number;
  dsh?: number;
}): CclfValues {
  return {
    CUR_CLM_UNIQ_ID: v.id,
    PRVDR_OSCAR_NUM: '360001',
    BENE_MBI_ID: v.mbi,
    CLM_TYPE_CD: '60',
    CLM_FROM_DT: v.from,
    CLM_THRU_DT: v.thru,
    CLM_BILL_FAC_TYPE_CD: '1',
    CLM_BILL_CLSFCTN_CD: '1',
    CLM_PMT_AMT: v.paid,
    CLM_ADJSMT_TYPE_CD: v.type ?? '0',
    CLM_EFCTV_DT: v.effective ?? v.thru,
    CLM_IDR_LD_DT: v.effective ?? v.thru,
    CLM_OPRTNL_IME_AMT: v.ime,
    CLM_OPRTNL_DSPRPRTNT_AMT: v.dsh,
    CLM_CNTL_NUM: v.control,
    CLM_ORG_CNTL_NUM: v.original,
  };
}
