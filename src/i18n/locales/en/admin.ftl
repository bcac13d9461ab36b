# The admin pages.

## The admin index

adm-about-people = Accounts and their roles: viewers read, responders run incidents, admins run Murphy. Deactivate leavers; reset a lost password.
adm-about-runbooks = Checklists attached to new incidents of a kind, as tasks.
adm-about-postmortem-rules = Which incidents need a post-mortem (severity, data loss, impact or resolution time, paging, how they were found) and how soon it is due.
adm-about-postmortem-templates = The sections and questions a post-mortem has, for kinds and severities of incident; the twelve SRE sections when none fits.
adm-about-learning = The contributing factors and triggers post-mortems are tagged with, each with what it means; the reports add up the impact behind each.
adm-about-alerts = How Alertmanager and Grafana notifications become incidents: the severity mapping and routing rules.
adm-about-status-page = Which services the public status page shows, under which names; a component's state set by hand.
adm-about-webhooks = Signed announcements of incident changes to other systems, with their delivery log.
adm-about-email = The SMTP server Murphy sends through, a test message, and the outbox.
adm-about-subscribers = Who follows the status page by email or webhook, and what they hear of; export as CSV.
adm-about-sso = Signing in through the company's identity provider: the configuration, what discovery found, the latest attempts and their claims.
adm-about-audit = Every change anyone made, who made it and what it changed.

## Words many admin pages share

adm-save = Save
adm-cancel = Cancel
adm-edit = Edit
adm-delete = Delete
adm-remove = Remove
adm-add = Add
adm-actions = Actions
adm-name = Name
adm-when = When
adm-none-yet = None yet.
adm-none = none
adm-older = Older →
adm-pages = Pages
adm-required = Required
adm-retired = retired
adm-edit-named = Edit { $name }
adm-delete-named = Delete { $name }
adm-remove-named = Remove { $name }

## The audit trail

adm-audit-filter = Filter the audit trail
adm-audit-what = What
adm-audit-who = Who
adm-audit-changes = Changes
adm-audit-everything = Everything
adm-audit-anyone = Anyone
adm-audit-apply = Apply
adm-audit-nothing = Nothing recorded yet
adm-audit-nothing-why = Every change to incidents, post-mortems, services, people and settings appears here.
adm-actor-clock = Murphy (scheduled)
adm-actor-command-line = murphy command line
adm-entity-incident = Incidents
adm-entity-note = Notes
adm-entity-postmortem = Post-mortems
adm-entity-action_item = Action items
adm-entity-service = Services
adm-entity-maintenance = Maintenance
adm-entity-status_component = Status page components
adm-entity-status_subscriber = Status page subscribers
adm-entity-person = People
adm-entity-token = API tokens
adm-entity-runbook = Runbooks
adm-entity-postmortem_policy = Post-mortem rules
adm-entity-postmortem_template = Post-mortem templates
adm-entity-learning_tag = Factors and triggers
adm-entity-webhook = Webhooks
adm-entity-email = Email
adm-entity-sso = Single sign-on
adm-entity-database = Imports
audit-not-set = not set
audit-yes = yes
audit-no = no
audit-field-title = Title
audit-field-summary = Summary
audit-field-kind = Kind
audit-field-severity = Severity
audit-field-status = Status
audit-field-customer_impact = Customer impact
audit-field-services = Services
audit-field-service = Service
audit-field-impact = Impact
audit-field-restricted = Restricted
audit-field-impact_started_at = Impact started
audit-field-detected_at = Detected
audit-field-acknowledged_at = Acknowledged
audit-field-mitigated_at = Mitigated
audit-field-resolved_at = Resolved
audit-field-closed_at = Closed
audit-field-display_name = Name
audit-field-name = Name
audit-field-email = Email
audit-field-role = Role
audit-field-active = Active
audit-field-description = Description
audit-field-slo_target = SLO target
audit-field-slo_window_days = SLO window (days)
audit-field-maintenance_counts = Maintenance spends the budget
audit-field-url = URL
audit-field-runbook_url = Runbook URL
audit-field-body = Text
audit-field-owner = Owner
audit-field-due_on = Due
audit-field-priority = Priority
audit-field-events = Events
audit-field-format = Body
audit-field-steps = Steps
audit-field-required_when = Required when
audit-field-due_days = Due after (days)
audit-field-public_name = Public name
audit-field-group = Group
audit-field-position = Position
audit-field-state = State
audit-field-starts_at = Starts
audit-field-ends_at = Ends
audit-field-language = Language
audit-field-retired = Retired
audit-field-revoked = Revoked
audit-field-sections = Sections
audit-field-questions = Questions
audit-field-kinds = Kinds
audit-field-severities = Severities
audit-field-matchers = Matchers
audit-field-action = Then
audit-field-label_value = Label value
audit-field-email_off = Emails turned off
audit-field-groups = Groups
audit-field-reason = Reason
audit-field-claims = Claims
audit-field-sessions_ended = Sessions ended
audit-field-prefix = Prefix
audit-field-during_maintenance = Only during maintenance

## People

adm-email = Email
adm-role = Role
adm-role-of = Role of { $name }
adm-people-state = Status
adm-people-change = Change
adm-people-pinned = pinned
adm-people-follow = follow groups
adm-people-follow-named = Let { $name }'s groups set their role
adm-people-by-groups = set by their groups at sign-in
adm-people-active = Active
adm-people-deactivated = Deactivated
adm-people-deactivate = Deactivate
adm-people-reactivate = Reactivate
adm-people-reset = Reset password
adm-people-new-password-for = New password for { $name }
adm-people-set = Set
adm-people-add-title = Add a person
adm-people-first-password = First password
adm-people-password-hint = At least 10 characters. Pass it on privately.
adm-people-add = Add person
role-meaning-viewer = reads incidents, services and reports
role-meaning-responder = also files and edits incidents
role-meaning-admin = also manages people, tokens and settings

## Runbooks

adm-kept-below = Your text is kept below; save again to replace theirs.
adm-for = For
adm-any-kind = Any kind
adm-any-service = Any service
adm-rb-hint = When an incident is filed, the steps of every runbook for its kind or for one of its services are attached to it as tasks.
adm-rb-none = No runbooks yet
adm-rb-none-why = Write down the first steps for a kind of incident or a service, so the next responder starts with a checklist.
adm-rb-runbook = Runbook
adm-rb-steps = Steps
adm-rb-kind-incidents = { $kind } incidents
adm-rb-service = service { $service }
adm-rb-edit = Edit runbook
adm-rb-add = Add a runbook
adm-rb-conflict = Someone else saved this runbook meanwhile.
adm-rb-for-kind = For incidents of kind
adm-rb-for-service = Or affecting the service
adm-rb-steps-hint = one per line, Markdown list markers allowed
adm-rb-save = Save runbook

## When a post-mortem is required

adm-rules-title = When a post-mortem is required
adm-rules-hint = Decide before incidents happen which ones need a post-mortem, as the SRE book advises. An incident that meets any rule below needs one, due some days after it is resolved; the incident page, the home page and the reports show those missing or late. Only an admin can record that a required one is not needed, with a reason.
adm-rules-now = Now required when:
adm-rules-never = never (every post-mortem is optional)
adm-rules-conflict = Someone else changed the rules meanwhile.
adm-rules-conflict-more = They now read as above. Your choices are kept below; save again to replace theirs.
adm-rules-severity = Any incident of severity
adm-rules-data-loss = Any data loss (incidents of kind “Data loss”)
adm-rules-paged = On-call was paged: the incident was opened from a monitoring alert
adm-rules-by-person = Found by a person (an employee or a customer) rather than monitoring, as its post-mortem says
adm-rules-impact = User-visible impact longer than (minutes)
adm-rules-impact-hint = impact start to mitigation; empty: no limit
adm-rules-resolution = Resolution taking longer than (hours)
adm-rules-resolution-hint = impact start to resolved; empty: no limit
adm-rules-due = Due this many days after resolution
adm-rules-save = Save the rules

## Factors and triggers

adm-learn-hint = Post-mortems are tagged with the conditions that made an incident possible (contributing factors) and the event that set it off (triggers). Keep each list short and each name clear; the reports add up the incidents and impact behind every tag. Retire a tag rather than reuse its name: post-mortems that have it keep it.
adm-learn-edit = Edit the { $kind } “{ $name }”
adm-learn-conflict = Someone else saved this { $kind } meanwhile.
adm-learn-conflict-name = It now reads “{ $name }”.
adm-learn-means = What it means
adm-learn-means-hint = shown to whoever tags a post-mortem
adm-learn-retired = Retired: no longer offered when tagging
adm-learn-add = Add a { $kind }

## Alerts

adm-outcome = Outcome
adm-alerts-point = Point Prometheus Alertmanager at
adm-alerts-point-grafana = and Grafana at
adm-alerts-point-token = , sending an API token of a responder as
adm-alerts-how = A firing alert opens an incident, or joins the open incident already tracking it (by fingerprint); when all of an incident's alerts resolve, its mitigated time is set.
adm-alerts-mapping = Severity mapping
adm-alerts-mapping-label = The alert's
adm-alerts-mapping-decides = label (any case) decides the incident's level;
adm-alerts-mapping-star = is every other value, and alerts without the label. A group of alerts files at its most severe.
adm-alerts-severity-label = severity label
adm-alerts-files-as = Files as
adm-alerts-routes = Routing rules
adm-alerts-routes-order = Tried from the top; the first rule whose matchers all hold decides. Alerts no rule matches open an incident (of the kind in their
adm-alerts-routes-else = { " " }label, else outage). An alert for a service under
adm-alerts-routes-maintenance = maintenance
adm-alerts-routes-held = is held on the window instead (no incident), unless a rule marked "only during maintenance" opens or ignores it.
adm-alerts-no-routes = No rules: every alert opens or joins an incident.
adm-alerts-up = Up
adm-alerts-down = Down
adm-alerts-up-named = Move { $name } up
adm-alerts-down-named = Move { $name } down
adm-alerts-matchers-hint = comma-separated:
adm-alerts-and = and
adm-alerts-open = Open an incident
adm-alerts-open-as = Open as { $kind }
adm-alerts-ignore = Ignore
adm-alerts-ignore-it = Ignore the alert
adm-alerts-hold = Hold on the maintenance window
adm-alerts-hold-it = Hold it on the maintenance window
adm-alerts-only-maintenance = { $action } (only during maintenance)
adm-alerts-of-kind = Of kind
adm-alerts-from-alert = From the alert
adm-alerts-during = Only during maintenance of the alert's service (matchers may then be empty)
adm-alerts-add-rule = Add rule
adm-alerts-received = Notifications received
adm-alerts-received-none = None yet. Once Alertmanager or Grafana sends one, it shows here with what it did.
adm-alerts-from = From
alert-outcome-opened = opened { $incidents }
alert-outcome-attached = { $count } attached
alert-outcome-refired = { $count } fired again
alert-outcome-resolved = { $count } resolved
alert-outcome-unchanged = { $count } unchanged
alert-outcome-ignored = { $count } ignored
alert-outcome-held = { $count } held by maintenance
alert-outcome-mitigated = mitigated { $incidents }

## Email

adm-queued = Queued
adm-tries = Tries
adm-last-error = Last error
adm-email-server = Server
adm-email-through = Murphy sends email through
adm-email-as = as
adm-email-test-to = Send a test message to
adm-email-send-test = Send test
adm-email-off = Murphy sends no email.
adm-email-set = Set
adm-email-and = (and
adm-email-restart = ) and restart Murphy. Until then no message is queued.
adm-email-outbox = Outbox
adm-email-none = No email yet.
adm-email-to = To
adm-email-subject = Subject
delivery-state-pending = waiting
delivery-state-sent = sent
delivery-state-delivered = delivered
delivery-state-failed = failed

## Post-mortem templates

adm-any-severity = Any severity
adm-tpl-new = New template
adm-tpl-hint = A new post-mortem follows the template that fits its incident most closely: one naming the incident's kind comes before one naming its severity, and one naming both before either. When none fits, it follows the SRE post-mortem: the twelve sections of the SRE book, every one required. A post-mortem keeps the version it started with, so editing a template never changes one already written.
adm-tpl-templates = Templates
adm-tpl-none = None yet: every post-mortem follows the SRE post-mortem.
adm-tpl-version = Version
adm-tpl-fits = Which template each incident gets
adm-tpl-new-title = New post-mortem template
adm-tpl-edit-title = Edit the template “{ $name }”
adm-tpl-conflict = Someone else saved this template meanwhile.
adm-tpl-conflict-more = Nothing of yours was saved and your changes are kept below; save again to replace their version.
adm-tpl-not-saved = The template was not saved: see the messages below.
adm-tpl-version-used = { $count ->
    [one] Version { $version }, followed by { $count } post-mortem.
   *[other] Version { $version }, followed by { $count } post-mortems.
}
adm-tpl-saving-makes = Saving makes version { $version }; post-mortems already started keep the version they began with.
adm-tpl-starts-from = It starts from the twelve SRE sections: change, reorder or remove them (clear a title to remove a section), and add your own in the blank rows.
adm-tpl-about = About
adm-tpl-purpose = What it is for
adm-tpl-kinds = For incidents of these kinds
adm-tpl-kinds-hint = none ticked: any kind
adm-tpl-severities = Of these severities
adm-tpl-severities-hint = none ticked: any severity
adm-tpl-retired = Retired: new post-mortems no longer follow it
adm-tpl-sections-hint = In the order of their numbers. A required section must be written (or marked not applicable) before publishing. The prompt is Markdown a new post-mortem starts the section with; a section still holding only its prompt counts as not written.
adm-tpl-new-section = New section
adm-tpl-section-n = Section { $number }
adm-tpl-order = Order
adm-tpl-guidance = Guidance
adm-tpl-prompt = Prompt
adm-tpl-prompt-hint = Markdown; optional
adm-tpl-questions-hint = Short answers kept with the post-mortem and its exports: free text, one of several choices, or yes or no. Clear a question to remove it.
adm-tpl-new-question = New question
adm-tpl-question-n = Question { $number }
adm-tpl-question = Question
adm-tpl-answered-with = Answered with
adm-tpl-choices = Choices
adm-tpl-choices-hint = for a choice: one per line
adm-tpl-save-version = Save a new version
adm-tpl-add = Add the template
question-kind-text = Free text
question-kind-choice = One of several choices
question-kind-yes_no = Yes or no

## Single sign-on

adm-on = on
adm-off = off
adm-sso-config = Configuration
adm-sso-issuer = Issuer
adm-sso-client-id = Client id
adm-sso-client-secret = Client secret
adm-sso-secret-set = set (never shown)
adm-sso-secret-none = none: a public client, PKCE alone
adm-sso-redirect = Redirect URL
adm-sso-register = register it at the provider
adm-sso-scopes = Scopes
adm-sso-new-people = New people from
adm-sso-no-domain = no domain: only people an admin added
adm-sso-roles = Roles from groups
adm-sso-no-roles = none: new people are viewers, roles are set here
adm-sso-claim = claim
adm-sso-password = Password sign-in
adm-sso-still-works = still works
adm-sso-discovery = Discovery
adm-sso-authorization = Authorization
adm-sso-token = Token
adm-sso-userinfo = User info
adm-sso-end-session = End session
adm-sso-no-end-session = none: signing out of Murphy leaves the provider's session
adm-sso-keys = Signing keys
adm-sso-from = from
adm-sso-read = read
adm-sso-unreadable = Murphy cannot read the discovery document.
adm-sso-read-again = Read it again
adm-sso-not-set-up = Single sign-on is not set up.
adm-sso-confidential = for a confidential client) and
adm-sso-restart = , then restart Murphy. The README shows the settings for common providers.
adm-sso-attempts = Latest sign-ins through the provider
adm-sso-signed-in = signed in
adm-sso-refused = refused

## Status page subscribers

adm-n-delivered = { $count } delivered
adm-n-waiting = { $count } waiting
adm-n-failed = { $count } failed
adm-sub-export = Export CSV
adm-sub-confirmed = { $count ->
   *[other] confirmed by email
}
adm-sub-waiting = { $count ->
   *[other] waiting to confirm
}
adm-sub-by-webhook = { $count ->
   *[other] by webhook.
}
adm-sub-only-admins = Only admins see these addresses.
adm-sub-no-email = Nobody can subscribe by email until it does: see
adm-sub-nobody = Nobody has subscribed yet. People subscribe from
adm-sub-the-page = the status page
adm-sub-address = Address
adm-sub-by = By
adm-sub-hears = Hears of
adm-sub-since = Since
adm-sub-channel-email = email
adm-sub-channel-webhook = webhook
adm-sub-is-confirmed = confirmed
adm-sub-not-confirmed = not confirmed
adm-sub-everything = everything

## Webhooks

adm-wh-posts = Murphy POSTs each chosen event as JSON to these URLs, signed:
adm-wh-with = with the headers
adm-wh-retried = Failed deliveries are retried with growing waits, eight times in all, and survive restarts.
adm-wh-secret-once = Webhook added. Its signing secret is shown this once:
adm-wh-secret-give = Give it to the receiver to check each signature. To change it, delete the webhook and add it again.
adm-wh-none = No webhooks yet
adm-wh-none-why = Add one to tell a chat channel, a status page or your own automation when incidents are declared, change or get a post-mortem.
adm-wh-waiting = Waiting
adm-wh-delivered = Delivered
adm-wh-failed = Failed
adm-wh-paused = Paused
adm-wh-add-title = Add a webhook
adm-wh-add = Add webhook
adm-wh-ping = Send a test ping
adm-wh-conflict = Someone else saved this webhook meanwhile.
adm-wh-deliveries = Deliveries
adm-wh-newest = { $count ->
    [one] the newest shown
   *[other] newest { $count } shown
}
adm-wh-nothing = Nothing sent yet
adm-wh-nothing-why = Deliveries appear here when a chosen event happens, or when you send a test ping.
adm-wh-queued = queued
adm-wh-attempts = { $count ->
    [one] { $count } attempt
   *[other] { $count } attempts
}
adm-wh-next = next
adm-wh-answer = Answer
adm-wh-took = Took
adm-wh-response = Response or error
adm-wh-no-answer = No answer
adm-wh-retry = Retry now
adm-wh-settings = Settings
adm-wh-delete = Delete this webhook
adm-wh-name-example = Ops chat
adm-wh-format-murphy = Murphy JSON: the event, the incident and its details
adm-wh-format-slack = Slack-compatible:
adm-wh-format-slack-for = , for chat webhooks
adm-wh-format-github = GitHub issue: the URL is
adm-wh-format-gitlab = GitLab issue:
adm-wh-format-jira = Jira issue:
adm-wh-tracker = An issue tracker takes the event “Action item added” alone: each new action item without a tracker link becomes an issue, whose address is then linked on it. Point the tracker's own webhook (issue closed or reopened) at
adm-wh-or = or
adm-wh-tracker-secret = with this webhook's secret, and closing the issue marks the action item done.
adm-wh-token = Tracker token
adm-wh-token-hint = GitHub, GitLab or Jira only; saved and never shown; leave empty to keep the one saved
adm-wh-project = Jira project key
adm-wh-project-hint = Jira only, such as OPS
adm-wh-active = Active: send deliveries
webhook-event-incident-created = Incident created
webhook-event-status-changed = Status changed
webhook-event-severity-changed = Severity changed
webhook-event-role-assigned = Role assigned
webhook-event-update-published = Stakeholder update published
webhook-event-postmortem-published = Post-mortem published
webhook-event-action-item-created = Action item added

## Managing the status page

st-open-public = Open the public page
st-manage-hint = The public page shows the services below to anyone, without signing in. A component's state follows the open incidents that have a public update (full impact: a major outage at SEV1, a partial outage below; partial impact: degraded performance), unless a responder sets it here. Restricted incidents, internal updates and people's names never appear.
st-none-shown = No service is shown yet.
st-choose-below = Choose one under "Other services" below.
st-component = Component
st-state-now = State now
st-set-by-hand = Set by hand
st-state-of = State of { $name }
st-follow-incidents = Follow incidents
st-share = Share and embed
st-share-feeds = Feeds of public updates:
st-share-json = Statuspage-compatible JSON:
st-share-json-more = (and status, components, incidents, scheduled-maintenances)
st-share-badge = Badge:
st-share-badge-one = , or one component's with
st-share-badge-name = its public name
st-share-widget = Widget other sites may frame:
st-share-eg = , e.g.
st-other-services = Other services
st-every-service = Every service is on the status page.
st-comp-on-page = { $name } on the status page
st-comp-show-named = Show { $name } on the status page
st-comp-show = Show on the status page
st-comp-conflict = Someone else changed how this service is shown while you were editing.
st-comp-public-hint = what the public reads
st-comp-description-hint = optional, shown under the name
st-comp-group-hint = optional, e.g. "Payments"
st-comp-position-hint = lower comes first within its group
st-comp-take-off = Take it off the page
st-comp-stays = The service stays in Murphy; the public no longer sees it.
st-comp-take-off-named = Take { $name } off the status page
adm-alerts-label-example = disaster

## What an admin page says after an action

flash-person-unpinned = { $name }'s groups set their role again at their next sign-in.
flash-person-added = { $name } can now sign in as { $role } with the password you chose.
flash-not-a-role = "{ $role }" is not a role; nothing changed.
flash-role-now = { $name } is now { $role }.
flash-role-already = { $name } is already { $role }.
flash-last-admin-role = { $name } is the only active admin; make someone else admin first.
flash-person-reactivated = { $name } can sign in again.
flash-person-deactivated = { $name } can no longer sign in; everything they wrote stays attributed to them.
flash-not-yourself = You cannot deactivate your own account.
flash-last-admin = { $name } is the only active admin.
flash-password-not-reset = Not reset: { $problem }
flash-password-reset = New password set for { $name }; they were signed out everywhere. Tell them the password in person or on a channel you trust.
flash-mapping-set = Alerts labelled severity="{ $value }" now file as { $severity }.
flash-mapping-removed = Removed "{ $value }"; such alerts now file at the default level.
flash-mapping-kept = Nothing removed: the default (*) always stays, and other values must exist.
flash-rule-added = Rule "{ $name }" added after the others.
flash-rule-deleted = Rule deleted.
flash-rule-moved = Rule moved.
flash-webhook-saved = Webhook "{ $name }" saved.
flash-webhook-deleted = Webhook "{ $name }" deleted with its deliveries.
flash-webhook-ping = Test ping queued for "{ $name }"; it shows below once sent.
flash-delivery-queued = Delivery queued again.
flash-delivery-not-retried = Only deliveries that were given up on can be retried.
flash-test-email = Test message queued for { $to }.
flash-rules-saved = Saved. Incidents are judged by these rules from now on, past ones included.
flash-template-added = Template “{ $name }” added: new post-mortems of the incidents it is for follow it.
flash-template-retired = Template “{ $name }” retired: new post-mortems no longer follow it; those that did keep it.
flash-template-saved = Template “{ $name }” saved as version { $version }: post-mortems already started keep the version they began with.
flash-runbook-saved = Runbook "{ $title }" saved.
flash-runbook-deleted = Runbook "{ $title }" deleted; tasks already attached stay.
flash-subscriber-removed = Removed { $address }.
flash-choose-tag-kind = Choose a contributing factor or a trigger.
flash-tag-added = { $kind } "{ $name }" added.
flash-tag-saved = { $kind } "{ $name }" saved.
flash-tag-retired = { $kind } "{ $name }" retired: post-mortems that have it keep it, and it is no longer offered.
flash-service-added = Service "{ $name }" added.
flash-service-saved = Service "{ $name }" saved.
flash-service-deleted = Service "{ $name }" deleted.
flash-service-kept = Service "{ $name }" is named by incidents, so it was kept. Remove it from them first.
flash-password-changed-sign-in = Password changed. Sign in with the new one.
flash-signed-in = Signed in as { $name }.
flash-signed-out = Signed out. Goodbye, { $name }.
flash-discovery-read = { $count ->
    [one] Read the discovery document again: { $count } signing key.
   *[other] Read the discovery document again: { $count } signing keys.
}
flash-discovery-failed = The discovery document could not be read: { $error }
flash-component-removed = Taken off the status page.
flash-not-a-state = "{ $state }" is not a component state.
flash-component-set = Set to { $state } on the status page.
flash-component-follows = The component follows its incidents again.
flash-token-revoked = Token "{ $name }" revoked; it stopped working at once.
login-password-off = Password sign-in is turned off here: sign in through your identity provider.
login-throttled = Too many failed sign-ins from this address lately. Wait 15 minutes, then try again.
login-refused = That email and password do not match an active account.
