//! Canned replies (W7): an agent's own and shared ones (admins manage
//! those), grouped by category; `/` in the composer searches them, and
//! variables like `{customer.name}` are filled in when inserted.

use serde::{Deserialize, Serialize};

pub const CATEGORY_MAX: usize = 64;
pub const TITLE_MAX: usize = 64;
pub const BODY_MAX: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedReply {
    pub id: i32,
    /// Shared with every agent; otherwise the reader's own.
    pub shared: bool,
    pub category: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedReplyInput {
    pub shared: bool,
    #[serde(default)]
    pub category: String,
    pub title: String,
    pub body: String,
}

/// The values a reply's variables take.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReplyVars {
    pub customer_name: String,
    pub agent_name: String,
}

/// The variables a reply may use, for the editor's hint.
pub const VARIABLES: [&str; 2] = ["{customer.name}", "{agent.name}"];

/// `body` with its variables filled in; unknown `{…}` stay as typed.
pub fn fill(body: &str, vars: &ReplyVars) -> String {
    body.replace("{customer.name}", &vars.customer_name)
        .replace("{agent.name}", &vars.agent_name)
}

/// Whether `reply` matches what the agent typed after `/`: every word of
/// it appears in the title, body or category, ignoring case (Chinese has
/// no case and no spaces, so a run of characters matches as a substring).
pub fn matches(reply: &CannedReply, query: &str) -> bool {
    let hay = format!("{} {} {}", reply.title, reply.body, reply.category).to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| hay.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(title: &str, body: &str) -> CannedReply {
        CannedReply {
            id: 1,
            shared: true,
            category: "退款 Refunds".into(),
            title: title.into(),
            body: body.into(),
        }
    }

    #[test]
    fn variables_are_filled_and_unknown_ones_stay() {
        let vars = ReplyVars {
            customer_name: "王芳".into(),
            agent_name: "Ann".into(),
        };
        assert_eq!(
            fill("Hi {customer.name}, I am {agent.name}. {order.id}", &vars),
            "Hi 王芳, I am Ann. {order.id}"
        );
    }

    #[test]
    fn search_matches_every_word_in_chinese_and_english() {
        let r = reply("Refund policy", "退款将在三个工作日内到账");
        assert!(matches(&r, "refund"));
        assert!(matches(&r, "REFUND policy"));
        assert!(matches(&r, "工作日"));
        assert!(matches(&r, "退款"));
        assert!(!matches(&r, "shipping"));
        assert!(matches(&r, ""));
    }
}
