// The CMS identifiers a QRDA III file references, per performance year and eCQM version: the measure's
// version-specific identifier (Measure Reference and Results externalDocument/id, root
// 2.16.840.1.113883.4.738, CONF:4484-18192) and, per population group in the measure's order, the UUIDs of
// its population criteria (each Measure Data's reference/externalObservation/id). CMS matches a submission
// to the measure by these: the QPP conversion tool answers an unknown measure GUID with error 6
// MEASURE_GUID_MISSING and checks each population against the measure's UUIDs (CMSgov/qpp-conversion-tool,
// QualityMeasureIdValidator). The eCQM ids (CMS122v14, ...) are names, not identifiers, in QRDA III.
// Source, copied for this project's measures: CMSgov/qpp-measures-data, util/measures/2026/generated-ecqm-data.json
// @ 929e840988a8150032bc2cd9d7582c1bea43512e (eMeasureId, eMeasureUuid, strata[].eMeasureUuids).
import type { MeasureDefinition, PopulationCode } from '../measures/types.ts';

export interface EcqmIdentifiers {
  /** eMeasureUuid: the version-specific identifier. */
  uuid: string;
  /** One entry per population group, in the order of the measure's groups. */
  groups: Partial<Record<PopulationCode, string>>[];
}

const group = (ipop: string, denom: string, numer: string, denex?: string, denexcep?: string): Partial<Record<PopulationCode, string>> => ({
  'initial-population': ipop,
  denominator: denom,
  numerator: numer,
  ...(denex ? { 'denominator-exclusion': denex } : {}),
  ...(denexcep ? { 'denominator-exception': denexcep } : {}),
});

/** Performance year -> eCQM id with version (CMS eCQM ID) -> identifiers. */
const IDENTIFIERS: Record<number, Record<string, EcqmIdentifiers>> = {
  2026: {
    CMS122v14: {
      uuid: '9700a8b9-9f65-41a8-8464-1da26cda857b',
      groups: [group('51D8CA9A-E511-4793-8AD4-EFAE90F3ABA4', 'EA65F958-962E-433B-A9A3-CC2EA7B76E26', '10C65EBE-685C-48F8-8B24-351C6F3481E9', 'CA386077-1F7A-4C23-85D7-33A4FCED0803')],
    },
    CMS124v14: {
      uuid: 'e3e538bf-197a-4b4e-89c7-cc40c550a45f',
      groups: [group('E85A469F-8A90-43B2-8E94-C2AF73A6FA5D', '3B6E90F0-0361-451E-B472-971601A70D4A', '6A236D90-E202-42EE-8AA6-0743B659F06A', 'C9602136-DBDF-43FD-975E-D7153704C947')],
    },
    CMS125v14: {
      uuid: 'dbd9eccd-c3ea-42db-9344-72ad44f84f51',
      groups: [group('87CE9EB7-380D-42EF-848A-DDE91AB59EAD', '9D4334D0-F035-4B79-AE94-CE33E1CCFA66', 'B8A1855E-325E-4C1F-A69A-1CD4F2453054', '3EB42551-4D50-4437-BDD5-75CE69DB29AA')],
    },
    CMS130v14: {
      uuid: '5f4ca523-517d-4872-ba8d-63a29e337d85',
      groups: [group('F551C910-F688-450C-9C76-88401EDA98FA', '5B1B895A-CD14-4AE2-9461-D599B5D73D31', '1C4A619B-74C1-4C1F-A6C8-3178C7E595AA', '7AEB935C-8F1E-47B3-97AE-CEB97C06E4E6')],
    },
    CMS131v14: {
      uuid: '7ca364b1-79ee-41ea-a8aa-85bad6f21274',
      groups: [group('DE68473F-7082-4FFD-9DD3-71531B811E7E', '38DFCC83-3534-48F9-950E-FF8B5DB8FA7B', '5528FDCC-6B40-4409-B39A-2E3B2BA6201A', 'E6EAA627-1117-4BC9-9ACF-EE48336ECF12')],
    },
    CMS138v14: {
      uuid: 'da725994-3464-49e0-8658-f46ba8500b5d',
      groups: [
        group('AB01AB8C-5200-4C98-94B1-785687A9469F', 'C13FB76B-61C6-422F-92ED-71D8FFE685FC', 'E3DA4ECF-8EE9-4578-B3EB-D269973F8EFB', 'D80F9855-5B82-4EAB-97E7-48F7E5E24510'),
        group('C508583F-77CE-4004-AC69-13A84B2641D3', '5D9336BB-1759-4FB0-ACAD-C944F28ACD10', '21D4794A-1450-4C3D-89AE-A4791DF8FA2A', 'D323558D-2C59-476C-A6B9-32E5BCF5D2E8'),
        group('D9BEF0F0-26B4-484C-AF92-252622D46734', '5455BCAD-B7A1-4F2E-85FF-EAE0881B7666', '333A53EF-9CFF-4AC2-9F71-BA7010DBA9ED', '64F71C4C-5F42-479C-9EDF-968EBCCFEDE7'),
      ],
    },
    CMS165v14: {
      uuid: 'cd9a5c8e-ac16-4e10-a1f4-4dfe48e02cab',
      groups: [group('A35D89C5-C903-4D4C-BDBC-EA70D1254BEF', 'FECE5EB1-842C-42B6-B2BC-7035C79222E4', '73661F57-1A94-4982-8136-EDCE51A9AEA8', '8D42520C-8C19-47AF-B3E7-A66EAECA0DBD')],
    },
    CMS1188v3: {
      uuid: 'd8167543-0d18-4832-b87a-9d5f1c227215',
      groups: [group('E9614413-6EAC-4C48-A69D-A9DC1A228954', '69732BC0-17DD-40BA-995C-689E8FDB7838', '604D6C9E-C89B-4F4A-A3CB-E14B100E02F3')],
    },
    CMS2v15: {
      uuid: 'fbaecc84-b452-4188-95a6-21246e8ca619',
      groups: [group('30EC0533-2579-4CC6-A86D-5B0051C34604', '661C22C5-CAA6-4F30-AE68-6FA59C265128', 'BD02B228-9DE9-447F-A343-0B3BDE778D22', 'C22233F9-6C86-4C17-B212-3F1BD3312144', '21918DA5-4EA0-4B07-B676-6F26CBD3138A')],
    },
    CMS349v8: {
      uuid: 'afc7962b-4e03-4844-9971-ede97d8b6383',
      groups: [group('D9B32E8C-4DAE-4FE1-A876-068600695912', '5A9314BA-D97B-465B-8B85-A45FD3F9ABE2', 'F5430ED0-63AB-4E8B-AD99-3DE79F592129', '5A6EBD39-0BA6-4AC4-87AB-94A0132AF7BC', '2841A0A9-75E9-4F09-884A-47173061F2C2')],
    },
    CMS69v14: {
      uuid: '6eabf62a-209b-4969-829e-04c502db761d',
      groups: [group('5A321168-A454-4BD9-B82E-A403B009DE8F', '7980B172-09ED-4A0C-B29C-D652DB845BF5', '5AF09C9B-07A3-4BF4-A366-7AEA9C934050', '50128A04-F2DD-4B6D-A078-B16904431CEC', '5509373E-4ACA-4B71-8E56-E42BBB1A3880')],
    },
  },
};

/** The identifiers of a measure's eCQM version in a performance year, or why there are none: a version CMS
 *  does not list that year, or a population group CMS gives no criteria UUID for. */
export function ecqmIdentifiers(performanceYear: number, measure: MeasureDefinition): EcqmIdentifiers | { missing: string } {
  const year = IDENTIFIERS[performanceYear];
  if (!year) return { missing: `no CMS eCQM identifiers of performance year ${performanceYear} are kept (years: ${Object.keys(IDENTIFIERS).join(', ')})` };
  const found = year[measure.cmsId];
  if (!found) {
    const current = Object.keys(year).find((id) => id.replace(/v\d+$/, '') === measure.cmsId.replace(/v\d+$/, ''));
    return { missing: `${measure.cmsId} is not a ${performanceYear} eCQM version${current ? ` (${performanceYear}: ${current})` : ''}` };
  }
  const unmatched = measure.populationGroups.some((g, i) => g.populations.some((p) => !found.groups[i]?.[p]));
  if (unmatched || found.groups.length !== measure.populationGroups.length) return { missing: `${measure.cmsId}: its population groups differ from CMS's` };
  return found;
}
