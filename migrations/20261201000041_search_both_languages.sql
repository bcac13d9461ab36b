-- Search in English and Brazilian Portuguese alike, without regard to accents:
-- "configuracao" finds "configuração". A text's words are kept stemmed both ways (a team
-- writes in either, or both); a query matches when its words match in either language.

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION murphy_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION murphy_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION murphy_pt (COPY = portuguese);
ALTER TEXT SEARCH CONFIGURATION murphy_pt
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem;

-- A text's words, both ways.
CREATE FUNCTION murphy_words(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('murphy_en'::regconfig, body) || to_tsvector('murphy_pt'::regconfig, body)
$$;

-- What a search box's words ask for, both ways ("a b" -> (a & b in English) | (a & b in
-- Portuguese)).
CREATE FUNCTION murphy_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT websearch_to_tsquery('murphy_en'::regconfig, q)
           || websearch_to_tsquery('murphy_pt'::regconfig, q)
$$;

ALTER TABLE incident DROP COLUMN search;
ALTER TABLE incident ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(murphy_words(title), 'A') || setweight(murphy_words(summary), 'B')
) STORED;
CREATE INDEX incident_search_idx ON incident USING gin (search);

ALTER TABLE postmortem DROP COLUMN search;
ALTER TABLE postmortem ADD COLUMN search tsvector GENERATED ALWAYS AS (
    murphy_words(postmortem_text(sections, no_actions_reason))
) STORED;
CREATE INDEX postmortem_search_idx ON postmortem USING gin (search) WHERE state = 'published';

DROP INDEX action_item_search_idx;
CREATE INDEX action_item_search_idx ON action_item USING gin (murphy_words(title));
