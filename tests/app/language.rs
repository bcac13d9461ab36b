//! Murphy in English and Brazilian Portuguese: how the language is chosen, pages written in
//! it, and the catalogues' completeness (the same keys in both, every message formatting
//! with its variables, no English left in a translated template).

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fluent_syntax::ast;
use murphy::AppState;
use murphy::i18n::Lang;

use crate::support::TestApp;

/// A page asked for with `Accept-Language: accept`.
async fn page(app: &TestApp, path: &str, accept: &str) -> crate::support::TestResponse {
    app.request(
        Request::get(path)
            .header(header::ACCEPT_LANGUAGE, accept)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_browser_s_language_then_the_person_s_choice_then_lang_decides() {
    let app = TestApp::new().await;

    // The browser asks for Portuguese: the page is written in it, and says so.
    let home = page(&app, "/", "pt-BR,pt;q=0.9,en;q=0.8").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.header("content-language"), "pt-BR");
    assert!(home.body.contains("<html lang=\"pt-BR\">"), "{}", home.body);
    assert_eq!(home.texts("h1"), ["Incidentes abertos"]);
    assert_eq!(home.texts(".empty-state h2"), ["Nada está pegando fogo"]);
    assert_eq!(
        home.texts(".nav-wide .nav-links a"),
        [
            "Incidentes",
            "Post-mortems",
            "Ações",
            "Relatórios",
            "Serviços",
            "Administração"
        ]
    );
    assert_eq!(
        home.text("footer"),
        "Murphy · Os horários aparecem no seu fuso horário; passe o cursor sobre um para ver \
         em UTC. Teclado: / busca, n declara um incidente. A API faz tudo o que estas \
         páginas fazem."
    );
    // Signing in, before anyone is known: the browser decides.
    let login = page(&app.anonymous(), "/login", "pt-BR").await;
    assert_eq!(login.texts("h1"), ["Entrar"]);
    assert_eq!(login.texts("label"), ["E-mail", "Senha"]);
    assert_eq!(login.texts(".hint a"), ["Esqueceu a senha?"]);
    let forgot = page(&app.anonymous(), "/password/forgot", "pt-BR").await;
    assert_eq!(forgot.texts("h1"), ["Esqueceu a senha?"]);
    assert_eq!(forgot.texts(".auth-card a"), ["Voltar para entrar"]);
    // English, and languages Murphy does not speak, read English.
    for accept in ["en-GB,en;q=0.9", "fr-FR, de;q=0.8", ""] {
        let home = page(&app, "/", accept).await;
        assert_eq!(home.header("content-language"), "en");
        assert_eq!(home.texts("h1"), ["Open incidents"], "{accept}");
    }

    // A person's choice beats the browser's, and is said in the language chosen.
    let r = app
        .post_form("/settings/language", &[("language", "pt-BR")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.follow(&r).await.text(".flash"), "Idioma salvo.");
    let account = page(&app, "/settings/account", "en").await;
    assert_eq!(account.texts("h1"), ["Sua conta"]);
    assert_eq!(
        account.texts("#password-h, #email-h, #language-h"),
        ["Idioma", "E-mail", "Mudar a sua senha"]
    );
    let tokens = page(&app, "/settings/tokens", "en").await;
    assert_eq!(tokens.texts("h1"), ["Tokens de API"]);
    assert_eq!(
        tokens.texts("#expires_in option"),
        ["Nunca", "7 dias", "30 dias", "90 dias", "1 ano"]
    );
    let r = app
        .post_form("/settings/notifications", &[("email", "review")])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "As suas escolhas de e-mail foram salvas."
    );
    assert_eq!(
        account.texts("#language option[selected]"),
        ["Português (Brasil)"]
    );
    assert_eq!(
        page(&app, "/", "en").await.texts("h1"),
        ["Incidentes abertos"]
    );
    // `?lang=` beats both, for that page.
    assert_eq!(
        page(&app, "/?lang=en", "pt-BR").await.texts("h1"),
        ["Open incidents"]
    );

    // An unknown language is refused and changes nothing; the empty choice follows the
    // browser again.
    let r = app
        .post_form("/settings/language", &[("language", "klingon")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let stored: Option<String> =
        sqlx::query_scalar("SELECT language FROM person WHERE language IS NOT NULL")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stored.as_deref(), Some("pt-BR"));
    let r = app
        .post_form("/settings/language", &[("language", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(page(&app, "/", "en").await.texts("h1"), ["Open incidents"]);
    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT summary FROM audit_event WHERE action = 'person.language' ORDER BY at",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        audit,
        [
            "Chose to read Murphy in Português (Brasil)",
            "Chose to read Murphy in the browser's language"
        ]
    );
    // The trail says the same in its reader's language, with the fields' names and values.
    let trail = page(&app, "/admin/audit?entity=person", "pt-BR").await;
    let said = trail.texts("table.audit tbody td:nth-child(3)");
    assert_eq!(said[0], "Escolheu ler o Murphy no idioma do navegador");
    assert!(said.contains(&"Escolheu ler o Murphy em Português (Brasil)".to_owned()));
    assert!(
        said.contains(
            &"Desligou os e-mails sobre o seu trabalho para: eu receber um papel na resposta; \
          uma ação minha estiver atrasada; eu pedir um link para redefinir a senha"
                .to_owned()
        )
    );
    // Choosing Portuguese: the language went from nothing to pt-BR.
    let chose = trail
        .texts("table.audit tbody tr")
        .into_iter()
        .find(|row| row.contains("em Português (Brasil)"))
        .unwrap();
    assert!(chose.contains("Idioma não definido → pt-BR"), "{chose}");

    // The instance's default serves those whose browser asks for nothing Murphy speaks.
    let portuguese = app.with_state(AppState {
        default_language: Lang::PtBr,
        ..app.state.clone()
    });
    assert_eq!(
        page(&portuguese, "/", "fr").await.texts("h1"),
        ["Incidentes abertos"]
    );
    assert_eq!(
        page(&portuguese, "/", "en").await.texts("h1"),
        ["Open incidents"]
    );
}

#[tokio::test]
async fn lists_read_in_portuguese() {
    let app = TestApp::new().await;
    app.incident(
        serde_json::json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}),
    )
    .await;
    let home = page(&app, "/", "pt-BR").await;
    assert_eq!(
        home.texts(".severity-group h2"),
        [
            "SEV1 1 aberto — Um serviço essencial está fora do ar, ou dados foram perdidos ou \
          expostos, para muitos clientes. Todos os necessários respondem agora, a qualquer \
          hora."
        ]
    );
    assert_eq!(
        home.texts("table.incidents th"),
        [
            "Incidente",
            "Severidade",
            "Status",
            "Serviços",
            "Início do impacto",
            "Resolvido"
        ]
    );
    assert_eq!(home.texts("table.incidents .status"), ["Investigando"]);
    assert_eq!(home.texts("table.incidents time"), ["agora mesmo"]);
    assert_eq!(home.texts(".no-ic-flag"), ["Sem IC"]);

    // The filters of the list, and the admin pages' navigation.
    let list = page(&app, "/incidents", "pt-BR").await;
    assert_eq!(
        list.texts("select[name=kind] option")[..3],
        ["Qualquer", "Indisponibilidade", "Degradação"]
    );
    assert_eq!(
        list.texts("select[name=severity] option")[1],
        "SEV1 · Crítica"
    );
    assert_eq!(list.texts("h1"), ["Incidentes"]);
    let filtered = page(&app, "/incidents?severity=SEV1&from=2026-01-01", "pt-BR").await;
    assert_eq!(
        filtered.texts(".chips a"),
        ["Severidade: SEV1 ×", "de 2026-01-01 ×", "Limpar tudo"]
    );
    let none = page(&app, "/incidents?severity=SEV4", "pt-BR").await;
    assert_eq!(
        none.texts(".empty-state h2"),
        ["Nenhum incidente corresponde a estes filtros"]
    );
    // Declaring: the form in Portuguese, its refusal too.
    let declare = page(&app, "/incidents/new", "pt-BR").await;
    assert_eq!(declare.texts("h1"), ["Declarar um incidente"]);
    assert_eq!(declare.texts(".severity-choice strong")[0], "Crítica");
    assert_eq!(declare.texts("label[for=title]"), ["Título obrigatório"]);

    // The incident page: what the commander reads and the steps offered.
    let incident = page(&app, "/incidents/1", "pt-BR").await;
    assert_eq!(incident.text(".incident-ref"), "INC-1 · Indisponibilidade");
    assert_eq!(
        incident.text(".no-ic"),
        "Sem Comandante do Incidente. Alguém precisa assumir o comando deste incidente. \
         Designar um IC"
    );
    assert_eq!(
        incident.texts(".milestone-label"),
        [
            "Início do impacto",
            "Detectado",
            "Reconhecido",
            "Mitigado",
            "Resolvido",
            "Encerrado"
        ]
    );
    assert_eq!(
        incident.texts(".durations dt"),
        [
            "Tempo para detectar",
            "Tempo para reconhecer",
            "Tempo para mitigar",
            "Tempo para resolver"
        ]
    );
    assert_eq!(incident.texts("#summary-h"), ["Resumo"]);
    assert_eq!(incident.texts("#team-h"), ["Equipe de resposta"]);
    assert_eq!(
        incident.texts("#assign-role option"),
        [
            "Comandante do Incidente",
            "Líder de Comunicação",
            "Líder de Operações",
            "Membro da equipe sob o OL",
            "Membro da equipe sob o CL"
        ]
    );
    assert_eq!(
        incident.texts("#update-next option")[..2],
        ["em 15 minutos", "em 30 minutos"]
    );
    assert_eq!(
        incident.text(".updates > div > p.muted"),
        "Nenhuma atualização publicada ainda."
    );
    assert_eq!(
        incident.texts(".incident-actions summary, .incident-actions form > button"),
        [
            "Causa identificada",
            "Correção aplicada, monitorando",
            "Resolver…",
            "Resolver",
            "Mudar a severidade"
        ]
    );
    let admin = page(&app, "/admin/people", "pt-BR").await;
    assert_eq!(admin.texts(".subnav a")[..2], ["Pessoas", "Runbooks"]);
}

/// The catalogue of `lang`: each message's id and the variables it uses.
fn catalogue(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = format!("{}/src/i18n/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut messages = BTreeMap::new();
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut variables = BTreeSet::new();
                if let Some(value) = &m.value {
                    pattern_variables(value, &mut variables);
                }
                let id = m.id.name.to_owned();
                assert!(
                    messages.insert(id.clone(), variables).is_none(),
                    "{id} twice in {lang}"
                );
            }
        }
    }
    messages
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                pattern_variables(&v.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[test]
fn both_catalogues_hold_the_same_messages_with_the_same_variables() {
    let en = catalogue("en");
    let pt = catalogue("pt-BR");
    let only_en: Vec<_> = en.keys().filter(|k| !pt.contains_key(*k)).collect();
    let only_pt: Vec<_> = pt.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "missing in pt-BR: {only_en:?}");
    assert!(only_pt.is_empty(), "missing in en: {only_pt:?}");
    for (key, variables) in &en {
        assert_eq!(variables, &pt[key], "{key}: the variables differ");
    }
    assert!(en.len() > 50, "{}", en.len());
}

#[test]
fn every_message_formats_with_its_variables_in_both_languages() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::PtBr, "pt-BR")] {
        for (key, variables) in catalogue(tag) {
            // With every variable given (a count of 1, and of 2), nothing is left unformatted.
            for n in [1_i64, 2] {
                let args: Vec<(&'static str, &dyn murphy::i18n::ToArg)> = variables
                    .iter()
                    .map(|v| {
                        let name: &'static str = Box::leak(v.clone().into_boxed_str());
                        (name, &n as &dyn murphy::i18n::ToArg)
                    })
                    .collect();
                let text = lang
                    .lookup(&key, &args)
                    .unwrap_or_else(|| panic!("{tag}: {key} not found"));
                assert!(
                    !text.trim().is_empty() || key.ends_with("-wide"),
                    "{tag}: {key} is empty"
                );
                let formatted = lang.t_with(&key, &args);
                assert!(
                    !formatted.contains('{') && !formatted.contains('$'),
                    "{tag}: {key} formats as {formatted:?}"
                );
            }
        }
    }
}

/// Every file under `dir` ending in one of `endings`, with its text.
fn files(dir: &std::path::Path, endings: &[&str], out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, endings, out);
        } else if endings.iter().any(|e| path.to_string_lossy().ends_with(e)) {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn every_key_the_code_and_templates_name_is_in_the_catalogues() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files(&root.join("src"), &[".rs"], &mut sources);
    files(
        &root.join("templates"),
        &[".html", ".xml", ".svg"],
        &mut sources,
    );
    let named = regex::Regex::new(
        r#"(?:\bt|\bt1|\bt2|t_with|Message::new|tk)\(\s*"([a-z][a-zA-Z0-9_-]*)""#,
    )
    .unwrap();
    let en = catalogue("en");
    let mut missing = Vec::new();
    let mut seen = 0;
    for (path, text) in &sources {
        for found in named.captures_iter(text) {
            let key = &found[1];
            seen += 1;
            // `tk("prefix-", …)` names a family of keys: one of them is enough here.
            let known = if key.ends_with('-') {
                en.keys().any(|k| k.starts_with(key))
            } else {
                en.contains_key(key)
            };
            if !known {
                missing.push(format!("{path}: {key}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the catalogues:\n{}",
        missing.join("\n")
    );
    assert!(seen > 300, "{seen}");
}

/// Templates not translated yet: each still holds English, and each is taken off this list
/// when it is translated (the test below fails on a listed template with none left).
const NOT_YET_TRANSLATED: &[&str] = &[];

/// Words a translated page may show as they are in any language.
const EVERY_LANGUAGE: &[&str] = &[
    "Murphy", "INC", "SEV", "API", "UTC", "IC", "CL", "OL", "CSV", "JSON", "PDF", "Markdown",
    "DDoS", "SLO", "MTTD", "MTTA", "MTTR", "URL", "Post", "mortems", "mortem", "Status", "https",
    "Atom", "RSS", "Webhook", "Slack", "HTTP", "ms",
];

/// The words of `template` a reader sees that no expression writes: text between tags and
/// the attributes read aloud or shown (title, placeholder, aria-label, alt, label).
fn literal_words(template: &str) -> Vec<String> {
    // Askama's comments, blocks and expressions go; what is left is the HTML as written.
    let mut html = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let (before, tail) = rest.split_at(start);
        html.push_str(before);
        let close = match tail.get(..2) {
            Some("{#") => "#}",
            Some("{%") => "%}",
            Some("{{") => "}}",
            _ => {
                html.push('{');
                rest = &tail[1..];
                continue;
            }
        };
        match tail.find(close) {
            Some(end) => {
                // A macro called with words (a field's label, its hint) shows them: they
                // count as text. Names, paths and ids (with - _ / . # :) do not.
                // Words: a capital or a space, or a hint; not keys, paths or ids.
                let block = &tail[2..end];
                if close == "%}" && block.trim_start().starts_with("call ") {
                    let mut pieces = block.split('"');
                    let mut before = pieces.next().unwrap_or("");
                    while let (Some(literal), Some(after)) = (pieces.next(), pieces.next()) {
                        let words = literal.contains(' ')
                            || literal.starts_with(char::is_uppercase)
                            || before.trim_end().ends_with("hint_text =");
                        if words && !literal.contains(['-', '_', '/', '#', ':', '{', '}']) {
                            html.push(' ');
                            html.push_str(literal);
                        }
                        before = after;
                    }
                }
                html.push(' ');
                rest = &tail[end + 2..];
            }
            None => break,
        }
    }
    html.push_str(rest);
    // Attributes a macro writes outside a tag (`aria-invalid="true"`) are not text.
    let html = regex::Regex::new(r#"aria-[a-z]+="[^"]*""#)
        .unwrap()
        .replace_all(&html, " ")
        .into_owned();
    let mut words = Vec::new();
    let mut take = |text: &str| {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.chars().count() >= 2 && !EVERY_LANGUAGE.contains(&word) {
                words.push(word.to_owned());
            }
        }
    };
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        take(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        for attribute in [
            "title=\"",
            "placeholder=\"",
            "aria-label=\"",
            "alt=\"",
            "label=\"",
        ] {
            let mut at = tag;
            while let Some(i) = at.find(attribute) {
                let value = &at[i + attribute.len()..];
                let end = value.find('"').unwrap_or(value.len());
                // An address shown as an example reads the same in any language.
                if !value[..end].contains("://") {
                    take(&value[..end]);
                }
                at = &value[end..];
            }
        }
        rest = &rest[open + close + 1..];
        // Scripts and styles are not read; code (a command to type) reads the same in any
        // language.
        for skip in ["script", "style", "code"] {
            if tag.starts_with(skip) {
                let end = format!("</{skip}>");
                rest = rest.find(&end).map_or("", |e| &rest[e..]);
            }
        }
    }
    take(rest);
    words
}

#[test]
fn translated_templates_hold_no_english_of_their_own() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
    let mut templates = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                templates.push(path);
            }
        }
    }
    let mut english = Vec::new();
    let mut done_but_listed = Vec::new();
    for path in &templates {
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let words = literal_words(&std::fs::read_to_string(path).unwrap());
        let listed = NOT_YET_TRANSLATED.contains(&name.as_str());
        if listed && words.is_empty() {
            done_but_listed.push(name);
        } else if !listed && !words.is_empty() {
            english.push(format!("{name}: {}", words.join(" ")));
        }
    }
    assert!(
        english.is_empty(),
        "English outside the catalogue:\n{}",
        english.join("\n")
    );
    assert!(
        done_but_listed.is_empty(),
        "translated, so take them off NOT_YET_TRANSLATED: {done_but_listed:?}"
    );
    for name in NOT_YET_TRANSLATED {
        assert!(
            templates.iter().any(|p| p.ends_with(name)),
            "{name} is listed but does not exist"
        );
    }
}

#[test]
fn the_scan_finds_english_wherever_a_reader_meets_it() {
    assert_eq!(
        literal_words(
            "{# A comment #}<p title=\"Hover text\">{{ layout.t(\"x\") }} Visible words</p>\
             {% if x %}<input placeholder=\"Type here\">{% endif %}<script>let hidden = 1;</script>\
             {% call m::field(\"update-status\", \"Current status\", e, hint_text = \"optional\") %}\
             <pre><code>murphy user add</code></pre>"
        ),
        [
            "Hover", "text", "Visible", "words", "Type", "here", "Current", "status", "optional"
        ]
    );
    assert!(literal_words("<p>{{ layout.t(\"home-title\") }} · INC-{{ n }}</p>").is_empty());
}

#[tokio::test]
async fn reports_read_in_portuguese() {
    let app = TestApp::new().await;
    app.incident(serde_json::json!({
        "title": "Checkout down", "kind": "outage", "severity": "SEV1",
        "impact_started_at": "2026-10-06T10:00:00Z", "detected_at": "2026-10-06T10:05:00Z"
    }))
    .await;
    let q = "from=2026-10-01&to=2026-10-31";
    let report = page(&app, &format!("/reports?{q}"), "pt-BR").await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(report.texts("h1"), ["Relatórios"]);
    assert_eq!(
        report.text("#scope"),
        "Incidentes cujo impacto começou de 2026-10-01 a 2026-10-31 (UTC)."
    );
    assert_eq!(
        report.text("#stat-time_to_detect .label"),
        "mediana do tempo até detectar (MTTD)"
    );
    assert_eq!(
        report.text("#stat-time_to_acknowledge .left-out"),
        "0 contados, 1 de fora: sem hora de detecção ou de reconhecimento"
    );
    assert_eq!(
        report.texts("#times-h"),
        ["Tempos de resposta por severidade"]
    );
    assert_eq!(
        report.text("#trend-title"),
        "Incidentes por semana e severidade"
    );

    let md = page(&app, &format!("/reports/export?format=md&{q}"), "pt-BR").await;
    assert!(
        md.body.starts_with(
            "# Relatório de incidentes\n\nIncidentes cujo impacto começou de 2026-10-01 a \
             2026-10-31 (UTC).\n\nGerado em "
        ),
        "{}",
        md.body
    );
    for line in [
        "## Tempos de resposta\n",
        "| Grupo | Incidentes | Tempo até detectar | Tempo até reconhecer | Tempo até mitigar | \
         Tempo até resolver |",
        "- Tempo até detectar: início do impacto → detecção",
        "## Itens de ação\n\nConcluídos: 0. Abertos: 0 (0 atrasados). Não serão feitos: 0.",
    ] {
        assert!(md.body.contains(line), "{line} in {}", md.body);
    }
    // Figures the scripts read stay as they are, whoever asks.
    let csv = page(&app, &format!("/reports/export?format=csv&{q}"), "pt-BR").await;
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "section,group,measure,value",
            "scope,,from,2026-10-01",
            "scope,,to,2026-10-31",
            "response_times_by_all,All incidents,incidents,1"
        ]
    );
    assert_eq!(
        report.texts("table th[scope=row]")[0],
        "Todos os incidentes"
    );

    // The incident list's Markdown and PDF read in Portuguese too; the CSV keeps its keys.
    let md = page(&app, "/incidents/export?format=md&severity=SEV1", "pt-BR").await;
    let lines: Vec<&str> = md.body.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "# Incidentes",
            "",
            "Incidentes com severity SEV1, do mais recente ao mais antigo.",
            "",
            "| Incidente | Título | Severidade | Status | Tipo | Serviços | Início do impacto (UTC) \
             | Resolvido (UTC) |",
        ]
    );
    assert!(
        lines[6].starts_with("| INC-1 | Checkout down | SEV1 | Investigando | Indisponibilidade |"),
        "{}",
        md.body
    );
    assert_eq!(lines.last(), Some(&"1 incidente."));
    let csv = page(&app, "/incidents/export?format=csv", "pt-BR").await;
    assert!(csv.body.starts_with("reference,title,severity,status,kind"));
    let pt = app.with_state(murphy::AppState {
        default_language: murphy::i18n::Lang::PtBr,
        ..app.state.clone()
    });
    if let Some(text) = pt
        .pdf_text("/incidents/export?format=pdf", "incidents-pt.pdf")
        .await
    {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.starts_with(
                "Incidentes Todos os incidentes, do mais recente ao mais antigo. INC-1 Checkout \
                 down SEV1 · Investigando · Indisponibilidade · impacto iniciado em 2026-10-06 10:00 UTC"
            ),
            "{text}"
        );
    }
}

/// What the timeline writes of itself is kept as a message and said in each reader's
/// language; the API and the exports keep the English text.
#[tokio::test]
async fn the_timeline_speaks_the_reader_s_language() {
    let app = TestApp::new().await;
    app.incident(
        serde_json::json!({"title": "Checkout down", "kind": "outage", "severity": "SEV2"}),
    )
    .await;
    app.post_json(
        "/api/v1/incidents/1/roles",
        &serde_json::json!({"role": "ic", "person": "admin@example.com"}),
    )
    .await;
    app.post_json(
        "/api/v1/incidents/1/status",
        &serde_json::json!({"status": "identified"}),
    )
    .await;
    let r = app
        .send_json(
            axum::http::Method::PATCH,
            "/api/v1/incidents/1",
            &serde_json::json!({"version": 3, "severity": "SEV1", "title": "Checkout fora do ar"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let said = |page: &crate::support::TestResponse| {
        let mut texts = page.texts(".entry-body");
        texts.sort();
        texts
    };
    let pt = page(&app, "/incidents/1", "pt-BR").await;
    let en = page(&app, "/incidents/1", "en").await;
    assert_eq!(
        said(&pt),
        [
            "Ada Admin assumiu o papel de Comandante do Incidente.",
            "Incidente SEV2 declarado: indisponibilidade.",
            "Reconhecido: Ada Admin assumiu o comando.",
            "Severidade alterada de SEV2 para SEV1.",
            "Status alterado de investigando para identificado.",
            "Título alterado de “Checkout down” para “Checkout fora do ar”.",
        ]
    );
    assert_eq!(
        said(&en),
        [
            "Acknowledged: Ada Admin took command.",
            "Ada Admin took the Incident Commander role.",
            "Declared a SEV2 outage incident.",
            "Severity changed from SEV2 to SEV1.",
            "Status changed from investigating to identified.",
            "Title changed from \"Checkout down\" to \"Checkout fora do ar\".",
        ]
    );
    // The history of changes says them in the reader's language as well.
    let history: Vec<String> = pt
        .texts("#history .history-what")
        .into_iter()
        .map(|t| t.split(" · ").nth(1).unwrap().to_owned())
        .collect();
    assert!(history[0].starts_with("Editou INC-1"), "{history:?}");
    assert!(
        history
            .iter()
            .any(|h| h.starts_with("Mudou INC-1 de investigando para identificado"))
    );
    assert!(
        history
            .iter()
            .any(|h| h.starts_with("Ada Admin assumiu o papel de Comandante do Incidente."))
    );
    assert!(
        history
            .iter()
            .any(|h| h.starts_with("Registrou INC-1: Checkout down"))
    );
    let changes = pt.texts("#history .history-changes li");
    assert!(
        changes.contains(&"Severidade SEV2 → SEV1".to_owned()),
        "{changes:?}"
    );
    let api = app.get("/api/v1/incidents/1/timeline").await.json();
    let bodies: Vec<&str> = api["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap())
        .collect();
    assert!(
        bodies.contains(&"Declared a SEV2 outage incident."),
        "{api}"
    );
}

/// The public status page reads the visitor's language from the browser or `?lang=`; each
/// language is kept rendered on its own.
#[tokio::test]
async fn the_status_page_speaks_the_visitor_s_language() {
    let app = TestApp::new().await;
    // Copies are kept only while the change listener runs.
    app.state.live.settle().await.unwrap();
    let public = app.anonymous();
    let en = page(&public, "/status", "en-US").await;
    let pt = page(&public, "/status", "pt-BR,pt;q=0.9").await;
    assert_eq!(en.text("h1"), "All systems operational");
    assert_eq!(pt.text("h1"), "Todos os sistemas operando normalmente");
    assert_eq!(pt.attr("html", "lang").as_deref(), Some("pt-BR"));
    assert_eq!(pt.header("content-language"), "pt-BR");
    assert_ne!(en.header("etag"), pt.header("etag"));
    assert_eq!(
        pt.texts(".status-top nav a"),
        ["Histórico de incidentes", "Assinar"]
    );
    // Asked for by address, whatever the browser says; and the English copy is unchanged.
    let asked = page(&public, "/status?lang=pt-BR", "en").await;
    assert_eq!(asked.text("h1"), "Todos os sistemas operando normalmente");
    assert_eq!(page(&public, "/status", "en").await.body, en.body);
    let history = page(&public, "/status/history", "pt-BR").await;
    assert_eq!(history.text("h1"), "Histórico de incidentes");
    let widget = page(&public, "/status/widget", "pt-BR").await;
    assert_eq!(
        widget.text(".status-banner"),
        "Todos os sistemas operando normalmente"
    );
    let subscribe = page(&public, "/status/subscribe", "pt-BR").await;
    assert_eq!(subscribe.text("h1"), "Assine as atualizações");
    assert_eq!(subscribe.texts("legend"), ["Como", "Do que ser avisado"]);
    // The JSON is the same for everyone.
    let json_en = page(&public, "/status/api/v2/status.json", "en").await;
    let json_pt = page(&public, "/status/api/v2/status.json", "pt-BR").await;
    assert_eq!(json_en.body, json_pt.body);
}

/// A form refused in Portuguese says what is wrong in Portuguese, and so does the API
/// (its `type` and field names stay as they are).
#[tokio::test]
async fn forms_say_what_is_wrong_in_the_reader_s_language() {
    let app = TestApp::new().await;
    app.post_form("/settings/language", &[("language", "pt-BR")])
        .await;
    let r = app
        .post_form(
            "/incidents",
            &[
                ("title", "  "),
                ("severity", ""),
                ("kind", "volcano"),
                ("impact_started_at", "2026-11-30T09:00"),
                ("tz_offset", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.field_error("title"), "O campo “Título” é obrigatório.");
    assert_eq!(r.field_error("severity"), "Escolha uma severidade.");
    assert_eq!(r.field_error("kind"), "“volcano” não é um tipo.");
    assert_eq!(app.count("incident").await, 0);

    app.incident(
        serde_json::json!({"title": "Checkout down", "kind": "outage", "severity": "SEV2"}),
    )
    .await;
    let r = app
        .post_form(
            "/incidents/1/timeline",
            &[("body", " "), ("occurred_at", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.field_error("body"), "O campo “Nota” é obrigatório.");
    // Beyond the incident: an update, a service's objective, a maintenance window, a
    // list's filter.
    let r = app
        .post_form(
            "/incidents/1/updates",
            &[("audience", "nobody"), ("status", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.field_error("audience"), "Escolha interna ou pública.");
    assert_eq!(
        r.field_error("status"),
        "O campo “Atualização” é obrigatório."
    );
    let r = app
        .post_form(
            "/services",
            &[
                ("name", ""),
                ("slo_target", "cem"),
                ("slo_window_days", "30"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.field_error("name"), "O campo “Nome” é obrigatório.");
    assert_eq!(
        r.field_error("slo_target"),
        "“cem” não é uma porcentagem; escreva como 99,9."
    );
    let r = app
        .post_form(
            "/maintenance",
            &[
                ("title", "Troca do banco"),
                ("starts_at", "amanhã"),
                ("ends_at", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        r.field_error("starts_at"),
        "“amanhã” não é uma data e hora; use o formato 2026-11-26T14:30."
    );
    assert_eq!(r.field_error("ends_at"), "O fim é obrigatório.");
    let list = app.get("/incidents?severity=SEV9&from=ontem").await;
    assert_eq!(
        list.texts(".alert-error li"),
        [
            "“SEV9” não é uma severidade.",
            "“ontem” não é uma data; use o formato 2026-11-26."
        ]
    );

    let api = app
        .post_json(
            "/api/v1/incidents",
            &serde_json::json!({"title": "", "kind": "outage", "severity": "SEV2"}),
        )
        .await;
    let problem = api.json();
    assert_eq!(problem["type"], "urn:murphy:problem:validation");
    assert_eq!(problem["title"], "Entidade não processável");
    assert_eq!(problem["detail"], "Alguns campos precisam de atenção.");
    assert_eq!(problem["errors"][0]["field"], "title");
    assert_eq!(
        problem["errors"][0]["message"],
        "O campo “Título” é obrigatório."
    );
    // Asked in English, the same refusal is in English.
    let english = app
        .request(
            Request::post("/api/v1/incidents?lang=en")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"title": "", "kind": "outage", "severity": "SEV2"}"#,
                ))
                .unwrap(),
        )
        .await
        .json();
    assert_eq!(english["title"], "Unprocessable Entity");
    assert_eq!(english["errors"][0]["message"], "Title is required.");
    let missing = app.get("/incidents/99").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.text(".error-page h1"), "Não encontrado");
    assert_eq!(
        missing.text(".error-page h1 + p"),
        "Não há nada neste endereço."
    );
}
