-- FHIR Observation (QI-Core / US Core: labs, vital signs incl. blood pressure, surveys, assessments)
-- -> observation.
-- Grain: one row per Observation line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- Negation (QI-Core ObservationCancelled): status 'cancelled', or the qicore-notDone modifierExtension,
-- makes not_done; the qicore-notDoneReason extension gives its reason.
-- Blood pressure (US Core): the LOINC 8480-6 / 8462-4 components of a panel, or an Observation coded
-- 8480-6 / 8462-4 itself, fill systolic / diastolic.
-- has_value: the measures' `Observation.value is not null`, which the CQL-to-ELM translator compiles to
-- IsNull(FHIRHelpers.ToValue(value)); per FHIRHelpers 4.4.000 ToValue that is non-null for
--   valueQuantity only with a value (ToQuantity: "when quantity.value is null then null", so a unit alone is no
--     value); valueCodeableConcept whenever present (ToConcept is null only for a null concept, so text alone
--     or even {} is a System.Concept); valueRange, valueRatio, valuePeriod (ToInterval / ToRatio build an
--     Interval or Ratio whatever their parts); valueSampledData (passed through); valueString, valueBoolean,
--     valueInteger, valueTime, valueDateTime with a value (the primitive's .value).
-- A Quantity with a comparator (an error in ToQuantity) counts, as its value_num does.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "category": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"}],
            "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "subject": {"reference": "VARCHAR"},
            "encounter": {"reference": "VARCHAR"},
            "effectiveDateTime": "VARCHAR",
            "effectiveInstant": "VARCHAR",
            "effectivePeriod": {"start": "VARCHAR", "end": "VARCHAR"},
            "issued": "VARCHAR",
            "valueQuantity": {"value": "DOUBLE", "unit": "VARCHAR", "code": "VARCHAR"},
            "valueCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "valueBoolean": "BOOLEAN",
            "valueInteger": "BIGINT",
            "valueString": "VARCHAR",
            "valueDateTime": "VARCHAR",
            "valueTime": "VARCHAR",
            "valueRange": "JSON",
            "valueRatio": "JSON",
            "valuePeriod": "JSON",
            "valueSampledData": "JSON",
            "component": [{
                "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
                "valueQuantity": {"value": "DOUBLE", "unit": "VARCHAR", "code": "VARCHAR"},
                "valueInteger": "BIGINT"
            }],
            "dataAbsentReason": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR",
                                 "extension": [{"url": "VARCHAR", "valueCode": "VARCHAR"}]},
            "extension": [{"url": "VARCHAR",
                           "valueCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}}],
            "modifierExtension": [{"url": "VARCHAR", "valueBoolean": "BOOLEAN"}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Observation'
),
shaped AS (
    SELECT
        source_file_id,
        practice_id,
        input_line_no,
        source_id,
        r,
        fhir_ref_id(r.subject.reference) AS patient_id,
        fhir_codings(r.code) AS codings,
        coalesce(r.valueQuantity.value, r.valueInteger) AS value_num,
        -- Blood pressure: matched on the LOINC code alone (a code of LOINC's own NNNN-N form), on the sent
        -- codings, so each test is one lambda deep; only rows with components pay for the component search.
        list_transform(r.code.coding, x -> x.code) AS code_values,
        CASE WHEN r.component IS NOT NULL THEN
            list_filter(r.component, c -> list_contains(list_transform(c.code.coding, x -> x.code), '8480-6'))[1]
        END AS systolic_component,
        CASE WHEN r.component IS NOT NULL THEN
            list_filter(r.component, c -> list_contains(list_transform(c.code.coding, x -> x.code), '8462-4'))[1]
        END AS diastolic_component,
        list_transform(r.component, c -> {
            'codings': fhir_codings(c.code),
            'value_num': coalesce(c.valueQuantity.value, c.valueInteger),
            'value_unit': coalesce(c.valueQuantity.code, c.valueQuantity.unit)
        }) AS components,
        -- effective[x]: a dateTime or instant (a point in time), or a period.
        coalesce(r.effectiveDateTime, r.effectiveInstant, r.effectivePeriod.start) AS effective_text,
        fhir_instant(effective_text) AS effective_start,
        fhir_instant(r.effectivePeriod.end) AS period_end,
        fhir_instant(r.issued) AS issued
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'Observation.subject',
            r.subject.reference,
            fhir_patient_known(practice_id, r.subject.reference, patient_id),
            fhir_coding_error('Observation.code', codings),
            coalesce(fhir_date_error('Observation.effective', effective_text, effective_start),
                     fhir_date_error('Observation.effectivePeriod.end', r.effectivePeriod.end, period_end),
                     fhir_date_error('Observation.issued', r.issued, issued))
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS observation_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    fhir_ref_key(practice_id, r.encounter.reference) AS encounter_id,
    r.status AS status,
    fhir_codes_of(r.category) AS category_codes,
    codings,
    effective_start,
    -- A point in time ends when it starts; a period ends at its end (NULL while open).
    CASE WHEN r.effectivePeriod IS NOT NULL THEN period_end ELSE effective_start END AS effective_end,
    issued,
    value_num,
    coalesce(r.valueQuantity.code, r.valueQuantity.unit) AS value_unit,
    fhir_codings(r.valueCodeableConcept) AS value_codings,
    r.valueBoolean AS value_boolean,
    r.valueString AS value_string,
    value_num IS NOT NULL
        OR r.valueCodeableConcept IS NOT NULL
        OR r.valueBoolean IS NOT NULL
        OR r.valueString IS NOT NULL
        OR r.valueDateTime IS NOT NULL
        OR r.valueTime IS NOT NULL
        OR r.valueRange IS NOT NULL
        OR r.valueRatio IS NOT NULL
        OR r.valuePeriod IS NOT NULL
        OR r.valueSampledData IS NOT NULL AS has_value,
    coalesce(
        systolic_component.valueQuantity.value,
        systolic_component.valueInteger,
        CASE WHEN list_contains(code_values, '8480-6') THEN value_num END
    ) AS systolic,
    coalesce(
        diastolic_component.valueQuantity.value,
        diastolic_component.valueInteger,
        CASE WHEN list_contains(code_values, '8462-4') THEN value_num END
    ) AS diastolic,
    components,
    coalesce(
        fhir_code(r.dataAbsentReason),
        fhir_extension(r.dataAbsentReason.extension, '/data-absent-reason').valueCode
    ) AS data_absent_reason,
    coalesce(r.status, '') = 'cancelled'
        OR coalesce(fhir_extension(r.modifierExtension, '/qicore-notDone').valueBoolean, false) AS not_done,
    fhir_codings(fhir_extension(r.extension, 'notDoneReason').valueCodeableConcept) AS not_done_reason_codings
FROM verdict;
