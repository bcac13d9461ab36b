-- Routing rules for maintenance: a rule may apply only to alerts for a service under
-- maintenance (then it may have no matchers), and may hold an alert on the window.
ALTER TABLE alert_route ADD COLUMN during_maintenance boolean NOT NULL DEFAULT false;
ALTER TABLE alert_route DROP CONSTRAINT alert_route_action_check;
ALTER TABLE alert_route ADD CONSTRAINT alert_route_action_check
    CHECK (action IN ('open', 'ignore', 'hold'));
