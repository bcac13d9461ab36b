-- The response team, the timeline, stakeholder updates, tasks and runbooks.

-- Who held which role when. The row with no relieved_at is the current holder; the rest is
-- the hand-off history.
CREATE TABLE role_assignment (
    id           uuid PRIMARY KEY,
    incident_id  uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('ic', 'cl', 'ol', 'member')),
    -- Team members work under the Communications Lead or the Operations Lead.
    under        text CHECK (under IN ('cl', 'ol')),
    person_id    uuid NOT NULL REFERENCES person (id),
    assumed_at   timestamptz NOT NULL DEFAULT now(),
    relieved_at  timestamptz,
    note         text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
    assigned_by  uuid REFERENCES person (id),
    CHECK ((role = 'member') = (under IS NOT NULL)),
    CHECK (relieved_at IS NULL OR relieved_at >= assumed_at)
);
CREATE UNIQUE INDEX role_assignment_holder_key ON role_assignment (incident_id, role)
    WHERE relieved_at IS NULL AND role <> 'member';
CREATE UNIQUE INDEX role_assignment_member_key ON role_assignment (incident_id, person_id, under)
    WHERE relieved_at IS NULL AND role = 'member';
CREATE INDEX role_assignment_incident_idx ON role_assignment (incident_id, assumed_at);
CREATE INDEX role_assignment_person_idx ON role_assignment (person_id, incident_id);

CREATE TABLE timeline_entry (
    id          uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('note', 'status', 'severity', 'milestone', 'role',
                    'field', 'status_update', 'task', 'runbook', 'alert')),
    -- When it happened, which may be before it was written.
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    author_id   uuid REFERENCES person (id),
    body        text NOT NULL CHECK (char_length(body) <= 20000),
    detail      jsonb,
    highlighted boolean NOT NULL DEFAULT false,
    automated   boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1,
    edited_at   timestamptz
);
CREATE INDEX timeline_entry_incident_idx ON timeline_entry (incident_id, occurred_at, id);

-- System entries are the record: nothing may rewrite them, whatever the code above does.
CREATE FUNCTION timeline_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.kind <> 'note' THEN
        RAISE EXCEPTION 'system timeline entries are immutable' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.kind <> OLD.kind OR NEW.incident_id <> OLD.incident_id
       OR NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.recorded_at <> OLD.recorded_at THEN
        RAISE EXCEPTION 'a note keeps its kind, incident, author and recording time'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER timeline_entry_immutable BEFORE UPDATE ON timeline_entry
    FOR EACH ROW EXECUTE FUNCTION timeline_entry_immutable();

-- Every earlier version of an edited note.
CREATE TABLE timeline_revision (
    id          uuid PRIMARY KEY,
    entry_id    uuid NOT NULL REFERENCES timeline_entry (id) ON DELETE CASCADE,
    version     integer NOT NULL,
    body        text NOT NULL,
    occurred_at timestamptz NOT NULL,
    highlighted boolean NOT NULL,
    written_at  timestamptz NOT NULL,
    UNIQUE (entry_id, version)
);

CREATE TABLE status_update (
    id             uuid PRIMARY KEY,
    incident_id    uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    author_id      uuid NOT NULL REFERENCES person (id),
    audience       text NOT NULL CHECK (audience IN ('internal', 'public')),
    status         text NOT NULL CHECK (char_length(status) BETWEEN 1 AND 5000),
    impact         text NOT NULL DEFAULT '' CHECK (char_length(impact) <= 5000),
    next_update_at timestamptz,
    published_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_update_incident_idx ON status_update (incident_id, published_at DESC);

CREATE TABLE runbook (
    id         uuid PRIMARY KEY,
    title      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    kind       text CHECK (kind IN ('outage', 'degradation', 'security', 'ddos',
                   'traffic_surge', 'deploy_failure', 'data_loss', 'other')),
    service_id uuid REFERENCES service (id) ON DELETE CASCADE,
    steps      text NOT NULL CHECK (char_length(steps) <= 20000),
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind IS NOT NULL OR service_id IS NOT NULL)
);
CREATE INDEX runbook_kind_idx ON runbook (kind);
CREATE INDEX runbook_service_idx ON runbook (service_id);

CREATE TABLE task (
    id          uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    assignee_id uuid REFERENCES person (id),
    done        boolean NOT NULL DEFAULT false,
    done_at     timestamptz,
    runbook_id  uuid REFERENCES runbook (id) ON DELETE SET NULL,
    position    integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_incident_idx ON task (incident_id, position);
CREATE INDEX task_assignee_idx ON task (assignee_id) WHERE NOT done;
