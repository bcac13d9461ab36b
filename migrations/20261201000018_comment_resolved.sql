-- A review comment is answered and closed ("resolved"); a reviewer approving with their
-- own comments still open is asked first.
ALTER TABLE postmortem_comment
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN resolved_by uuid REFERENCES person (id);
