-- CCLF9 (beneficiary identifier crosswalk): the checks check.sql applies, and the typed columns of cclf_mbi_xref.
-- Grain: one row per line of the file (cclf_cut, cut.sql). No parameters.
CREATE OR REPLACE TEMP TABLE cclf_check (field_name, check_kind) AS
VALUES
    ('CRNT_NUM', 'required'),
    ('PRVS_NUM', 'required'),
    ('PRVS_ID_EFCTV_DT', 'date'),
    ('PRVS_ID_OBSLT_DT', 'date');

CREATE OR REPLACE TEMP TABLE cclf_parsed AS
SELECT
    line_no,
    prvs_num AS record_id,
    hicn_mbi_xref_ind,
    crnt_num,
    prvs_num,
    cclf_date(prvs_id_efctv_dt) AS prvs_id_efctv_dt,
    cclf_date(prvs_id_obslt_dt) AS prvs_id_obslt_dt
FROM cclf_cut;
