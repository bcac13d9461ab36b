-- The language an email subscriber subscribed in (a BCP 47 tag Murphy speaks: en, pt-BR);
-- their messages are written in it. NULL: the instance's default language.
ALTER TABLE status_subscriber ADD COLUMN language text;
