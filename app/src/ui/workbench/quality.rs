//! My reviews (M4): the QA reviews of the agent's own conversations over
//! the last 30 days, each with its scores and comments; a submitted one
//! can be disputed with a comment, which a reviewer then answers.

use leptos::prelude::*;
use model::qa::{QaReview, QaReviewQuery, QaReviewState};
use model::AppError;

use crate::api::qa::{dispute_qa_review, qa_reviews};
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, LoadError, Loading, TextAreaField,
};
use crate::ui::console::qa::review_card::{result_text, state_badge, state_text, ReviewCard};

#[component]
pub fn QualityPane(me: i32) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let list = Resource::new(
        move || version.get(),
        move |_| {
            qa_reviews(QaReviewQuery {
                preset: Some("last30".into()),
                agent_id: Some(me),
                ..Default::default()
            })
        },
    );
    let selected = RwSignal::new(None::<i64>);
    let on_disputed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="wb-list" aria-label=move || i18n.t(text!(qa.my_reviews))>
            <header class="wb-list-header"><h1>{move || i18n.t(text!(qa.my_reviews))}</h1></header>
            <p class="muted small wb-intro">{move || i18n.t(text!(qa.my_reviews_intro))}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(l) if l.reviews.is_empty() => view! { <p class="muted wb-empty">{move || i18n.t(text!(qa.no_my_reviews))}</p> }.into_any(),
                        Ok(l) => view! {
                            <ul role="listbox" aria-label=move || i18n.t(text!(qa.my_reviews))>
                                {l.reviews.into_iter().map(|r| view! { <ReviewItem r selected/> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <main class="wb-chat qa-pane">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let reviews = list.await.map(|l| l.reviews).unwrap_or_default();
                    let shown = selected.get().and_then(|id| reviews.into_iter().find(|r| r.id == id));
                    match shown {
                        Some(r) => {
                            let form = (r.state == QaReviewState::Submitted)
                                .then(|| view! { <DisputeForm id=r.id on_disputed/> });
                            view! { <ReviewCard review=r/> {form} }.into_any()
                        }
                        None => view! { <p class="muted wb-empty">{move || i18n.t(text!(qa.review))}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn ReviewItem(r: QaReview, selected: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = r.id;
    let state = r.state;
    view! {
        <li role="option" class="conv-item" tabindex="0"
            class:selected=move || selected.get() == Some(id)
            aria-selected=move || (selected.get() == Some(id)).to_string()
            on:click=move |_| selected.set(Some(id))
            on:keydown=move |ev| if ev.key() == "Enter" { selected.set(Some(id)) }>
            <div class="conv-top">
                <span class="strong" class:qa-failed=r.result.failed>{result_text(&r.result, i18n)}</span>
                <span class="muted small">{crate::ui::common::date_time(r.conversation_started_at)}</span>
            </div>
            <div class="conv-preview muted small">{r.scorecard_name.clone()} " · "
                <span class=state_badge(state)>{move || i18n.t(state_text(state))}</span></div>
        </li>
    }
}

#[component]
fn DisputeForm(id: i64, on_disputed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let comment = RwSignal::new(String::new());
    let send = Action::new(move |comment: &String| dispute_qa_review(id, comment.clone()));
    let result = move || send.value().get();
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(qa.disputed)));
            on_disputed.run(());
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(comment.get_untracked().trim().to_owned());
    };
    view! {
        <form class="form card" on:submit=submit novalidate aria-label=move || i18n.t(text!(qa.dispute))>
            <TextAreaField id="qa-dispute" label=Signal::derive(move || i18n.t(text!(qa.dispute_reason))) value=comment required=true
                error=field_error(result, "comment")/>
            <p class="banner banner-error" role="alert" hidden=move || field_error(result, "state").get().is_none()>
                {move || field_error(result, "state").get()}</p>
            <div class="form-actions">
                <button class="button primary" type="submit" disabled=move || send.pending().get()>
                    {move || i18n.t(text!(qa.send_dispute))}</button>
            </div>
        </form>
    }
}
