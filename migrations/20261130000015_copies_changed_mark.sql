-- A change announced on the murphy_cache channel (migration 0010) also marks its own
-- transaction, so that the instance making it drops its copies when it commits without
-- waiting for its own announcement, and without the code that made the change having to
-- remember to.

CREATE OR REPLACE FUNCTION murphy_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('murphy_cache', TG_TABLE_NAME);
    PERFORM set_config('murphy.copies_changed', 'on', true);
    RETURN NULL;
END
$$;
