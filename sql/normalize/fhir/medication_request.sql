-- FHIR MedicationRequest (QI-Core) -> medication_request.
-- Grain: one row per MedicationRequest line of the batch (fhir_resource); reason/detail set when rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- The medication is medicationCodeableConcept, or medicationReference resolved against a contained
-- Medication ("#id") or a Medication loaded for the practice (this batch's Medications load first); a
-- reference that resolves to nothing is rejected as UnknownMedication (the request could match no
-- value set). Negation (QI-Core MedicationNotRequested): doNotPerform, reason in qicore-notDoneReason.
-- period_start, period_end: the request's period as CumulativeMedicationDuration (CMD 6.0.000, the version
-- AdvancedIllnessandFrailty 1.23.000 includes; 4.1.000 and 5.0.000 compute the same) medicationRequestPeriod()
-- returns it; see the cmd CTE.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "intent": "VARCHAR",
            "doNotPerform": "BOOLEAN",
            "medicationCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "medicationReference": {"reference": "VARCHAR"},
            "contained": [{"resourceType": "VARCHAR", "id": "VARCHAR",
                           "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}}],
            "subject": {"reference": "VARCHAR"},
            "encounter": {"reference": "VARCHAR"},
            "authoredOn": "VARCHAR",
            "reasonCode": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}],
            "requester": {"reference": "VARCHAR"},
            "dosageInstruction": [{
                "timing": {"repeat": {
                    "boundsPeriod": {"start": "VARCHAR", "end": "VARCHAR"},
                    "frequency": "INTEGER",
                    "frequencyMax": "INTEGER",
                    "period": "DOUBLE",
                    "periodUnit": "VARCHAR",
                    "timeOfDay": ["VARCHAR"]
                }},
                "doseAndRate": [{"doseQuantity": {"value": "DOUBLE"}, "doseRange": {"high": {"value": "DOUBLE"}}}]
            }],
            "dispenseRequest": {
                "validityPeriod": {"start": "VARCHAR"},
                "numberOfRepeatsAllowed": "INTEGER",
                "quantity": {"value": "DOUBLE"},
                "expectedSupplyDuration": {"value": "DOUBLE", "unit": "VARCHAR", "code": "VARCHAR"}
            },
            "extension": [{"url": "VARCHAR",
                           "valueCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'MedicationRequest'
),
resolved AS (
    SELECT
        p.*,
        fhir_ref_id(p.r.subject.reference) AS patient_id,
        fhir_instant(p.r.authoredOn) AS authored_on,
        CASE
            WHEN p.r.medicationReference.reference LIKE '#%'
                THEN fhir_codings(list_filter(p.r.contained, x -> '#' || x.id = p.r.medicationReference.reference)[1].code)
            WHEN p.r.medicationReference.reference IS NOT NULL
                THEN m.codings
            ELSE fhir_codings(p.r.medicationCodeableConcept)
        END AS medication_codings,
        -- CMD: "singleton from R.dosageInstruction", "singleton from dosage.doseAndRate". More than one is a
        -- run-time error in CQL; here the request then has no dosage (its period can still come from
        -- expectedSupplyDuration and authoredOn).
        CASE WHEN len(p.r.dosageInstruction) = 1 THEN p.r.dosageInstruction[1] END AS dosage
    FROM parsed p
    LEFT JOIN medication m
        ON m.practice_id = p.practice_id
        AND m.source_id = fhir_ref_id(p.r.medicationReference.reference)
),
dated AS (
    SELECT
        *,
        dosage.timing.repeat AS dose_timing,
        CASE WHEN len(dosage.doseAndRate) = 1 THEN dosage.doseAndRate[1] END AS dose_and_rate,
        -- CMD "boundsPeriod: timing.repeat.bounds as Interval<DateTime>": boundsPeriod only (boundsDuration
        -- and boundsRange are not periods).
        fhir_instant(dosage.timing.repeat.boundsPeriod.start) AS bounds_start,
        fhir_instant(dosage.timing.repeat.boundsPeriod.end) AS bounds_end,
        fhir_instant(r.dispenseRequest.validityPeriod.start) AS validity_start
    FROM resolved
),
verdict AS (
    SELECT
        *,
        coalesce(
            fhir_verdict(
                'MedicationRequest.subject',
                r.subject.reference,
                fhir_patient_known(practice_id, r.subject.reference, patient_id),
                fhir_coding_error('MedicationRequest.medication', medication_codings),
                coalesce(
                    fhir_date_error('MedicationRequest.authoredOn', r.authoredOn, authored_on),
                    fhir_date_error('MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.start',
                                    dose_timing.boundsPeriod.start, bounds_start),
                    fhir_date_error('MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.end',
                                    dose_timing.boundsPeriod.end, bounds_end),
                    fhir_date_error('MedicationRequest.dispenseRequest.validityPeriod.start',
                                    r.dispenseRequest.validityPeriod.start, validity_start)
                )
            ),
            CASE WHEN r.medicationReference.reference IS NOT NULL AND medication_codings IS NULL THEN {
                'reason': 'UnknownMedication',
                'detail': 'MedicationRequest.medicationReference ' || r.medicationReference.reference
                          || ' is not a Medication (with a code) loaded for this practice'
            } END
        ) AS v
    FROM dated
),
supply AS (
    -- CumulativeMedicationDuration medicationRequestPeriod(), the days supplied:
    --   daysSupply: expectedSupplyDuration in days (fhir_duration_days: d, wk, mo = 30 d, a = 365 d, h);
    --   dosesPerDay: Coalesce(ToDaily(frequency, Quantity(period, periodUnit)), Count(timeOfDay), 1.0), where
    --     frequency = Coalesce(frequencyMax, frequency) and ToDaily(f, p) = f doses per p periodUnit as doses
    --     a day (s, min, h, d, wk, mo = 30 d, a = 365 d, or their words; another unit, or none, is null).
    --     Count() of no timeOfDay is 0, not null, so the 1.0 is never reached: without frequency and period,
    --     or timeOfDay, dosesPerDay is 0 and the quantity-based supply below is null (divide by 0);
    --   dose: Coalesce(end of doseRange, doseQuantity), its value (units are not compared);
    --   totalDaysSupplied: Coalesce(daysSupply, quantity.value / (dose.value * dosesPerDay)) * (1 + refills),
    --     refills = Coalesce(numberOfRepeatsAllowed, 0) (a negative one is no unsignedInt: read as absent).
    -- The per-day rate is f * n / (p * m) with whole n, m so that e.g. 60 tablets at 2 a day are exactly 30
    -- days; the total is rounded to 8 decimals (CQL Decimal) before the end date truncates it.
    SELECT
        *,
        fhir_duration_days(
            r.dispenseRequest.expectedSupplyDuration.value,
            coalesce(r.dispenseRequest.expectedSupplyDuration.code, r.dispenseRequest.expectedSupplyDuration.unit)
        ) AS supply_days,
        coalesce(
            coalesce(dose_timing.frequencyMax, dose_timing.frequency)::DOUBLE
                * CASE
                      WHEN dose_timing.periodUnit IN ('s', 'second', 'seconds') THEN 86400
                      WHEN dose_timing.periodUnit IN ('min', 'minute', 'minutes') THEN 1440
                      WHEN dose_timing.periodUnit IN ('h', 'hour', 'hours') THEN 24
                      WHEN dose_timing.periodUnit IN ('d', 'day', 'days', 'wk', 'week', 'weeks',
                                                      'mo', 'month', 'months', 'a', 'year', 'years') THEN 1
                  END
                / (nullif(dose_timing.period, 0)
                   * CASE
                         WHEN dose_timing.periodUnit IN ('wk', 'week', 'weeks') THEN 7
                         WHEN dose_timing.periodUnit IN ('mo', 'month', 'months') THEN 30
                         WHEN dose_timing.periodUnit IN ('a', 'year', 'years') THEN 365
                         ELSE 1
                     END),
            coalesce(len(dose_timing.timeOfDay), 0)
        ) AS doses_per_day,
        coalesce(dose_and_rate.doseRange.high.value, dose_and_rate.doseQuantity.value) AS dose
    FROM verdict
),
cmd AS (
    -- CumulativeMedicationDuration medicationRequestPeriod():
    --   startDate: Coalesce(date from start of boundsPeriod, date from authoredOn, date from start of
    --     dispenseRequest.validityPeriod) -- dates of the UTC instants, as authored_on::DATE everywhere;
    --   with totalDaysSupplied: Interval[startDate, startDate + (totalDaysSupplied - 1) days], the decimal
    --     part of the days ignored (CQL date arithmetic);
    --   else with the end of boundsPeriod: Interval[startDate, date from end of boundsPeriod];
    --   else null.
    -- An end the date type cannot hold, or one before the start (an invalid interval, a run-time error in
    -- CQL), leaves the period null too.
    SELECT
        *,
        CASE
            WHEN start_date IS NULL THEN NULL
            WHEN total_days IS NOT NULL THEN try(start_date + CAST(trunc(total_days - 1) AS INTEGER))
            ELSE bounds_end::DATE
        END AS end_date
    FROM (
        SELECT
            *,
            coalesce(bounds_start::DATE, authored_on::DATE, validity_start::DATE) AS start_date,
            round(coalesce(supply_days, r.dispenseRequest.quantity.value / nullif(dose * doses_per_day, 0))
                  * (1 + CASE WHEN r.dispenseRequest.numberOfRepeatsAllowed > 0
                              THEN r.dispenseRequest.numberOfRepeatsAllowed ELSE 0 END),
                  8) AS total_days
        FROM supply
    )
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS medication_request_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    fhir_ref_key(practice_id, r.encounter.reference) AS encounter_id,
    r.status AS status,
    r.intent AS intent,
    coalesce(r.doNotPerform, false) AS do_not_perform,
    medication_codings,
    authored_on,
    fhir_codings_of(r.reasonCode) AS reason_codings,
    fhir_codings(fhir_extension(r.extension, 'notDoneReason').valueCodeableConcept) AS not_done_reason_codings,
    supply_days,
    CASE WHEN end_date >= start_date THEN start_date END AS period_start,
    CASE WHEN end_date >= start_date THEN end_date END AS period_end,
    fhir_typed_ref_key(practice_id, r.requester.reference, 'Practitioner') AS provider_id
FROM cmd;
