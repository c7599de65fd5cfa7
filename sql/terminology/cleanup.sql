-- Drops a value-set load's work tables so the pooled connection does not keep them. Parameters: none.
DROP TABLE IF EXISTS temp.value_set_staged;
DROP TABLE IF EXISTS temp.value_set_code_stage;
DROP TABLE IF EXISTS temp.value_set_stage;
DROP TABLE IF EXISTS temp.value_set_doc;
