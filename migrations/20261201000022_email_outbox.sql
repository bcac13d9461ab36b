-- Outgoing email, queued in the transaction of what it tells and sent by any instance's
-- mailer: claimed for a while (locked_until) so two instances never send one message
-- twice at once, retried with backoff, given up after its last try. Nothing is queued when
-- Murphy has no SMTP server configured.
CREATE TABLE email_outbox (
    id uuid PRIMARY KEY,
    kind text NOT NULL,
    to_address text NOT NULL CHECK (char_length(to_address) BETWEEN 3 AND 320),
    subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 300),
    body text NOT NULL,
    -- The List-Unsubscribe link, for messages to subscribers.
    unsubscribe_url text,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX email_outbox_recent_idx ON email_outbox (created_at DESC, id);
