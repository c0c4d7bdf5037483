//! Console → Quality → one review: its scores, the agent's dispute, and
//! the reviewer's answer — accept (optionally re-scoring) or reject, with
//! a comment the agent reads.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use model::qa::{QaResolveInput, QaReview, QaReviewState};
use model::AppError;

use super::super::PageHeader;
use super::review_card::ReviewCard;
use super::score::ConversationView;
use super::score_fields::{entries, scores, ScoreFields};
use super::QaTabs;
use crate::api::qa::{qa_review, resolve_qa_review};
use crate::api::transcripts::open_transcript;
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, TextAreaField,
};

#[component]
pub fn QaReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let version = RwSignal::new(0u32);
    let review = Resource::new(move || (id(), version.get()), |(id, _)| qa_review(id));
    let on_resolved = Callback::new(move |()| version.update(|v| *v += 1));
    // Read only when opened: the browser alone asks for it.
    let opened = RwSignal::new(false);
    view! {
        <Title text=move || format!("{} · {} · Switchboard", i18n.t(text!(qa.review)), i18n.t(text!(qa.title)))/>
        <PageHeader title=text!(qa.title)/>
        <QaTabs/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) => {
                        let conversation = r.conversation_id;
                        let disputed = r.state == QaReviewState::Disputed;
                        let form = disputed.then(|| view! { <ResolveForm review=r.clone() on_resolved/> });
                        view! {
                            <ReviewCard review=r/>
                            <details class="card qa-conversation" on:toggle=move |_| opened.set(true)>
                                <summary>{move || i18n.t(text!(qa.read_conversation))}</summary>
                                {move || opened.get().then(|| view! { <ConversationOf id=conversation/> })}
                            </details>
                            {form}
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The reviewed conversation.
#[component]
fn ConversationOf(id: i64) -> impl IntoView {
    let loaded = Resource::new(move || id, open_transcript);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(t) => view! { <ConversationView t/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ResolveForm(review: QaReview, on_resolved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = review.id;
    let accept = RwSignal::new(String::new());
    let rescore = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let rescored = StoredValue::new(entries(&review.categories, &review.scores));
    let save = Action::new(move |input: &QaResolveInput| {
        let input = input.clone();
        async move { resolve_qa_review(id, input).await }
    });
    let result = Signal::derive(move || save.value().get().map(|r| r.map(|_| ())));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(qa.answered)));
            on_resolved.run(());
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    let choice_error = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let decision = accept.get_untracked();
        choice_error.set(decision.is_empty());
        if decision.is_empty() {
            return;
        }
        let accepting = decision == "accept";
        save.dispatch(QaResolveInput {
            accept: accepting,
            comment: comment.get_untracked().trim().to_owned(),
            scores: (accepting && rescore.get_untracked())
                .then(|| rescored.with_value(|e| scores(e))),
        });
    };
    let option = move |value: &'static str, label| {
        view! {
            <label class="qa-choice" for=format!("qa-resolve-{value}")>
                <input id=format!("qa-resolve-{value}") type="radio" name="qa-resolve" value=value
                    prop:checked=move || accept.get() == value on:change=move |_| accept.set(value.into())/>
                <span>{move || i18n.t(label)}</span>
            </label>
        }
    };
    view! {
        <section class="card" aria-labelledby="qa-resolve-h">
            <h2 id="qa-resolve-h">{move || i18n.t(text!(qa.resolve_title))}</h2>
            <form class="form" on:submit=submit novalidate>
                <fieldset class="qa-category" class:has-error=move || choice_error.get()>
                    <legend>{move || i18n.t(text!(qa.decision))}</legend>
                    <div class="qa-choices">
                        {option("accept", text!(qa.accept))}
                        {option("reject", text!(qa.reject))}
                    </div>
                    <p class="field-error" role="alert">{move || choice_error.get().then(|| i18n.t(text!(qa.pick_decision)))}</p>
                </fieldset>
                {move || (accept.get() == "accept").then(|| view! {
                    <CheckboxField id="qa-rescore" label=Signal::derive(move || i18n.t(text!(qa.rescore)).to_owned()) checked=rescore/>
                })}
                {move || (accept.get() == "accept" && rescore.get()).then(|| view! {
                    <ScoreFields entries=rescored.get_value() result/>
                })}
                <TextAreaField id="qa-answer" label=Signal::derive(move || i18n.t(text!(qa.answer))) value=comment required=true
                    error=field_error(move || result.get(), "comment")/>
                <p class="banner banner-error" role="alert" hidden=move || field_error(move || result.get(), "state").get().is_none()>
                    {move || field_error(move || result.get(), "state").get()}</p>
                <div class="form-actions">
                    <button class="button primary" type="submit" disabled=move || save.pending().get()>
                        {move || i18n.t(text!(qa.send_answer))}</button>
                </div>
            </form>
        </section>
    }
}
