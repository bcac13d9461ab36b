# As palavras do Murphy em português do Brasil. As chaves são as de
# `src/i18n/locales/en/main.ftl`; números e datas chegam já formatados (veja src/i18n).

## Todas as páginas

brand = Murphy
skip-to-content = Pular para o conteúdo
nav-main = Principal
nav-declare = Declarar
nav-declare-wide = { " " }incidente
nav-menu = Menu
nav-sign-in = Entrar
nav-sign-out = Sair
nav-search-label = Buscar incidentes
nav-search-placeholder = Buscar incidentes
nav-search-title = Tecle / para buscar de qualquer página
nav-incidents = Incidentes
nav-postmortems = Post-mortems
nav-action-items = Ações
nav-reports = Relatórios
nav-services = Serviços
nav-admin = Administração
footer-times = Os horários aparecem no seu fuso horário; passe o cursor sobre um para ver em UTC.
footer-keys = Teclado: { $search } busca, { $declare } declara um incidente.
footer-api = A { $api } faz tudo o que estas páginas fazem.
footer-api-link = API
footer-language = Idioma

## Tempo

time-just-now = agora mesmo
time-ago = há { $span }
time-in = em { $span }
span-minutes = { $n } min
span-hours = { $n } h
span-days = { $n ->
    [one] { $n } dia
   *[other] { $n } dias
}

## Incidentes, como todas as páginas os chamam

severity-SEV1 = Crítica
severity-SEV2 = Grave
severity-SEV3 = Menor
severity-SEV4 = Baixa
severity-meaning-SEV1 = Um serviço essencial está fora do ar, ou dados foram perdidos ou expostos, para muitos clientes. Todos os necessários respondem agora, a qualquer hora.
severity-meaning-SEV2 = Uma função essencial está muito degradada ou fora do ar para alguns clientes. Responda agora; acione os responsáveis.
severity-meaning-SEV3 = Impacto limitado, ou existe uma alternativa. Responda no horário de trabalho.
severity-meaning-SEV4 = Pouco ou nenhum impacto para clientes. Registre e corrija no curso normal do trabalho.
status-investigating = Investigando
status-identified = Identificado
status-monitoring = Monitorando
status-resolved = Resolvido
status-closed = Encerrado
kind-outage = Indisponibilidade
kind-degradation = Degradação
kind-security = Segurança
kind-ddos = DDoS
kind-traffic_surge = Pico de tráfego
kind-deploy_failure = Falha de build ou deploy
kind-data_loss = Perda de dados
kind-other = Outro

## Início

home-title = Incidentes abertos
home-updates-overdue = Atualizações para as partes interessadas atrasadas
home-due = prazo
home-reviews = Revisões pedidas a você
home-review-waiting = post-mortem aguardando a sua revisão
home-postmortems-due = Post-mortems pendentes
home-not-started = não iniciado
home-late = atrasado
home-all-due = { $count ->
    [one] O único no relatório
   *[other] Todos os { $count } no relatório
}
home-mine = Meus incidentes
home-my-actions = Minhas ações
home-all-my-actions = Todas as minhas ações
home-all-incidents = Todos os incidentes
home-calm-title = Nada está pegando fogo
home-calm-text = Nenhum incidente está aberto. Quando algo quebrar, declare um incidente e a resposta começa pela página dele.
home-declare = Declarar incidente
home-open-count = { $count ->
    [one] { $count } aberto
   *[other] { $count } abertos
}
home-every-open = Ver todos os incidentes abertos
postmortem-state-draft = rascunho
postmortem-state-in_review = em revisão
postmortem-state-published = publicado

## Listas de incidentes

incidents-col-incident = Incidente
incidents-col-severity = Severidade
incidents-col-status = Status
incidents-col-services = Serviços
incidents-col-started = Início do impacto
incidents-col-resolved = Resolvido
incidents-col-title = Título
incidents-col-kind = Tipo
incidents-col-started-utc = Início do impacto (UTC)
incidents-col-resolved-utc = Resolvido (UTC)
export-incidents-every = Todos os incidentes, do mais recente ao mais antigo.
export-incidents-matching = Incidentes com { $filters }, do mais recente ao mais antigo.
export-incidents-count = { $count ->
        [one] { $count } incidente.
       *[other] { $count } incidentes.
    }
export-incidents-impact-started = impacto iniciado em { $at }
export-incidents-resolved-at = resolvido em { $at }
export-incidents-pdf-limit = Só os { $count } mais recentes estão neste PDF; baixe CSV ou JSON para ter todos.
incidents-restricted = Restrito
incidents-no-ic = Sem IC
incidents-no-ic-title = Ninguém ocupa o papel de Comandante do Incidente

## Ações

actions-col-action = Ação
actions-col-incident = Incidente
actions-col-type = Tipo
actions-col-priority = Prioridade
actions-col-owner = Responsável
actions-col-due = Prazo
actions-col-status = Status
actions-overdue = atrasada
actions-status-of = Status de { $title }
actions-set = Definir

## Configurações

settings-language = Idioma
settings-language-browser = Como o navegador pede ({ $lang })
settings-language-hint = Páginas, e-mails e exportações que você pedir são escritos neste idioma.
settings-language-saved = Idioma salvo.
settings-save = Salvar

## Filtros

filter-severity = Severidade
filter-kind = Tipo
filter-service = Serviço
filter-any = Qualquer

## Administração

admin-nav-people = Pessoas
admin-nav-runbooks = Runbooks
admin-nav-postmortem-rules = Regras de post-mortem
admin-nav-postmortem-templates = Modelos de post-mortem
admin-nav-learning = Fatores e gatilhos
admin-nav-alerts = Alertas
admin-nav-webhooks = Webhooks
admin-nav-email = E-mail
admin-nav-subscribers = Assinantes
admin-nav-sso = Login único
admin-nav-audit = Trilha de auditoria
filter-q = Palavras
filter-state = Aberto ou encerrado
filter-status = Status
filter-from = Impacto de
filter-to = até
filter-sort = Ordenado por
filter-limit = Por página

## A lista de incidentes

list-download = Baixar:
list-download-these = Baixar estes:
list-filter-label = Filtrar incidentes
list-search-label = Buscar em títulos e resumos
list-search-placeholder = timeout banco de dados -staging
list-open = Abertos
list-closed = Encerrados
list-apply = Aplicar
list-bad-filters = Estes filtros não podem ser aplicados:
list-clear-filters = Limpar todos os filtros
list-active-filters = Filtros ativos
list-remove-filter = Remover o filtro { $filter }
list-clear-all = Limpar tudo
list-chip-from = de { $day }
list-chip-to = até { $day }
list-none-match = Nenhum incidente corresponde a estes filtros
list-none-match-hint = Remova um filtro acima, ou
list-show-every = mostre todos os incidentes.
list-none-yet = Nenhum incidente ainda
list-none-yet-hint = Quando algo quebrar, declare um incidente: a página dele passa a ser o lugar onde a resposta acontece.
list-declare-first = Declarar o primeiro incidente
list-pages = Páginas
list-previous = Anterior
list-newer = Mais recentes
list-first-page = Primeira página
list-newest = Os mais recentes
list-next = Próxima
list-older = Mais antigos

## A página do incidente

incident-restricted-title = Só a equipe de resposta e os administradores veem este incidente
incident-impact-lasted = O impacto durou
incident-impact-for = Impacto há
incident-since = desde
incident-no-services = Nenhum serviço indicado.
incident-affects = Afeta
incident-runbook = Runbook
incident-held-by-ic = com o IC
incident-nobody = ninguém
incident-next-update = Próxima atualização
incident-was-due = era para
incident-none-published = nenhuma publicada ainda
incident-none-planned = nenhuma prevista
incident-publish-closing = Publicar uma atualização final para as partes interessadas
incident-audience = Público
audience-internal = Interno
audience-public = Público externo
incident-closing-update = Atualização final
incident-closing-text = Resolvido às { $at } UTC: { $title }. O impacto durou { $lasted }. Um post-mortem virá a seguir.
incident-closing-by-cl = O Líder de Comunicação ou o IC publica a atualização final.
incident-the-postmortem = O post-mortem
incident-pm-start = Começar agora, a partir do registro do incidente
incident-pm-not-needed-because = Não é necessário, porque:
incident-pm-why-not = Por que nenhum post-mortem é necessário
incident-pm-why-not-placeholder = Uma falha conhecida, já tratada no INC-12
incident-severity-from = Mudar a severidade de { $severity } para
incident-change-severity = Mudar a severidade
incident-publish-update = Publicar atualização
incident-edit = Editar
incident-no-ic = Sem Comandante do Incidente.
incident-no-ic-text = Alguém precisa assumir o comando deste incidente.
incident-assign-ic = Designar um IC
incident-update-overdue = Atualização para as partes interessadas atrasada
incident-publish-an-update = Publicar uma atualização
incident-summary = Resumo
incident-no-summary = Ainda sem resumo.
incident-write-one = Escrever um
incident-customer-impact = Impacto nos clientes
incident-not-described = Ainda não descrito.
incident-milestones = Marcos
incident-not-yet = ainda não
incident-correct-milestones = Corrigir os marcos
incident-time-to-detect = Tempo para detectar
incident-time-to-acknowledge = Tempo para reconhecer
incident-time-to-mitigate = Tempo para mitigar
incident-time-to-resolve = Tempo para resolver
incident-alerts = Alertas
incident-alert-source = origem
incident-error-budget = Orçamento de erro
incident-budget-impact = { $spent } de impacto
incident-budget-partial = (parcial, contado pela metade)
incident-budget-spent = Gastou
incident-budget-of-budget = do seu orçamento de erro
incident-budget-no-objective = Nenhum objetivo definido.
incident-impact-on = Impacto em { $service }
incident-set-impact = Definir o impacto
impact-full = Indisponibilidade total
impact-partial = Parcial (conta a metade)
incident-postmortem = Post-mortem
incident-open-postmortem = Abrir o post-mortem
incident-pm-not-needed = Não necessário
incident-pm-write-anyway = Escrever um mesmo assim
incident-pm-not-started = Não iniciado.
incident-pm-start-button = Começar o post-mortem
incident-pm-required = Obrigatório
incident-pm-due = Prazo
incident-pm-optional = Opcional pelas
incident-pm-rules = regras
incident-details = Detalhes
incident-source = Origem
incident-last-changed = Última alteração
incident-history = Histórico
incident-changes = { $count ->
    [one] { $count } alteração
   *[other] { $count } alterações
}
incident-no-changes = Nenhuma alteração registrada.
incident-step-reopen = Reabrir
incident-step-investigating = Voltar a investigar
incident-step-identified = Causa identificada
incident-step-monitoring = Correção aplicada, monitorando
incident-step-resolve = Resolver
incident-step-close = Encerrar
milestone-impact_started_at = Início do impacto
milestone-detected_at = Detectado
milestone-acknowledged_at = Reconhecido
milestone-mitigated_at = Mitigado
milestone-resolved_at = Resolvido
milestone-closed_at = Encerrado
pm-state-draft = Rascunho
pm-state-in_review = Em revisão
pm-state-published = Publicado
source-form = Formulário web
source-api = API
source-alertmanager = Alertmanager
source-grafana = Grafana

## A equipe de resposta

team-title = Equipe de resposta
team-no-ic = Sem Comandante do Incidente
team-held-by-ic = Com o IC
team-members-under = Membros da equipe sob o { $lead }
team-role = Papel
team-person = Pessoa
team-handoff-note = Nota de passagem
team-handoff-placeholder = Situação atual, próximos passos
team-assign = Designar
team-handoffs = Histórico de passagens
team-from = de
team-to = até
team-now = (agora)
team-relieve = liberar
team-relieve-label = Liberar { $name }
team-role-ic = Comandante do Incidente
team-role-cl = Líder de Comunicação
team-role-ol = Líder de Operações
team-member-ol = Membro da equipe sob o OL
team-member-cl = Membro da equipe sob o CL
form-optional = opcional

## Atualizações para as partes interessadas

updates-title = Atualizações para as partes interessadas
updates-impact = Impacto
updates-next-overdue = Próxima atualização atrasada
updates-it-was-due = era para
updates-next-due = Próxima atualização
updates-public-shown = As atualizações públicas aparecem na
updates-public-page = página de status pública.
updates-earlier = { $count ->
    [one] { $count } atualização anterior na
   *[other] { $count } atualizações anteriores na
}
updates-on-timeline = linha do tempo.
updates-none = Nenhuma atualização publicada ainda.
updates-current-status = Situação atual
updates-status-placeholder = Estamos investigando falhas em pagamentos com cartão.
next-update-15 = em 15 minutos
next-update-30 = em 30 minutos
next-update-60 = em 1 hora
next-update-120 = em 2 horas
next-update-240 = em 4 horas
next-update-none = nenhuma outra atualização prevista

## A linha do tempo

timeline-title = Linha do tempo
timeline-export = Exportar
timeline-show-only = Mostrar só
timeline-all = Tudo
timeline-nothing = Nada registrado ainda.
timeline-nothing-of-kind = Nada deste tipo registrado ainda.
timeline-times-in = horários em { $zone }
timeline-automated = automático
timeline-key-event = Evento-chave
timeline-edited = { $count ->
    [one] Editado · ver { $count } versão anterior
   *[other] Editado · ver { $count } versões anteriores
}
timeline-add-note-label = Adicionar uma nota
timeline-note-placeholder = O que aconteceu, o que foi tentado, o que foi decidido.
timeline-happened-at = Aconteceu em
timeline-empty-for-now = vazio para agora
timeline-add-note = Adicionar nota
entry-kind-note = Nota
entry-kind-status = Status
entry-kind-severity = Severidade
entry-kind-milestone = Marco
entry-kind-role = Equipe
entry-kind-field = Alteração
entry-kind-status_update = Atualização de status
entry-kind-task = Tarefa
entry-kind-runbook = Runbook
entry-kind-alert = Alerta

## Tarefas

tasks-title = Tarefas
tasks-done-of = { $done } de { $count } feitas
tasks-none = Nenhuma tarefa ainda.
tasks-reopen = Reabrir: { $title }
tasks-mark-done = Marcar como feita: { $title }
tasks-from-runbook = de { $runbook }
tasks-new = Nova tarefa
tasks-assignee = Responsável
tasks-unassigned = Sem responsável
tasks-add = Adicionar
slo-label = { $target } % em { $days ->
    [one] { $days } dia
   *[other] { $days } dias
}

## Incidentes parecidos

similar-title = Isto já aconteceu antes
similar-hint = Incidentes como este: os mesmos serviços, os mesmos alertas ou um título parecido. O que os post-mortems deles aprenderam pode poupar tempo.
similar-same-alert = mesmo alerta
similar-similar-title = título parecido
similar-read = Ler o post-mortem
similar-none = Sem post-mortem.
similar-still-open = Ainda em aberto dele:

## Entrar

login-welcome = Bem-vindo ao Murphy
login-first-run = Ninguém pode entrar ainda. Na máquina que roda o Murphy, crie a primeira conta de administrador:
login-your-name = Seu Nome
login-sso-first-run = Ou entre com { $provider }, se os seus grupos lhe derem um papel.
login-first-run-hint = Ele pede uma senha (ou a lê da entrada padrão). Funciona com o Murphy rodando ou não. Depois recarregue esta página e entre. O administrador adiciona todos os outros em Administração → Pessoas. Com cargo run:
login-sso = Entrar com { $provider }
login-or-password = ou com a sua senha do Murphy
login-email = E-mail
login-password = Senha
login-forgot = Esqueceu a senha?

## Formulários

form-required = obrigatório
form-fix-fields = Corrija os campos marcados abaixo; nada do que você digitou foi perdido.
form-cancel = Cancelar
form-choose = Escolha…

## Declarar um incidente

declare-title = Declarar um incidente
declare-not-filed = O incidente não foi registrado.
declare-take-command = Eu assumo o comando.
declare-take-command-hint = Você se torna o Comandante do Incidente, e o incidente conta como reconhecido.
fields-title = Título
fields-title-placeholder = O checkout falha em pagamentos com cartão
fields-affected-services = Serviços afetados
fields-no-services = Nenhum serviço ainda.
fields-name-them = Indique-os abaixo e eles são adicionados.
fields-add-services = Adicione serviços para registrar o que um incidente afeta.
fields-others = Outros
fields-new-services-hint = nomes separados por vírgulas; os novos são adicionados como serviços
fields-summary-placeholder = O que está acontecendo, o que se sabe até agora.
fields-impact-placeholder = Quem é afetado e como.
fields-restricted-hint = só a equipe de resposta e os administradores o veem. Incidentes de segurança sempre começam restritos.
fields-milestones-hint = Corrija qualquer marco à mão; deixe vazio o que não aconteceu. Cada um deve vir no mesmo momento ou depois do anterior.
fields-new-services-placeholder = pagamentos, gateway-cartao

## Editar um incidente

form-not-saved = Não salvo.
edit-merged-title = { $count ->
    [one] Outra pessoa alterou um campo que você também alterou, enquanto você editava.
   *[other] Outra pessoa alterou { $count } campos que você também alterou, enquanto você editava.
}
edit-merged-text = { $count ->
    [one] Nada foi salvo ainda. As outras alterações dela e as suas já estão combinadas no formulário abaixo; para o campo listado aqui o formulário agora tem o valor dela. Escolha e salve.
   *[other] Nada foi salvo ainda. As outras alterações dela e as suas já estão combinadas no formulário abaixo; para os campos listados aqui o formulário agora tem o valor dela. Escolha para cada um e salve.
}
edit-conflict-title = Outra pessoa salvou este incidente enquanto você editava.
edit-conflict-text = Nada seu foi salvo e nada do que você digitou foi perdido. Compare abaixo, ajuste o formulário e salve de novo para manter a sua versão.
edit-col-field = Campo
edit-col-theirs-merged = A dela (agora no formulário)
edit-col-saved = Salvo agora
edit-col-yours-merged = A sua (copie de volta para mantê-la)
edit-col-yours = A sua (no formulário)

## Páginas de erro

error-go-incidents = Ir para os incidentes
error-home = Início

## Sua conta

account-title = Sua conta
account-tokens = Tokens de API
account-times-in = Horários em
account-zone-hint = O fuso horário do navegador é usado quando ele o informa ao Murphy; senão, os horários ficam em UTC. Um administrador altera nomes e papéis.
account-email-me-when = Envie-me um e-mail quando
account-no-mail = O Murphy ainda não envia e-mails: um administrador configura o servidor de e-mail.
account-change-password = Mudar a sua senha
account-not-changed = Não alterada.
account-fix-fields = Corrija os campos marcados abaixo.
account-current-password = Senha atual
account-new-password = Nova senha
account-password-hint = pelo menos { $min } caracteres
account-new-password-again = Nova senha de novo
account-change-password-button = Mudar a senha
account-email-none = O Murphy não vai lhe enviar e-mails sobre o seu trabalho.
account-email-saved = As suas escolhas de e-mail foram salvas.
account-password-changed = Senha alterada. As suas outras sessões foram encerradas.
role-viewer = Leitor
role-responder = Respondente
role-admin = Administrador
email-kind-role = eu receber um papel na resposta
email-kind-review = me pedirem para revisar um post-mortem
email-kind-overdue = uma ação minha estiver atrasada
email-kind-reset = eu pedir um link para redefinir a senha

## Senhas esquecidas

forgot-sent = Se uma conta usa esse endereço, um link para escolher uma nova senha está a caminho. Ele funciona uma vez, dentro de uma hora.
forgot-back = Voltar para entrar
forgot-no-mail = O Murphy não envia e-mails aqui, então não pode lhe mandar um link. Peça a um administrador para definir uma nova senha para você (Administração → Pessoas).
forgot-ask = Informe o e-mail da sua conta: enviamos um link para escolher uma nova senha.
forgot-send = Enviar o link
reset-title = Escolha uma nova senha
reset-for = Para
reset-signed-out = Todas as sessões desta conta são encerradas quando ela for salva.
reset-save = Salvar a nova senha
reset-expired = Este link não funciona mais
reset-expired-text = Um link de redefinição funciona uma vez, dentro de uma hora.
reset-ask-new = Peça um novo.

## Tokens de API

tokens-everything = Tudo o que você pode fazer
tokens-never-expires = Nunca
tokens-one-year = 1 ano
tokens-new = O seu novo token.
tokens-copy-now = Copie agora: o Murphy guarda só um resumo e não pode mostrá-lo de novo.
tokens-send-as = Envie como
tokens-acts-as = Ele age com o seu papel, dentro dos seus escopos.
tokens-none = Nenhum token ainda
tokens-none-hint = Scripts e monitoramento usam tokens para chamar a API em seu nome.
tokens-col-name = Nome
tokens-col-prefix = Começa com
tokens-col-may-do = Pode fazer
tokens-col-created = Criado
tokens-col-last-used = Último uso
tokens-col-expires = Expira
tokens-col-actions = Ações
tokens-never = nunca
tokens-expired = Expirado
tokens-revoked = Revogado
tokens-no-longer-works = Não funciona mais
tokens-revoke = Revogar
tokens-create-title = Criar um token
tokens-what-for = Para que serve
tokens-name-placeholder = Alertmanager em produção
tokens-what-may-do = O que ele pode fazer
tokens-scopes-hint = Não marque nenhum para tudo o que você pode fazer. Um token para o Alertmanager precisa só de alertas; um script de relatório, só de leitura.
tokens-expires-after = Expira depois de
tokens-create = Criar token
scope-read = Ler tudo
scope-alerts = Enviar alertas (Alertmanager, Grafana)
scope-incidents = Incidentes: registrar, alterar, equipe, linha do tempo, atualizações, tarefas
scope-postmortems = Post-mortems e ações
scope-services = Serviços, objetivos e orçamentos de erro
scope-status = Página de status, manutenção e assinantes
scope-admin = Administração: pessoas, webhooks, runbooks, fatores e gatilhos

## Post-mortem blockers

pm-blocker-section = A seção “{ $section }” está vazia: escreva-a ou marque-a como não aplicável.
pm-blocker-question = Responda à pergunta “{ $question }”.
pm-blocker-no-actions = Adicione pelo menos um item de ação ou diga por que nenhum é necessário.
pm-blocker-no-review = Envie para revisão primeiro.
pm-blocker-not-approved = { $name } ainda não aprovou.

## A new post-mortem's first draft

prefill-impact-started = O impacto começou em { $at }.
prefill-time-to-detect = Tempo até detectar: { $span }.
prefill-time-to-acknowledge = Tempo até reconhecer: { $span }.
prefill-time-to-mitigate = Tempo até mitigar: { $span }.
prefill-time-to-resolve = Tempo até resolver: { $span }.
prefill-team = Equipe de resposta:
team-role-member = Membro da equipe
pm-already-published = O post-mortem já foi publicado.
pm-not-published-yet = Ainda não publicado: { $blockers }

## Starting a post-mortem

pm-start-no-template = Escolha um modelo da lista.
pm-start-no-language = Escolha English ou Português (Brasil).
pm-started = Post-mortem iniciado a partir do registro do incidente com o modelo “{ $template }”. Preencha o resto.
pm-start-existed = Este incidente já tem um post-mortem.
pm-start-template-gone = Esse modelo foi aposentado ou removido; escolha outro.
form-save = Salvar

## Labels of post-mortem things

tag-kinds-factor = Fatores contribuintes
tag-kinds-trigger = Gatilhos
tag-kind-factor = Fator contribuinte
tag-kind-trigger = Gatilho
detection-alert = Um alerta do monitoramento
detection-synthetic = Uma verificação sintética
detection-employee = Alguém da empresa
detection-customer = Um cliente
action-kind-prevent = Prevenir
action-kind-mitigate = Mitigar
action-kind-detect = Detectar
action-kind-process = Processo
action-priority-p1 = P1 · Urgente
action-priority-p2 = P2 · Alta
action-priority-p3 = P3 · Média
action-priority-p4 = P4 · Baixa
action-status-open = Aberto
action-status-in_progress = Em andamento
action-status-done = Concluído
action-status-wont_do = Não será feito

## The post-mortem page

pm-title = Post-mortem
pm-revision = Revisão { $n }
pm-published = publicado
pm-by = por { $name }
pm-export = Exportar
pm-print = Imprimir
pm-revisions = Revisões
pm-template = Modelo
pm-template-version = { $name }, versão { $version }
pm-written-in = escrito em
pm-authors = Autores
pm-reviewers = Revisores
pm-approved = aprovou
pm-pending = pendente
pm-flag-summary = { $count ->
    [one] { $count } trecho pode culpar pessoas em vez de sistemas; veja as notas ao lado de cada seção.
   *[other] { $count } trechos podem culpar pessoas em vez de sistemas; veja as notas ao lado de cada seção.
}
pm-edit = Editar
pm-approve = Aprovar
pm-publish = Publicar
pm-publish-blocked = { $count ->
    [one] Publicar: falta { $count } coisa
   *[other] Publicar: faltam { $count } coisas
}
pm-reopen = Reabrir para uma nova revisão
pm-before-publishing = Antes de publicar:
pm-confirm-approve = Aprovar com comentários seus ainda abertos?
pm-confirm-approve-why = Aprovar diz que o post-mortem está pronto. Resolva os comentários que foram respondidos ou aprove assim mesmo se eles não precisam segurá-lo.
pm-approve-anyway = Aprovar assim mesmo
pm-confirm-publish = { $count ->
    [one] Publicar com { $count } trecho que pode culpar pessoas?
   *[other] Publicar com { $count } trechos que podem culpar pessoas?
}
pm-confirm-publish-why = Um post-mortem publicado é lido por quem não estava na sala. Esses trechos citam pessoas ou julgam o que fizeram; dizer o que o sistema permitiu costuma ensinar mais.
pm-flag-in = “{ $phrase }” em “{ $sentence }”
pm-flag-in-sentence = em “{ $sentence }”
pm-flags-for = Notas de linguagem sem culpa para { $section }
pm-edit-first = Editar antes
pm-publish-anyway = Publicar assim mesmo
pm-send-to = Enviar para revisão a
pm-send-for-review = Enviar para revisão
pm-what-contributed = O que contribuiu
pm-none-chosen = Nenhum escolhido ainda
pm-detected-by = Detectado por
pm-not-said-yet = Ainda não informado
pm-not-said = Não informado
pm-change-classification = Alterar fatores, gatilhos e detecção
pm-classification-conflict = Outra pessoa alterou isto enquanto você escolhia.
pm-classification-conflict-more = O que ela salvou aparece acima; suas escolhas estão mantidas abaixo. Salve de novo para substituir as dela.
pm-retired = aposentado
pm-edit-lists = Editar as listas
pm-not-applicable = Não se aplica.
pm-not-written = Ainda não escrito.
pm-not-written-optional = Ainda não escrito (opcional).
pm-comment-resolved = Resolvido
pm-comment-resolve = Resolver
pm-comment-on = Comentar em { $section }
pm-comment-placeholder = Comente esta seção
pm-comment = Comentar
pm-questions = Perguntas
pm-not-answered-yet = Ainda sem resposta.
pm-answer-yes = Sim
pm-answer-no = Não
pm-no-actions-yet = Nenhum ainda.
pm-no-actions-needed = Nenhum necessário: { $reason }
pm-action-placeholder = Adicionar uma etapa canário ao pipeline de deploy
pm-nobody-yet = Ninguém ainda
pm-tracker-link = Link no rastreador
pm-add-action = Adicionar item de ação
pm-none-yet = Ainda não há post-mortem
pm-none-yet-why = Um post-mortem sem culpa transforma este incidente em lições e trabalho de acompanhamento. Ele começa preenchido com o registro do incidente: resumo, impacto e durações, os eventos principais da linha do tempo e a equipe de resposta.
pm-template-fits = { $template } (adequado a este incidente, { $severity })
pm-template-sre = Post-mortem SRE: as doze seções
pm-template-sre-only = Segue as doze seções do post-mortem SRE; admins podem adicionar modelos para tipos e severidades de incidente.
pm-language = Escrito em
pm-language-hint = Os títulos do modelo padrão e a verificação de linguagem sem culpa seguem este idioma.
pm-copy-all = Copiar todas as entradas da linha do tempo, não só os eventos principais
pm-start = Iniciar o post-mortem

## The post-mortem editor

pm-edit-title = Editar post-mortem
pm-nothing-saved = Nada foi salvo:
pm-typed-below = Tudo o que você digitou está abaixo.
pm-conflict = Outra pessoa salvou o post-mortem enquanto você escrevia.
pm-conflict-more = Nada seu foi salvo e nada do que você digitou se perdeu. Onde o texto dela difere do seu, ele aparece acima do seu campo. Junte o que precisar e salve de novo.
pm-blameless-advice = Escreva sobre sistemas e processos, não sobre pessoas: o Murphy marca expressões que tendem a culpar, com uma forma de dizer de outro jeito. As marcas são conselhos; nunca impedem salvar ou publicar.
pm-sections = Seções
pm-na = n/a
pm-empty = vazia
pm-flag-count-title = Trechos que podem culpar pessoas
pm-written = Escrita
pm-no-actions-nav = Sem itens de ação?
pm-preview = Prévia
pm-flag-in-word = em
pm-mark-na = Não se aplica
pm-saved-meanwhile = Salvo nesse meio-tempo por outra pessoa:
pm-answered-meanwhile = Respondido nesse meio-tempo por outra pessoa: { $answer }
pm-not-answered = Sem resposta
pm-no-actions-why = Se nenhum item de ação é necessário, por quê
pm-read-only = O post-mortem está publicado e só pode ser lido; reabra-o para começar uma nova revisão.
pm-saved = Post-mortem salvo como revisão { $revision }.
pm-preview-too-long = O texto tem mais de 100.000 caracteres.

## Revisions, action items, what we learned

pm-revisions-title = Revisões do post-mortem
pm-compare-revision = Comparar a revisão
pm-compare-with = com
pm-compare = Comparar
pm-revision-from-to = Revisão { $from } → { $to }
pm-no-differences = Nenhuma diferença.
pm-every-revision = Todas as revisões salvas
actions-filter = Filtrar itens de ação
actions-anyone = Qualquer pessoa
actions-me = Eu
actions-overdue-only = Só os atrasados
filter-apply = Aplicar
actions-none = Nenhum item de ação aqui
actions-none-why = Itens de ação vêm dos post-mortems. Mude os filtros ou abra o post-mortem de um incidente para adicionar um.
learn-title-about = Post-mortems sobre “{ $q }”
learn-heading = O que aprendemos
learn-search = Buscar post-mortems
learn-words = Palavras
learn-placeholder = canário, "pool de conexões", -staging
learn-factor-or-trigger = Fator ou gatilho
learn-from = De
learn-to = Até
learn-search-button = Buscar
learn-nothing = Nada encontrado
learn-nothing-why = Nenhum post-mortem publicado que você pode ver menciona isso. Tente menos palavras ou outras, ou limpe os filtros.
learn-none = Nenhum post-mortem publicado ainda
learn-none-why = Os post-mortems aparecem aqui quando são publicados: é assim que a equipe aprende com os incidentes.
learn-best-first = Melhores resultados primeiro, dos mais recentes; defina datas para ir mais longe no passado.
learn-newest-first = Mais recentes primeiro.
learn-factors-triggers = Fatores e gatilhos
learn-more-label = Mais post-mortems
learn-more = Mais
pm-action-items = Itens de ação

## Reports

policy-or = { " " }ou{ " " }
policy-data-loss = qualquer perda de dados
policy-impact-over = impacto visível aos usuários acima de { $minutes } min
policy-resolution-over = resolução acima de { $hours } h
policy-from-alert = plantão acionado por um alerta
policy-by-person = descoberto por uma pessoa e não pelo monitoramento
measure-time_to_detect = Tempo até detectar
measure-time_to_acknowledge = Tempo até reconhecer
measure-time_to_mitigate = Tempo até mitigar
measure-time_to_resolve = Tempo até resolver
measure-def-time_to_detect = início do impacto → detecção
measure-def-time_to_acknowledge = detecção → reconhecimento
measure-def-time_to_mitigate = início do impacto → mitigação
measure-def-time_to_resolve = início do impacto → resolução
measure-missing-time_to_detect = sem hora de detecção
measure-missing-time_to_acknowledge = sem hora de detecção ou de reconhecimento
measure-missing-time_to_mitigate = ainda não mitigado
measure-missing-time_to_resolve = ainda não resolvido
report-download = Baixar
report-filters = Período e filtros do relatório
report-trend-by = Tendência por
report-week = Semana
report-month = Mês
report-show = Mostrar
report-cannot = Não é possível montar este relatório:
report-scope = Incidentes cujo impacto começou de { $from } a { $to } (UTC)
report-scope-on = em { $service }
report-empty = Nenhum incidente neste período
report-empty-why = Amplie as datas ou limpe um filtro para ver os números.
report-summary = Resumo
report-incidents-word = { $count ->
    [one] incidente
   *[other] incidentes
}
report-median-of = mediana do { $measure }
report-counted = { $count } contados
report-left-out = { $count } de fora: { $why }
report-times-by-severity = Tempos de resposta por severidade
report-times-by-service = Tempos de resposta por serviço
report-left-out-note = Incidentes sem um marco de que um número precisa ficam de fora desse número, e a tabela diz quantos.
report-per-week = Incidentes por semana
report-per-month = Incidentes por mês
report-per-severity-week = Incidentes por semana e severidade
report-per-severity-month = Incidentes por mês e severidade
report-chart-incidents = Gráfico de incidentes; em uma tela estreita ele rola para o lado
report-bars-desc = Barras empilhadas de { $from } a { $to }; a tabela abaixo tem os números.
report-incidents = Incidentes
report-mttr-per-week = Mediana do tempo até resolver por semana
report-mttr-per-month = Mediana do tempo até resolver por mês
report-mttr-title-week = Mediana do tempo até resolver por semana; semanas sem nada resolvido ficam em branco
report-mttr-title-month = Mediana do tempo até resolver por mês; meses sem nada resolvido ficam em branco
report-none-resolved = Nenhum incidente deste período foi resolvido ainda.
report-chart-resolve = Gráfico do tempo até resolver; em uma tela estreita ele rola para o lado
report-the-numbers = Os números
report-period-week = Semana de
report-period-month = Mês
report-total = Total
report-median-resolve = Mediana do tempo até resolver
report-median-detect = Mediana do tempo até detectar
report-top-count = Serviços com mais incidentes
report-no-service = Nenhum incidente deste período cita um serviço.
report-top-impact = Serviços com mais impacto
report-no-impact = Nenhum impacto registrado em um serviço neste período.
report-impact = Impacto
report-impact-how = Do início do impacto até a mitigação (ou a resolução; se ainda em curso, até agora).
report-actions-from = Dos post-mortems destes incidentes.
report-open-or-in-progress = Abertos ou em andamento
report-overdue = Atrasados
report-missing = Post-mortems obrigatórios ainda não publicados
report-required-by = Exigidos pelas regras
report-change-rules = alterar
report-due-days = Prazo de { $days } dias após a resolução; um admin pode registrar que um não é necessário.
report-missing-none = Nenhum: todo incidente resolvido neste período que precisa de post-mortem tem um publicado.
report-newest-listed = os { $count } mais recentes estão listados
report-not-started = Não iniciado
report-learning-how = Dos fatores contribuintes, gatilhos e fontes de detecção marcados nos post-mortems destes incidentes. Um incidente conta uma vez em cada marcação; o impacto vai do início do impacto até a mitigação (ou a resolução; se ainda em curso, até agora).
report-learning-none = Nenhum post-mortem destes incidentes foi marcado ainda. Marque-os na página de cada post-mortem, em “O que contribuiu”.
report-factor-impact-per-week = Impacto por fator contribuinte por semana
report-factor-impact-per-month = Impacto por fator contribuinte por mês
report-chart-factors = Gráfico dos fatores contribuintes; em uma tela estreita ele rola para o lado
report-factor-bars-desc = Barras empilhadas dos { $count } fatores com mais impacto; a tabela abaixo tem os números.
report-unit-Hours = Horas
report-unit-Minutes = Minutos
report-none-tagged = Nenhum marcado.
report-how-detected = Como foram detectados
report-no-postmortem = Nenhum post-mortem ainda.
report-detection-hint = Incidentes com post-mortem. Os descobertos por uma pessoa e não pelo monitoramento apontam lacunas nos alertas.
report-group = Grupo
report-median-p90-mean = mediana · p90 · média
report-no-impact-tagged = nenhum impacto marcado
report-md-left-out = { $count } de fora
report-md-title = Relatório de incidentes
report-md-generated = Gerado em { $at }.
report-md-response-times = Tempos de resposta
report-md-each-cell = Cada célula: mediana / p90 / média. Incidentes sem um marco de que um número precisa ficam de fora desse número e são contados.
report-md-trend = Tendência
report-md-period = Período
report-md-impact-minutes = Minutos de impacto
report-md-source = Fonte
report-md-actions = Concluídos: { $done }. Abertos: { $open } ({ $overdue } atrasados). Não serão feitos: { $wont }.
report-md-none = Nenhum.
report-md-in-all = { $count } ao todo
report-no-such-format = "{ $format }" não é um formato de exportação; use csv, json, md ou pdf.
report-all-incidents = Todos os incidentes

## What the timeline says of itself (said again in each reader's language)

tl-text = { $text }
tl-status-investigating = investigando
tl-status-identified = identificado
tl-status-monitoring = monitorando
tl-status-resolved = resolvido
tl-status-closed = encerrado
tl-status-changed = Status alterado de { $old } para { $new }.
tl-severity-changed = Severidade alterada de { $old } para { $new }.
tl-restricted = restrito
tl-open = aberto a todos
tl-field-title = Título
tl-field-summary = Resumo
tl-field-kind = Tipo
tl-field-services = Serviços afetados
tl-field-customer_impact = Impacto nos clientes
tl-field-restricted = Restrição
tl-field-edited = { $field }: editado.
tl-field-set = { $field } definido como “{ $new }”.
tl-field-cleared = { $field } apagado (era “{ $old }”).
tl-field-changed = { $field } alterado de “{ $old }” para “{ $new }”.
tl-milestone-at = { $milestone } em { $at }.
tl-milestone-cleared = { $milestone } apagado (era { $was }).
tl-milestone-corrected = { $milestone } corrigido de { $from } para { $to }.
tl-kind-outage = indisponibilidade
tl-kind-degradation = degradação
tl-kind-security = segurança
tl-kind-ddos = DDoS
tl-kind-traffic_surge = pico de tráfego
tl-kind-deploy_failure = falha de build ou deploy
tl-kind-data_loss = perda de dados
tl-kind-other = outro
tl-declared = Incidente { $severity } declarado: { $kind }.
tl-opened-from-alerts = Incidente { $severity } aberto por alerta(s) do { $source }: { $kind }.
tl-runbook = { $steps ->
    [one] Runbook “{ $title }” anexado: { $steps } etapa adicionada como tarefa.
   *[other] Runbook “{ $title }” anexado: { $steps } etapas adicionadas como tarefas.
}
tl-no-postmortem = Post-mortem não necessário: { $reason }
tl-impact-full = indisponibilidade total
tl-impact-partial = parcial (conta pela metade)
tl-impact-changed = Impacto em { $service } alterado de { $old } para { $new }.
tl-task-added = Tarefa adicionada: { $task }
tl-task-added-for = Tarefa adicionada para { $name }: { $task }
tl-task-given = Tarefa dada a { $name }: { $task }
tl-task-unassigned = Tarefa sem responsável: { $task }
tl-task-done = Tarefa concluída: { $task }
tl-task-reopened = Tarefa reaberta: { $task }
tl-joined-under = { $name } entrou na equipe sob o { $lead }.
tl-joined-under-from = { $name } entrou na equipe sob o { $lead }, passagem de { $from }.
tl-took-role = { $name } assumiu o papel de { $role }.
tl-took-role-from = { $name } assumiu o papel de { $role }, passagem de { $from }.
tl-with-note = { $entry } Nota: { $note }
tl-acknowledged = Reconhecido: { $name } assumiu o comando.
tl-left-under = { $name } saiu da equipe sob o { $lead }.
tl-relieved = { $name } foi liberado do papel de { $role }.
tl-update = Atualização { $audience }: { $status }
tl-update-next = Atualização { $audience }: { $status } Próxima atualização até { $at }.
tl-alert-firing = Alerta { $alert } disparado.
tl-alert-firing-headline = Alerta { $alert } disparado: { $headline }
tl-alert-firing-again = Alerta { $alert } disparado. (de novo)
tl-alert-firing-headline-again = Alerta { $alert } disparado: { $headline } (de novo)
tl-alert-resolved = Alerta { $alert } resolvido.
tl-alerts-mitigated = Todos os alertas foram resolvidos: mitigação definida em { $at }. Resolva o incidente quando a correção for confirmada.
tl-audience-internal = interna
tl-audience-public = pública

## What a page says after an action

flash-closing-update-refused = Não resolvido: a atualização de encerramento foi recusada. { $why }
flash-not-closed-reason = Não encerrado: diga por que nenhum post-mortem é necessário ou inicie um.
flash-not-closed-too-long = Não encerrado: o motivo pode ter no máximo 2.000 caracteres.
flash-not-closed-choose = Não encerrado: escolha se o post-mortem deve ser iniciado.
flash-no-such-status = “{ $value }” não é um status.
flash-status-now = { $incident } agora está { $status }.
flash-closing-update-internal = Atualização interna de encerramento publicada.
flash-closing-update-public = Atualização pública de encerramento publicada.
flash-pm-started-closing = Post-mortem iniciado a partir do registro do incidente com o modelo “{ $template }”.
flash-no-pm-reason = Sem post-mortem: o motivo está na linha do tempo.
flash-no-such-severity = “{ $value }” não é uma severidade.
flash-severity-now = { $incident } agora é { $severity }.
flash-no-such-impact = “{ $value }” não é total nem parcial.
flash-impact-set = Impacto definido como { $impact }.
flash-filed = { $incident } registrado. A resposta começa aqui.
flash-incident-saved = { $incident } salvo.
flash-task-added = Tarefa adicionada.
flash-team-updated = Equipe atualizada.
flash-note-added = Nota adicionada à linha do tempo.
flash-note-saved = Nota salva; a versão anterior fica guardada nas revisões.
flash-choose-next-update = Escolha quando a próxima atualização vence.
flash-update-published-internal = Atualização interna publicada.
flash-update-published-public = Atualização pública publicada.
flash-nothing-changed = Nada mudou.
flash-assignment-ended = A atribuição de { $name } já tinha terminado.

## The public status page

st-nav = Página de status
st-history = Histórico de incidentes
st-subscribe = Assinar
st-footer-times = Os horários aparecem no seu fuso quando os scripts rodam; senão, em UTC. Passe o mouse sobre um horário para ver em UTC.
st-footer-follow = Acompanhe:
st-powered = Feito com Murphy.
st-overall-none = Todos os sistemas operando normalmente
st-overall-minor = Instabilidade menor no serviço
st-overall-major = Indisponibilidade parcial do sistema
st-overall-critical = Grande indisponibilidade do serviço
st-overall-maintenance = Serviço em manutenção
st-updated = Atualizado
st-current = Incidentes em andamento
st-maintenance = Manutenção programada
st-maint-scheduled = Programada
st-maint-in_progress = Em andamento
st-maint-completed = Concluída
st-maint-cancelled = Cancelada
st-affects = Afeta { $components }
st-to = até
st-components = Componentes
st-no-components = Nenhum componente é exibido ainda.
st-state-operational = Operacional
st-state-under_maintenance = Em manutenção
st-state-degraded_performance = Desempenho degradado
st-state-partial_outage = Indisponibilidade parcial
st-state-major_outage = Grande indisponibilidade
st-available = { $uptime } de disponibilidade nos últimos 90 dias
st-uptime = { $uptime } de disponibilidade
st-today = Hoje
st-past = Incidentes anteriores
st-no-recent = Nenhum incidente resolvido nos últimos 14 dias.
st-status-investigating = Investigando
st-status-identified = Identificado
st-status-monitoring = Monitorando
st-status-resolved = Resolvido
st-impact = Impacto:
st-all-updates = { $count ->
    [one] { $count } atualização
   *[other] Todas as { $count } atualizações
}
st-none-reported = Nenhum incidente relatado.
st-months = Meses
st-older = Mais antigos
st-newer = Mais recentes
st-impact-began = O impacto começou em
st-resolved = resolvido em
st-no-incidents = nenhum incidente
st-impact-of = { $span } de impacto ({ $incidents })
js-your-time = seu horário

## What a form says is wrong

label-title = Título
label-summary = Resumo
label-customer-impact = Impacto nos clientes
label-note = Nota
label-name = Nome
val-required = O campo “{ $label }” é obrigatório.
val-nul = O campo “{ $label }” contém um caractere NUL (\0), que o Murphy não consegue guardar.
val-too-long = O campo “{ $label }” tem { $length } caracteres; o máximo é { $max }.
val-choose-kind = Escolha um tipo.
val-choose-severity = Escolha uma severidade.
val-not-a-kind = “{ $value }” não é um tipo.
val-not-a-severity = “{ $value }” não é uma severidade.
val-impact-start-required = O início do impacto é obrigatório.
flash-pm-sent = Enviado para revisão. Os revisores podem comentar cada seção e aprovar.
flash-pm-approved = Aprovado.
flash-pm-comments-open = { $count ->
    [one] Ainda não aprovado: seu comentário continua aberto.
   *[other] Ainda não aprovado: { $count } comentários seus continuam abertos.
}
flash-pm-not-in-review = Só um post-mortem em revisão pode ser aprovado.
flash-pm-changed-since = Não aprovado: o post-mortem foi salvo de novo depois que você o leu (agora é a revisão { $revision }). Leia de novo e aprove.
flash-pm-comment-added = Comentário adicionado em { $section }.
flash-pm-flags-first = Ainda não publicado: alguns trechos podem culpar pessoas. Veja-os primeiro.
flash-pm-published = Publicado. O post-mortem agora só pode ser lido.
flash-pm-reopened = Reaberto como rascunho: o próximo salvamento começa uma nova revisão; a publicada fica guardada.
flash-pm-not-published = O post-mortem não está publicado; continue escrevendo.
flash-pm-comment-resolved = Comentário resolvido.
flash-pm-comment-resolved-already = Esse comentário já estava resolvido.
flash-action-added = Item de ação adicionado.
flash-no-such-action-status = “{ $value }” não é um status de item de ação.
flash-action-status = “{ $title }” agora está { $status }.
flash-classification-saved = Fatores contribuintes, gatilhos e detecção salvos.

## The starter factors and triggers, as the migration wrote them (a team may rename them)

starter-change-not-tested-enough = Mudança pouco testada
starter-change-not-tested-enough-about = Uma mudança chegou à produção sem um teste ou uma implantação gradual que teria pegado o problema.
starter-configuration-drift = Desvio de configuração
starter-configuration-drift-about = Ambientes ou hosts estavam diferentes do que a equipe acreditava.
starter-capacity-limit = Limite de capacidade
starter-capacity-limit-about = Um recurso (CPU, memória, conexões, cota, disco) se esgotou sob carga.
starter-dependency-failure = Falha de dependência
starter-dependency-failure-about = Um serviço ou fornecedor de que dependemos falhou ou ficou lento.
starter-single-point-of-failure = Ponto único de falha
starter-single-point-of-failure-about = Um componente sem redundância derrubou o serviço junto.
starter-software-defect = Defeito de software
starter-software-defect-about = Um bug no nosso código se comportou mal em condições reais.
starter-monitoring-gap = Lacuna de monitoramento
starter-monitoring-gap-about = A falta de um alerta, ou um alerta atrasado ou ruidoso, escondeu o problema.
starter-runbook-gap = Lacuna no runbook
starter-runbook-gap-about = O runbook não existia, estava desatualizado ou era difícil de seguir.
starter-deployment = Deploy
starter-deployment-about = Uma liberação de código.
starter-configuration-change = Mudança de configuração
starter-configuration-change-about = Uma mudança de parâmetros, feature flags ou definições de infraestrutura.
starter-traffic-surge = Pico de tráfego
starter-traffic-surge-about = Mais requisições que o normal, ou requisições diferentes.
starter-upstream-outage = Falha de um fornecedor
starter-upstream-outage-about = Um fornecedor ou o serviço de outra equipe falhou.
starter-infrastructure-fault = Falha de infraestrutura
starter-infrastructure-fault-about = Hardware, rede ou uma zona da nuvem falhou.
starter-expiry = Expiração
starter-expiry-about = Um certificado, credencial, domínio ou licença expirou.
starter-scheduled-job = Tarefa agendada
starter-scheduled-job-about = Um job em lote, uma migração ou uma tarefa de manutenção.
starter-manual-operation = Operação manual
starter-manual-operation-about = Um comando ou uma ação no console executados à mão.

## Email to people about their work

email-why = (Você recebe isto porque trabalha no Murphy. Desligue esses e-mails em Configurações → Conta.)
email-role = { $role }
email-role-under = membro da equipe sob o { $lead }
email-role-subject = Você é { $what } em { $incident }
email-role-body = Agora você é { $what } em { $incident }: { $title } ({ $severity }).

    { $link }
email-overdue-subject = Atrasado: { $title }
email-overdue-body = Seu item de ação “{ $title }” de { $incident } ({ $incident_title }) vencia em { $due }.

    Marque-o como concluído ou mude o rumo dele com a equipe do post-mortem:
    { $link }
email-review-subject = Revisão pedida: o post-mortem de { $incident }
email-review-body = Pedimos que você revise o post-mortem de { $incident }: { $title }.

    { $link }
email-reset-subject = Redefina sua senha do Murphy
email-reset-body = Alguém (esperamos que você) pediu para redefinir a senha de { $email } no Murphy.

    Escolha uma nova senha: { $link }

    O link funciona uma vez, dentro de uma hora. Se não foi você, ignore esta mensagem: sua senha continua a mesma.

## Notes, their revisions, services

note-edit-title = Editar nota
note-edit-on = Editar nota de
note-conflict = Esta nota mudou enquanto você a editava.
note-conflict-more = Nada seu foi salvo e nada do que você digitou se perdeu. Agora ela diz:
note-conflict-then = Ajuste seu texto abaixo e salve de novo para substituí-la; o texto atual fica guardado como revisão de qualquer jeito.
note-fix-fields = Corrija os campos marcados abaixo.
label-note-field = Nota
note-happened-at = Aconteceu em
note-key-event = Evento-chave
note-save = Salvar nota
note-revisions-title = Revisões da nota
note-revisions-on = Revisões de uma nota de
note-current-version = Atual (versão { $version })
note-version = Versão { $version }
note-written = escrita
note-never-edited = Esta nota nunca foi editada.
svc-none = Nenhum serviço ainda
svc-none-why = Serviços são os sistemas que os incidentes afetam: “checkout”, “API de busca”, “app móvel”. Adicione o primeiro com o formulário.
svc-objective = Objetivo
svc-budget-left = Orçamento de erro restante
svc-actions = Ações
svc-none-set = Nenhum
svc-used-of = { $used } usados de { $allowed }
svc-missed = Objetivo não cumprido
svc-burn-title = Orçamento de erro restante de { $service } nos últimos { $days } dias, agora
svc-daily = Números diários
svc-day-of-window = Dia da janela
svc-set-objective = Definir um objetivo
svc-no-objective = Sem objetivo
svc-budget-how = O orçamento restante vale para a janela de cada objetivo até agora. Um incidente o consome do início do impacto até a mitigação (ou a resolução); impacto parcial conta pela metade, e incidentes sobrepostos em um serviço contam uma vez.
svc-add-title = Adicionar um serviço
svc-add = Adicionar serviço
svc-description = Descrição
svc-slo-legend = Objetivo de disponibilidade (SLO)
svc-slo-hint = Incidentes neste serviço consomem o orçamento de erro do início do impacto até a mitigação. Deixe os dois em branco para nenhum.
svc-target = Meta, %
svc-window = Janela, dias
svc-maintenance-counts = Manutenção programada também consome este orçamento
svc-edit-title = Editar serviço
svc-conflict = Outra pessoa salvou este serviço enquanto você editava.
svc-conflict-more = Agora ele se chama “{ $name }”, com a descrição “{ $description }”. Seu texto está mantido abaixo; salve de novo para substituir o dela.
svc-delete = Excluir
svc-cannot-delete = { $count ->
    [one] { $count } incidente cita este serviço, então ele não pode ser excluído.
   *[other] { $count } incidentes citam este serviço, então ele não pode ser excluído.
}
svc-no-incident = Nenhum incidente cita este serviço.
svc-delete-named = Excluir { $name }
svc-none-left = Nada restante

## What a refused request is told (pages and problem documents)

problem-not-found = Não há nada neste endereço.
problem-unauthorized = Entre primeiro. Scripts enviam um token de API como Authorization: Bearer <token>.
problem-forbidden = Seu papel não permite isto. Peça a um admin se precisar.
problem-csrf = Este formulário expirou ou não veio do Murphy. Volte, recarregue a página e tente de novo; nada foi salvo.
problem-validation = Alguns campos precisam de atenção.
problem-malformed = Não é possível ler o corpo; nada foi alterado.
problem-overloaded = O Murphy está sobrecarregado ou não alcança o banco de dados. Tente de novo em instantes.
problem-database-lost = O Murphy perdeu a conexão com o banco de dados enquanto trabalhava nisto. Se você estava salvando algo, confira se foi salvo antes de enviar de novo.
problem-disk-full = O banco de dados do Murphy ficou sem espaço em disco, então nada foi salvo. Avise quem cuida do Murphy; envie de novo quando houver espaço.
problem-internal = Algo deu errado do nosso lado. Ficou registrado.
status-code-400 = Requisição inválida
status-code-401 = Não autenticado
status-code-403 = Proibido
status-code-404 = Não encontrado
status-code-405 = Método não permitido
status-code-409 = Conflito
status-code-413 = Conteúdo grande demais
status-code-415 = Tipo de conteúdo não suportado
status-code-422 = Entidade não processável
status-code-428 = Pré-condição exigida
status-code-429 = Requisições demais
status-code-500 = Erro interno do servidor
status-code-503 = Serviço indisponível

## While the database is away; a refused single sign-on

unavailable-heading = O Murphy não alcança o banco de dados
disk-full-heading = O banco de dados do Murphy está sem espaço em disco
unavailable-reading = Tudo o que já foi salvo está seguro. O Murphy está tentando de novo sozinho; esta página tenta outra vez a cada poucos segundos.
unavailable-writing = Nada foi salvo. Volte (o navegador guarda o que você digitou) e envie de novo quando o Murphy voltar; ele está tentando de novo sozinho.
unavailable-since = Inacessível desde
unavailable-try-again = Tentar de novo agora
too-slow-heading = Isso demorou demais
too-slow-reading = O Murphy desistiu desta página depois de { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }. Tente de novo; se continuar acontecendo, avise quem administra o Murphy.
too-slow-writing = O Murphy desistiu disto depois de { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }. Veja se a sua alteração foi salva antes de enviá-la de novo.
sso-not-signed-in = Sem sessão iniciada
sso-try-again = Tentar de novo
sso-with-password = Entrar com senha
sso-keeps-failing = Se continuar falhando, um admin do Murphy pode ver o que o seu provedor de identidade enviou em Admin → Login único.

## Subscribing to the status page

sub-title = Assine as atualizações
sub-lead = Saiba de incidentes, mudanças de estado e manutenções assim que forem publicados aqui. Seu endereço nunca aparece nesta página.
sub-throttled = Requisições demais vindas da sua rede.
sub-throttled-more = Tente de novo em uma hora.
sub-how = Como
sub-email = E-mail
sub-no-email = esta página ainda não envia e-mail
sub-email-address = Endereço de e-mail
sub-email-hint = para e-mail: enviamos um link para confirmar
sub-webhook-url = URL do webhook
sub-webhook-hint = para um webhook: enviamos (POST) JSON assinado para ela
sub-back = Voltar à página de status
sub-or-follow = Ou acompanhe um feed:
sub-yours = Sua assinatura
sub-email-to = E-mail para
sub-webhook-to = Webhook para
sub-not-confirmed = Ainda não confirmada.
sub-not-confirmed-more = Nada é enviado até você confirmar.
sub-confirm = Confirmar minha assinatura
sub-save-choice = Salvar minha escolha
sub-leave = Sair
sub-unsubscribe = Cancelar assinatura
sub-secret = Segredo de assinatura (mostrado uma vez)
sub-page-link = A página da sua assinatura (guarde-a: ela cancela a assinatura)
sub-what = Do que ser avisado
sub-everything = Tudo nesta página
sub-only = Só estes componentes:
sub-check-inbox = Confira sua caixa de entrada
sub-check-inbox-1 = Enviamos uma mensagem ao endereço informado. Siga o link dela para confirmar: nada mais é enviado até você confirmar.
sub-check-inbox-2 = Nenhuma mensagem em alguns minutos? Veja a pasta de spam ou peça de novo em dez minutos.
sub-webhook-subscribed = Webhook assinado
sub-webhook-1 = O Murphy agora envia (POST) cada aviso como JSON para a sua URL. Cada requisição é assinada como os outros webhooks do Murphy: o cabeçalho Murphy-Signature é sha256= seguido do HMAC-SHA256, com a chave secreta abaixo, do cabeçalho Murphy-Timestamp, um ponto e o corpo.
sub-webhook-2 = Guarde os dois agora: eles não são mostrados de novo.
sub-confirmed = Assinatura confirmada. Você saberá do que for publicado aqui.
sub-choice-saved = Sua escolha foi salva.
sub-unsubscribe-ask = Cancelar a assinatura?
sub-hear-nothing = { $address } não receberá mais nada desta página.
sub-unsubscribed = Assinatura cancelada
sub-ended-already = Esta assinatura já tinha terminado.
sub-gone = { $address } não receberá mais nada desta página. Assine de novo quando quiser.
sub-webhook = Webhook
sub-webhook-placeholder = https://hooks.exemplo.com.br/status

## Maintenance

mt-title = Manutenção
mt-schedule = Programar manutenção
mt-schedule-button = Programar
mt-edit = Editar manutenção
mt-hint-before = Trabalho planejado, anunciado na
mt-hint-link = página de status pública
mt-hint-after = para os serviços que ele cobre e que a página mostra. Uma janela começa e termina sozinha nos seus horários; enquanto ela corre, os serviços aparecem “em manutenção”.
mt-pending = Programadas e em andamento
mt-nothing = Nada programado.
mt-past = Anteriores
mt-none = Nenhuma manutenção ainda.
mt-held-alerts = { $count ->
    [one] { $count } alerta retido durante a janela (nenhum incidente aberto)
   *[other] { $count } alertas retidos durante a janela (nenhum incidente aberto)
}
mt-cancel = Cancelar
mt-end-now = Encerrar agora
mt-conflict = Outra pessoa alterou esta janela, ou ela terminou, enquanto você editava.
mt-conflict-more = Seu texto está mantido abaixo; salve de novo para substituir o dela.
mt-title-hint = o público lê
mt-details = Detalhes
mt-details-hint = o que muda e o que as pessoas podem notar
mt-starts = Começa
mt-ends = Termina
mt-scheduled = Manutenção “{ $title }” programada; a página de status a anuncia.
mt-saved = Manutenção “{ $title }” salva.
mt-cancelled = Manutenção cancelada.
mt-ended = Manutenção encerrada.

## O que os assinantes da página de status recebem

st-default-name = Status dos serviços
sub-mail-off = Esta página ainda não envia e-mail; assine por feed ou webhook.
sub-mail-choose = Escolha do que ficar sabendo:
sub-mail-unsubscribe = Cancelar a assinatura:
sub-mail-why = Você recebe isto porque assinou { $page } ({ $url }).
sub-mail-again-subject = Sua assinatura de { $page }
sub-mail-again = Alguém (esperamos que você) pediu para assinar { $page } com este endereço. Ele já está assinado.
sub-mail-again-link = Escolha do que ficar sabendo ou cancele a assinatura: { $link }
sub-mail-confirm-subject = Confirme sua assinatura de { $page }
sub-mail-confirm = Alguém (esperamos que você) pediu para receber notícias de { $page } neste endereço.
sub-mail-confirm-link = Confirmar: { $link }
sub-mail-not-you = Se não foi você, ignore esta mensagem: nada mais será enviado.
notice-text = { $text }
notice-labelled = { $label }: { $text }
notice-impact = Impacto: { $text }
notice-status-now = O incidente agora está { $status }.
notice-status-investigating = em investigação
notice-status-identified = identificado
notice-status-monitoring = em monitoramento
notice-status-resolved = resolvido
notice-component-now = { $name } agora está: { $state }.
notice-state-operational = operacional
notice-state-under_maintenance = em manutenção
notice-state-degraded_performance = com desempenho degradado
notice-state-partial_outage = com indisponibilidade parcial
notice-state-major_outage = com indisponibilidade grave
notice-maintenance-scheduled = Manutenção agendada
notice-maintenance-started = Manutenção em andamento
notice-maintenance-completed = Manutenção concluída
notice-maintenance-cancelled = Manutenção cancelada
notice-window = De { $from } a { $to }.

## The names of fields in messages about them

label-description = Descrição
label-url = URL
label-tracker-link = Link do rastreador
label-update = Atualização
label-token = Token
label-task = Tarefa
label-question = Pergunta
label-prompt = Texto inicial
label-project-key = Chave do projeto
label-label-value = Valor do rótulo
label-steps = Passos
label-public-name = Nome público
label-person = Pessoa
label-impact = Impacto
label-guidance = Orientação
label-group = Grupo
label-email = E-mail
label-details = Detalhes
label-section-title = Título da seção

## What a form says is wrong (more)

val-choose-internal-or-public = Escolha interna ou pública.
val-the-next-update-must-be-due = A próxima atualização precisa estar prevista para o futuro.
val-the-next-update-must-be-due-within = A próxima atualização precisa estar prevista para daqui a no máximo uma semana.
val-say-whether-the-member-works-under = Diga se o membro trabalha sob o CL ou o OL.
val-a-note-cannot-record-something-that = Uma nota não pode registrar algo que ainda não aconteceu.
val-choose-a-priority-p1-to-p4 = Escolha uma prioridade, de P1 a P4.
val-choose-prevent-mitigate-detect-or-process = Escolha prevenir, mitigar, detectar ou processo.
val-choose-open-in-progress-done-or = Escolha aberta, em andamento, concluída ou não será feita.
val-the-tracker-link-must-start-with = O link do rastreador precisa começar com https:// ou http://.
val-the-window-must-end-after-it = A janela precisa terminar depois de começar.
val-a-window-lasts-at-most-14 = Uma janela dura no máximo 14 dias.
val-the-window-must-end-in-the = A janela precisa terminar no futuro.
val-choose-at-least-one-service = Escolha pelo menos um serviço.
val-give-a-target-such-as-99 = Informe uma meta, como 99,9, ou apague as duas.
val-use-at-most-four-decimals-such = Use no máximo quatro casas decimais, como 99,995.
val-the-target-is-a-percentage-above = A meta é uma porcentagem acima de 0 e abaixo de 100, como 99,9.
val-give-the-window-in-days-such = Informe a janela em dias, como 30, ou apague as duas.
val-choose-components-listed-on-this-page = Escolha componentes listados nesta página.
val-choose-at-least-one-component-or = Escolha pelo menos um componente, ou tudo.
val-give-an-email-address-such-as = Informe um endereço de e-mail, como voce@example.com.
val-the-url-starts-with-https-or = A URL começa com https:// (ou http://).
val-the-url-needs-a-host-such = A URL precisa de um host, como https://hooks.example.com/status.
val-the-url-points-inside-a-private = A URL aponta para dentro de uma rede privada; informe um endereço público.
val-not-a-team-role = “{ $value }” não é um papel; use ic, cl, ol ou member.
val-not-a-lead = “{ $value }” não é um líder; use cl ou ol.
val-not-a-date = “{ $value }” não é uma data; use o formato 2026-12-31.
val-start-required = O início é obrigatório.
val-end-required = O fim é obrigatório.
val-not-a-percentage = “{ $value }” não é uma porcentagem; escreva como 99,9.
val-window-days = A janela é um número inteiro de dias, de 1 a { $max }.
val-not-an-email = “{ $value }” não é um endereço de e-mail.
val-password-short = A senha precisa ter pelo menos { $min } caracteres.
val-password-long = A senha pode ter no máximo { $max } caracteres.
val-not-an-account-role = “{ $value }” não é um papel; use viewer, responder ou admin.
val-too-many-services = Um incidente pode citar no máximo { $max } serviços.
val-milestone-future = “{ $milestone }” não pode estar no futuro.
val-milestone-order = “{ $milestone }” não pode ser anterior ao marco “{ $before }” ({ $at }).
val-not-a-time = “{ $value }” não é uma data e hora; use o formato 2026-11-26T14:30.
milestone-lower-impact_started_at = início do impacto
milestone-lower-detected_at = detectado
milestone-lower-acknowledged_at = reconhecido
milestone-lower-mitigated_at = mitigado
milestone-lower-resolved_at = resolvido
milestone-lower-closed_at = encerrado
val-the-end-date-is-before-the = A data final é anterior à data inicial.
val-a-report-covers-at-most-ten = Um relatório cobre no máximo dez anos.
val-search-for-at-most-200-characters = Busque por no máximo 200 caracteres.
val-this-is-not-a-contributing-factor = Isto não é um fator contribuinte nem um gatilho.
val-this-is-not-a-position-from = Isto não é uma posição desta lista.
val-not-a-day = “{ $value }” não é uma data; use o formato 2026-11-26.
val-not-a-status = “{ $value }” não é um status.
val-not-a-number = “{ $value }” não é um número de incidente.
val-not-open-closed = “{ $value }” não é aberto nem encerrado.
val-page-size = O tamanho da página é um número de 1 a { $max }.
val-not-week-month = “{ $value }” não é semana nem mês.
val-no-such-account = Nenhuma conta ativa tem o e-mail { $email }.
val-only-a-viewer = { $name } só pode ver incidentes. Um administrador pode torná-lo respondente primeiro (Administração → Pessoas).
val-already-under = { $name } já trabalha sob o { $lead }.
val-choose-a-reviewer = Escolha pelo menos um revisor.
val-already-published = O post-mortem já está publicado.
val-not-a-sort = “{ $value }” não é uma ordenação.
val-no-service-named = Nenhum serviço se chama { $names }. Adicione-o na página Serviços primeiro.
val-email-taken = Alguém já tem o endereço de e-mail { $email }.
val-template-name-taken = Já existe um modelo chamado “{ $name }”.
val-service-name-taken = Já existe um serviço chamado “{ $name }”.
val-passwords-differ = As duas senhas novas são diferentes.
val-wrong-password = Esta não é a sua senha atual.
val-mail-off = O Murphy não envia e-mail: defina MURPHY_SMTP_URL e reinicie-o.
val-tag-name-taken = Já existe um { $kind } chamado “{ $name }”.
val-tag-gone = Um fator ou gatilho escolhido não existe mais; escolha de novo.
val-tag-retired = O { $kind } “{ $name }” está aposentado; escolha outro.
val-holding-an-alert-applies-only-during = Reter um alerta só vale durante manutenção: marque “Só durante manutenção”.
val-choose-to-open-an-incident-to = Escolha abrir um incidente, ignorar ou reter.
val-choose-a-severity = Escolha uma severidade.
val-choose-at-least-one-event = Escolha pelo menos um evento.
val-choose-murphy-json-slack-compatible-github = Escolha JSON do Murphy, compatível com Slack, GitHub, GitLab ou Jira.
val-jira-needs-the-key-of-the = O Jira precisa da chave do projeto em que registrar as issues.
val-an-issue-tracker-hears-only-of = Um rastreador de issues só recebe ações adicionadas: escolha apenas esse evento.
val-choose-the-incident-kind-or-the = Escolha o tipo de incidente ou o serviço a que este runbook se aplica.
val-write-at-least-one-step-one = Escreva pelo menos um passo, um por linha.
val-say-how-many-days-after-resolution = Diga quantos dias após a resolução é o prazo.
val-the-position-is-a-whole-number = A posição é um número inteiro de 0 a 10000.
val-the-url-needs-a-host-webhook = A URL precisa de um host, como https://hooks.example.com/murphy.
val-template-needs-a-section = Um modelo precisa de pelo menos uma seção.
val-choose-status-api = Escolha open, in_progress, done ou wont_do.
val-choose-due-priority-or-created = Escolha due, priority ou created.
val-the-page-size-is-1-to = O tamanho da página é de 1 a 200.
val-this-is-not-a-cursor-from = Isto não é um cursor do feed; use um que ele tenha dado, ou "latest".
val-wait-0-to-30-seconds = Espere de 0 a 30 segundos.
val-ask-for-1-to-500-changes = Peça de 1 a 500 mudanças.
val-this-is-not-a-cursor-from-this = Isto não é um cursor desta lista.
val-ask-for-1-to-500-subscribers = Peça de 1 a 500 assinantes.
val-a-closing-update-goes-with-resolving = Uma atualização de encerramento só acompanha a resolução (status "resolved").
val-the-post-mortem-decision-goes-with = A decisão sobre o post-mortem só acompanha o encerramento (status "closed").
val-say-why-no-post-mortem-is = Diga por que nenhum post-mortem é necessário, em no máximo 2.000 caracteres.
val-choose-full-or-partial = Escolha full ou partial.
val-choose-how-long-the-token-lives = Escolha quanto tempo o token vale.
val-only-alertmanager-webhook-version-4-is = Só a versão "4" do webhook do Alertmanager é entendida.
val-the-notification-has-no-alerts = A notificação não tem alertas.
val-the-notification-has-no-alerts-list = A notificação não tem a lista "alerts".
val-not-a-detection = “{ $value }” não é uma forma de detecção: alert, synthetic, employee ou customer.
val-not-a-tag = “{ $value }” não é um fator nem um gatilho.
val-too-many-tags = Um post-mortem leva no máximo { $max } fatores e gatilhos.
val-too-many-sections = Um modelo tem no máximo { $max } seções.
val-choose-answer-kind = Escolha como ela é respondida: texto livre, uma opção, ou sim ou não.
val-two-answers = Uma pergunta de opções precisa de pelo menos duas respostas, uma por linha.
val-too-many-answers = Uma pergunta de opções oferece no máximo { $max } respostas.
val-answer-too-long = Uma resposta tem mais de { $max } caracteres.
val-too-many-questions = Um modelo tem no máximo { $max } perguntas.
val-search-failed = A busca não pôde ser feita; tente de novo.
