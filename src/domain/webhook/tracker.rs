//! Issue trackers (GitHub, GitLab, Jira) as webhook receivers: the body their "create an
//! issue" APIs take, the issue their answers name, and what their own signed webhooks say.

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::Format;

/// The body a tracker's "create an issue" API takes for an `action_item.created` payload:
/// the action item's title, and a body saying where it came from with a link back.
pub fn tracker_body(format: Format, payload: &Value, project: &str) -> Value {
    let item = &payload["data"]["action_item"];
    let incident = &payload["incident"];
    let title = item["title"].as_str().unwrap_or_default();
    let text = format!(
        "An action item from the post-mortem of {} {} ({}).\n\nPriority {}, type {}{}.\n\n\
         Post-mortem: {}/postmortem\n\nFiled by Murphy; closing this issue marks the action \
         item done.",
        incident["reference"].as_str().unwrap_or_default(),
        incident["title"].as_str().unwrap_or_default(),
        incident["severity"].as_str().unwrap_or_default(),
        item["priority"].as_str().unwrap_or_default().to_uppercase(),
        item["type"].as_str().unwrap_or_default(),
        item["due_on"]
            .as_str()
            .map(|d| format!(", due {d}"))
            .unwrap_or_default(),
        incident["url"].as_str().unwrap_or_default(),
    );
    match format {
        Format::Github => json!({"title": title, "body": text, "labels": ["murphy"]}),
        Format::Gitlab => json!({"title": title, "description": text, "labels": "murphy"}),
        Format::Jira => json!({"fields": {
            "project": {"key": project},
            "summary": title,
            "description": text,
            "issuetype": {"name": "Task"},
            "labels": ["murphy"],
        }}),
        Format::Murphy | Format::Slack => payload.clone(),
    }
}

/// The address of the issue a tracker created, from its answer (GitHub's `html_url`,
/// GitLab's `web_url`, Jira's `key` under the site's `/browse/`).
pub fn created_issue(format: Format, api_url: &str, answer: &Value) -> Option<String> {
    let url = match format {
        Format::Github => answer["html_url"].as_str()?.to_owned(),
        Format::Gitlab => answer["web_url"].as_str()?.to_owned(),
        Format::Jira => {
            let key = answer["key"].as_str()?;
            let site = api_url.split("/rest/").next()?;
            format!("{site}/browse/{key}")
        }
        Format::Murphy | Format::Slack => return None,
    };
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// What a tracker's webhook says of an issue: closed (true) or reopened (false), and the
/// issue's address (GitHub, GitLab) or key (Jira). `None` for anything else.
pub fn issue_changed(format: Format, body: &Value) -> Option<(IssueRef, bool)> {
    match format {
        Format::Github => {
            let closed = match body["action"].as_str()? {
                "closed" => true,
                "reopened" => false,
                _ => return None,
            };
            Some((
                IssueRef::Url(body["issue"]["html_url"].as_str()?.to_owned()),
                closed,
            ))
        }
        Format::Gitlab => {
            if body["object_kind"].as_str()? != "issue" {
                return None;
            }
            let attributes = &body["object_attributes"];
            let closed = match attributes["action"].as_str()? {
                "close" => true,
                "reopen" => false,
                _ => return None,
            };
            Some((
                IssueRef::Url(attributes["url"].as_str()?.to_owned()),
                closed,
            ))
        }
        Format::Jira => {
            if body["webhookEvent"].as_str()? != "jira:issue_updated" {
                return None;
            }
            let issue = &body["issue"];
            let category = issue["fields"]["status"]["statusCategory"]["key"].as_str()?;
            Some((
                IssueRef::JiraKey(issue["key"].as_str()?.to_owned()),
                category == "done",
            ))
        }
        Format::Murphy | Format::Slack => None,
    }
}

/// An issue as a tracker's webhook names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueRef {
    Url(String),
    JiraKey(String),
}

/// Whether a tracker's webhook body is signed with `secret`: GitHub's and Jira's
/// `X-Hub-Signature-256` / `X-Hub-Signature` (`sha256=` HMAC of the body), GitLab's
/// `X-Gitlab-Token` (the secret itself).
pub fn tracker_signed(format: Format, secret: &str, header: &str, body: &[u8]) -> bool {
    match format {
        Format::Gitlab => {
            !secret.is_empty() && constant_time_eq(header.as_bytes(), secret.as_bytes())
        }
        Format::Github | Format::Jira => {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
                .expect("HMAC takes a key of any length");
            mac.update(body);
            let bytes = mac.finalize().into_bytes();
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let expected = format!("sha256={hex}");
            constant_time_eq(header.as_bytes(), expected.as_bytes())
        }
        Format::Murphy | Format::Slack => false,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trackers_get_their_own_bodies_and_answers() {
        let payload = json!({
            "incident": {"reference": "INC-4", "title": "Checkout down", "severity": "SEV1",
                         "url": "https://murphy.example.com/incidents/4"},
            "data": {"action_item": {"title": "Alert on expiry", "priority": "p1",
                                     "type": "detect", "due_on": "2026-12-24"}},
        });
        let github = tracker_body(Format::Github, &payload, "");
        assert_eq!(github["title"], "Alert on expiry");
        let body = github["body"].as_str().unwrap();
        assert!(body.contains("INC-4 Checkout down (SEV1)"), "{body}");
        assert!(body.contains("due 2026-12-24"), "{body}");
        assert!(body.contains("https://murphy.example.com/incidents/4/postmortem"));
        let jira = tracker_body(Format::Jira, &payload, "OPS");
        assert_eq!(jira["fields"]["project"]["key"], "OPS");
        assert_eq!(jira["fields"]["summary"], "Alert on expiry");
        assert_eq!(
            created_issue(
                Format::Jira,
                "https://acme.atlassian.net/rest/api/2/issue",
                &json!({"key": "OPS-12"})
            ),
            Some("https://acme.atlassian.net/browse/OPS-12".into())
        );
        assert_eq!(
            created_issue(Format::Github, "", &json!({"html_url": "javascript:x"})),
            None
        );
        assert_eq!(
            issue_changed(
                Format::Gitlab,
                &json!({"object_kind": "issue", "object_attributes":
                        {"action": "reopen", "url": "https://gitlab.example.com/a/b/-/issues/3"}})
            ),
            Some((
                IssueRef::Url("https://gitlab.example.com/a/b/-/issues/3".into()),
                false
            ))
        );
        // GitHub's documented example: secret "It's a Secret to Everybody", body
        // "Hello, World!".
        let documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert!(tracker_signed(
            Format::Github,
            "It's a Secret to Everybody",
            documented,
            b"Hello, World!"
        ));
        assert!(!tracker_signed(
            Format::Github,
            "another secret",
            documented,
            b"Hello, World!"
        ));
        assert!(tracker_signed(Format::Gitlab, "tok", "tok", b""));
        assert!(!tracker_signed(Format::Gitlab, "", "", b""));
    }
}
