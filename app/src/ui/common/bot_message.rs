//! A bot message (P3) as the widget and the workbench show it: a badge,
//! the answer as paragraphs, links and images (built as elements from
//! `model::bot::answer_blocks`, never as HTML), suggestions the visitor
//! clicks, and helpful / not helpful under an answer.

use leptos::prelude::*;
use model::bot::{answer_blocks, AnswerBlock, BotReply, Inline};
use model::chat::Message;

use crate::i18n::use_i18n;

/// What the visitor can do with bot messages (the workbench shows them
/// read-only).
#[derive(Clone, Copy)]
pub struct BotActions {
    /// A suggestion was clicked: its question is sent as the visitor's.
    pub pick: Callback<String>,
    /// An answer was rated: (its seq, helpful).
    pub rate: Callback<(i64, bool)>,
}

fn answer_view(text: &str) -> impl IntoView {
    answer_blocks(text)
        .into_iter()
        .map(|b| match b {
            AnswerBlock::Paragraph(parts) => view! {
                <p>{parts.into_iter().map(|p| match p {
                    Inline::Text(t) => leptos::either::Either::Left(t),
                    Inline::Link(url) => {
                        let text = url.clone();
                        leptos::either::Either::Right(view! {
                            <a href=url target="_blank" rel="noopener noreferrer">{text}</a>
                        })
                    }
                }).collect_view()}</p>
            }
            .into_any(),
            AnswerBlock::Image { url, alt } => {
                view! { <img class="bot-image" src=url alt=alt loading="lazy"/> }.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn BotBubble(message: Message, actions: Option<BotActions>) -> impl IntoView {
    let i18n = use_i18n();
    let seq = message.seq;
    let body = match message.bot.clone() {
        Some(BotReply::Answer { helpful, .. }) => {
            let rating = match actions {
                Some(a) => view! {
                    <div class="bot-rating" role="group" aria-label=move || i18n.t(text!(common.chat.bot_helpful))>
                        {match helpful {
                            Some(_) => view! { <span class="muted small" role="status">{move || i18n.t(text!(common.chat.bot_rated))}</span> }.into_any(),
                            None => view! {
                                <button type="button" class="chip" on:click=move |_| a.rate.run((seq, true))>
                                    "👍 " {move || i18n.t(text!(common.chat.bot_helpful))}
                                </button>
                                <button type="button" class="chip" on:click=move |_| a.rate.run((seq, false))>
                                    "👎 " {move || i18n.t(text!(common.chat.bot_unhelpful))}
                                </button>
                            }.into_any(),
                        }}
                    </div>
                }
                .into_any(),
                None => helpful
                    .map(|h| {
                        let label = if h { text!(common.chat.bot_helpful) } else { text!(common.chat.bot_unhelpful) };
                        view! { <span class="muted small">{if h { "👍 " } else { "👎 " }}{move || i18n.t(label)}</span> }
                    })
                    .into_any(),
            };
            view! { <div class="bot-answer">{answer_view(&message.body)}</div>{rating} }.into_any()
        }
        Some(BotReply::Suggest { choices }) => {
            let head = message.body.lines().next().unwrap_or_default().to_owned();
            view! {
                <p>{head}</p>
                <ul class="bot-choices" aria-label=move || i18n.t(text!(common.chat.bot_suggestions))>
                    {choices.into_iter().map(|c| {
                        let q = c.question.clone();
                        match actions {
                            Some(a) => view! {
                                <li><button type="button" class="chip" on:click=move |_| a.pick.run(q.clone())>{c.question}</button></li>
                            }.into_any(),
                            None => view! { <li>{c.question}</li> }.into_any(),
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
        _ => view! { <p>{message.body.clone()}</p> }.into_any(),
    };
    view! {
        <span class="msg-author"><span class="badge bot-badge">{move || i18n.t(text!(common.chat.bot))}</span></span>
        <div class="bubble bot-bubble">{body}</div>
    }
}
