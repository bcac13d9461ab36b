# What the audit trail says of each change (said again in each reader's language).

audit-service-added = Added service "{ $name }"
audit-service-edited = Edited service "{ $name }"
audit-service-deleted = Deleted service "{ $name }"
audit-component-shown = Showed service "{ $name }" on the status page as "{ $public }"
audit-component-removed = Took service "{ $name }" off the status page
audit-component-set = Set "{ $name }" to { $state } on the status page
audit-component-follows = Let "{ $name }" follow its incidents on the status page
audit-maintenance-scheduled = Scheduled maintenance "{ $title }"
audit-maintenance-changed = Changed maintenance "{ $title }"
audit-maintenance-cancelled = Cancelled maintenance "{ $title }"
audit-maintenance-ended = Ended early maintenance "{ $title }"
audit-maintenance-started = Maintenance "{ $title }" started
audit-maintenance-completed = Maintenance "{ $title }" completed
audit-runbook-added = Added runbook "{ $title }"
audit-runbook-edited = Edited runbook "{ $title }"
audit-runbook-deleted = Deleted runbook "{ $title }"
audit-token-created = Created API token "{ $name }" for { $owner }
audit-token-revoked = Revoked API token "{ $name }"
audit-webhook-added = Added webhook "{ $name }"
audit-webhook-edited = Edited webhook "{ $name }"
audit-webhook-deleted = Deleted webhook "{ $name }"
audit-tag-factor = contributing factor
audit-tag-trigger = trigger
audit-tag-added = Added the { $kind } "{ $name }"
audit-tag-retired = Retired the { $kind } "{ $name }"
audit-tag-back = Brought back the { $kind } "{ $name }"
audit-tag-renamed = Renamed the { $kind } "{ $old }" to "{ $name }"
audit-tag-edited = Edited the { $kind } "{ $name }"
audit-template-added = Added the post-mortem template "{ $name }"
audit-template-retired = Retired the post-mortem template "{ $name }"
audit-template-back = Brought back the post-mortem template "{ $name }"
audit-template-saved = Saved version { $version } of the post-mortem template "{ $name }"
audit-rules-set = Set when a post-mortem is required: { $when }; due { $days } days after resolution
audit-rules-never = never
audit-rules-severities = severity { $list }
said-list-item = { $item };
audit-rules-list = { $rules }
audit-mapping-set = Alerts with severity "{ $value }" now file as { $severity }
audit-mapping-removed = Removed the severity mapping for "{ $value }"
audit-route-added = Added alert rule "{ $name }"
audit-route-deleted = Deleted an alert rule
audit-note-added = Added a note to { $incident }
audit-note-edited = Edited a note on { $incident }
audit-pm-started = Started the post-mortem of { $incident } from the template "{ $template }"
audit-pm-saved = Saved revision { $revision } of the post-mortem of { $incident }
audit-pm-sent = Sent the post-mortem of { $incident } for review
audit-pm-comment-resolved = Resolved a review comment on the post-mortem of { $incident }
audit-pm-approved = Approved the post-mortem of { $incident }
audit-pm-published = Published the post-mortem of { $incident }
audit-pm-reopened = Reopened the post-mortem of { $incident }
audit-pm-classified = Classified the post-mortem of { $incident }: { $tags }
audit-pm-classified-none = Classified the post-mortem of { $incident }: no factors or triggers
audit-action-added = Added action item "{ $title }" to { $incident }
audit-action-edited = Edited action item "{ $title }"
audit-action-status = Marked action item "{ $title }" { $status }
audit-action-open = open
audit-action-in_progress = in progress
audit-action-done = done
audit-action-wont_do = won't do
audit-role-viewer = viewer
audit-role-responder = responder
audit-role-admin = admin
audit-sso-refused = Refused a single sign-on: { $reason }
audit-sso-refused-as = Refused a single sign-on as { $email }: { $reason }
audit-sso-linked = Linked { $person } to their identity provider account
audit-sso-created = { $person } signed in for the first time and became a { $role }
audit-sso-role = { $person }'s groups made them a { $role } (was { $was })
audit-sso-signed-in = { $person } signed in through the identity provider
audit-sso-signed-out = { $person } signed out at the identity provider
audit-person-added = Added { $person } as { $role }
audit-person-role = Changed { $person }'s role from { $was } to { $role }
audit-person-unpinned = Let { $person }'s groups set their role again
audit-person-reactivated = Reactivated { $person }
audit-person-deactivated = Deactivated { $person }
audit-person-password-set = Set a new password for { $person }
audit-person-password-changed = { $person } changed their password
audit-person-reset-by-email = { $person } reset their password by email
audit-person-language = Chose to read Murphy in { $language }
audit-person-language-browser = Chose to read Murphy in the browser's language
audit-email-all-on = Turned all email about their work on
audit-email-off = Turned email about their work off for: { $kinds }
audit-email-test = Sent a test email to { $to }
audit-imported = Imported { $incidents ->
    [one] { $incidents } incident
   *[other] { $incidents } incidents
}, { $people ->
    [one] { $people } person
   *[other] { $people } people
}, { $services ->
    [one] { $services } service
   *[other] { $services } services
}
audit-subscriber-removed = Removed the status page's { $channel } subscriber { $address }
audit-service-from-alert = Added service "{ $name }" from an alert
audit-sso-someone-signed-out = Someone signed out at the identity provider
audit-incident-filed = Filed { $incident }: { $title }
audit-incident-edited = Edited { $incident }
audit-incident-status = Changed { $incident } from { $from } to { $to }
audit-incident-severity = Changed { $incident } from { $from } to { $to }
audit-status-investigating = investigating
audit-status-identified = identified
audit-status-monitoring = monitoring
audit-status-resolved = resolved
audit-status-closed = closed

## Why a post-mortem is required, and what a change to an incident is refused with

reason-severity = { $severity }
reason-data-loss = data loss
reason-impact-over = user-visible impact over { $minutes } min
reason-resolution-over = resolution over { $hours } h
reason-paged = on-call was paged
reason-by-person = found by a person, not monitoring
refused-status-unchanged = The incident is already { $status }.
refused-status-not-allowed = An incident that is { $from } cannot become { $to }.
refused-severity-unchanged = { $incident } is already { $severity }.
refused-impact-unchanged = The impact on { $service } is already { $impact }.
refused-waiver = { $incident } needs a post-mortem ({ $reasons }); only an admin can record that it is not needed. Start the post-mortem, or ask an admin.
