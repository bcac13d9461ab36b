-- Similar incidents: titles found by trigram distance (pg_trgm, a trusted extension shipped
-- with PostgreSQL), and alerts by name as well as by fingerprint.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX incident_title_trgm_idx ON incident USING gist (title gist_trgm_ops);
CREATE INDEX alert_name_idx ON alert (name) WHERE name <> '';
