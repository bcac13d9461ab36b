-- People outside the response who asked to hear from the status page: by email once they
-- confirm the address (double opt-in), or by webhook at once (a `webhook` row of their
-- own signs each delivery, as the admins' webhooks are signed). `components` holds the
-- public components they chose; empty means all of them. `token` is the secret of their
-- links: confirming, changing the choice, unsubscribing.
CREATE TABLE status_subscriber (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('email', 'webhook')),
    address text NOT NULL CHECK (char_length(address) BETWEEN 3 AND 2000),
    components uuid[] NOT NULL DEFAULT '{}',
    token text NOT NULL UNIQUE CHECK (char_length(token) >= 32),
    confirmed_at timestamptz,
    -- When a confirmation was last sent: at most one an address in ten minutes.
    confirmation_sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX status_subscriber_address_idx ON status_subscriber (kind, lower(address));
CREATE INDEX status_subscriber_list_idx ON status_subscriber (created_at DESC, id DESC);
-- Subscribers to notify: confirmed ones, by kind.
CREATE INDEX status_subscriber_notify_idx ON status_subscriber (kind)
    WHERE confirmed_at IS NOT NULL;

-- A webhook subscriber's deliveries go through the webhook outbox; its row is not one of
-- the admins' webhooks and goes with the subscription.
ALTER TABLE webhook ADD COLUMN subscriber_id uuid UNIQUE
    REFERENCES status_subscriber (id) ON DELETE CASCADE;

-- Subscribe requests by client address, so that one address cannot flood the form (or
-- anyone's inbox) with them. Kept an hour.
CREATE TABLE status_subscribe_attempt (
    client text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_subscribe_attempt_idx ON status_subscribe_attempt (client, at);
