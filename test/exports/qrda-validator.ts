// Validates a QRDA III file as ../shared/refdata/qrda/SOURCES.md prescribes: the HL7 CDA R2 schema (with
// SDTC extensions) through xmllint, and the CMS QRDA III schematron of a performance year compiled by
// schematron-to-xslt.xsl and run through xsltproc (Debian libxml2-utils and xsltproc; .ci/run installs
// them). A file is valid with no schema error and 0 failed asserts in the schematron's errors phase.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const QRDA_REFDATA = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'refdata', 'qrda');
const CDA_XSD = path.join(QRDA_REFDATA, 'cda-schema', 'infrastructure', 'cda', 'CDA_SDTC.xsd');
const COMPILER = path.join(import.meta.dirname, 'schematron-to-xslt.xsl');

export interface QrdaValidation {
  schemaErrors: string[];
  /** Ids of the failed asserts of the errors phase, one per failure. */
  failedAsserts: string[];
}

const compiled = new Map<number, string>();

/** The year's schematron compiled to XSLT, with voc.xml beside it (the rules read it by a relative path). */
function validatorFor(year: number): string {
  let xsl = compiled.get(year);
  if (!xsl) {
    const source = path.join(QRDA_REFDATA, 'schematron', `cms-${year}-ec-qrda3`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `qrda${year}-`));
    fs.copyFileSync(path.join(source, 'voc.xml'), path.join(dir, 'voc.xml'));
    xsl = path.join(dir, 'EP_CAT_III.xsl');
    execFileSync('xsltproc', ['--stringparam', 'phase', 'errors', '--output', xsl, COMPILER, path.join(source, 'EP_CAT_III.sch')]);
    compiled.set(year, xsl);
  }
  return xsl;
}

export function validateQrda3(file: string, performanceYear: number): QrdaValidation {
  const schema = spawnSync('xmllint', ['--noout', '--schema', CDA_XSD, file], { encoding: 'utf8' });
  const schemaErrors = schema.status === 0 ? [] : schema.stderr.split('\n').filter((l) => l.trim() && !l.endsWith('fails to validate'));
  const schematron = execFileSync('xsltproc', [validatorFor(performanceYear), file], { encoding: 'utf8' });
  const failedAsserts = schematron.split('\n').filter((l) => l.startsWith('FAILED ')).map((l) => l.slice('FAILED '.length));
  return { schemaErrors, failedAsserts };
}
