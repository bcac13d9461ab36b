-- Contributing factors and triggers: lists admins keep (a name and what it means), which a
-- post-mortem is tagged with; and how the incident was detected. Tags are retired rather
-- than deleted, so the reports over past years keep their names.
CREATE TABLE learning_tag (
    id          uuid PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('factor', 'trigger')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    retired     boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX learning_tag_name_idx ON learning_tag (kind, lower(name));

CREATE TABLE postmortem_tag (
    postmortem_id uuid NOT NULL REFERENCES postmortem (id) ON DELETE CASCADE,
    tag_id        uuid NOT NULL REFERENCES learning_tag (id),
    PRIMARY KEY (postmortem_id, tag_id)
);
-- Post-mortems with a tag: the report's sections and the search's filter.
CREATE INDEX postmortem_tag_tag_idx ON postmortem_tag (tag_id, postmortem_id);

ALTER TABLE postmortem
    ADD COLUMN detection_source text
        CHECK (detection_source IN ('alert', 'synthetic', 'employee', 'customer')),
    -- Bumped by every change of the tags or the detection source: the version an edit of
    -- them is based on (they change apart from the text, after publishing too).
    ADD COLUMN classification_version integer NOT NULL DEFAULT 1;

-- A starting taxonomy, in the SRE book's spirit: conditions in systems and processes, and
-- the events that set incidents off. Admins rename, describe, retire and add their own.
INSERT INTO learning_tag (id, kind, name, description) VALUES
 (gen_random_uuid(), 'factor', 'Change not tested enough', 'A change reached production without a test or a staged rollout that would have caught the problem.'),
 (gen_random_uuid(), 'factor', 'Configuration drift', 'Environments or hosts differed from what the team believed they were.'),
 (gen_random_uuid(), 'factor', 'Capacity limit', 'A resource (CPU, memory, connections, quota, disk) ran out under load.'),
 (gen_random_uuid(), 'factor', 'Dependency failure', 'A service or vendor we rely on failed or slowed down.'),
 (gen_random_uuid(), 'factor', 'Single point of failure', 'One component without redundancy took the service down with it.'),
 (gen_random_uuid(), 'factor', 'Software defect', 'A bug in our code behaved wrongly under real conditions.'),
 (gen_random_uuid(), 'factor', 'Monitoring gap', 'No alert, or a late or noisy one, hid the problem.'),
 (gen_random_uuid(), 'factor', 'Runbook gap', 'The runbook was missing, out of date or hard to follow.'),
 (gen_random_uuid(), 'trigger', 'Deployment', 'A release of code.'),
 (gen_random_uuid(), 'trigger', 'Configuration change', 'A change of settings, feature flags or infrastructure definitions.'),
 (gen_random_uuid(), 'trigger', 'Traffic surge', 'More requests, or different ones, than usual.'),
 (gen_random_uuid(), 'trigger', 'Upstream outage', 'A provider or another team''s service failed.'),
 (gen_random_uuid(), 'trigger', 'Infrastructure fault', 'Hardware, network or a cloud zone failed.'),
 (gen_random_uuid(), 'trigger', 'Expiry', 'A certificate, credential, domain or licence expired.'),
 (gen_random_uuid(), 'trigger', 'Scheduled job', 'A batch job, migration or maintenance task.'),
 (gen_random_uuid(), 'trigger', 'Manual operation', 'A command or console action run by hand.');
