-- Drops the linking work tables so the pooled connection does not keep them. Parameters: none.
DROP TABLE IF EXISTS temp.link_component;
DROP TABLE IF EXISTS temp.link_edge;
DROP TABLE IF EXISTS temp.link_record;
