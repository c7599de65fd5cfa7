-- Loads the CMS-HCC reference tables (refdata/cms_hcc, sql/aco/hcc_*.csv), replacing earlier rows.
-- Grain: see sql/schema/12_cclf_aco.sql. Parameters: $icd_paths, $coefficient_paths (VARCHAR[]: the
-- icd10_to_hcc_* and coefficients_* files of every payment year), $hierarchy_path, $groups_path, $interactions_path.
-- Interaction groups follow the CMS-HCC V28 model software's definitions (e.g. HF_V28 = any of HCC 221-226,
-- DIABETES_HF_V28 = DIABETES_V28 * HF_V28), as ranges of the V28 HCCs labelled in refdata hcc_labels_v24_v28.csv.
DELETE FROM hcc_icd_map;
DELETE FROM hcc_coefficient;
DELETE FROM hcc_hierarchy;
DELETE FROM hcc_group;
DELETE FROM hcc_interaction;

INSERT INTO hcc_icd_map
SELECT
    payment_year::INTEGER,
    model_version,
    upper(replace(icd10cm_code, '.', '')),
    hcc::INTEGER,
    parse_filename(filename)
FROM read_csv($icd_paths, header = true, all_varchar = true, filename = true);

INSERT INTO hcc_coefficient
SELECT
    payment_year::INTEGER,
    model_version,
    segment,
    variable,
    coefficient::DOUBLE,
    parse_filename(filename)
FROM read_csv($coefficient_paths, header = true, all_varchar = true, filename = true);

INSERT INTO hcc_hierarchy
SELECT
    model_version,
    hcc_parent::INTEGER,
    hcc_child_dropped::INTEGER,
    cms_table
FROM read_csv($hierarchy_path, header = true, all_varchar = true);

INSERT INTO hcc_group
SELECT
    g.model_version,
    g.group_name,
    r.hcc
FROM read_csv($groups_path, header = true, all_varchar = true) AS g
CROSS JOIN LATERAL (SELECT unnest(range(g.hcc_from::INTEGER, g.hcc_to::INTEGER + 1)) AS hcc) AS r;

INSERT INTO hcc_interaction
SELECT
    model_version,
    variable,
    group_1,
    group_2
FROM read_csv($interactions_path, header = true, all_varchar = true);
