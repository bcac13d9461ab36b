-- Migration 41 made the text-search columns anew, without statistics: until autovacuum
-- analysed them, the planner took a common word for a rare one and searches of a million
-- incidents slowed from milliseconds to half a second. Analyse them now.
--
-- And a query whose words stem alike in English and Portuguese (most English words) asks
-- once, not twice: the planner then estimates it as before.
CREATE OR REPLACE FUNCTION murphy_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN w.en = w.pt THEN w.en ELSE w.en || w.pt END
    FROM (SELECT websearch_to_tsquery('murphy_en'::regconfig, q) AS en,
                 websearch_to_tsquery('murphy_pt'::regconfig, q) AS pt) w
$$;

ANALYZE incident;
ANALYZE postmortem;
ANALYZE action_item;
