-- When a post-mortem is required, decided before incidents happen (the SRE book's criteria):
-- one row admins edit. Each rule that is on makes an incident need a post-mortem, due a
-- number of days after it is resolved; a required one is skipped only with an admin's
-- reason (postmortem_waiver).
CREATE TABLE postmortem_policy (
    id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
    severities         text[] NOT NULL DEFAULT '{SEV1,SEV2}',
    -- User-visible impact (impact start to mitigation, else resolution) longer than this.
    impact_minutes     integer CHECK (impact_minutes BETWEEN 1 AND 100000),
    data_loss          boolean NOT NULL DEFAULT true,
    -- Opened from a monitoring alert: on-call was paged and stepped in.
    from_alert         boolean NOT NULL DEFAULT false,
    -- Resolution (impact start to resolved) taking longer than this.
    resolution_hours   integer CHECK (resolution_hours BETWEEN 1 AND 10000),
    -- Found by a person (an employee or a customer) rather than monitoring.
    detected_by_person boolean NOT NULL DEFAULT false,
    due_days           integer NOT NULL DEFAULT 5 CHECK (due_days BETWEEN 1 AND 365),
    version            integer NOT NULL DEFAULT 1
);
INSERT INTO postmortem_policy DEFAULT VALUES;

CREATE TRIGGER postmortem_policy_cache_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON postmortem_policy
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
