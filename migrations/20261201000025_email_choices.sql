-- Which of Murphy's email about their own work a person turned off, one by one: 'role'
-- (given a response role), 'review' (asked to review a post-mortem), 'overdue' (their
-- action item passed its due date), 'reset' (password-reset links: off, only an admin
-- resets their password). Replaces the single switch of migration 0023.
ALTER TABLE person ADD COLUMN email_off text[] NOT NULL DEFAULT '{}'
    CHECK (email_off <@ ARRAY['role', 'review', 'overdue', 'reset']);
UPDATE person SET email_off = '{role,review,overdue}' WHERE NOT email_notifications;
ALTER TABLE person DROP COLUMN email_notifications;

-- When an action item's owner was told it is overdue: once per item.
ALTER TABLE action_item ADD COLUMN overdue_told_at timestamptz;
CREATE INDEX action_item_overdue_idx ON action_item (due_on)
    WHERE status IN ('open', 'in_progress') AND overdue_told_at IS NULL
          AND owner_id IS NOT NULL AND due_on IS NOT NULL;

-- Password-reset links: the SHA-256 of the link's secret, good for an hour and once.
CREATE TABLE password_reset (
    digest bytea PRIMARY KEY,
    person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_reset_person_idx ON password_reset (person_id, created_at);
