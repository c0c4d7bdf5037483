//! Console → Quality → scoring one ended conversation: the conversation on
//! one side, a scorecard's categories on the other; saving opens the
//! review, which the agent then sees in the workbench.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use model::chat::Sender;
use model::qa::{QaReviewInput, QaScorecard};
use model::transcripts::Transcript;
use model::AppError;

use super::super::PageHeader;
use super::score_fields::{entries, scores, ScoreFields};
use super::QaTabs;
use crate::api::qa::{list_qa_scorecards, submit_qa_review};
use crate::api::transcripts::open_transcript;
use crate::i18n::use_i18n;
use crate::ui::common::{
    date_time, error_message, field_error, use_toasts, LoadError, Loading, MessageList,
    TextAreaField,
};

#[component]
pub fn QaScorePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let conversation = Resource::new(id, open_transcript);
    let cards = Resource::new(|| (), |_| list_qa_scorecards());
    view! {
        <Title text=move || format!("{} #{} · Switchboard", i18n.t(text!(qa.score_title)), id())/>
        <PageHeader title=text!(qa.title)/>
        <QaTabs/>
        <div class="qa-score-layout">
            <section class="card" aria-label=move || i18n.t(text!(qa.conversation))>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match conversation.await {
                            Ok(t) => view! { <ConversationView t/> }.into_any(),
                            Err(error) => view! { <LoadError error/> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <section class="card" aria-labelledby="qa-score-h">
                <h2 id="qa-score-h">{move || i18n.t(text!(qa.score_title))}</h2>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match cards.await {
                            Ok(all) => {
                                let active: Vec<QaScorecard> = all.into_iter().filter(|c| !c.retired).collect();
                                if active.is_empty() {
                                    view! {
                                        <p class="muted" role="status">{move || i18n.t(text!(qa.no_scorecards))} " "
                                            <A href="/admin/qa/scorecards">{move || i18n.t(text!(qa.tab_scorecards))}</A></p>
                                    }.into_any()
                                } else {
                                    view! { <ScoreForm conversation_id=id() cards=active/> }.into_any()
                                }
                            }
                            Err(error) => view! { <LoadError error/> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// The conversation being scored, read-only: who, when, every line.
#[component]
pub(super) fn ConversationView(t: Transcript) -> impl IntoView {
    let i18n = use_i18n();
    let c = t.conversation;
    view! {
        <header class="watch-header">
            <div>
                <h2>{c.visitor_name.clone()}</h2>
                <p class="muted small">{c.agent_name.clone().unwrap_or_else(|| "—".into())} " · " {date_time(c.started_at)}
                    {c.ended_at.map(|t| format!(" – {}", date_time(t)))}</p>
            </div>
        </header>
        <MessageList messages=Signal::stored(t.messages) pending=Signal::stored(vec![]) viewer=Sender::Agent
            read_seq=Signal::stored(c.visitor_read_seq) label=Signal::derive(move || i18n.t(text!(common.chat.messages)))/>
    }
}

#[component]
fn ScoreForm(conversation_id: i64, cards: Vec<QaScorecard>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let card_id = RwSignal::new(cards[0].id.to_string());
    let cards = StoredValue::new(cards);
    let card = Memo::new(move |_| {
        let id: i32 = card_id.get().parse().unwrap_or_default();
        cards.with_value(|all| {
            all.iter()
                .find(|c| c.id == id)
                .cloned()
                .unwrap_or_else(|| all[0].clone())
        })
    });
    // New entries for each scorecard chosen.
    let current = Memo::new(move |_| StoredValue::new(entries(&card.get().categories, &[])));
    let comment = RwSignal::new(String::new());
    let save = Action::new(|input: &QaReviewInput| submit_qa_review(input.clone()));
    let result = Signal::derive(move || save.value().get().map(|r| r.map(|_| ())));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(review)) => {
            toasts.success(i18n.t(text!(qa.saved)));
            navigate(
                &format!("/admin/qa/reviews/{}", review.id),
                Default::default(),
            );
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(QaReviewInput {
            conversation_id,
            scorecard_id: card.get_untracked().id,
            scores: current.get_untracked().with_value(|e| scores(e)),
            comment: comment.get_untracked().trim().to_owned(),
        });
    };
    let banner = move || {
        ["conversation_id", "scorecard_id", "scores"]
            .iter()
            .find_map(|f| field_error(move || result.get(), *f).get())
    };
    view! {
        <form class="form qa-score-form" on:submit=submit novalidate>
            <div class="field">
                <label for="qa-scorecard">{move || i18n.t(text!(qa.scorecard))}</label>
                <select id="qa-scorecard" on:change=move |ev| card_id.set(event_target_value(&ev))>
                    {cards.get_value().into_iter().map(|c| {
                        let value = c.id.to_string();
                        let is = value.clone();
                        view! { <option value=value selected=move || card_id.get() == is>{c.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || view! { <ScoreFields entries=current.get().get_value() result/> }}
            <TextAreaField id="qa-overall" label=Signal::derive(move || i18n.t(text!(qa.overall_comment))) value=comment
                error=field_error(move || result.get(), "comment")/>
            {move || banner().map(|b| view! { <p class="banner banner-error" role="alert">{b}</p> })}
            <div class="form-actions">
                <button class="button primary" type="submit" disabled=move || save.pending().get()>
                    {move || i18n.t(text!(qa.submit))}</button>
            </div>
        </form>
    }
}
