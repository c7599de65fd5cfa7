-- FHIR Claim and ExplanationOfBenefit -> claim_line, one row per item (expenditures, claims-based
-- attribution). Both kinds share the elements read here (FHIR R4 ExplanationOfBenefit mirrors Claim).
-- Grain: one row per item of an accepted resource of kind $resource_type in the batch (fhir_resource), and
-- one row per rejected one (reason/detail set). One without items has nothing to store: MissingRequired.
-- Parameters: $resource_type ('Claim' | 'ExplanationOfBenefit').
-- Rendering NPI: the care-team member the item names (else the resource's provider), by its NPI identifier
-- or the NPI of the Practitioner loaded for the practice.
-- Amounts: a payer's ExplanationOfBenefit states them in item.adjudication (CARIN Blue Button categories):
-- allowed = 'eligible' (or 'allowed'); paid = 'benefit', else 'paidtoprovider' + 'paidtopatient'. A Claim
-- is not adjudicated: its item.net is taken as the allowed amount and paid_amount stays NULL.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
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
                "net": {"value": "DOUBLE"},
                "adjudication": [{"category": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}]},
                                  "amount": {"value": "DOUBLE"}}]
            }]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = $resource_type
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
                $resource_type || '.patient',
                r.patient.reference,
                fhir_patient_known(practice_id, r.patient.reference, patient_id),
                NULL,
                list_filter(list_transform(item_days, d -> coalesce(
                    fhir_date_error($resource_type || '.item serviced (from)', d.from_text, d.service_from),
                    fhir_date_error($resource_type || '.item serviced (to)', d.to_text, d.service_to))), e -> e IS NOT NULL)[1]
            ),
            CASE WHEN coalesce(len(r.item), 0) = 0 THEN {'reason': 'MissingRequired', 'detail': $resource_type || ' without item lines'} END
        ) AS v
    FROM shaped
),
-- Claim-level values are taken once per resource, before its items are unnested: the parsed resource
-- (every item, diagnosis, care-team member) is not copied onto each item row.
claims AS (
    SELECT
        source_file_id,
        practice_id,
        input_line_no,
        source_id,
        patient_id,
        v,
        fhir_codes_of([r.type])[1] AS claim_type,
        CASE WHEN r.provider.identifier.system = 'urn:oid:2.16.840.1.113883.4.4' THEN r.provider.identifier.value END AS billing_tin,
        list_transform(
            list_sort(list_filter(r.diagnosis, d -> d.diagnosisCodeableConcept IS NOT NULL), 'ASC'),
            d -> fhir_codes_of([d.diagnosisCodeableConcept])[1]
        ) AS diagnosis_codes,
        r.careTeam AS care_team,
        r.provider AS provider,
        -- A rejected Claim keeps one row (with no item) to carry its reason.
        CASE WHEN v IS NULL THEN r.item ELSE [NULL] END AS item_list,
        CASE WHEN v IS NULL THEN item_days ELSE [NULL] END AS days_list,
        CASE WHEN v IS NULL THEN range(1, len(r.item) + 1) ELSE [NULL] END AS index_list
    FROM verdict
),
items AS (
    SELECT
        * EXCLUDE (item_list, days_list, index_list),
        unnest(item_list) AS item,
        unnest(days_list) AS days,
        unnest(index_list) AS item_index
    FROM claims
),
rendering AS (
    SELECT
        i.*,
        coalesce(
            list_filter(care_team, t -> t.sequence = item.careTeamSequence[1])[1].provider,
            provider
        ) AS renderer,
        coalesce(
            list_filter(fhir_codings(item.productOrService), c -> c.system IN ('CPT', 'HCPCS'))[1],
            fhir_codings(item.productOrService)[1]
        ) AS procedure_coding,
        -- the item's adjudication amounts with their category codes (any system: CARIN sends the
        -- terminology.hl7.org adjudication codes and its own C4BBAdjudication ones)
        list_transform(item.adjudication, a -> {
            'codes': list_transform(a.category.coding, c -> trim(c.code)),
            'amount': a.amount.value
        }) AS adjudication
    FROM items i
),
amounts AS (
    SELECT
        *,
        list_sum(list_transform(list_filter(adjudication, a -> list_has_any(a.codes, ['eligible', 'allowed'])), a -> a.amount)) AS eligible,
        list_sum(list_transform(list_filter(adjudication, a -> list_contains(a.codes, 'benefit')), a -> a.amount)) AS benefit,
        list_sum(list_transform(list_filter(adjudication, a -> list_has_any(a.codes, ['paidtoprovider', 'paidtopatient'])), a -> a.amount)) AS paid_out
    FROM rendering
)
SELECT
    x.input_line_no,
    x.v.reason,
    x.v.detail,
    x.practice_id || '/' || x.source_id AS claim_id,
    coalesce(x.item.sequence, x.item_index) AS line_no,
    x.practice_id,
    x.source_file_id,
    x.source_id,
    x.practice_id || '/' || x.patient_id AS patient_record_id,
    x.claim_type,
    x.days.service_from,
    x.days.service_to,
    coalesce(
        CASE WHEN x.renderer.identifier.system = 'http://hl7.org/fhir/sid/us-npi' THEN x.renderer.identifier.value END,
        p.npi
    ) AS rendering_npi,
    x.billing_tin,
    fhir_codes_of([x.item.locationCodeableConcept])[1] AS place_of_service,
    x.procedure_coding.system AS procedure_system,
    x.procedure_coding.code AS procedure_code,
    fhir_codes_of([x.item.revenue])[1] AS revenue_code,
    x.diagnosis_codes,
    x.item.quantity.value AS units,
    coalesce(x.eligible, CASE WHEN $resource_type = 'Claim' THEN x.item.net.value END)::DECIMAL(14, 2) AS allowed_amount,
    coalesce(x.benefit, x.paid_out)::DECIMAL(14, 2) AS paid_amount
FROM amounts x
LEFT JOIN provider p
    ON p.practice_id = x.practice_id
    AND p.source_id = fhir_typed_ref_id(x.renderer.reference, 'Practitioner');
