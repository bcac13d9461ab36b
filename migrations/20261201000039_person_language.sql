-- The language a person reads Murphy in: 'en' or 'pt-BR'; NULL follows their browser.
ALTER TABLE person ADD COLUMN language text CHECK (language IN ('en', 'pt-BR'));
