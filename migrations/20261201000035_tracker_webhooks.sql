-- Action items that leave Murphy: a webhook may speak an issue tracker's API (GitHub,
-- GitLab, Jira), creating an issue from each new action item with the tracker's token; the
-- issue's address comes back onto the action item, and the tracker's own signed webhook
-- marks the action item done when the issue closes.
ALTER TABLE webhook DROP CONSTRAINT webhook_format_check;
ALTER TABLE webhook ADD CONSTRAINT webhook_format_check
    CHECK (format IN ('murphy', 'slack', 'github', 'gitlab', 'jira'));
-- The tracker's API token (never shown again once saved) and, for Jira, the project key.
ALTER TABLE webhook
    ADD COLUMN token text NOT NULL DEFAULT '' CHECK (char_length(token) <= 500),
    ADD COLUMN project text NOT NULL DEFAULT '' CHECK (char_length(project) <= 100);
-- Action items found by the address of their issue when the tracker says it closed.
CREATE INDEX action_item_tracker_idx ON action_item (tracker_url) WHERE tracker_url <> '';
