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
