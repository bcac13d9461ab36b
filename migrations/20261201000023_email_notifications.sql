-- Whether a person wants Murphy's email about their own work: being given a response role,
-- being asked to review a post-mortem. On unless they turn it off (settings).
ALTER TABLE person ADD COLUMN email_notifications boolean NOT NULL DEFAULT true;
