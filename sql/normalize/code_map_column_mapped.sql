-- code_map_apply.sql: whether one coding column of the row holds a coding the practice maps.
-- {{column}}: a coding column of the table (coding_columns.sql).
list_bool_or(list_transform(t.{{column}}, c -> m.codes[c.system || '|' || c.code] IS NOT NULL))
