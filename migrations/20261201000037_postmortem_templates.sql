-- Post-mortem templates: admins keep them (sections with guidance, required or optional, a
-- Markdown prompt; extra questions), each chosen for incidents of some kinds and severities.
-- A post-mortem keeps a copy of the template version it started with, so editing a template
-- never changes a post-mortem already written; NULL there means the built-in SRE template.
CREATE TABLE postmortem_template (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    -- Empty: any kind (or severity).
    kinds       text[] NOT NULL DEFAULT '{}',
    severities  text[] NOT NULL DEFAULT '{}',
    sections    jsonb NOT NULL,
    questions   jsonb NOT NULL DEFAULT '[]',
    retired     boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX postmortem_template_name_idx ON postmortem_template (lower(name));

ALTER TABLE postmortem ADD COLUMN template jsonb;
-- How many post-mortems follow each template: the admin page's count reads only those.
CREATE INDEX postmortem_template_use_idx ON postmortem (((template ->> 'id')::uuid))
    WHERE template IS NOT NULL;
