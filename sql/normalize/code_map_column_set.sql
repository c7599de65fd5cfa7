-- code_map_apply.sql: one coding column's new value; a column without a mapped coding keeps its value as
-- it is (NULL stays NULL). {{column}}: a coding column of the table (coding_columns.sql).
{{column}} = CASE
    WHEN list_bool_or(list_transform(t.{{column}}, c -> m.codes[c.system || '|' || c.code] IS NOT NULL))
        THEN list_concat(
            flatten(list_transform(t.{{column}}, c -> coalesce(m.codes[c.system || '|' || c.code], []))),
            t.{{column}})
    ELSE t.{{column}}
END
