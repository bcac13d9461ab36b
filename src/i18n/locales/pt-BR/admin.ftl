# As páginas de administração.

## O índice da administração

adm-about-people = Contas e seus papéis: leitores leem, respondentes conduzem incidentes, administradores cuidam do Murphy. Desative quem saiu; redefina uma senha perdida.
adm-about-runbooks = Listas de passos anexadas como tarefas aos novos incidentes de um tipo.
adm-about-postmortem-rules = Quais incidentes precisam de post-mortem (severidade, perda de dados, tempo de impacto ou de resolução, acionamento, como foram descobertos) e em quanto tempo ele vence.
adm-about-postmortem-templates = As seções e perguntas de um post-mortem, por tipo e severidade de incidente; as doze seções do SRE quando nenhum modelo se aplica.
adm-about-learning = Os fatores contribuintes e gatilhos com que os post-mortems são marcados, cada um com o que significa; os relatórios somam o impacto por trás de cada um.
adm-about-alerts = Como as notificações do Alertmanager e do Grafana viram incidentes: o mapeamento de severidade e as regras de roteamento.
adm-about-status-page = Quais serviços a página de status pública mostra, com quais nomes; o estado de um componente definido à mão.
adm-about-webhooks = Avisos assinados das mudanças nos incidentes para outros sistemas, com o registro das entregas.
adm-about-email = O servidor SMTP pelo qual o Murphy envia, uma mensagem de teste e a caixa de saída.
adm-about-subscribers = Quem acompanha a página de status por e-mail ou webhook, e do que fica sabendo; exportação em CSV.
adm-about-sso = Entrar pelo provedor de identidade da empresa: a configuração, o que a descoberta encontrou, as últimas tentativas e suas declarações.
adm-about-audit = Cada mudança feita por qualquer pessoa, quem a fez e o que mudou.

## Palavras que muitas páginas de administração usam

adm-save = Salvar
adm-cancel = Cancelar
adm-edit = Editar
adm-delete = Excluir
adm-remove = Remover
adm-add = Adicionar
adm-actions = Ações
adm-name = Nome
adm-when = Quando
adm-none-yet = Nada ainda.
adm-none = nenhum
adm-older = Mais antigos →
adm-pages = Páginas
adm-required = Obrigatória
adm-retired = aposentado
adm-edit-named = Editar { $name }
adm-delete-named = Excluir { $name }
adm-remove-named = Remover { $name }

## A trilha de auditoria

adm-audit-filter = Filtrar a trilha de auditoria
adm-audit-what = O quê
adm-audit-who = Quem
adm-audit-changes = Mudanças
adm-audit-everything = Tudo
adm-audit-anyone = Qualquer pessoa
adm-audit-apply = Aplicar
adm-audit-nothing = Nada registrado ainda
adm-audit-nothing-why = Toda mudança em incidentes, post-mortems, serviços, pessoas e configurações aparece aqui.
adm-actor-clock = Murphy (agendado)
adm-actor-command-line = linha de comando do murphy
adm-entity-incident = Incidentes
adm-entity-note = Notas
adm-entity-postmortem = Post-mortems
adm-entity-action_item = Ações
adm-entity-service = Serviços
adm-entity-maintenance = Manutenção
adm-entity-status_component = Componentes da página de status
adm-entity-status_subscriber = Assinantes da página de status
adm-entity-person = Pessoas
adm-entity-token = Tokens de API
adm-entity-runbook = Runbooks
adm-entity-postmortem_policy = Regras de post-mortem
adm-entity-postmortem_template = Modelos de post-mortem
adm-entity-learning_tag = Fatores e gatilhos
adm-entity-webhook = Webhooks
adm-entity-email = E-mail
adm-entity-sso = Login único
adm-entity-database = Importações
audit-not-set = não definido
audit-yes = sim
audit-no = não
audit-field-title = Título
audit-field-summary = Resumo
audit-field-kind = Tipo
audit-field-severity = Severidade
audit-field-status = Status
audit-field-customer_impact = Impacto nos clientes
audit-field-services = Serviços
audit-field-service = Serviço
audit-field-impact = Impacto
audit-field-restricted = Restrito
audit-field-impact_started_at = Início do impacto
audit-field-detected_at = Detectado
audit-field-acknowledged_at = Reconhecido
audit-field-mitigated_at = Mitigado
audit-field-resolved_at = Resolvido
audit-field-closed_at = Encerrado
audit-field-display_name = Nome
audit-field-name = Nome
audit-field-email = E-mail
audit-field-role = Papel
audit-field-active = Ativo
audit-field-description = Descrição
audit-field-slo_target = Meta de SLO
audit-field-slo_window_days = Janela do SLO (dias)
audit-field-maintenance_counts = Manutenção gasta o orçamento
audit-field-url = URL
audit-field-runbook_url = URL do runbook
audit-field-body = Texto
audit-field-owner = Responsável
audit-field-due_on = Prazo
audit-field-priority = Prioridade
audit-field-events = Eventos
audit-field-format = Corpo
audit-field-steps = Passos
audit-field-required_when = Obrigatório quando
audit-field-due_days = Prazo após (dias)
audit-field-public_name = Nome público
audit-field-group = Grupo
audit-field-position = Posição
audit-field-state = Estado
audit-field-starts_at = Início
audit-field-ends_at = Fim
audit-field-language = Idioma
audit-field-retired = Aposentado
audit-field-revoked = Revogado
audit-field-sections = Seções
audit-field-questions = Perguntas
audit-field-kinds = Tipos
audit-field-severities = Severidades
audit-field-matchers = Condições
audit-field-action = Então
audit-field-label_value = Valor do rótulo
audit-field-email_off = E-mails desligados
audit-field-groups = Grupos
audit-field-reason = Motivo
audit-field-claims = Declarações
audit-field-sessions_ended = Sessões encerradas
audit-field-prefix = Prefixo
audit-field-during_maintenance = Só durante manutenção

## Pessoas

adm-email = E-mail
adm-role = Papel
adm-role-of = Papel de { $name }
adm-people-state = Situação
adm-people-change = Mudar
adm-people-pinned = fixado
adm-people-follow = seguir os grupos
adm-people-follow-named = Deixar os grupos de { $name } definirem o papel
adm-people-by-groups = definido pelos grupos ao entrar
adm-people-active = Ativa
adm-people-deactivated = Desativada
adm-people-deactivate = Desativar
adm-people-reactivate = Reativar
adm-people-reset = Redefinir senha
adm-people-new-password-for = Nova senha para { $name }
adm-people-set = Definir
adm-people-add-title = Adicionar uma pessoa
adm-people-first-password = Primeira senha
adm-people-password-hint = Pelo menos 10 caracteres. Repasse-a em particular.
adm-people-add = Adicionar pessoa
role-meaning-viewer = lê incidentes, serviços e relatórios
role-meaning-responder = também registra e edita incidentes
role-meaning-admin = também gerencia pessoas, tokens e configurações

## Runbooks

adm-kept-below = Seu texto está mantido abaixo; salve de novo para substituir o dela.
adm-for = Para
adm-any-kind = Qualquer tipo
adm-any-service = Qualquer serviço
adm-rb-hint = Quando um incidente é registrado, os passos de cada runbook do seu tipo ou de um dos seus serviços são anexados a ele como tarefas.
adm-rb-none = Nenhum runbook ainda
adm-rb-none-why = Escreva os primeiros passos para um tipo de incidente ou um serviço, para que o próximo respondente comece com uma lista.
adm-rb-runbook = Runbook
adm-rb-steps = Passos
adm-rb-kind-incidents = incidentes do tipo { $kind }
adm-rb-service = serviço { $service }
adm-rb-edit = Editar runbook
adm-rb-add = Adicionar um runbook
adm-rb-conflict = Outra pessoa salvou este runbook enquanto isso.
adm-rb-for-kind = Para incidentes do tipo
adm-rb-for-service = Ou que afetam o serviço
adm-rb-steps-hint = um por linha; marcadores de lista Markdown são aceitos
adm-rb-save = Salvar runbook

## Quando um post-mortem é obrigatório

adm-rules-title = Quando um post-mortem é obrigatório
adm-rules-hint = Decida antes dos incidentes quais precisam de post-mortem, como recomenda o livro de SRE. Um incidente que atende a qualquer regra abaixo precisa de um, com prazo de alguns dias após ser resolvido; a página do incidente, a página inicial e os relatórios mostram os que faltam ou estão atrasados. Só um administrador pode registrar, com um motivo, que um post-mortem obrigatório não é necessário.
adm-rules-now = Obrigatório agora quando:
adm-rules-never = nunca (todo post-mortem é opcional)
adm-rules-conflict = Outra pessoa mudou as regras enquanto isso.
adm-rules-conflict-more = Elas agora estão como acima. Suas escolhas estão mantidas abaixo; salve de novo para substituir as dela.
adm-rules-severity = Qualquer incidente de severidade
adm-rules-data-loss = Qualquer perda de dados (incidentes do tipo “Perda de dados”)
adm-rules-paged = O plantão foi acionado: o incidente foi aberto por um alerta de monitoramento
adm-rules-by-person = Descoberto por uma pessoa (um funcionário ou um cliente) e não pelo monitoramento, segundo o post-mortem
adm-rules-impact = Impacto visível aos usuários por mais de (minutos)
adm-rules-impact-hint = do início do impacto à mitigação; vazio: sem limite
adm-rules-resolution = Resolução levando mais de (horas)
adm-rules-resolution-hint = do início do impacto à resolução; vazio: sem limite
adm-rules-due = Prazo em dias após a resolução
adm-rules-save = Salvar as regras

## Fatores e gatilhos

adm-learn-hint = Os post-mortems são marcados com as condições que tornaram um incidente possível (fatores contribuintes) e com o evento que o disparou (gatilhos). Mantenha cada lista curta e cada nome claro; os relatórios somam os incidentes e o impacto por trás de cada marcação. Aposente uma marcação em vez de reaproveitar o nome: os post-mortems que a têm continuam com ela.
adm-learn-edit = Editar o { $kind } “{ $name }”
adm-learn-conflict = Outra pessoa salvou este { $kind } enquanto isso.
adm-learn-conflict-name = Agora ele se chama “{ $name }”.
adm-learn-means = O que significa
adm-learn-means-hint = mostrado a quem marca um post-mortem
adm-learn-retired = Aposentado: não é mais oferecido ao marcar
adm-learn-add = Adicionar um { $kind }

## Alertas

adm-outcome = Resultado
adm-alerts-point = Aponte o Prometheus Alertmanager para
adm-alerts-point-grafana = e o Grafana para
adm-alerts-point-token = , enviando um token de API de um respondente como
adm-alerts-how = Um alerta disparado abre um incidente, ou se junta ao incidente aberto que já o acompanha (pela impressão digital); quando todos os alertas de um incidente se resolvem, o horário de mitigação é definido.
adm-alerts-mapping = Mapeamento de severidade
adm-alerts-mapping-label = O rótulo
adm-alerts-mapping-decides = do alerta (maiúsculas ou minúsculas) decide o nível do incidente;
adm-alerts-mapping-star = vale para qualquer outro valor e para alertas sem o rótulo. Um grupo de alertas é registrado no mais severo.
adm-alerts-severity-label = rótulo severity
adm-alerts-files-as = Registra como
adm-alerts-routes = Regras de roteamento
adm-alerts-routes-order = Testadas de cima para baixo; decide a primeira regra cujas condições valem todas. Alertas que nenhuma regra atende abrem um incidente (do tipo no rótulo
adm-alerts-routes-else = , ou indisponibilidade). Um alerta de um serviço em
adm-alerts-routes-maintenance = manutenção
adm-alerts-routes-held = fica retido na janela (sem incidente), a menos que uma regra marcada “só durante manutenção” o abra ou ignore.
adm-alerts-no-routes = Nenhuma regra: todo alerta abre um incidente ou se junta a um.
adm-alerts-up = Subir
adm-alerts-down = Descer
adm-alerts-up-named = Subir { $name }
adm-alerts-down-named = Descer { $name }
adm-alerts-matchers-hint = separadas por vírgula:
adm-alerts-and = e
adm-alerts-open = Abrir um incidente
adm-alerts-open-as = Abrir como { $kind }
adm-alerts-ignore = Ignorar
adm-alerts-ignore-it = Ignorar o alerta
adm-alerts-hold = Reter na janela de manutenção
adm-alerts-hold-it = Retê-lo na janela de manutenção
adm-alerts-only-maintenance = { $action } (só durante manutenção)
adm-alerts-of-kind = Do tipo
adm-alerts-from-alert = Do alerta
adm-alerts-during = Só durante manutenção do serviço do alerta (as condições podem então ficar vazias)
adm-alerts-add-rule = Adicionar regra
adm-alerts-received = Notificações recebidas
adm-alerts-received-none = Nada ainda. Quando o Alertmanager ou o Grafana enviar uma, ela aparece aqui com o que fez.
adm-alerts-from = De
alert-outcome-opened = abriu { $incidents }
alert-outcome-attached = { $count ->
    [one] { $count } anexado
   *[other] { $count } anexados
}
alert-outcome-refired = { $count ->
    [one] { $count } disparou de novo
   *[other] { $count } dispararam de novo
}
alert-outcome-resolved = { $count ->
    [one] { $count } resolvido
   *[other] { $count } resolvidos
}
alert-outcome-unchanged = { $count ->
    [one] { $count } sem mudança
   *[other] { $count } sem mudança
}
alert-outcome-ignored = { $count ->
    [one] { $count } ignorado
   *[other] { $count } ignorados
}
alert-outcome-held = { $count ->
    [one] { $count } retido pela manutenção
   *[other] { $count } retidos pela manutenção
}
alert-outcome-mitigated = mitigou { $incidents }

## E-mail

adm-queued = Na fila desde
adm-tries = Tentativas
adm-last-error = Último erro
adm-email-server = Servidor
adm-email-through = O Murphy envia e-mail por
adm-email-as = como
adm-email-test-to = Enviar uma mensagem de teste para
adm-email-send-test = Enviar teste
adm-email-off = O Murphy não envia e-mail.
adm-email-set = Defina
adm-email-and = (e
adm-email-restart = ) e reinicie o Murphy. Até lá nenhuma mensagem entra na fila.
adm-email-outbox = Caixa de saída
adm-email-none = Nenhum e-mail ainda.
adm-email-to = Para
adm-email-subject = Assunto
delivery-state-pending = aguardando
delivery-state-sent = enviado
delivery-state-delivered = entregue
delivery-state-failed = falhou

## Modelos de post-mortem

adm-any-severity = Qualquer severidade
adm-tpl-new = Novo modelo
adm-tpl-hint = Um novo post-mortem segue o modelo que mais se ajusta ao incidente: um que cite o tipo do incidente vem antes de um que cite a severidade, e um que cite os dois vem antes de qualquer um deles. Quando nenhum se ajusta, ele segue o post-mortem do SRE: as doze seções do livro de SRE, todas obrigatórias. Um post-mortem mantém a versão com que começou, então editar um modelo nunca muda um post-mortem já escrito.
adm-tpl-templates = Modelos
adm-tpl-none = Nenhum ainda: todo post-mortem segue o post-mortem do SRE.
adm-tpl-version = Versão
adm-tpl-fits = Qual modelo cada incidente recebe
adm-tpl-new-title = Novo modelo de post-mortem
adm-tpl-edit-title = Editar o modelo “{ $name }”
adm-tpl-conflict = Outra pessoa salvou este modelo enquanto isso.
adm-tpl-conflict-more = Nada seu foi salvo e suas mudanças estão mantidas abaixo; salve de novo para substituir a versão dela.
adm-tpl-not-saved = O modelo não foi salvo: veja as mensagens abaixo.
adm-tpl-version-used = { $count ->
    [one] Versão { $version }, seguida por { $count } post-mortem.
   *[other] Versão { $version }, seguida por { $count } post-mortems.
}
adm-tpl-saving-makes = Salvar cria a versão { $version }; os post-mortems já iniciados mantêm a versão com que começaram.
adm-tpl-starts-from = Ele parte das doze seções do SRE: mude, reordene ou remova-as (apague um título para remover uma seção) e acrescente as suas nas linhas em branco.
adm-tpl-about = Sobre
adm-tpl-purpose = Para que serve
adm-tpl-kinds = Para incidentes destes tipos
adm-tpl-kinds-hint = nenhum marcado: qualquer tipo
adm-tpl-severities = Destas severidades
adm-tpl-severities-hint = nenhuma marcada: qualquer severidade
adm-tpl-retired = Aposentado: novos post-mortems não o seguem mais
adm-tpl-sections-hint = Na ordem dos seus números. Uma seção obrigatória precisa ser escrita (ou marcada como não aplicável) antes da publicação. O texto inicial é o Markdown com que um novo post-mortem começa a seção; uma seção que só tem o texto inicial conta como não escrita.
adm-tpl-new-section = Nova seção
adm-tpl-section-n = Seção { $number }
adm-tpl-order = Ordem
adm-tpl-guidance = Orientação
adm-tpl-prompt = Texto inicial
adm-tpl-prompt-hint = Markdown; opcional
adm-tpl-questions-hint = Respostas curtas guardadas com o post-mortem e suas exportações: texto livre, uma entre várias opções, ou sim ou não. Apague uma pergunta para removê-la.
adm-tpl-new-question = Nova pergunta
adm-tpl-question-n = Pergunta { $number }
adm-tpl-question = Pergunta
adm-tpl-answered-with = Respondida com
adm-tpl-choices = Opções
adm-tpl-choices-hint = para opções: uma por linha
adm-tpl-save-version = Salvar uma nova versão
adm-tpl-add = Adicionar o modelo
question-kind-text = Texto livre
question-kind-choice = Uma entre várias opções
question-kind-yes_no = Sim ou não

## Login único

adm-on = ligado
adm-off = desligado
adm-sso-config = Configuração
adm-sso-issuer = Emissor
adm-sso-client-id = Id do cliente
adm-sso-client-secret = Segredo do cliente
adm-sso-secret-set = definido (nunca mostrado)
adm-sso-secret-none = nenhum: um cliente público, só PKCE
adm-sso-redirect = URL de retorno
adm-sso-register = cadastre-a no provedor
adm-sso-scopes = Escopos
adm-sso-new-people = Novas pessoas de
adm-sso-no-domain = nenhum domínio: só pessoas que um administrador adicionou
adm-sso-roles = Papéis pelos grupos
adm-sso-no-roles = nenhum: novas pessoas são leitores, os papéis são definidos aqui
adm-sso-claim = declaração
adm-sso-password = Entrada com senha
adm-sso-still-works = continua funcionando
adm-sso-discovery = Descoberta
adm-sso-authorization = Autorização
adm-sso-token = Token
adm-sso-userinfo = Informações do usuário
adm-sso-end-session = Fim de sessão
adm-sso-no-end-session = nenhum: sair do Murphy mantém a sessão no provedor
adm-sso-keys = Chaves de assinatura
adm-sso-from = de
adm-sso-read = lidas
adm-sso-unreadable = O Murphy não consegue ler o documento de descoberta.
adm-sso-read-again = Ler de novo
adm-sso-not-set-up = O login único não está configurado.
adm-sso-confidential = para um cliente confidencial) e
adm-sso-restart = , depois reinicie o Murphy. O README mostra as configurações dos provedores mais comuns.
adm-sso-attempts = Últimas entradas pelo provedor
adm-sso-signed-in = entrou
adm-sso-refused = recusada

## Assinantes da página de status

adm-n-delivered = { $count ->
    [one] { $count } entregue
   *[other] { $count } entregues
}
adm-n-waiting = { $count } aguardando
adm-n-failed = { $count ->
    [one] { $count } falhou
   *[other] { $count } falharam
}
adm-sub-export = Exportar CSV
adm-sub-confirmed = { $count ->
    [one] confirmado por e-mail
   *[other] confirmados por e-mail
}
adm-sub-waiting = { $count ->
   *[other] aguardando confirmação
}
adm-sub-by-webhook = { $count ->
   *[other] por webhook.
}
adm-sub-only-admins = Só administradores veem estes endereços.
adm-sub-no-email = Ninguém pode assinar por e-mail até que envie: veja
adm-sub-nobody = Ninguém assinou ainda. As pessoas assinam pela
adm-sub-the-page = página de status
adm-sub-address = Endereço
adm-sub-by = Por
adm-sub-hears = Fica sabendo de
adm-sub-since = Desde
adm-sub-channel-email = e-mail
adm-sub-channel-webhook = webhook
adm-sub-is-confirmed = confirmado
adm-sub-not-confirmed = não confirmado
adm-sub-everything = tudo

## Webhooks

adm-wh-posts = O Murphy envia por POST cada evento escolhido, em JSON, para estas URLs, assinado:
adm-wh-with = com os cabeçalhos
adm-wh-retried = Entregas que falham são tentadas de novo com esperas crescentes, oito vezes ao todo, e sobrevivem a reinícios.
adm-wh-secret-once = Webhook adicionado. O segredo de assinatura aparece só desta vez:
adm-wh-secret-give = Entregue-o ao receptor para conferir cada assinatura. Para trocá-lo, exclua o webhook e adicione-o de novo.
adm-wh-none = Nenhum webhook ainda
adm-wh-none-why = Adicione um para avisar um canal de chat, uma página de status ou sua própria automação quando incidentes forem declarados, mudarem ou ganharem um post-mortem.
adm-wh-waiting = Aguardando
adm-wh-delivered = Entregues
adm-wh-failed = Com falha
adm-wh-paused = Pausado
adm-wh-add-title = Adicionar um webhook
adm-wh-add = Adicionar webhook
adm-wh-ping = Enviar um ping de teste
adm-wh-conflict = Outra pessoa salvou este webhook enquanto isso.
adm-wh-deliveries = Entregas
adm-wh-newest = { $count ->
    [one] a mais recente mostrada
   *[other] as { $count } mais recentes mostradas
}
adm-wh-nothing = Nada enviado ainda
adm-wh-nothing-why = As entregas aparecem aqui quando acontece um evento escolhido, ou quando você envia um ping de teste.
adm-wh-queued = na fila desde
adm-wh-attempts = { $count ->
    [one] { $count } tentativa
   *[other] { $count } tentativas
}
adm-wh-next = próxima
adm-wh-answer = Resposta
adm-wh-took = Levou
adm-wh-response = Resposta ou erro
adm-wh-no-answer = Sem resposta
adm-wh-retry = Tentar agora
adm-wh-settings = Configurações
adm-wh-delete = Excluir este webhook
adm-wh-name-example = Chat de operações
adm-wh-format-murphy = JSON do Murphy: o evento, o incidente e seus detalhes
adm-wh-format-slack = Compatível com Slack:
adm-wh-format-slack-for = , para webhooks de chat
adm-wh-format-github = Issue do GitHub: a URL é
adm-wh-format-gitlab = Issue do GitLab:
adm-wh-format-jira = Issue do Jira:
adm-wh-tracker = Um rastreador de issues recebe só o evento “Ação adicionada”: cada nova ação sem link de rastreador vira uma issue, cujo endereço fica então ligado a ela. Aponte o webhook do próprio rastreador (issue fechada ou reaberta) para
adm-wh-or = ou
adm-wh-tracker-secret = com o segredo deste webhook, e fechar a issue marca a ação como concluída.
adm-wh-token = Token do rastreador
adm-wh-token-hint = só GitHub, GitLab ou Jira; salvo e nunca mostrado; deixe vazio para manter o salvo
adm-wh-project = Chave do projeto no Jira
adm-wh-project-hint = só Jira, como OPS
adm-wh-active = Ativo: enviar entregas
webhook-event-incident-created = Incidente criado
webhook-event-status-changed = Status mudou
webhook-event-severity-changed = Severidade mudou
webhook-event-role-assigned = Papel atribuído
webhook-event-update-published = Atualização às partes interessadas publicada
webhook-event-postmortem-published = Post-mortem publicado
webhook-event-action-item-created = Ação adicionada

## Cuidando da página de status

st-open-public = Abrir a página pública
st-manage-hint = A página pública mostra os serviços abaixo a qualquer pessoa, sem entrar. O estado de um componente acompanha os incidentes abertos que têm uma atualização pública (impacto total: indisponibilidade grave no SEV1, indisponibilidade parcial abaixo; impacto parcial: desempenho degradado), a menos que um respondente o defina aqui. Incidentes restritos, atualizações internas e nomes de pessoas nunca aparecem.
st-none-shown = Nenhum serviço é mostrado ainda.
st-choose-below = Escolha um em “Outros serviços” abaixo.
st-component = Componente
st-state-now = Estado agora
st-set-by-hand = Definido à mão
st-state-of = Estado de { $name }
st-follow-incidents = Seguir os incidentes
st-share = Compartilhar e incorporar
st-share-feeds = Feeds das atualizações públicas:
st-share-json = JSON compatível com o Statuspage:
st-share-json-more = (e status, components, incidents, scheduled-maintenances)
st-share-badge = Selo:
st-share-badge-one = , ou o de um componente com
st-share-badge-name = e o nome público dele
st-share-widget = Widget que outros sites podem incorporar:
st-share-eg = , por exemplo
st-other-services = Outros serviços
st-every-service = Todos os serviços estão na página de status.
st-comp-on-page = { $name } na página de status
st-comp-show-named = Mostrar { $name } na página de status
st-comp-show = Mostrar na página de status
st-comp-conflict = Outra pessoa mudou como este serviço é mostrado enquanto você editava.
st-comp-public-hint = o que o público lê
st-comp-description-hint = opcional, mostrada sob o nome
st-comp-group-hint = opcional, como “Pagamentos”
st-comp-position-hint = menor vem primeiro dentro do grupo
st-comp-take-off = Tirar da página
st-comp-stays = O serviço continua no Murphy; o público deixa de vê-lo.
st-comp-take-off-named = Tirar { $name } da página de status
adm-alerts-label-example = desastre

## O que uma página de administração diz depois de uma ação

flash-person-unpinned = Os grupos de { $name } voltam a definir o papel no próximo login.
flash-person-added = { $name } já pode entrar como { $role } com a senha que você escolheu.
flash-not-a-role = “{ $role }” não é um papel; nada mudou.
flash-role-now = { $name } agora é { $role }.
flash-role-already = { $name } já é { $role }.
flash-last-admin-role = { $name } é o único administrador ativo; torne outra pessoa administradora primeiro.
flash-person-reactivated = { $name } pode entrar de novo.
flash-person-deactivated = { $name } não pode mais entrar; tudo o que escreveu continua atribuído a essa pessoa.
flash-not-yourself = Você não pode desativar a sua própria conta.
flash-last-admin = { $name } é o único administrador ativo.
flash-password-not-reset = Não redefinida: { $problem }
flash-password-reset = Nova senha definida para { $name }; a pessoa saiu de todas as sessões. Passe a senha pessoalmente ou por um canal de confiança.
flash-mapping-set = Alertas com o rótulo severity="{ $value }" agora são registrados como { $severity }.
flash-mapping-removed = “{ $value }” removido; esses alertas agora são registrados no nível padrão.
flash-mapping-kept = Nada removido: o padrão (*) sempre fica, e os outros valores precisam existir.
flash-rule-added = Regra “{ $name }” adicionada depois das outras.
flash-rule-deleted = Regra excluída.
flash-rule-moved = Regra movida.
flash-webhook-saved = Webhook “{ $name }” salvo.
flash-webhook-deleted = Webhook “{ $name }” excluído com suas entregas.
flash-webhook-ping = Ping de teste na fila para “{ $name }”; ele aparece abaixo quando for enviado.
flash-delivery-queued = Entrega de volta à fila.
flash-delivery-not-retried = Só entregas que foram abandonadas podem ser tentadas de novo.
flash-test-email = Mensagem de teste na fila para { $to }.
flash-rules-saved = Salvo. Os incidentes são julgados por estas regras a partir de agora, inclusive os passados.
flash-template-added = Modelo “{ $name }” adicionado: novos post-mortems dos incidentes a que ele se aplica o seguem.
flash-template-retired = Modelo “{ $name }” aposentado: novos post-mortems não o seguem mais; os que o seguiam continuam com ele.
flash-template-saved = Modelo “{ $name }” salvo como versão { $version }: os post-mortems já iniciados mantêm a versão com que começaram.
flash-runbook-saved = Runbook “{ $title }” salvo.
flash-runbook-deleted = Runbook “{ $title }” excluído; as tarefas já anexadas continuam.
flash-subscriber-removed = { $address } removido.
flash-choose-tag-kind = Escolha um fator contribuinte ou um gatilho.
flash-tag-added = { $kind } “{ $name }” adicionado.
flash-tag-saved = { $kind } “{ $name }” salvo.
flash-tag-retired = { $kind } “{ $name }” aposentado: os post-mortems que o têm continuam com ele, e ele não é mais oferecido.
flash-service-added = Serviço “{ $name }” adicionado.
flash-service-saved = Serviço “{ $name }” salvo.
flash-service-deleted = Serviço “{ $name }” excluído.
flash-service-kept = O serviço “{ $name }” é citado por incidentes, então foi mantido. Tire-o deles primeiro.
flash-password-changed-sign-in = Senha alterada. Entre com a nova.
flash-signed-in = Você entrou como { $name }.
flash-signed-out = Você saiu. Até logo, { $name }.
flash-discovery-read = { $count ->
    [one] Documento de descoberta lido de novo: { $count } chave de assinatura.
   *[other] Documento de descoberta lido de novo: { $count } chaves de assinatura.
}
flash-discovery-failed = Não foi possível ler o documento de descoberta: { $error }
flash-component-removed = Tirado da página de status.
flash-not-a-state = “{ $state }” não é um estado de componente.
flash-component-set = Definido como { $state } na página de status.
flash-component-follows = O componente volta a seguir os seus incidentes.
flash-token-revoked = Token “{ $name }” revogado; ele parou de funcionar na hora.
login-password-off = A entrada com senha está desligada aqui: entre pelo seu provedor de identidade.
login-throttled = Muitas tentativas de entrada falharam a partir deste endereço. Espere 15 minutos e tente de novo.
login-refused = Esse e-mail e essa senha não correspondem a uma conta ativa.
