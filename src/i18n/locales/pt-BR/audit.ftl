# O que a trilha de auditoria diz de cada mudança (dito de novo no idioma de cada leitor).

audit-service-added = Adicionou o serviço “{ $name }”
audit-service-edited = Editou o serviço “{ $name }”
audit-service-deleted = Excluiu o serviço “{ $name }”
audit-component-shown = Mostrou o serviço “{ $name }” na página de status como “{ $public }”
audit-component-removed = Tirou o serviço “{ $name }” da página de status
audit-component-set = Definiu “{ $name }” como { $state } na página de status
audit-component-follows = Deixou “{ $name }” seguir seus incidentes na página de status
audit-maintenance-scheduled = Agendou a manutenção “{ $title }”
audit-maintenance-changed = Alterou a manutenção “{ $title }”
audit-maintenance-cancelled = Cancelou a manutenção “{ $title }”
audit-maintenance-ended = Encerrou antes da hora a manutenção “{ $title }”
audit-maintenance-started = A manutenção “{ $title }” começou
audit-maintenance-completed = A manutenção “{ $title }” terminou
audit-runbook-added = Adicionou o runbook “{ $title }”
audit-runbook-edited = Editou o runbook “{ $title }”
audit-runbook-deleted = Excluiu o runbook “{ $title }”
audit-token-created = Criou o token de API “{ $name }” para { $owner }
audit-token-revoked = Revogou o token de API “{ $name }”
audit-webhook-added = Adicionou o webhook “{ $name }”
audit-webhook-edited = Editou o webhook “{ $name }”
audit-webhook-deleted = Excluiu o webhook “{ $name }”
audit-tag-factor = fator contribuinte
audit-tag-trigger = gatilho
audit-tag-added = Adicionou o { $kind } “{ $name }”
audit-tag-retired = Aposentou o { $kind } “{ $name }”
audit-tag-back = Trouxe de volta o { $kind } “{ $name }”
audit-tag-renamed = Renomeou o { $kind } “{ $old }” para “{ $name }”
audit-tag-edited = Editou o { $kind } “{ $name }”
audit-template-added = Adicionou o modelo de post-mortem “{ $name }”
audit-template-retired = Aposentou o modelo de post-mortem “{ $name }”
audit-template-back = Trouxe de volta o modelo de post-mortem “{ $name }”
audit-template-saved = Salvou a versão { $version } do modelo de post-mortem “{ $name }”
audit-rules-set = Definiu quando um post-mortem é obrigatório: { $when }; prazo de { $days } dias após a resolução
audit-rules-never = nunca
audit-rules-severities = severidade { $list }
said-list-item = { $item };
audit-rules-list = { $rules }
audit-mapping-set = Alertas com severidade “{ $value }” agora são registrados como { $severity }
audit-mapping-removed = Removeu o mapeamento de severidade de “{ $value }”
audit-route-added = Adicionou a regra de alerta “{ $name }”
audit-route-deleted = Excluiu uma regra de alerta
audit-note-added = Adicionou uma nota a { $incident }
audit-note-edited = Editou uma nota de { $incident }
audit-pm-started = Começou o post-mortem de { $incident } pelo modelo “{ $template }”
audit-pm-saved = Salvou a revisão { $revision } do post-mortem de { $incident }
audit-pm-sent = Enviou o post-mortem de { $incident } para revisão
audit-pm-comment-resolved = Resolveu um comentário de revisão do post-mortem de { $incident }
audit-pm-approved = Aprovou o post-mortem de { $incident }
audit-pm-published = Publicou o post-mortem de { $incident }
audit-pm-reopened = Reabriu o post-mortem de { $incident }
audit-pm-classified = Classificou o post-mortem de { $incident }: { $tags }
audit-pm-classified-none = Classificou o post-mortem de { $incident }: nenhum fator ou gatilho
audit-action-added = Adicionou a ação “{ $title }” a { $incident }
audit-action-edited = Editou a ação “{ $title }”
audit-action-status = Marcou a ação “{ $title }” como { $status }
audit-action-open = aberta
audit-action-in_progress = em andamento
audit-action-done = concluída
audit-action-wont_do = não será feita
audit-role-viewer = leitor
audit-role-responder = respondente
audit-role-admin = administrador
audit-sso-refused = Recusou um login único: { $reason }
audit-sso-refused-as = Recusou um login único como { $email }: { $reason }
audit-sso-linked = Ligou { $person } à sua conta no provedor de identidade
audit-sso-created = { $person } entrou pela primeira vez e se tornou { $role }
audit-sso-role = Os grupos de { $person } o tornaram { $role } (era { $was })
audit-sso-signed-in = { $person } entrou pelo provedor de identidade
audit-sso-signed-out = { $person } saiu no provedor de identidade
audit-person-added = Adicionou { $person } como { $role }
audit-person-role = Mudou o papel de { $person } de { $was } para { $role }
audit-person-unpinned = Deixou os grupos de { $person } definirem o papel de novo
audit-person-reactivated = Reativou { $person }
audit-person-deactivated = Desativou { $person }
audit-person-password-set = Definiu uma nova senha para { $person }
audit-person-password-changed = { $person } mudou a própria senha
audit-person-reset-by-email = { $person } redefiniu a senha por e-mail
audit-person-language = Escolheu ler o Murphy em { $language }
audit-person-language-browser = Escolheu ler o Murphy no idioma do navegador
audit-email-all-on = Ligou todos os e-mails sobre o seu trabalho
audit-email-off = Desligou os e-mails sobre o seu trabalho para: { $kinds }
audit-email-test = Enviou um e-mail de teste para { $to }
audit-imported = Importou { $incidents ->
    [one] { $incidents } incidente
   *[other] { $incidents } incidentes
}, { $people ->
    [one] { $people } pessoa
   *[other] { $people } pessoas
}, { $services ->
    [one] { $services } serviço
   *[other] { $services } serviços
}
audit-subscriber-removed = Removeu o assinante por { $channel } { $address } da página de status
audit-service-from-alert = Adicionou o serviço “{ $name }” a partir de um alerta
audit-sso-someone-signed-out = Alguém saiu no provedor de identidade
audit-incident-filed = Registrou { $incident }: { $title }
audit-incident-edited = Editou { $incident }
audit-incident-status = Mudou { $incident } de { $from } para { $to }
audit-incident-severity = Mudou { $incident } de { $from } para { $to }
audit-status-investigating = investigando
audit-status-identified = identificado
audit-status-monitoring = monitorando
audit-status-resolved = resolvido
audit-status-closed = encerrado

## Por que um post-mortem é obrigatório, e com que se recusa uma mudança num incidente

reason-severity = { $severity }
reason-data-loss = perda de dados
reason-impact-over = impacto visível aos usuários por mais de { $minutes } min
reason-resolution-over = resolução em mais de { $hours } h
reason-paged = o plantão foi acionado
reason-by-person = descoberto por uma pessoa, não pelo monitoramento
refused-status-unchanged = O incidente já está { $status }.
refused-status-not-allowed = Um incidente { $from } não pode passar a { $to }.
refused-severity-unchanged = { $incident } já é { $severity }.
refused-impact-unchanged = O impacto em { $service } já é { $impact }.
refused-waiver = { $incident } precisa de um post-mortem ({ $reasons }); só um administrador pode registrar que ele não é necessário. Comece o post-mortem ou peça a um administrador.
