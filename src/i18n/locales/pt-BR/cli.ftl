# O que a linha de comando diz (em MURPHY_DEFAULT_LANGUAGE quando definido, senão no idioma do terminal).

cli-password = Senha:
cli-password-again = Senha de novo:
cli-passwords-differ = as duas senhas são diferentes; nada foi alterado
cli-user-created = { $person } ({ $role }) criado. Já pode entrar.
cli-token-name = o nome do token precisa ter de 1 a 100 caracteres
cli-no-account = nenhuma conta tem o e-mail { $email }
cli-password-set = Senha definida para { $person }.
cli-exported = { $count ->
    [one] { $count } incidente exportado.
   *[other] { $count } incidentes exportados.
}
cli-cannot-open = não foi possível abrir { $file }
cli-cannot-create = não foi possível criar { $file }
cli-importing = { $count ->
    [one] { $count } incidente importado…
   *[other] { $count } incidentes importados…
}
cli-imported = Importados: { $incidents ->
    [one] { $incidents } incidente
   *[other] { $incidents } incidentes
}, { $people ->
    [one] { $people } pessoa
   *[other] { $people } pessoas
} e { $services ->
    [one] { $services } serviço.
   *[other] { $services } serviços.
}
cli-no-password = { $count ->
    [one] { $count } pessoa importada ainda não tem senha: defina uma com `murphy user password EMAIL`.
   *[other] { $count } pessoas importadas ainda não têm senha: defina uma com `murphy user password EMAIL`.
}
cli-status-written = { $count } arquivos gravados em { $dir }.
cli-migrated = Migrações aplicadas.
