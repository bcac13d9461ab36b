-- The home page lists the reviews a person has been asked for and not yet given.
CREATE INDEX postmortem_reviewer_pending_idx ON postmortem_reviewer (person_id)
    WHERE approved_at IS NULL;
