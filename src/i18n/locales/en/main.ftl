# Murphy's words in English. Keys are stable; `src/i18n/locales/pt-BR/main.ftl` holds the
# same keys. Variables are formatted before they arrive (numbers, dates): see src/i18n.

## Every page

brand = Murphy
skip-to-content = Skip to content
nav-main = Main
nav-declare = Declare
nav-declare-wide = { " " }incident
nav-menu = Menu
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-search-label = Search incidents
nav-search-placeholder = Search incidents
nav-search-title = Press / to search from any page
nav-incidents = Incidents
nav-postmortems = Post-mortems
nav-action-items = Action items
nav-reports = Reports
nav-services = Services
nav-admin = Admin
footer-times = Times are shown in your time zone; hover one for UTC.
footer-keys = Keyboard: { $search } search, { $declare } declare an incident.
footer-api = The { $api } does everything these pages do.
footer-api-link = API
footer-language = Language

## Times

time-just-now = just now
time-ago = { $span } ago
time-in = in { $span }
span-minutes = { $n } min
span-hours = { $n } h
span-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

## Incidents as every page names them

severity-SEV1 = Critical
severity-SEV2 = Major
severity-SEV3 = Minor
severity-SEV4 = Low
severity-meaning-SEV1 = A core service is down, or data is lost or exposed, for many customers. Everyone needed responds now, around the clock.
severity-meaning-SEV2 = A core function is badly degraded or down for some customers. Respond now; page the owners.
severity-meaning-SEV3 = Limited impact, or a workaround exists. Respond within working hours.
severity-meaning-SEV4 = Little or no customer impact. Track it and fix it in the normal course of work.
status-investigating = Investigating
status-identified = Identified
status-monitoring = Monitoring
status-resolved = Resolved
status-closed = Closed
kind-outage = Outage
kind-degradation = Degradation
kind-security = Security
kind-ddos = DDoS
kind-traffic_surge = Traffic surge
kind-deploy_failure = Build or deploy failure
kind-data_loss = Data loss
kind-other = Other

## Home

home-title = Open incidents
home-updates-overdue = Stakeholder updates overdue
home-due = due
home-reviews = Reviews requested of you
home-review-waiting = post-mortem waiting for your review
home-postmortems-due = Post-mortems due
home-not-started = not started
home-late = late
home-all-due = { $count ->
    [one] The one in the report
   *[other] All { $count } in the report
}
home-mine = My incidents
home-my-actions = My action items
home-all-my-actions = All my action items
home-all-incidents = All incidents
home-calm-title = Nothing is on fire
home-calm-text = No incident is open. When something breaks, declare an incident and the response starts from its page.
home-declare = Declare incident
home-open-count = { $count } open
home-every-open = See every open incident
postmortem-state-draft = draft
postmortem-state-in_review = in review
postmortem-state-published = published

## Lists of incidents

incidents-col-incident = Incident
incidents-col-severity = Severity
incidents-col-status = Status
incidents-col-services = Services
incidents-col-started = Impact started
incidents-col-resolved = Resolved
incidents-col-title = Title
incidents-col-kind = Kind
incidents-col-started-utc = Impact started (UTC)
incidents-col-resolved-utc = Resolved (UTC)
export-incidents-every = Every incident, newest first.
export-incidents-matching = Incidents matching { $filters }, newest first.
export-incidents-count = { $count ->
        [one] { $count } incident.
       *[other] { $count } incidents.
    }
export-incidents-impact-started = impact started { $at }
export-incidents-resolved-at = resolved { $at }
export-incidents-pdf-limit = Only the newest { $count } are in this PDF; download CSV or JSON for all of them.
incidents-restricted = Restricted
incidents-no-ic = No IC
incidents-no-ic-title = Nobody holds the Incident Commander role

## Action items

actions-col-action = Action
actions-col-incident = Incident
actions-col-type = Type
actions-col-priority = Priority
actions-col-owner = Owner
actions-col-due = Due
actions-col-status = Status
actions-overdue = overdue
actions-status-of = Status of { $title }
actions-set = Set

## Settings

settings-language = Language
settings-language-browser = As my browser asks ({ $lang })
settings-language-hint = Pages, emails and exports you ask for are written in this language.
settings-language-saved = Language saved.
settings-save = Save

## Filters

filter-severity = Severity
filter-kind = Kind
filter-service = Service
filter-any = Any

## Admin

admin-nav-people = People
admin-nav-runbooks = Runbooks
admin-nav-postmortem-rules = Post-mortem rules
admin-nav-postmortem-templates = Post-mortem templates
admin-nav-learning = Factors and triggers
admin-nav-alerts = Alerts
admin-nav-webhooks = Webhooks
admin-nav-email = Email
admin-nav-subscribers = Subscribers
admin-nav-sso = Single sign-on
admin-nav-audit = Audit trail
filter-q = Words
filter-state = Open or closed
filter-status = Status
filter-from = Impact from
filter-to = to
filter-sort = Sorted by
filter-limit = Per page

## The incident list

list-download = Download:
list-download-these = Download these:
list-filter-label = Filter incidents
list-search-label = Search titles and summaries
list-search-placeholder = database timeout -staging
list-open = Open
list-closed = Closed
list-apply = Apply
list-bad-filters = These filters cannot be applied:
list-clear-filters = Clear all filters
list-active-filters = Active filters
list-remove-filter = Remove filter { $filter }
list-clear-all = Clear all
list-chip-from = from { $day }
list-chip-to = to { $day }
list-none-match = No incident matches these filters
list-none-match-hint = Remove a filter above, or
list-show-every = show every incident.
list-none-yet = No incidents yet
list-none-yet-hint = When something breaks, declare an incident: its page becomes the one place the response happens.
list-declare-first = Declare the first incident
list-pages = Pages
list-previous = Previous
list-newer = Newer
list-first-page = First page
list-newest = Newest
list-next = Next
list-older = Older

## The incident page

incident-restricted-title = Only the response team and admins can see this incident
incident-impact-lasted = Impact lasted
incident-impact-for = Impact for
incident-since = since
incident-no-services = No services named.
incident-affects = Affects
incident-runbook = Runbook
incident-held-by-ic = held by the IC
incident-nobody = nobody
incident-next-update = Next update
incident-was-due = was due
incident-none-published = none published yet
incident-none-planned = none planned
incident-publish-closing = Publish a closing stakeholder update
incident-audience = Audience
audience-internal = Internal
audience-public = Public
incident-closing-update = Closing update
incident-closing-text = Resolved at { $at } UTC: { $title }. Impact lasted { $lasted }. A post-mortem will follow.
incident-closing-by-cl = The Communications Lead or the IC publishes the closing update.
incident-the-postmortem = The post-mortem
incident-pm-start = Start it now, from the incident's record
incident-pm-not-needed-because = Not needed, because:
incident-pm-why-not = Why no post-mortem is needed
incident-pm-why-not-placeholder = A known failure, already covered by INC-12
incident-severity-from = Change severity from { $severity } to
incident-change-severity = Change severity
incident-publish-update = Publish update
incident-edit = Edit
incident-no-ic = No Incident Commander.
incident-no-ic-text = Someone must take charge of this incident.
incident-assign-ic = Assign an IC
incident-update-overdue = Stakeholder update overdue
incident-publish-an-update = Publish an update
incident-summary = Summary
incident-no-summary = No summary yet.
incident-write-one = Write one
incident-customer-impact = Customer impact
incident-not-described = Not described yet.
incident-milestones = Milestones
incident-not-yet = not yet
incident-correct-milestones = Correct milestones
incident-time-to-detect = Time to detect
incident-time-to-acknowledge = Time to acknowledge
incident-time-to-mitigate = Time to mitigate
incident-time-to-resolve = Time to resolve
incident-alerts = Alerts
incident-alert-source = source
incident-error-budget = Error budget
incident-budget-impact = { $spent } of impact
incident-budget-partial = (partial, counted at half)
incident-budget-spent = Spent
incident-budget-of-budget = of its error budget
incident-budget-no-objective = No objective set.
incident-impact-on = Impact on { $service }
incident-set-impact = Set impact
impact-full = Full outage
impact-partial = Partial (counts half)
incident-postmortem = Post-mortem
incident-open-postmortem = Open the post-mortem
incident-pm-not-needed = Not needed
incident-pm-write-anyway = Write one after all
incident-pm-not-started = Not started.
incident-pm-start-button = Start the post-mortem
incident-pm-required = Required
incident-pm-due = Due
incident-pm-optional = Optional under the
incident-pm-rules = rules
incident-details = Details
incident-source = Source
incident-last-changed = Last changed
incident-history = History
incident-changes = { $count ->
    [one] { $count } change
   *[other] { $count } changes
}
incident-no-changes = No changes recorded.
incident-step-reopen = Reopen
incident-step-investigating = Back to investigating
incident-step-identified = Cause identified
incident-step-monitoring = Fix applied, monitoring
incident-step-resolve = Resolve
incident-step-close = Close
milestone-impact_started_at = Impact started
milestone-detected_at = Detected
milestone-acknowledged_at = Acknowledged
milestone-mitigated_at = Mitigated
milestone-resolved_at = Resolved
milestone-closed_at = Closed
pm-state-draft = Draft
pm-state-in_review = In review
pm-state-published = Published
source-form = Web form
source-api = API
source-alertmanager = Alertmanager
source-grafana = Grafana

## The response team

team-title = Response team
team-no-ic = No Incident Commander
team-held-by-ic = Held by the IC
team-members-under = Team members under the { $lead }
team-role = Role
team-person = Person
team-handoff-note = Hand-off note
team-handoff-placeholder = Current state, next steps
team-assign = Assign
team-handoffs = Hand-off history
team-from = from
team-to = to
team-now = (now)
team-relieve = relieve
team-relieve-label = Relieve { $name }
team-role-ic = Incident Commander
team-role-cl = Communications Lead
team-role-ol = Operations Lead
team-member-ol = Team member under the OL
team-member-cl = Team member under the CL
form-optional = optional

## Stakeholder updates

updates-title = Stakeholder updates
updates-impact = Impact
updates-next-overdue = Next update overdue
updates-it-was-due = it was due
updates-next-due = Next update due
updates-public-shown = Public updates are shown on the
updates-public-page = public status page.
updates-earlier = { $count ->
    [one] { $count } earlier update on the
   *[other] { $count } earlier updates on the
}
updates-on-timeline = timeline.
updates-none = No update published yet.
updates-current-status = Current status
updates-status-placeholder = We are investigating failed card payments.
next-update-15 = in 15 minutes
next-update-30 = in 30 minutes
next-update-60 = in 1 hour
next-update-120 = in 2 hours
next-update-240 = in 4 hours
next-update-none = no further update planned

## The timeline

timeline-title = Timeline
timeline-export = Export
timeline-show-only = Show only
timeline-all = All
timeline-nothing = Nothing recorded yet.
timeline-nothing-of-kind = Nothing recorded of this kind yet.
timeline-times-in = times in { $zone }
timeline-automated = automated
timeline-key-event = Key event
timeline-edited = { $count ->
    [one] Edited · see { $count } earlier version
   *[other] Edited · see { $count } earlier versions
}
timeline-add-note-label = Add a note
timeline-note-placeholder = What happened, what was tried, what was decided.
timeline-happened-at = It happened at
timeline-empty-for-now = empty for now
timeline-add-note = Add note
entry-kind-note = Note
entry-kind-status = Status
entry-kind-severity = Severity
entry-kind-milestone = Milestone
entry-kind-role = Team
entry-kind-field = Change
entry-kind-status_update = Status update
entry-kind-task = Task
entry-kind-runbook = Runbook
entry-kind-alert = Alert

## Tasks

tasks-title = Tasks
tasks-done-of = { $done } of { $count } done
tasks-none = No tasks yet.
tasks-reopen = Reopen: { $title }
tasks-mark-done = Mark done: { $title }
tasks-from-runbook = from { $runbook }
tasks-new = New task
tasks-assignee = Assignee
tasks-unassigned = Unassigned
tasks-add = Add
slo-label = { $target } % over { $days ->
    [one] { $days } day
   *[other] { $days } days
}

## Similar incidents

similar-title = This happened before
similar-hint = Incidents like this one: the same services, the same alerts or a similar title. What their post-mortems learned may save time.
similar-same-alert = same alert
similar-similar-title = similar title
similar-read = Read the post-mortem
similar-none = No post-mortem.
similar-still-open = Still open from it:

## Signing in

login-welcome = Welcome to Murphy
login-first-run = No one can sign in yet. On the machine that runs Murphy, create the first admin account:
login-your-name = Your Name
login-sso-first-run = Or sign in with { $provider }, if your groups give you a role.
login-first-run-hint = It asks for a password (or reads it from standard input). It works whether or not Murphy is running. Then reload this page and sign in. The admin adds everyone else under Admin → People. With cargo run:
login-sso = Sign in with { $provider }
login-or-password = or with your Murphy password
login-email = Email
login-password = Password
login-forgot = Forgot your password?

## Forms

form-required = required
form-fix-fields = Fix the fields marked below; nothing you typed was lost.
form-cancel = Cancel
form-choose = Choose…

## Declaring an incident

declare-title = Declare an incident
declare-not-filed = The incident was not filed.
declare-take-command = I'm taking command.
declare-take-command-hint = You become the Incident Commander, and the incident counts as acknowledged.
fields-title = Title
fields-title-placeholder = Checkout fails for card payments
fields-affected-services = Affected services
fields-no-services = No services yet.
fields-name-them = Name them below and they are added.
fields-add-services = Add services to record what an incident affects.
fields-others = Others
fields-new-services-hint = names, separated by commas; new ones are added as services
fields-summary-placeholder = What is happening, what is known so far.
fields-impact-placeholder = Who is affected and how.
fields-restricted-hint = only the response team and admins can see it. Security incidents always start restricted.
fields-milestones-hint = Correct any milestone by hand; leave one empty if it has not happened. Each must come no earlier than the one before.
fields-new-services-placeholder = payments, card-gateway

## Editing an incident

form-not-saved = Not saved.
edit-merged-title = { $count ->
    [one] Someone else changed a field you changed too, while you were editing.
   *[other] Someone else changed { $count } fields you changed too, while you were editing.
}
edit-merged-text = { $count ->
    [one] Nothing was saved yet. Their other changes and yours are already combined in the form below; for the field listed here the form now holds their value. Choose, then save.
   *[other] Nothing was saved yet. Their other changes and yours are already combined in the form below; for the fields listed here the form now holds their value. Choose for each, then save.
}
edit-conflict-title = Someone else saved this incident while you were editing.
edit-conflict-text = Nothing of yours was saved and nothing you typed was lost. Compare below, adjust the form, and save again to keep your version.
edit-col-field = Field
edit-col-theirs-merged = Theirs (in the form now)
edit-col-saved = Saved now
edit-col-yours-merged = Yours (copy it back to keep it)
edit-col-yours = Yours (in the form)

## Error pages

error-go-incidents = Go to incidents
error-home = Home

## Your account

account-title = Your account
account-tokens = API tokens
account-times-in = Times shown in
account-zone-hint = Your browser's time zone is used when it tells Murphy; otherwise times are in UTC. An admin changes names and roles.
account-email-me-when = Email me when
account-no-mail = Murphy sends no email yet: an admin sets up the mail server.
account-change-password = Change your password
account-not-changed = Not changed.
account-fix-fields = Fix the fields marked below.
account-current-password = Current password
account-new-password = New password
account-password-hint = at least { $min } characters
account-new-password-again = New password again
account-change-password-button = Change password
account-email-none = Murphy will not email you about your work.
account-email-saved = Your email choices are saved.
account-password-changed = Password changed. Your other sessions were signed out.
role-viewer = Viewer
role-responder = Responder
role-admin = Admin
email-kind-role = I'm given a response role
email-kind-review = I'm asked to review a post-mortem
email-kind-overdue = an action item I own is overdue
email-kind-reset = I ask for a link to reset my password

## Forgotten passwords

forgot-sent = If an account uses that address, a link to choose a new password is on its way. It works once, within an hour.
forgot-back = Back to sign in
forgot-no-mail = Murphy sends no email here, so it cannot send you a link. Ask an admin to set a new password for you (Admin → People).
forgot-ask = Give your account's email address: we send a link to choose a new password.
forgot-send = Send the link
reset-title = Choose a new password
reset-for = For
reset-signed-out = Every session of this account is signed out when it is saved.
reset-save = Save the new password
reset-expired = This link no longer works
reset-expired-text = A reset link works once, within an hour.
reset-ask-new = Ask for a new one.

## API tokens

tokens-everything = Everything you may do
tokens-never-expires = Never
tokens-one-year = 1 year
tokens-new = Your new token.
tokens-copy-now = Copy it now: Murphy stores only a digest and cannot show it again.
tokens-send-as = Send it as
tokens-acts-as = It acts with your role, within its scopes.
tokens-none = No tokens yet
tokens-none-hint = Scripts and monitoring use tokens to call the API as you.
tokens-col-name = Name
tokens-col-prefix = Starts with
tokens-col-may-do = May do
tokens-col-created = Created
tokens-col-last-used = Last used
tokens-col-expires = Expires
tokens-col-actions = Actions
tokens-never = never
tokens-expired = Expired
tokens-revoked = Revoked
tokens-no-longer-works = No longer works
tokens-revoke = Revoke
tokens-create-title = Create a token
tokens-what-for = What it is for
tokens-name-placeholder = Alertmanager on prod
tokens-what-may-do = What it may do
tokens-scopes-hint = Tick none for everything you may do. A token for Alertmanager needs only alerts; a report script, only read.
tokens-expires-after = Expires after
tokens-create = Create token
scope-read = Read everything
scope-alerts = Post alerts (Alertmanager, Grafana)
scope-incidents = Incidents: file, change, team, timeline, updates, tasks
scope-postmortems = Post-mortems and action items
scope-services = Services, objectives and error budgets
scope-status = Status page, maintenance and subscribers
scope-admin = Administration: people, webhooks, runbooks, factors and triggers

## Post-mortem blockers

pm-blocker-section = { $section } is empty: write it or mark it not applicable.
pm-blocker-question = Answer the question “{ $question }”.
pm-blocker-no-actions = Add at least one action item, or say why none is needed.
pm-blocker-no-review = Send it for review first.
pm-blocker-not-approved = { $name } has not approved it yet.

## A new post-mortem's first draft

prefill-impact-started = Impact started { $at }.
prefill-time-to-detect = Time to detect: { $span }.
prefill-time-to-acknowledge = Time to acknowledge: { $span }.
prefill-time-to-mitigate = Time to mitigate: { $span }.
prefill-time-to-resolve = Time to resolve: { $span }.
prefill-team = Response team:
team-role-member = Team member
pm-already-published = The post-mortem is already published.
pm-not-published-yet = Not published yet: { $blockers }

## Starting a post-mortem

pm-start-no-template = Choose a template from the list.
pm-start-no-language = Choose English or Português (Brasil).
pm-started = Post-mortem started from the incident's record with the template “{ $template }”. Fill in the rest.
pm-start-existed = This incident already has a post-mortem.
pm-start-template-gone = That template is retired or gone; choose another.
form-save = Save

## Labels of post-mortem things

tag-kinds-factor = Contributing factors
tag-kinds-trigger = Triggers
tag-kind-factor = Contributing factor
tag-kind-trigger = Trigger
detection-alert = An alert from monitoring
detection-synthetic = A synthetic check
detection-employee = Someone in the company
detection-customer = A customer
action-kind-prevent = Prevent
action-kind-mitigate = Mitigate
action-kind-detect = Detect
action-kind-process = Process
action-priority-p1 = P1 · Urgent
action-priority-p2 = P2 · High
action-priority-p3 = P3 · Medium
action-priority-p4 = P4 · Low
action-status-open = Open
action-status-in_progress = In progress
action-status-done = Done
action-status-wont_do = Won't do

## The post-mortem page

pm-title = Post-mortem
pm-revision = Revision { $n }
pm-published = published
pm-by = by { $name }
pm-export = Export
pm-print = Print
pm-revisions = Revisions
pm-template = Template
pm-template-version = { $name }, version { $version }
pm-written-in = written in
pm-authors = Authors
pm-reviewers = Reviewers
pm-approved = approved
pm-pending = pending
pm-flag-summary = { $count ->
    [one] { $count } passage may blame people rather than systems; see the notes beside each section.
   *[other] { $count } passages may blame people rather than systems; see the notes beside each section.
}
pm-edit = Edit
pm-approve = Approve
pm-publish = Publish
pm-publish-blocked = { $count ->
    [one] Publish: { $count } thing first
   *[other] Publish: { $count } things first
}
pm-reopen = Reopen for a new revision
pm-before-publishing = Before it can be published:
pm-confirm-approve = Approve with your own comments still open?
pm-confirm-approve-why = Approving says the post-mortem is ready. Resolve the comments that were answered, or approve anyway if they do not need to hold it back.
pm-approve-anyway = Approve anyway
pm-confirm-publish = { $count ->
    [one] Publish with { $count } passage that may blame people?
   *[other] Publish with { $count } passages that may blame people?
}
pm-confirm-publish-why = A published post-mortem is read by people who were not in the room. These passages name people or judge what they did; saying what the system allowed usually teaches more.
pm-flag-in = “{ $phrase }” in “{ $sentence }”
pm-flag-in-sentence = in “{ $sentence }”
pm-flags-for = Blameless language notes for { $section }
pm-edit-first = Edit them first
pm-publish-anyway = Publish anyway
pm-send-to = Send for review to
pm-send-for-review = Send for review
pm-what-contributed = What contributed
pm-none-chosen = None chosen yet
pm-detected-by = Detected by
pm-not-said-yet = Not said yet
pm-not-said = Not said
pm-change-classification = Change factors, triggers and detection
pm-classification-conflict = Someone else changed these meanwhile.
pm-classification-conflict-more = What they saved is shown above; your choices are kept below. Save again to replace theirs.
pm-retired = retired
pm-edit-lists = Edit the lists
pm-not-applicable = Not applicable.
pm-not-written = Not written yet.
pm-not-written-optional = Not written yet (optional).
pm-comment-resolved = Resolved
pm-comment-resolve = Resolve
pm-comment-on = Comment on { $section }
pm-comment-placeholder = Comment on this section
pm-comment = Comment
pm-questions = Questions
pm-not-answered-yet = Not answered yet.
pm-answer-yes = Yes
pm-answer-no = No
pm-no-actions-yet = None yet.
pm-no-actions-needed = None needed: { $reason }
pm-action-placeholder = Add a canary stage to the deploy pipeline
pm-nobody-yet = Nobody yet
pm-tracker-link = Tracker link
pm-add-action = Add action item
pm-none-yet = No post-mortem yet
pm-none-yet-why = A blameless post-mortem turns this incident into lessons and follow-up work. It starts pre-filled from the incident's record: summary, impact and durations, the key events of the timeline and the response team.
pm-template-fits = { $template } (fits this incident, { $severity })
pm-template-sre = SRE post-mortem: the twelve sections
pm-template-sre-only = It follows the twelve sections of the SRE post-mortem; admins can add templates for kinds and severities of incident.
pm-language = Written in
pm-language-hint = The headings of the built-in template and the blameless-language check follow it.
pm-copy-all = Copy every timeline entry, not only the key events
pm-start = Start the post-mortem

## The post-mortem editor

pm-edit-title = Edit post-mortem
pm-nothing-saved = Nothing was saved:
pm-typed-below = Everything you typed is below.
pm-conflict = Someone else saved the post-mortem while you were writing.
pm-conflict-more = Nothing of yours was saved and nothing you typed was lost. Where their text differs from yours, it is shown above your field. Merge what you need and save again.
pm-blameless-advice = Write about systems and processes, not people: Murphy flags phrases that tend to blame, with a way to say it instead. The flags are advice; they never block saving or publishing.
pm-sections = Sections
pm-na = n/a
pm-empty = empty
pm-flag-count-title = Passages that may blame people
pm-written = Written
pm-no-actions-nav = No action items?
pm-preview = Preview
pm-flag-in-word = in
pm-mark-na = Not applicable
pm-saved-meanwhile = Saved meanwhile by someone else:
pm-answered-meanwhile = Answered meanwhile by someone else: { $answer }
pm-not-answered = Not answered
pm-no-actions-why = If no action items are needed, why
pm-read-only = The post-mortem is published and read-only; reopen it to start a new revision.
pm-saved = Post-mortem saved as revision { $revision }.
pm-preview-too-long = The text is longer than 100,000 characters.

## Revisions, action items, what we learned

pm-revisions-title = Post-mortem revisions
pm-compare-revision = Compare revision
pm-compare-with = with
pm-compare = Compare
pm-revision-from-to = Revision { $from } → { $to }
pm-no-differences = No differences.
pm-every-revision = Every saved revision
actions-filter = Filter action items
actions-anyone = Anyone
actions-me = Me
actions-overdue-only = Overdue only
filter-apply = Apply
actions-none = No action items here
actions-none-why = Action items come from post-mortems. Change the filters, or open an incident's post-mortem to add one.
learn-title-about = Post-mortems about “{ $q }”
learn-heading = What we learned
learn-search = Search post-mortems
learn-words = Words
learn-placeholder = canary, "connection pool", -staging
learn-factor-or-trigger = Factor or trigger
learn-from = From
learn-to = To
learn-search-button = Search
learn-nothing = Nothing found
learn-nothing-why = No published post-mortem you can see mentions that. Try fewer or other words, or clear the filters.
learn-none = No published post-mortems yet
learn-none-why = Post-mortems show here once they are published: they are how the team learns from incidents.
learn-best-first = Best matches first, from the most recent; set dates to look further back.
learn-newest-first = Newest first.
learn-factors-triggers = Factors and triggers
learn-more-label = More post-mortems
learn-more = More
pm-action-items = Action items

## Reports

policy-or = { " " }or{ " " }
policy-data-loss = any data loss
policy-impact-over = user-visible impact over { $minutes } min
policy-resolution-over = resolution over { $hours } h
policy-from-alert = on-call paged by an alert
policy-by-person = found by a person rather than monitoring
measure-time_to_detect = Time to detect
measure-time_to_acknowledge = Time to acknowledge
measure-time_to_mitigate = Time to mitigate
measure-time_to_resolve = Time to resolve
measure-def-time_to_detect = impact started → detected
measure-def-time_to_acknowledge = detected → acknowledged
measure-def-time_to_mitigate = impact started → mitigated
measure-def-time_to_resolve = impact started → resolved
measure-missing-time_to_detect = no detected time
measure-missing-time_to_acknowledge = no detected or acknowledged time
measure-missing-time_to_mitigate = not mitigated yet
measure-missing-time_to_resolve = not resolved yet
report-download = Download
report-filters = Report period and filters
report-trend-by = Trend by
report-week = Week
report-month = Month
report-show = Show
report-cannot = This report cannot be made:
report-scope = Incidents whose impact started { $from } to { $to } (UTC)
report-scope-on = on { $service }
report-empty = No incidents in this period
report-empty-why = Widen the dates or clear a filter to see figures.
report-summary = Summary
report-incidents-word = { $count ->
    [one] incident
   *[other] incidents
}
report-median-of = median { $measure }
report-counted = { $count } counted
report-left-out = { $count } left out: { $why }
report-times-by-severity = Response times by severity
report-times-by-service = Response times by service
report-left-out-note = Incidents without a milestone a figure needs are left out of that figure, and the table says how many.
report-per-week = Incidents per week
report-per-month = Incidents per month
report-per-severity-week = Incidents per week by severity
report-per-severity-month = Incidents per month by severity
report-chart-incidents = Incidents chart; on a narrow screen it scrolls sideways
report-bars-desc = Stacked bars from { $from } to { $to }; the table below has the numbers.
report-incidents = Incidents
report-mttr-per-week = Median time to resolve per week
report-mttr-per-month = Median time to resolve per month
report-mttr-title-week = Median time to resolve per week; periods with nothing resolved are gaps
report-mttr-title-month = Median time to resolve per month; periods with nothing resolved are gaps
report-none-resolved = No incident in this period is resolved yet.
report-chart-resolve = Time to resolve chart; on a narrow screen it scrolls sideways
report-the-numbers = The numbers
report-period-week = Week of
report-period-month = Month
report-total = Total
report-median-resolve = Median time to resolve
report-median-detect = Median time to detect
report-top-count = Services with the most incidents
report-no-service = No incident in this period names a service.
report-top-impact = Services with the most impact
report-no-impact = No impact recorded on a service in this period.
report-impact = Impact
report-impact-how = From impact start to mitigation (or resolution; still going: until now).
report-actions-from = From the post-mortems of these incidents.
report-open-or-in-progress = Open or in progress
report-overdue = Overdue
report-missing = Required post-mortems not yet published
report-required-by = Required by the rules
report-change-rules = change them
report-due-days = Due { $days } days after resolution; an admin may record that one is not needed.
report-missing-none = None: every resolved incident in this period that needs a post-mortem has a published one.
report-newest-listed = the newest { $count } are listed
report-not-started = Not started
report-learning-how = From the contributing factors, triggers and detection sources the post-mortems of these incidents are tagged with. An incident counts once under each of its tags; impact runs from impact start to mitigation (or resolution; still going: until now).
report-learning-none = No post-mortem of these incidents is tagged yet. Tag them on each post-mortem page, under “What contributed”.
report-factor-impact-per-week = Impact by contributing factor per week
report-factor-impact-per-month = Impact by contributing factor per month
report-chart-factors = Contributing factors chart; on a narrow screen it scrolls sideways
report-factor-bars-desc = Stacked bars of the { $count } factors with the most impact; the table below has the numbers.
report-unit-Hours = Hours
report-unit-Minutes = Minutes
report-none-tagged = None tagged.
report-how-detected = How they were detected
report-no-postmortem = No post-mortem yet.
report-detection-hint = Incidents with a post-mortem. Those a person found rather than monitoring point to gaps in alerting.
report-group = Group
report-median-p90-mean = median · p90 · mean
report-no-impact-tagged = no impact tagged
report-md-left-out = { $count } left out
report-md-title = Incident report
report-md-generated = Generated { $at }.
report-md-response-times = Response times
report-md-each-cell = Each cell: median / p90 / mean. Incidents missing a milestone a figure needs are left out of that figure and counted.
report-md-trend = Trend
report-md-period = Period
report-md-impact-minutes = Impact minutes
report-md-source = Source
report-md-actions = Done: { $done }. Open: { $open } ({ $overdue } overdue). Won't do: { $wont }.
report-md-none = None.
report-md-in-all = { $count } in all
report-no-such-format = "{ $format }" is not an export format; use csv, json, md or pdf.
report-all-incidents = All incidents

## What the timeline says of itself (said again in each reader's language)

tl-text = { $text }
tl-status-investigating = investigating
tl-status-identified = identified
tl-status-monitoring = monitoring
tl-status-resolved = resolved
tl-status-closed = closed
tl-status-changed = Status changed from { $old } to { $new }.
tl-severity-changed = Severity changed from { $old } to { $new }.
tl-restricted = restricted
tl-open = open to everyone
tl-field-title = Title
tl-field-summary = Summary
tl-field-kind = Kind
tl-field-services = Affected services
tl-field-customer_impact = Customer impact
tl-field-restricted = Restriction
tl-field-edited = { $field } edited.
tl-field-set = { $field } set to "{ $new }".
tl-field-cleared = { $field } cleared (was "{ $old }").
tl-field-changed = { $field } changed from "{ $old }" to "{ $new }".
tl-milestone-at = { $milestone } at { $at }.
tl-milestone-cleared = { $milestone } cleared (was { $was }).
tl-milestone-corrected = { $milestone } corrected from { $from } to { $to }.
tl-kind-outage = outage
tl-kind-degradation = degradation
tl-kind-security = security
tl-kind-ddos = DDoS
tl-kind-traffic_surge = traffic surge
tl-kind-deploy_failure = build or deploy failure
tl-kind-data_loss = data loss
tl-kind-other = other
tl-declared = Declared a { $severity } { $kind } incident.
tl-opened-from-alerts = Opened a { $severity } { $kind } incident from { $source } alert(s).
tl-runbook = { $steps ->
    [one] Attached runbook "{ $title }": { $steps } step added as a task.
   *[other] Attached runbook "{ $title }": { $steps } steps added as tasks.
}
tl-no-postmortem = No post-mortem needed: { $reason }
tl-impact-full = full outage
tl-impact-partial = partial (counts half)
tl-impact-changed = Impact on { $service } changed from { $old } to { $new }.
tl-task-added = Task added: { $task }
tl-task-added-for = Task added for { $name }: { $task }
tl-task-given = Task given to { $name }: { $task }
tl-task-unassigned = Task unassigned: { $task }
tl-task-done = Task done: { $task }
tl-task-reopened = Task reopened: { $task }
tl-joined-under = { $name } joined the team under the { $lead }.
tl-joined-under-from = { $name } joined the team under the { $lead }, handed off from { $from }.
tl-took-role = { $name } took the { $role } role.
tl-took-role-from = { $name } took the { $role } role, handed off from { $from }.
tl-with-note = { $entry } Note: { $note }
tl-acknowledged = Acknowledged: { $name } took command.
tl-left-under = { $name } left the team under the { $lead }.
tl-relieved = { $name } was relieved as { $role }.
tl-update = { $audience } update: { $status }
tl-update-next = { $audience } update: { $status } Next update by { $at }.
tl-alert-firing = Alert { $alert } firing.
tl-alert-firing-headline = Alert { $alert } firing: { $headline }
tl-alert-firing-again = Alert { $alert } firing. (again)
tl-alert-firing-headline-again = Alert { $alert } firing: { $headline } (again)
tl-alert-resolved = Alert { $alert } resolved.
tl-alerts-mitigated = Every alert has resolved: mitigated set to { $at }. Resolve the incident once the fix is confirmed.
tl-audience-internal = Internal
tl-audience-public = Public

## What a page says after an action

flash-closing-update-refused = Not resolved: the closing update was refused. { $why }
flash-not-closed-reason = Not closed: say why no post-mortem is needed, or start one.
flash-not-closed-too-long = Not closed: the reason can be at most 2000 characters.
flash-not-closed-choose = Not closed: choose whether to start the post-mortem.
flash-no-such-status = "{ $value }" is not a status.
flash-status-now = { $incident } is now { $status }.
flash-closing-update-internal = Closing internal update published.
flash-closing-update-public = Closing public update published.
flash-pm-started-closing = Post-mortem started from the incident's record with the template “{ $template }”.
flash-no-pm-reason = No post-mortem: the reason is on the timeline.
flash-no-such-severity = "{ $value }" is not a severity.
flash-severity-now = { $incident } is now { $severity }.
flash-no-such-impact = "{ $value }" is not full or partial.
flash-impact-set = Impact set to { $impact }.
flash-filed = { $incident } filed. The response starts here.
flash-incident-saved = { $incident } saved.
flash-task-added = Task added.
flash-team-updated = Team updated.
flash-note-added = Note added to the timeline.
flash-note-saved = Note saved; the earlier version is kept in its revisions.
flash-choose-next-update = Choose when the next update is due.
flash-update-published-internal = Internal update published.
flash-update-published-public = Public update published.
flash-nothing-changed = Nothing changed.
flash-assignment-ended = { $name }'s assignment had already ended.

## The public status page

st-nav = Status page
st-history = Incident history
st-subscribe = Subscribe
st-footer-times = Times are shown in your time zone when scripts run, otherwise in UTC; hover a time for UTC.
st-footer-follow = Follow it:
st-powered = Powered by Murphy.
st-overall-none = All systems operational
st-overall-minor = Minor Service Outage
st-overall-major = Partial System Outage
st-overall-critical = Major Service Outage
st-overall-maintenance = Service Under Maintenance
st-updated = Updated
st-current = Current incidents
st-maintenance = Scheduled maintenance
st-maint-scheduled = Scheduled
st-maint-in_progress = In progress
st-maint-completed = Completed
st-maint-cancelled = Cancelled
st-affects = Affects { $components }
st-to = to
st-components = Components
st-no-components = No components are shown yet.
st-state-operational = Operational
st-state-under_maintenance = Under maintenance
st-state-degraded_performance = Degraded performance
st-state-partial_outage = Partial outage
st-state-major_outage = Major outage
st-available = { $uptime } available over the last 90 days
st-uptime = { $uptime } uptime
st-today = Today
st-past = Past incidents
st-no-recent = No incidents resolved in the last 14 days.
st-status-investigating = Investigating
st-status-identified = Identified
st-status-monitoring = Monitoring
st-status-resolved = Resolved
st-impact = Impact:
st-all-updates = All { $count } updates
st-none-reported = No incidents reported.
st-months = Months
st-older = Older
st-newer = Newer
st-impact-began = Impact began
st-resolved = resolved
st-no-incidents = no incidents
st-impact-of = { $span } of impact ({ $incidents })
js-your-time = your time

## What a form says is wrong

label-title = Title
label-summary = Summary
label-customer-impact = Customer impact
label-note = The note
label-name = Name
val-required = { $label } is required.
val-nul = { $label } contains a NUL character (\0), which Murphy cannot store.
val-too-long = { $label } is { $length } characters long; the most is { $max }.
val-choose-kind = Choose a kind.
val-choose-severity = Choose a severity.
val-not-a-kind = "{ $value }" is not a kind.
val-not-a-severity = "{ $value }" is not a severity.
val-impact-start-required = Impact start is required.
flash-pm-sent = Sent for review. Reviewers can comment on each section and approve.
flash-pm-approved = Approved.
flash-pm-comments-open = { $count ->
    [one] Not approved yet: your comment is still open.
   *[other] Not approved yet: { $count } of your comments are still open.
}
flash-pm-not-in-review = Only a post-mortem in review can be approved.
flash-pm-changed-since = Not approved: the post-mortem was saved again since you read it (it is now revision { $revision }). Read it again, then approve.
flash-pm-comment-added = Comment added to { $section }.
flash-pm-flags-first = Not published yet: some passages may blame people. Look at them first.
flash-pm-published = Published. The post-mortem is now read-only.
flash-pm-reopened = Reopened as a draft: the next save starts a new revision; the published one is kept.
flash-pm-not-published = The post-mortem is not published; keep writing.
flash-pm-comment-resolved = Comment resolved.
flash-pm-comment-resolved-already = That comment was resolved already.
flash-action-added = Action item added.
flash-no-such-action-status = "{ $value }" is not an action item status.
flash-action-status = "{ $title }" is now { $status }.
flash-classification-saved = Contributing factors, triggers and detection saved.

## The starter factors and triggers, as the migration wrote them (a team may rename them)

starter-change-not-tested-enough = Change not tested enough
starter-change-not-tested-enough-about = A change reached production without a test or a staged rollout that would have caught the problem.
starter-configuration-drift = Configuration drift
starter-configuration-drift-about = Environments or hosts differed from what the team believed they were.
starter-capacity-limit = Capacity limit
starter-capacity-limit-about = A resource (CPU, memory, connections, quota, disk) ran out under load.
starter-dependency-failure = Dependency failure
starter-dependency-failure-about = A service or vendor we rely on failed or slowed down.
starter-single-point-of-failure = Single point of failure
starter-single-point-of-failure-about = One component without redundancy took the service down with it.
starter-software-defect = Software defect
starter-software-defect-about = A bug in our code behaved wrongly under real conditions.
starter-monitoring-gap = Monitoring gap
starter-monitoring-gap-about = No alert, or a late or noisy one, hid the problem.
starter-runbook-gap = Runbook gap
starter-runbook-gap-about = The runbook was missing, out of date or hard to follow.
starter-deployment = Deployment
starter-deployment-about = A release of code.
starter-configuration-change = Configuration change
starter-configuration-change-about = A change of settings, feature flags or infrastructure definitions.
starter-traffic-surge = Traffic surge
starter-traffic-surge-about = More requests, or different ones, than usual.
starter-upstream-outage = Upstream outage
starter-upstream-outage-about = A provider or another team's service failed.
starter-infrastructure-fault = Infrastructure fault
starter-infrastructure-fault-about = Hardware, network or a cloud zone failed.
starter-expiry = Expiry
starter-expiry-about = A certificate, credential, domain or licence expired.
starter-scheduled-job = Scheduled job
starter-scheduled-job-about = A batch job, migration or maintenance task.
starter-manual-operation = Manual operation
starter-manual-operation-about = A command or console action run by hand.

## Email to people about their work

email-why = (You get this because you work in Murphy. Turn such email off under Settings → Account.)
email-role = the { $role }
email-role-under = on the team under the { $lead }
email-role-subject = You are { $what } of { $incident }
email-role-body = You are now { $what } of { $incident }: { $title } ({ $severity }).

    { $link }
email-overdue-subject = Overdue: { $title }
email-overdue-body = Your action item "{ $title }" from { $incident } ({ $incident_title }) was due on { $due }.

    Mark it done, or change its course with the post-mortem's team:
    { $link }
email-review-subject = Review requested: the post-mortem of { $incident }
email-review-body = You are asked to review the post-mortem of { $incident }: { $title }.

    { $link }
email-reset-subject = Reset your Murphy password
email-reset-body = Someone (we hope you) asked to reset the password of { $email } in Murphy.

    Choose a new password: { $link }

    The link works once, within an hour. If it was not you, ignore this message: your password stays as it is.

## Notes, their revisions, services

note-edit-title = Edit note
note-edit-on = Edit note on
note-conflict = This note changed while you were editing it.
note-conflict-more = Nothing of yours was saved and nothing you typed was lost. It now reads:
note-conflict-then = Adjust your text below and save again to replace it; the current text is kept as a revision either way.
note-fix-fields = Fix the fields marked below.
label-note-field = Note
note-happened-at = It happened at
note-key-event = Key event
note-save = Save note
note-revisions-title = Note revisions
note-revisions-on = Revisions of a note on
note-current-version = Current (version { $version })
note-version = Version { $version }
note-written = written
note-never-edited = This note has never been edited.
svc-none = No services yet
svc-none-why = Services are the systems incidents affect: "checkout", "search API", "mobile app". Add the first one with the form.
svc-objective = Objective
svc-budget-left = Error budget left
svc-actions = Actions
svc-none-set = None
svc-used-of = { $used } used of { $allowed }
svc-missed = Objective missed
svc-burn-title = Error budget remaining for { $service } over the last { $days } days, now
svc-daily = Daily figures
svc-day-of-window = Day of window
svc-set-objective = Set an objective
svc-no-objective = No objective
svc-budget-how = Budget left is over each objective's window ending now. An incident spends it from impact start to mitigation (or resolution); partial impact counts half, and overlapping incidents on one service count once.
svc-add-title = Add a service
svc-add = Add service
svc-description = Description
svc-slo-legend = Availability objective (SLO)
svc-slo-hint = Incidents on this service spend its error budget from impact start to mitigation. Leave both blank for none.
svc-target = Target, %
svc-window = Window, days
svc-maintenance-counts = Scheduled maintenance spends this budget too
svc-edit-title = Edit service
svc-conflict = Someone else saved this service while you were editing.
svc-conflict-more = It is now named "{ $name }" with the description "{ $description }". Your text is kept below; save again to replace theirs.
svc-delete = Delete
svc-cannot-delete = { $count ->
    [one] { $count } incident names this service, so it cannot be deleted.
   *[other] { $count } incidents name this service, so it cannot be deleted.
}
svc-no-incident = No incident names this service.
svc-delete-named = Delete { $name }
svc-none-left = None left

## What a refused request is told (pages and problem documents)

problem-not-found = There is nothing at this address.
problem-unauthorized = Sign in first. Scripts send an API token as Authorization: Bearer <token>.
problem-forbidden = Your role does not allow this. Ask an admin if you need it.
problem-csrf = This form has expired or did not come from Murphy. Go back, reload the page and try again; nothing was saved.
problem-validation = Some fields need attention.
problem-malformed = The body cannot be read; nothing was changed.
problem-overloaded = Murphy is overloaded or cannot reach its database. Try again shortly.
problem-database-lost = Murphy lost its connection to the database while working on this. If you were saving something, check whether it was saved before sending it again.
problem-disk-full = Murphy's database has run out of disk space, so nothing was saved. Tell whoever runs Murphy; send this again once space has been freed.
problem-internal = Something went wrong on our side. It has been logged.
status-code-400 = Bad Request
status-code-401 = Unauthorized
status-code-403 = Forbidden
status-code-404 = Not Found
status-code-405 = Method Not Allowed
status-code-409 = Conflict
status-code-413 = Payload Too Large
status-code-415 = Unsupported Media Type
status-code-422 = Unprocessable Entity
status-code-428 = Precondition Required
status-code-429 = Too Many Requests
status-code-500 = Internal Server Error
status-code-503 = Service Unavailable

## While the database is away; a refused single sign-on

unavailable-heading = Murphy can't reach its database
disk-full-heading = Murphy's database is out of disk space
unavailable-reading = Everything already saved is safe. Murphy is retrying on its own; this page tries again every few seconds.
unavailable-writing = Nothing was saved. Go back (your browser keeps what you typed) and send it again once Murphy is back; it is retrying on its own.
unavailable-since = Unreachable since
unavailable-try-again = Try again now
too-slow-heading = That took too long
too-slow-reading = Murphy gave up on this page after { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }. Try again; if it keeps happening, tell whoever runs Murphy.
too-slow-writing = Murphy gave up on this after { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }. Look whether your change was saved before you send it again.
sso-not-signed-in = Not signed in
sso-try-again = Try again
sso-with-password = Sign in with a password
sso-keeps-failing = If it keeps failing, a Murphy admin can see what your identity provider sent under Admin → Single sign-on.

## Subscribing to the status page

sub-title = Subscribe to updates
sub-lead = Hear of incidents, state changes and maintenance as they are posted here. Your address is never shown on this page.
sub-throttled = Too many requests from your network.
sub-throttled-more = Try again in an hour.
sub-how = How
sub-email = Email
sub-no-email = this page sends no email yet
sub-email-address = Email address
sub-email-hint = for email: we send a link to confirm it
sub-webhook-url = Webhook URL
sub-webhook-hint = for a webhook: we POST signed JSON to it
sub-back = Back to the status page
sub-or-follow = Or follow a feed:
sub-yours = Your subscription
sub-email-to = Email to
sub-webhook-to = Webhook to
sub-not-confirmed = Not confirmed yet.
sub-not-confirmed-more = Nothing is sent until you confirm.
sub-confirm = Confirm my subscription
sub-save-choice = Save my choice
sub-leave = Leave
sub-unsubscribe = Unsubscribe
sub-secret = Signing secret (shown once)
sub-page-link = Your subscription's page (keep it: it unsubscribes)
sub-what = What to hear of
sub-everything = Everything on this page
sub-only = Only these components:
sub-check-inbox = Check your inbox
sub-check-inbox-1 = We sent a message to the address you gave. Follow the link in it to confirm: nothing more is sent until you do.
sub-check-inbox-2 = No message within a few minutes? Look in your spam folder, or ask again in ten minutes.
sub-webhook-subscribed = Webhook subscribed
sub-webhook-1 = Murphy now POSTs each notice as JSON to your URL. Each request is signed like Murphy's other webhooks: the Murphy-Signature header is sha256= and the HMAC-SHA256, keyed with the secret below, of the Murphy-Timestamp header, a dot and the body.
sub-webhook-2 = Keep both now: they are not shown again.
sub-confirmed = Subscription confirmed. You will hear of what is posted here.
sub-choice-saved = Your choice is saved.
sub-unsubscribe-ask = Unsubscribe?
sub-hear-nothing = { $address } will hear nothing more from this page.
sub-unsubscribed = Unsubscribed
sub-ended-already = This subscription has ended already.
sub-gone = { $address } will hear nothing more from this page. Subscribe again at any time.
sub-webhook = Webhook
sub-webhook-placeholder = https://hooks.example.com/status

## Maintenance

mt-title = Maintenance
mt-schedule = Schedule maintenance
mt-schedule-button = Schedule
mt-edit = Edit maintenance
mt-hint-before = Planned work, announced on the
mt-hint-link = public status page
mt-hint-after = for the services it covers that the page shows. A window starts and completes on its own at its times; while it runs, its services show "under maintenance".
mt-pending = Scheduled and in progress
mt-nothing = Nothing scheduled.
mt-past = Past
mt-none = No maintenance yet.
mt-held-alerts = { $count ->
    [one] { $count } alert held during the window (no incident opened)
   *[other] { $count } alerts held during the window (no incident opened)
}
mt-cancel = Cancel
mt-end-now = End now
mt-conflict = Someone else changed this window, or it ended, while you were editing.
mt-conflict-more = Your text is kept below; save again to replace theirs.
mt-title-hint = the public reads it
mt-details = Details
mt-details-hint = what changes and what people may notice
mt-starts = Starts
mt-ends = Ends
mt-scheduled = Maintenance "{ $title }" scheduled; the status page announces it.
mt-saved = Maintenance "{ $title }" saved.
mt-cancelled = Maintenance cancelled.
mt-ended = Maintenance ended.

## What subscribers of the status page are sent

st-default-name = Service status
sub-mail-off = This page sends no email yet; subscribe by feed or webhook.
sub-mail-choose = Choose what you hear of:
sub-mail-unsubscribe = Unsubscribe:
sub-mail-why = You hear of this because you subscribed to { $page } ({ $url }).
sub-mail-again-subject = Your subscription to { $page }
sub-mail-again = Someone (we hope you) asked to subscribe this address to { $page }. It is subscribed already.
sub-mail-again-link = Choose what you hear of, or unsubscribe: { $link }
sub-mail-confirm-subject = Confirm your subscription to { $page }
sub-mail-confirm = Someone (we hope you) asked to hear from { $page } at this address.
sub-mail-confirm-link = Confirm: { $link }
sub-mail-not-you = If it was not you, ignore this message: nothing more will come.
notice-text = { $text }
notice-labelled = { $label }: { $text }
notice-impact = Impact: { $text }
notice-status-now = The incident is now { $status }.
notice-status-investigating = investigating
notice-status-identified = identified
notice-status-monitoring = monitoring
notice-status-resolved = resolved
notice-component-now = { $name } is now: { $state }.
notice-state-operational = operational
notice-state-under_maintenance = under maintenance
notice-state-degraded_performance = degraded performance
notice-state-partial_outage = partial outage
notice-state-major_outage = major outage
notice-maintenance-scheduled = Scheduled maintenance
notice-maintenance-started = Maintenance under way
notice-maintenance-completed = Maintenance completed
notice-maintenance-cancelled = Maintenance cancelled
notice-window = From { $from } to { $to }.

## The names of fields in messages about them

label-description = Description
label-url = URL
label-tracker-link = Tracker link
label-update = The update
label-token = The token
label-task = The task
label-question = The question
label-prompt = The prompt
label-project-key = The project key
label-label-value = The label value
label-steps = Steps
label-public-name = Public name
label-person = Person
label-impact = Impact
label-guidance = Guidance
label-group = Group
label-email = Email
label-details = Details
label-section-title = A section's title

## What a form says is wrong (more)

val-choose-internal-or-public = Choose internal or public.
val-the-next-update-must-be-due = The next update must be due in the future.
val-the-next-update-must-be-due-within = The next update must be due within a week.
val-say-whether-the-member-works-under = Say whether the member works under the CL or the OL.
val-a-note-cannot-record-something-that = A note cannot record something that has not happened yet.
val-choose-a-priority-p1-to-p4 = Choose a priority, P1 to P4.
val-choose-prevent-mitigate-detect-or-process = Choose prevent, mitigate, detect or process.
val-choose-open-in-progress-done-or = Choose open, in progress, done or won't do.
val-the-tracker-link-must-start-with = The tracker link must start with https:// or http://.
val-the-window-must-end-after-it = The window must end after it starts.
val-a-window-lasts-at-most-14 = A window lasts at most 14 days.
val-the-window-must-end-in-the = The window must end in the future.
val-choose-at-least-one-service = Choose at least one service.
val-give-a-target-such-as-99 = Give a target, such as 99.9, or clear both.
val-use-at-most-four-decimals-such = Use at most four decimals, such as 99.995.
val-the-target-is-a-percentage-above = The target is a percentage above 0 and below 100, such as 99.9.
val-give-the-window-in-days-such = Give the window in days, such as 30, or clear both.
val-choose-components-listed-on-this-page = Choose components listed on this page.
val-choose-at-least-one-component-or = Choose at least one component, or everything.
val-give-an-email-address-such-as = Give an email address, such as you@example.com.
val-the-url-starts-with-https-or = The URL starts with https:// (or http://).
val-the-url-needs-a-host-such = The URL needs a host, such as https://hooks.example.com/status.
val-the-url-points-inside-a-private = The URL points inside a private network; give a public address.
val-not-a-team-role = "{ $value }" is not a role; use ic, cl, ol or member.
val-not-a-lead = "{ $value }" is not a lead; use cl or ol.
val-not-a-date = "{ $value }" is not a date; use the form 2026-12-31.
val-start-required = The start is required.
val-end-required = The end is required.
val-not-a-percentage = "{ $value }" is not a percentage; write it like 99.9.
val-window-days = The window is a whole number of days from 1 to { $max }.
val-not-an-email = "{ $value }" is not an email address.
val-password-short = The password needs at least { $min } characters.
val-password-long = The password can have at most { $max } characters.
val-not-an-account-role = "{ $value }" is not a role; use viewer, responder or admin.
val-too-many-services = An incident can name at most { $max } services.
val-milestone-future = { $milestone } cannot be in the future.
val-milestone-order = { $milestone } cannot be earlier than { $before } ({ $at }).
val-not-a-time = "{ $value }" is not a date and time; use the form 2026-11-26T14:30.
milestone-lower-impact_started_at = impact started
milestone-lower-detected_at = detected
milestone-lower-acknowledged_at = acknowledged
milestone-lower-mitigated_at = mitigated
milestone-lower-resolved_at = resolved
milestone-lower-closed_at = closed
val-the-end-date-is-before-the = The end date is before the start date.
val-a-report-covers-at-most-ten = A report covers at most ten years.
val-search-for-at-most-200-characters = Search for at most 200 characters.
val-this-is-not-a-contributing-factor = This is not a contributing factor or trigger.
val-this-is-not-a-position-from = This is not a position from this list.
val-not-a-day = "{ $value }" is not a date; use the form 2026-11-26.
val-not-a-status = "{ $value }" is not a status.
val-not-a-number = "{ $value }" is not an incident number.
val-not-open-closed = "{ $value }" is not open or closed.
val-page-size = The page size is a number from 1 to { $max }.
val-not-week-month = "{ $value }" is not week or month.
val-no-such-account = No active account has the email { $email }.
val-only-a-viewer = { $name } can only view incidents. An admin can make them a responder first (Admin → People).
val-already-under = { $name } already works under the { $lead }.
val-choose-a-reviewer = Choose at least one reviewer.
val-already-published = The post-mortem is already published.
val-not-a-sort = "{ $value }" is not a sort order.
val-no-service-named = No service is named { $names }. Add it on the Services page first.
val-email-taken = Someone already has the email address { $email }.
val-template-name-taken = There is already a template named "{ $name }".
val-service-name-taken = A service named "{ $name }" already exists.
val-passwords-differ = The two new passwords differ.
val-wrong-password = That is not your current password.
val-mail-off = Murphy sends no email: set MURPHY_SMTP_URL and restart it.
val-tag-name-taken = There is already a { $kind } named "{ $name }".
val-tag-gone = A factor or trigger chosen no longer exists; choose again.
val-tag-retired = The { $kind } "{ $name }" is retired; choose another.
val-holding-an-alert-applies-only-during = Holding an alert applies only during maintenance: tick "Only during maintenance".
val-choose-to-open-an-incident-to = Choose to open an incident, to ignore or to hold.
val-choose-a-severity = Choose a severity.
val-choose-at-least-one-event = Choose at least one event.
val-choose-murphy-json-slack-compatible-github = Choose Murphy JSON, Slack-compatible, GitHub, GitLab or Jira.
val-jira-needs-the-key-of-the = Jira needs the key of the project to file issues in.
val-an-issue-tracker-hears-only-of = An issue tracker hears only of action items added: choose that event alone.
val-choose-the-incident-kind-or-the = Choose the incident kind or the service this runbook is for.
val-write-at-least-one-step-one = Write at least one step, one per line.
val-say-how-many-days-after-resolution = Say how many days after resolution it is due.
val-the-position-is-a-whole-number = The position is a whole number from 0 to 10000.
val-the-url-needs-a-host-webhook = The URL needs a host, such as https://hooks.example.com/murphy.
val-template-needs-a-section = A template needs at least one section.
val-choose-due-priority-or-created = Choose due, priority or created.
val-the-page-size-is-1-to = The page size is 1 to 200.
val-this-is-not-a-cursor-from = This is not a cursor from the feed; use one it gave, or "latest".
val-wait-0-to-30-seconds = Wait 0 to 30 seconds.
val-ask-for-1-to-500-changes = Ask for 1 to 500 changes.
val-this-is-not-a-cursor-from-this = This is not a cursor from this list.
val-ask-for-1-to-500-subscribers = Ask for 1 to 500 subscribers.
val-a-closing-update-goes-with-resolving = A closing update goes with resolving only (status "resolved").
val-the-post-mortem-decision-goes-with = The post-mortem decision goes with closing only (status "closed").
val-say-why-no-post-mortem-is = Say why no post-mortem is needed, in at most 2,000 characters.
val-choose-full-or-partial = Choose full or partial.
val-choose-how-long-the-token-lives = Choose how long the token lives.
val-only-alertmanager-webhook-version-4-is = Only Alertmanager webhook version "4" is understood.
val-the-notification-has-no-alerts = The notification has no alerts.
val-the-notification-has-no-alerts-list = The notification has no "alerts" list.
val-choose-status-api = Choose open, in_progress, done or wont_do.
val-not-a-detection = "{ $value }" is not a detection source: alert, synthetic, employee or customer.
val-not-a-tag = "{ $value }" is not a factor or trigger.
val-too-many-tags = A post-mortem carries at most { $max } factors and triggers.
val-too-many-sections = A template has at most { $max } sections.
val-choose-answer-kind = Choose how it is answered: free text, a choice, or yes or no.
val-two-answers = A choice needs at least two answers, one per line.
val-too-many-answers = A choice offers at most { $max } answers.
val-answer-too-long = An answer is longer than { $max } characters.
val-too-many-questions = A template has at most { $max } questions.
val-search-failed = The search could not run; try again.
