//! The incident commander's journey walked in Brazilian Portuguese in a real browser: file,
//! assemble the team, note, tell stakeholders, resolve, write and publish the post-mortem,
//! read the report. Every page visited is checked for English sentences, and screenshots
//! are taken at desktop and phone width when MURPHY_SCREENSHOTS is set.

use fantoccini::Locator;

use crate::browser::{
    Browser, choose, chromedriver, click, expect_flash, shoot, sign_in, text_of, type_into,
};
use crate::support::TestApp;

/// Words of English sentences that Portuguese never uses: a page that holds one as a whole
/// word still speaks English somewhere.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "is", "to", "with", "for", "this", "your", "are", "was", "has", "have",
    "been", "will", "from", "by", "an", "be", "not", "or", "it", "at", "on", "in", "yet", "no",
    "just", "now", "ago", "day", "days", "hours", "minutes", "due", "none", "open",
];

/// The English words the page shows.
async fn english_on(client: &fantoccini::Client) -> Vec<String> {
    let text = client
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap();
    let text = text.as_str().unwrap_or_default().to_owned();
    let mut found: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        // "no" is Portuguese too ("no ar"): only an English "No" capitalised alone counts.
        .filter(|w| *w != "no")
        .map(str::to_owned)
        .collect();
    found.dedup();
    found
}

/// Looks at the page as it is now: no English, and screenshots at both widths.
async fn look(client: &fantoccini::Client, name: &str) {
    let english = english_on(client).await;
    let path = client.current_url().await.unwrap().path().to_owned();
    assert!(english.is_empty(), "{path} shows English: {english:?}");
    shoot(client, &format!("pt-{name}-1280"), 1280).await;
    shoot(client, &format!("pt-{name}-390"), 390).await;
    client.set_window_size(1280, 1000).await.unwrap();
}

#[tokio::test]
async fn an_incident_commander_works_in_portuguese() {
    let Some(driver) = chromedriver() else {
        assert!(
            std::env::var_os("MURPHY_REQUIRE_BROWSER").is_none(),
            "MURPHY_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!("skipped: chromedriver is not installed");
        return;
    };
    let app = TestApp::new().await;
    app.service("pagamentos").await;
    let role = murphy::domain::person::Role::Responder;
    crate::support::person(&app.db, "rita@example.com", "Rita Souza", role).await;
    sqlx::query("UPDATE person SET language = 'pt-BR'")
        .execute(&app.db)
        .await
        .unwrap();
    let browser = Browser::start(&app, driver).await;
    let (client, base) = (browser.client.clone(), browser.base.clone());
    sign_in(&client, &base, "rita@example.com").await;

    client.goto(&format!("{base}/incidents/new")).await.unwrap();
    look(&client, "declare").await;
    type_into(&client, "#title", "Pagamentos com cartão recusados").await;
    click(&client, "input[name=severity][value=SEV2]").await;
    choose(&client, "#kind", "outage").await;
    click(&client, "input[name=services][value=pagamentos]").await;
    type_into(&client, "#summary", "Todas as compras com cartão falham.").await;
    click(&client, "form.form button[type=submit]").await;
    expect_flash(&client, "INC-1 registrado. A resposta começa aqui.").await;

    choose(&client, "#assign-role", "cl").await;
    choose(&client, "#assign-person", "admin@example.com").await;
    click(&client, ".assign-form button[type=submit]").await;
    expect_flash(&client, "Equipe atualizada.").await;
    type_into(
        &client,
        "#note-body",
        "A operadora de cartão recusa todas as transações.",
    )
    .await;
    click(&client, ".note-form button[type=submit]").await;
    expect_flash(&client, "Nota adicionada à linha do tempo.").await;
    click(&client, "details.publish > summary").await;
    type_into(
        &client,
        "#update-status",
        "Estamos investigando falhas nos pagamentos com cartão.",
    )
    .await;
    click(&client, "#publish-update button[type=submit]").await;
    expect_flash(&client, "Atualização interna publicada.").await;
    look(&client, "incident").await;
    let entries = client.find_all(Locator::Css(".entry-body")).await.unwrap();
    let mut said = Vec::new();
    for e in entries {
        said.push(e.text().await.unwrap());
    }
    assert!(
        said.iter()
            .any(|s| s == "Incidente SEV2 declarado: indisponibilidade."),
        "{said:?}"
    );

    // Resolving, with the closing update in the same step.
    click(&client, ".incident-actions details.action-step > summary").await;
    click(
        &client,
        ".incident-actions details.action-step button[type=submit]",
    )
    .await;
    expect_flash(
        &client,
        "INC-1 agora está resolvido. Atualização interna de encerramento publicada.",
    )
    .await;

    // The post-mortem, in Portuguese.
    client
        .goto(&format!("{base}/incidents/1/postmortem"))
        .await
        .unwrap();
    look(&client, "postmortem-start").await;
    click(&client, "form[action$='/postmortem/start'] button").await;
    expect_flash(
        &client,
        "Post-mortem iniciado a partir do registro do incidente com o modelo “Post-mortem SRE”. \
         Preencha o resto.",
    )
    .await;
    type_into(
        &client,
        "#s_root_causes",
        "Um job de rotação de certificados não tinha alerta de falha.",
    )
    .await;
    type_into(
        &client,
        "#s_went_wrong",
        "O operador deveria ter conferido.",
    )
    .await;
    look(&client, "postmortem-edit").await;
    for key in [
        "timeline",
        "trigger",
        "detection",
        "resolution",
        "went_well",
        "got_lucky",
        "lessons",
    ] {
        click(&client, &format!("input[name=na_{key}]")).await;
    }
    type_into(
        &client,
        "#no_actions_reason",
        "O job de rotação será desativado nesta semana.",
    )
    .await;
    click(&client, ".pm-form button[type=submit]").await;
    expect_flash(&client, "Post-mortem salvo como revisão 2.").await;
    choose(&client, "#reviewers", "rita@example.com").await;
    click(&client, ".review-form button").await;
    expect_flash(
        &client,
        "Enviado para revisão. Os revisores podem comentar cada seção e aprovar.",
    )
    .await;
    click(&client, "form[action$='/postmortem/approve'] button").await;
    expect_flash(&client, "Aprovado.").await;
    click(&client, "form[action$='/postmortem/publish'] button").await;
    expect_flash(
        &client,
        "Ainda não publicado: alguns trechos podem culpar pessoas. Veja-os primeiro.",
    )
    .await;
    let listed = text_of(&client, ".confirm-publish .flag-list li").await;
    assert!(
        listed
            .starts_with("O que deu errado: “deveria ter” em “O operador deveria ter conferido.”"),
        "{listed}"
    );
    look(&client, "postmortem-confirm").await;
    click(&client, ".confirm-publish form button").await;
    expect_flash(&client, "Publicado. O post-mortem agora só pode ser lido.").await;
    assert_eq!(text_of(&client, ".pm-status .badge").await, "Publicado");
    look(&client, "postmortem").await;

    // What the team learned, and the reports.
    client
        .goto(&format!("{base}/postmortems?q=certificados"))
        .await
        .unwrap();
    assert_eq!(
        text_of(&client, ".learned-item h2").await,
        "INC-1 · Pagamentos com cartão recusados"
    );
    look(&client, "learn").await;
    client.goto(&format!("{base}/reports")).await.unwrap();
    look(&client, "reports").await;
    client.goto(&format!("{base}/")).await.unwrap();
    look(&client, "home").await;
    client.goto(&format!("{base}/incidents")).await.unwrap();
    look(&client, "incidents").await;
    client.goto(&format!("{base}/services")).await.unwrap();
    look(&client, "services").await;
    client.goto(&format!("{base}/status")).await.unwrap();
    look(&client, "status").await;
    browser.close().await;
}
