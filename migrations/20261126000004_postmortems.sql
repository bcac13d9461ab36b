-- Blameless post-mortems: one per incident, with revisions, review and action items.

CREATE TABLE postmortem (
    id            uuid PRIMARY KEY,
    incident_id   uuid NOT NULL UNIQUE REFERENCES incident (id) ON DELETE CASCADE,
    state         text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'in_review', 'published')),
    -- {"summary": {"text": "...", "na": false}, ...}, one key per section.
    sections      jsonb NOT NULL,
    no_actions_reason text NOT NULL DEFAULT '',
    -- Bumped by every save: the version an edit is based on.
    revision      integer NOT NULL DEFAULT 1,
    created_by    uuid REFERENCES person (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    published_by  uuid REFERENCES person (id)
);
CREATE INDEX postmortem_state_idx ON postmortem (state);

-- Every saved revision, kept whole so any two can be compared.
CREATE TABLE postmortem_revision (
    id            uuid PRIMARY KEY,
    postmortem_id uuid NOT NULL REFERENCES postmortem (id) ON DELETE CASCADE,
    revision      integer NOT NULL,
    sections      jsonb NOT NULL,
    no_actions_reason text NOT NULL,
    saved_by      uuid REFERENCES person (id),
    saved_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (postmortem_id, revision)
);

CREATE TABLE postmortem_reviewer (
    postmortem_id uuid NOT NULL REFERENCES postmortem (id) ON DELETE CASCADE,
    person_id     uuid NOT NULL REFERENCES person (id),
    approved_at   timestamptz,
    PRIMARY KEY (postmortem_id, person_id)
);

CREATE TABLE postmortem_comment (
    id            uuid PRIMARY KEY,
    postmortem_id uuid NOT NULL REFERENCES postmortem (id) ON DELETE CASCADE,
    section       text NOT NULL,
    author_id     uuid NOT NULL REFERENCES person (id),
    body          text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX postmortem_comment_idx ON postmortem_comment (postmortem_id, created_at);

CREATE TABLE action_item (
    id            uuid PRIMARY KEY,
    postmortem_id uuid NOT NULL REFERENCES postmortem (id) ON DELETE CASCADE,
    incident_id   uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    owner_id      uuid REFERENCES person (id),
    due_on        date,
    priority      text NOT NULL CHECK (priority IN ('p1', 'p2', 'p3', 'p4')),
    kind          text NOT NULL CHECK (kind IN ('prevent', 'mitigate', 'detect', 'process')),
    status        text NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'in_progress', 'done', 'wont_do')),
    tracker_url   text NOT NULL DEFAULT '' CHECK (char_length(tracker_url) <= 2000),
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_item_postmortem_idx ON action_item (postmortem_id, created_at);
CREATE INDEX action_item_owner_idx ON action_item (owner_id, status, due_on);
CREATE INDEX action_item_status_idx ON action_item (status, due_on, id);
