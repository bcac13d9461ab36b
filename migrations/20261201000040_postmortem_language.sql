-- The language a post-mortem is written in: the built-in template's headings, the words of
-- its first draft and the rules of the blameless check follow it. Search reads every
-- language whatever it says.
ALTER TABLE postmortem ADD COLUMN language text NOT NULL DEFAULT 'en'
    CHECK (language IN ('en', 'pt-BR'));
