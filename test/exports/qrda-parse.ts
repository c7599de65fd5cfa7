// Reads a QRDA III document back: the program and the performer's NPI and TIN, and per measure
// (externalDocument id extension: CMS's version-specific identifier), per population code, its aggregate
// count, its population criteria id and the supplemental data counts beside it. Parsed with xmlbuilder2's DOM.
import { create } from 'xmlbuilder2';

const HL7 = 'urn:hl7-org:v3';

export interface QrdaPopulation {
  count: number;
  /** reference/externalObservation/id root: the population criteria UUID. */
  criteria: string;
  /** supplemental element LOINC code -> summed counts (e.g. '48768-6' payer). */
  supplemental: Record<string, number>;
}

/** The DOM of xmlbuilder2 (@oozcitak/dom), as far as this reader uses it. */
interface El {
  nodeType: number;
  localName: string;
  childNodes: ArrayLike<El>;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(namespace: string, name: string): ArrayLike<El>;
}
const children = (e: El, name: string) => Array.from(e.childNodes).filter((n) => n.nodeType === 1 && n.localName === name);
const child = (e: El, name: string) => children(e, name)[0];

function aggregateCount(observation: El): number {
  const rel = children(observation, 'entryRelationship').find((r) => r.getAttribute('typeCode') === 'SUBJ')!;
  return Number(child(child(rel, 'observation')!, 'value')!.getAttribute('value'));
}

export interface QrdaReport {
  /** informationRecipient/intendedRecipient/id extension: the CMS program name. */
  program: string;
  /** documentationOf/serviceEvent/performer/assignedEntity: the NPI (null with nullFlavor) and the TIN. */
  npi: string | null;
  tin: string | null;
  /** measure version-specific identifier -> population code -> population. */
  measures: Map<string, Map<string, QrdaPopulation>>;
}

const path = (e: El, ...names: string[]) => names.reduce<El | undefined>((at, name) => at && child(at, name), e);
const idOf = (e: El | undefined, root: string) => (e ? children(e, 'id').find((i) => i.getAttribute('root') === root)?.getAttribute('extension') ?? null : null);

export function parseQrda3(xml: string): QrdaReport {
  const doc = create(xml).node as unknown as El;
  const document = doc.getElementsByTagNameNS(HL7, 'ClinicalDocument')[0]!;
  const assigned = path(document, 'documentationOf', 'serviceEvent', 'performer', 'assignedEntity');
  const measures = new Map<string, Map<string, QrdaPopulation>>();
  for (const organizer of Array.from(doc.getElementsByTagNameNS(HL7, 'organizer'))) {
    const measureId = path(organizer, 'reference', 'externalDocument', 'id')!.getAttribute('extension')!;
    const populations = new Map<string, QrdaPopulation>();
    for (const component of children(organizer, 'component')) {
      const observation = child(component, 'observation')!;
      const value = child(observation, 'value')!;
      if (value.getAttribute('xsi:type') !== 'CD') continue; // the performance rate
      const supplemental: Record<string, number> = {};
      for (const rel of children(observation, 'entryRelationship').filter((r) => r.getAttribute('typeCode') === 'COMP')) {
        const element = child(rel, 'observation')!;
        const code = child(element, 'code')!.getAttribute('code')!;
        supplemental[code] = (supplemental[code] ?? 0) + aggregateCount(element);
      }
      const criteria = path(observation, 'reference', 'externalObservation', 'id')!.getAttribute('root')!;
      populations.set(value.getAttribute('code')!, { count: aggregateCount(observation), criteria, supplemental });
    }
    measures.set(measureId, populations);
  }
  return {
    program: path(document, 'informationRecipient', 'intendedRecipient', 'id')!.getAttribute('extension')!,
    npi: idOf(assigned, '2.16.840.1.113883.4.6'),
    tin: idOf(assigned && child(assigned, 'representedOrganization'), '2.16.840.1.113883.4.2'),
    measures,
  };
}
