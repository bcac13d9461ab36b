-- Searching what was learned: every section of a post-mortem and its reason for having no
-- action items, as one text-search document kept by PostgreSQL itself; action items'
-- titles have an index of their own. English, as the incidents' search.

-- A post-mortem's words: each section's text on its own lines, then the reason for having
-- no action items. (A JSON array's text form would glue "\n" to the next word.)
CREATE FUNCTION postmortem_text(sections jsonb, no_actions_reason text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(s.value ->> 'text', E'\n\n' ORDER BY s.key), '')
           || E'\n\n' || no_actions_reason
    FROM jsonb_each(sections) s
$$;

ALTER TABLE postmortem ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('english', postmortem_text(sections, no_actions_reason))
) STORED;
CREATE INDEX postmortem_search_idx ON postmortem USING gin (search) WHERE state = 'published';
CREATE INDEX action_item_search_idx ON action_item USING gin (to_tsvector('english', title));
-- Published post-mortems, newest first (the list without a search).
CREATE INDEX postmortem_published_idx ON postmortem (published_at DESC, id DESC)
    WHERE state = 'published';
