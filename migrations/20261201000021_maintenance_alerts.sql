-- Alerts that fire for a service while a maintenance window on it is in progress open no
-- incident: they are noted on the window instead, so the people doing the work see them.
CREATE TABLE maintenance_alert (
    id uuid PRIMARY KEY,
    maintenance_id uuid NOT NULL REFERENCES maintenance (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    alert_name text NOT NULL,
    headline text NOT NULL,
    fingerprint text NOT NULL
);
CREATE INDEX maintenance_alert_window_idx ON maintenance_alert (maintenance_id, at DESC);

-- Whether a service's maintenance windows spend its error budget (as full impact, from
-- the window's start to its end). Admins choose per service; by default they do not.
ALTER TABLE service ADD COLUMN maintenance_counts boolean NOT NULL DEFAULT false;
