-- What a token may do (none listed: everything its owner may), and when it stops working.
ALTER TABLE api_token
    ADD COLUMN scopes text[] NOT NULL DEFAULT '{}'
        CHECK (scopes <@ ARRAY['read', 'alerts', 'incidents', 'postmortems', 'services',
                               'status', 'admin']::text[]),
    ADD COLUMN expires_at timestamptz;
