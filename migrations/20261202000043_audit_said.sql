-- What an audit event says, as a message each reader's language can say (see
-- i18n::Message::to_json); `summary` keeps the English. Rows recorded before have none and
-- read as their English summary.
ALTER TABLE audit_event ADD COLUMN said jsonb;
