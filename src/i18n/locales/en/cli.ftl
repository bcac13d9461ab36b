# What the command line says (in MURPHY_DEFAULT_LANGUAGE when it is set, else the terminal's).

cli-password = Password:
cli-password-again = Password again:
cli-passwords-differ = the two passwords differ; nothing was changed
cli-user-created = Created { $person } ({ $role }). They can sign in now.
cli-token-name = the token name must have 1 to 100 characters
cli-no-account = no account has the email { $email }
cli-password-set = Password set for { $person }.
cli-exported = { $count ->
    [one] Exported { $count } incident.
   *[other] Exported { $count } incidents.
}
cli-cannot-open = cannot open { $file }
cli-cannot-create = cannot create { $file }
cli-importing = { $count ->
    [one] Imported { $count } incident…
   *[other] Imported { $count } incidents…
}
cli-imported = Imported { $incidents ->
    [one] { $incidents } incident
   *[other] { $incidents } incidents
}, { $people ->
    [one] { $people } person
   *[other] { $people } people
} and { $services ->
    [one] { $services } service.
   *[other] { $services } services.
}
cli-no-password = { $count ->
    [one] { $count } imported person has no password yet: set one with `murphy user password EMAIL`.
   *[other] { $count } imported people have no password yet: set one with `murphy user password EMAIL`.
}
cli-status-written = Wrote { $count } files under { $dir }.
cli-migrated = Migrations applied.
