-- FHIR Claim -> claim_line, one row per Claim.item (expenditures, claims-based attribution).
-- Grain: one row per item of an accepted Claim line of the batch (fhir_resource), and one row per
-- rejected Claim line (reason/detail set). A Claim without items has nothing to store: MissingRequired.
-- Parameters: $practice_id, $source_file_id.
-- Rendering NPI: the care-team member the item names (else Claim.provider), by its NPI identifier or the
-- NPI of the Practitioner loaded for the practice. Amounts: item.net (a Claim is not adjudicated, so
-- paid_amount stays NULL).
WITH parsed AS (
    SELECT
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "type": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"},
            "patient": {"reference": "VARCHAR"},
            "billablePeriod": {"start": "VARCHAR", "end": "VARCHAR"},
            "provider": {"reference": "VARCHAR", "identifier": {"system": "VARCHAR", "value": "VARCHAR"}},
            "careTeam": [{"sequence": "INTEGER",
                          "provider": {"reference": "VARCHAR", "identifier": {"system": "VARCHAR", "value": "VARCHAR"}}}],
            "diagnosis": [{"sequence": "INTEGER",
                           "diagnosisCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"}}],
            "item": [{
                "sequence": "INTEGER",
                "careTeamSequence": ["INTEGER"],
                "revenue": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"},
                "productOrService": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
                "servicedDate": "VARCHAR",
                "servicedPeriod": {"start": "VARCHAR", "end": "VARCHAR"},
                "locationCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"},
                "quantity": {"value": "DOUBLE"},
                "net": {"value": "DOUBLE"}
            }]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Claim'
),
shaped AS (
    SELECT
        *,
        fhir_ref_id(r.patient.reference) AS patient_id,
        -- Each item's service dates, else the claim's billable period.
        list_transform(r.item, i -> {
            'from_text': coalesce(i.servicedDate, i.servicedPeriod.start, r.billablePeriod.start),
            'to_text': coalesce(i.servicedPeriod.end, i.servicedDate, r.billablePeriod.end)
        }) AS item_dates,
        list_transform(item_dates, d -> {
            'from_text': d.from_text,
            'to_text': d.to_text,
            'service_from': fhir_instant(d.from_text)::DATE,
            'service_to': fhir_instant(d.to_text)::DATE
        }) AS item_days
    FROM parsed
),
verdict AS (
    SELECT
        *,
        coalesce(
            fhir_verdict(
                'Claim.patient',
                r.patient.reference,
                fhir_patient_known($practice_id, r.patient.reference, patient_id),
                NULL,
                list_filter(list_transform(item_days, d -> coalesce(
                    fhir_date_error('Claim.item serviced (from)', d.from_text, d.service_from),
                    fhir_date_error('Claim.item serviced (to)', d.to_text, d.service_to))), e -> e IS NOT NULL)[1]
            ),
            CASE WHEN coalesce(len(r.item), 0) = 0 THEN {'reason': 'MissingRequired', 'detail': 'Claim without item lines'} END
        ) AS v
    FROM shaped
),
items AS (
    SELECT
        *,
        -- A rejected Claim keeps one row (with no item) to carry its reason.
        unnest(CASE WHEN v IS NULL THEN r.item ELSE [NULL] END) AS item,
        unnest(CASE WHEN v IS NULL THEN item_days ELSE [NULL] END) AS days,
        unnest(CASE WHEN v IS NULL THEN range(1, len(r.item) + 1) ELSE [NULL] END) AS item_index
    FROM verdict
),
rendering AS (
    SELECT
        i.*,
        coalesce(
            list_filter(r.careTeam, t -> t.sequence = item.careTeamSequence[1])[1].provider,
            r.provider
        ) AS renderer,
        coalesce(
            list_filter(fhir_codings(item.productOrService), c -> c.system IN ('CPT', 'HCPCS'))[1],
            fhir_codings(item.productOrService)[1]
        ) AS procedure_coding
    FROM items i
)
SELECT
    x.input_line_no,
    x.v.reason,
    x.v.detail,
    $practice_id || '/' || x.source_id AS claim_id,
    coalesce(x.item.sequence, x.item_index) AS line_no,
    $practice_id AS practice_id,
    $source_file_id AS source_file_id,
    x.source_id,
    $practice_id || '/' || x.patient_id AS patient_record_id,
    fhir_codes_of([x.r.type])[1] AS claim_type,
    x.days.service_from,
    x.days.service_to,
    coalesce(
        CASE WHEN x.renderer.identifier.system = 'http://hl7.org/fhir/sid/us-npi' THEN x.renderer.identifier.value END,
        p.npi
    ) AS rendering_npi,
    CASE WHEN x.r.provider.identifier.system = 'urn:oid:2.16.840.1.113883.4.4' THEN x.r.provider.identifier.value END AS billing_tin,
    fhir_codes_of([x.item.locationCodeableConcept])[1] AS place_of_service,
    x.procedure_coding.system AS procedure_system,
    x.procedure_coding.code AS procedure_code,
    fhir_codes_of([x.item.revenue])[1] AS revenue_code,
    list_transform(
        list_sort(list_filter(x.r.diagnosis, d -> d.diagnosisCodeableConcept IS NOT NULL), 'ASC'),
        d -> fhir_codes_of([d.diagnosisCodeableConcept])[1]
    ) AS diagnosis_codes,
    x.item.quantity.value AS units,
    x.item.net.value::DECIMAL(14, 2) AS allowed_amount,
    NULL::DECIMAL(14, 2) AS paid_amount
FROM rendering x
LEFT JOIN provider p
    ON p.practice_id = $practice_id
    AND fhir_ref_type(x.renderer.reference) IN ('Practitioner', '')
    AND p.source_id = fhir_ref_id(x.renderer.reference);
