//! The built-in template's sections: the twelve of the SRE book, in each language.

/// The SRE book's sections in Brazilian Portuguese: key, heading, guidance.
pub(super) const SRE_PT_BR: &[(&str, &str, &str)] = &[
    (
        "summary",
        "Resumo",
        "O que aconteceu, em poucas frases que alguém recém-chegado entenda.",
    ),
    (
        "impact",
        "Impacto",
        "Quem foi afetado, como e por quanto tempo.",
    ),
    (
        "timeline",
        "Linha do tempo",
        "Os eventos principais, na ordem em que aconteceram (UTC).",
    ),
    (
        "root_causes",
        "Causas raiz e fatores contribuintes",
        "As condições nos sistemas e processos que tornaram isso possível.",
    ),
    (
        "trigger",
        "Gatilho",
        "O evento que deu início ao incidente.",
    ),
    (
        "detection",
        "Detecção",
        "Como descobrimos e quanto tempo levou.",
    ),
    (
        "resolution",
        "Resolução",
        "O que interrompeu o impacto e o que corrigiu o problema.",
    ),
    ("went_well", "O que deu certo", "O que ajudou a resposta."),
    (
        "went_wrong",
        "O que deu errado",
        "O que dificultou a resposta.",
    ),
    (
        "got_lucky",
        "Onde tivemos sorte",
        "O que poderia ter piorado a situação e não piorou.",
    ),
    (
        "lessons",
        "Lições aprendidas",
        "O que sabemos agora e não sabíamos antes.",
    ),
    (
        "supporting",
        "Informações de apoio",
        "Links, gráficos, a equipe de resposta, tudo o mais de que um leitor precise.",
    ),
];

/// The SRE book's sections: key, heading, guidance.
pub(super) const SRE: &[(&str, &str, &str)] = &[
    (
        "summary",
        "Summary",
        "What happened, in a few sentences a newcomer understands.",
    ),
    (
        "impact",
        "Impact",
        "Who was affected, how, and for how long.",
    ),
    (
        "timeline",
        "Timeline",
        "The key events, in the order they happened (UTC).",
    ),
    (
        "root_causes",
        "Root causes and contributing factors",
        "The conditions in systems and processes that made this possible.",
    ),
    ("trigger", "Trigger", "The event that set it off."),
    (
        "detection",
        "Detection",
        "How we found out, and how long it took.",
    ),
    (
        "resolution",
        "Resolution",
        "What stopped the impact, and what fixed it.",
    ),
    ("went_well", "What went well", "What helped the response."),
    (
        "went_wrong",
        "What went wrong",
        "What made the response harder.",
    ),
    (
        "got_lucky",
        "Where we got lucky",
        "What could have made it worse, and did not.",
    ),
    (
        "lessons",
        "Lessons learned",
        "What we now know that we did not before.",
    ),
    (
        "supporting",
        "Supporting information",
        "Links, graphs, the response team, anything else a reader needs.",
    ),
];
