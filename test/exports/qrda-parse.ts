// Reads a QRDA III document back: per measure (externalDocument id extension), per population code, its
// aggregate count and the supplemental data counts beside it. Parsed with xmlbuilder2's DOM.
import { create } from 'xmlbuilder2';

const HL7 = 'urn:hl7-org:v3';

export interface QrdaPopulation {
  count: number;
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

export function parseQrda3(xml: string): Map<string, Map<string, QrdaPopulation>> {
  const doc = create(xml).node as unknown as El;
  const measures = new Map<string, Map<string, QrdaPopulation>>();
  for (const organizer of Array.from(doc.getElementsByTagNameNS(HL7, 'organizer'))) {
    const cmsId = child(child(child(organizer, 'reference')!, 'externalDocument')!, 'id')!.getAttribute('extension')!;
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
      populations.set(value.getAttribute('code')!, { count: aggregateCount(observation), supplemental });
    }
    measures.set(cmsId, populations);
  }
  return measures;
}
