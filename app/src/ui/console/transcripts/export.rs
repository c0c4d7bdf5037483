//! A transcript as a file to save (M2): plain text or a standalone HTML
//! page, in the reader's language, from what the console already shows.
//! Pure, so the formats are tested without a browser.

use model::automation::Rating;
use model::chat::{Conversation, Message, Sender};
use model::transcripts::Transcript;

/// The words a file needs besides the messages, in the reader's language.
pub struct Labels {
    pub title: &'static str,
    pub agent: &'static str,
    pub bot: &'static str,
    pub channel: &'static str,
    pub started: &'static str,
    pub internal: &'static str,
    pub rating: &'static str,
}

fn who(m: &Message, c: &Conversation, l: &Labels) -> String {
    match m.sender {
        Sender::Visitor => c.visitor_name.clone(),
        Sender::Agent => m.agent_name.clone().unwrap_or_else(|| l.agent.to_owned()),
        Sender::Bot => l.bot.to_owned(),
        Sender::System => "—".to_owned(),
    }
}

/// "Great (1/3) · quick and kind"
pub fn rating_text(r: &Rating) -> String {
    let mut out = format!("{} ({}/{})", r.label, r.level, r.scale);
    if let Some(c) = r.comment.as_deref().filter(|c| !c.is_empty()) {
        out.push_str(" · ");
        out.push_str(c);
    }
    out
}

fn stamp(m: &Message) -> String {
    m.created_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// One line per message: `[time] who: text`; files by name.
pub fn to_text(t: &Transcript, text_of: impl Fn(&Message) -> String, l: &Labels) -> String {
    let c = &t.conversation;
    let mut out = format!(
        "{} #{} · {}\n{}: {}\n{}: {}\n\n",
        l.title,
        c.id,
        c.visitor_name,
        l.channel,
        c.channel_name.clone().unwrap_or_else(|| c.channel.clone()),
        l.started,
        c.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
    );
    if let Some(r) = &t.rating {
        out.insert_str(
            out.len() - 1,
            &format!("{}: {}\n", l.rating, rating_text(r)),
        );
    }
    for m in &t.messages {
        let mut line = text_of(m);
        if let Some(a) = &m.attachment {
            line = format!("{line} [{}]", a.name).trim().to_owned();
        }
        let note = if m.internal {
            format!(" ({})", l.internal)
        } else {
            String::new()
        };
        out.push_str(&format!("[{}] {}{note}: {line}\n", stamp(m), who(m, c, l)));
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A page that opens anywhere: every text escaped, no script, no links out.
pub fn to_html(t: &Transcript, text_of: impl Fn(&Message) -> String, l: &Labels) -> String {
    let c = &t.conversation;
    let title = format!("{} #{} · {}", l.title, c.id, c.visitor_name);
    let rating = t
        .rating
        .as_ref()
        .map(|r| format!("<p>{}: {}</p>\n", escape(l.rating), escape(&rating_text(r))))
        .unwrap_or_default();
    let mut rows = String::new();
    for m in &t.messages {
        let mut line = escape(&text_of(m));
        if let Some(a) = &m.attachment {
            line.push_str(&format!(" <em>[{}]</em>", escape(&a.name)));
        }
        let class = match (m.sender, m.internal) {
            (_, true) => "internal",
            (Sender::System, _) => "system",
            (Sender::Visitor, _) => "visitor",
            _ => "staff",
        };
        rows.push_str(&format!(
            "<li class=\"{class}\"><time>{}</time> <b>{}</b> {line}</li>\n",
            stamp(m),
            escape(&who(m, c, l))
        ));
    }
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>body{{font:14px/1.5 system-ui,sans-serif;max-width:760px;margin:2em auto}}\
         li{{list-style:none;margin:.4em 0}}time{{color:#667085}}.system{{color:#667085}}\
         .internal{{background:#fffaeb}}</style></head><body>\n<h1>{t}</h1>\n<p>{}: {} · {}: {}</p>\n{rating}<ol>\n{rows}</ol>\n</body></html>\n",
        escape(l.channel),
        escape(&c.channel_name.clone().unwrap_or_else(|| c.channel.clone())),
        escape(l.started),
        c.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
        t = escape(&title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use model::chat::ConversationStatus;

    fn labels() -> Labels {
        Labels {
            title: "Transcript",
            agent: "Agent",
            bot: "Bot",
            channel: "Channel",
            started: "Started",
            internal: "internal note",
            rating: "Rating",
        }
    }

    fn conversation() -> Conversation {
        Conversation {
            id: 7,
            visitor_id: 1,
            visitor_name: "Visitor <1>".into(),
            status: ConversationStatus::Ended,
            agent_id: Some(2),
            agent_name: Some("Ann".into()),
            group_id: None,
            channel: "web".into(),
            channel_name: None,
            source_url: None,
            last_seq: 2,
            agent_read_seq: 2,
            visitor_read_seq: 2,
            last_message: None,
            last_line: None,
            started_at: Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap(),
            ended_at: None,
            unanswered: false,
            rated: false,
        }
    }

    fn message(seq: i64, sender: Sender, body: &str, internal: bool) -> Message {
        Message {
            conversation_id: 7,
            seq,
            client_id: format!("c{seq}"),
            sender,
            agent_name: (sender == Sender::Agent).then(|| "Ann".into()),
            agent_avatar: None,
            body: body.into(),
            system: None,
            internal,
            attachment: None,
            bot: None,
            delivery: None,
            created_at: Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, seq as u32).unwrap(),
        }
    }

    fn rating() -> Rating {
        Rating {
            conversation_id: 7,
            visitor_name: "Visitor <1>".into(),
            agent_id: Some(2),
            agent_name: Some("Ann".into()),
            level: 1,
            scale: 3,
            label: "Great".into(),
            comment: Some("<fast>".into()),
            created_at: Utc.with_ymd_and_hms(2026, 12, 3, 8, 5, 0).unwrap(),
        }
    }

    #[test]
    fn text_has_a_line_per_message_with_time_and_sender() {
        let mut tr = Transcript {
            conversation: conversation(),
            messages: vec![
                message(1, Sender::Visitor, "退款到账了吗", false),
                message(2, Sender::Agent, "VIP", true),
            ],
            rating: None,
        };
        let t = to_text(&tr, |m| m.body.clone(), &labels());
        assert!(t.starts_with("Transcript #7 · Visitor <1>\nChannel: web\n"));
        assert!(!t.contains("Rating"));
        assert!(t.contains("[2026-12-03 08:00:01 UTC] Visitor <1>: 退款到账了吗\n"));
        assert!(t.contains("[2026-12-03 08:00:02 UTC] Ann (internal note): VIP\n"));
        tr.rating = Some(rating());
        let t = to_text(&tr, |m| m.body.clone(), &labels());
        assert!(t.contains("Started: 2026-12-03 08:00:00 UTC\nRating: Great (1/3) · <fast>\n\n["));
    }

    #[test]
    fn html_escapes_everything_it_was_given() {
        let t = Transcript {
            conversation: conversation(),
            messages: vec![message(
                1,
                Sender::Visitor,
                "<script>alert(1)</script>",
                false,
            )],
            rating: Some(rating()),
        };
        let h = to_html(&t, |m| m.body.clone(), &labels());
        assert!(h.contains("<p>Rating: Great (1/3) · &lt;fast&gt;</p>"));
        assert!(!h.contains("<script>"));
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("<title>Transcript #7 · Visitor &lt;1&gt;</title>"));
    }
}
