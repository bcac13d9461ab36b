-- A post-mortem's words are kept stemmed in the language it is written in only (migration
-- 40 gave it one), not both ways: its vector is half the size, and a search, which tests
-- the newest thousand and ranks up to 200 of them, does half the work. Nothing is lost:
-- a query still asks in both languages (murphy_query), and its branch in the post-mortem's
-- language stems the words exactly as the post-mortem's vector does.
CREATE FUNCTION murphy_words_in(language text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector(CASE language WHEN 'pt-BR' THEN 'murphy_pt' ELSE 'murphy_en' END::regconfig,
                       body)
$$;

DROP INDEX postmortem_search_idx;
ALTER TABLE postmortem DROP COLUMN search;
ALTER TABLE postmortem ADD COLUMN search tsvector GENERATED ALWAYS AS (
    murphy_words_in(language, postmortem_text(sections, no_actions_reason))
) STORED;
CREATE INDEX postmortem_search_idx ON postmortem USING gin (search) WHERE state = 'published';

ANALYZE postmortem;
