//! The widget's two forms: leave a message when nobody is there (R6), and
//! rate a finished (or invited) conversation (R5).

use leptos::either::Either;
use leptos::prelude::*;
use model::automation::{
    LeaveField, LeaveMessageInput, LeaveMessageSettings, RatingInput, SurveySettings,
};
use model::AppError;

use crate::api::leave_message::visitor_leave_message;
use crate::api::survey::visitor_rate;
use crate::i18n::{leave_field_text, use_i18n};
use crate::ui::common::{error_message, field_error, use_toasts, CustomFieldInput};
use model::fields::FieldDef;

/// R6: the admin's guide text and fields; submitting creates a ticket.
#[component]
pub fn LeaveMessageForm(
    settings: LeaveMessageSettings,
    /// The ticket and customer fields the admin added to the form.
    custom: Vec<FieldDef>,
    token: Signal<String>,
    link: String,
    page: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let values: Vec<(LeaveField, bool, RwSignal<String>)> = LeaveField::ALL
        .into_iter()
        .map(|f| settings.rule(f))
        .filter(|r| r.shown)
        .map(|r| (r.field, r.required, RwSignal::new(String::new())))
        .collect();
    let value_of = {
        let values = values.clone();
        move |f: LeaveField| {
            values
                .iter()
                .find(|(x, _, _)| *x == f)
                .map(|(_, _, v)| v.get_untracked())
                .filter(|v| !v.trim().is_empty())
        }
    };
    let custom = crate::ui::common::field_inputs(custom, &Default::default());
    let custom_values = custom.clone();
    let send = Action::new(move |input: &LeaveMessageInput| {
        let input = input.clone();
        async move { visitor_leave_message(token.get_untracked(), input).await }
    });
    let result = move || send.value().get();
    let done = move || matches!(send.value().get(), Some(Ok(_)));
    Effect::new(move |_| {
        if let Some(Err(e)) = send.value().get() {
            if !matches!(e, AppError::Invalid { .. }) {
                toasts.error(error_message(&e));
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(LeaveMessageInput {
            link: Some(link.clone()),
            page_url: page.clone(),
            name: value_of(LeaveField::Name),
            email: value_of(LeaveField::Email),
            phone: value_of(LeaveField::Phone),
            subject: value_of(LeaveField::Subject),
            message: value_of(LeaveField::Message).unwrap_or_default(),
            fields: crate::ui::common::input_values(&custom_values),
        });
    };
    let guide = settings.guide.clone();
    view! {
        <section class="widget-form" aria-label=move || i18n.t(text!(widget.leave.title))>
            <Show when=done fallback=move || {
                let guide = guide.clone();
                let values = values.clone();
                let custom = custom.clone();
                view! {
                    <form on:submit=submit.clone() novalidate>
                        <h2>{move || i18n.t(text!(widget.leave.title))}</h2>
                        <p class="muted">{guide}</p>
                        {values.into_iter().map(|(f, required, value)| {
                            let id = format!("leave-{}", f.key());
                            let error = field_error(result, f.key());
                            let label = view! { <label for=id.clone()>{move || i18n.t(leave_field_text(f))}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label> };
                            let input = if f == LeaveField::Message {
                                Either::Left(view! { <textarea id=id.clone() rows="4" required=required aria-invalid=move || error.get().is_some().to_string()
                                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea> })
                            } else {
                                let kind = match f { LeaveField::Email => "email", LeaveField::Phone => "tel", _ => "text" };
                                Either::Right(view! { <input id=id.clone() type=kind required=required aria-invalid=move || error.get().is_some().to_string()
                                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/> })
                            };
                            view! {
                                <div class="field" class:has-error=move || error.get().is_some()>
                                    {label}{input}
                                    <p class="field-error" role="alert">{move || error.get()}</p>
                                </div>
                            }
                        }).collect_view()}
                        {custom.into_iter().map(|(def, value)| {
                            let error = field_error(result, format!("fields.{}", def.key));
                            view! { <CustomFieldInput def value error none_label=Signal::stored("—")/> }
                        }).collect_view()}
                        <button class="button primary wide" type="submit" disabled=move || send.pending().get()>
                            {move || i18n.t(if send.pending().get() { text!(common.saving) } else { text!(widget.leave.send) })}
                        </button>
                    </form>
                }
            }>
                <div class="widget-thanks" role="status">
                    <p class="strong">{move || i18n.t(text!(widget.leave.thanks))}</p>
                    <p class="muted">{move || match send.value().get() {
                        Some(Ok(id)) => format!("{} #{id}", i18n.t(text!(widget.leave.reference))),
                        _ => String::new(),
                    }}</p>
                </div>
            </Show>
        </section>
    }
}

/// R5: the admin's 2–5 levels, best first, and an optional comment.
#[component]
pub fn RatingCard(
    survey: SurveySettings,
    token: Signal<String>,
    conversation_id: i64,
    /// Called once the rating is stored.
    on_rated: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let level = RwSignal::new(0i32);
    let comment = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    // Not an Action: the rating comes back on the socket too (the card then
    // closes), possibly before this call returns, so the result is handled
    // by a task that outlives the card.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if level.get_untracked() == 0 {
            return;
        }
        let input = RatingInput {
            level: level.get_untracked(),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = visitor_rate(token.get_untracked(), conversation_id, input).await;
            let _ = pending.try_set(false);
            match result {
                Ok(()) => {
                    toasts.success(i18n.t(text!(widget.rating.thanks)));
                    on_rated.run(());
                }
                Err(e) => toasts.error(match e.field_error("survey") {
                    Some(f) => crate::ui::common::error_text(f),
                    None => error_message(&e).to_owned(),
                }),
            }
        });
    };
    let with_comment = survey.comment;
    view! {
        <form class="rating-card" on:submit=submit>
            <fieldset>
                <legend>{move || i18n.t(text!(widget.rating.question))}</legend>
                <div class="rating-levels" role="radiogroup" aria-label=move || i18n.t(text!(widget.rating.question))>
                    {survey.levels.iter().enumerate().map(|(i, label)| {
                        let n = i as i32 + 1;
                        let id = format!("rating-level-{n}");
                        view! {
                            <input type="radio" name="rating-level" id=id.clone() value=n.to_string()
                                prop:checked=move || level.get() == n on:change=move |_| level.set(n)/>
                            <label for=id class="rating-level">{label.clone()}</label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            {with_comment.then(|| view! {
                <label class="sr-only" for="rating-comment">{move || i18n.t(text!(widget.rating.comment))}</label>
                <textarea id="rating-comment" rows="2" placeholder=move || i18n.t(text!(widget.rating.comment))
                    prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            })}
            <button class="button primary" type="submit" disabled=move || level.get() == 0 || pending.get()>
                {move || i18n.t(text!(widget.rating.submit))}
            </button>
        </form>
    }
}
