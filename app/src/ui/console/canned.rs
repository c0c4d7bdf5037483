//! Canned replies (W7): Console → Data → Canned replies manages the shared
//! ones; the same editor, in the workbench's My settings, manages an
//! agent's own. Agents insert them with `/` in the composer.

use leptos::prelude::*;
use leptos_meta::Title;
use model::canned::{CannedReply, CannedReplyInput, VARIABLES};
use model::AppError;

use super::settings_form::SaveButton;
use super::PageHeader;
use crate::api::canned::{delete_canned_reply, list_canned_replies, save_canned_reply};
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, LoadError, Loading, TextAreaField, TextField,
};

#[component]
pub fn CannedRepliesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.canned.title)))/>
        <PageHeader title=text!(console.canned.title)/>
        <p class="muted">{move || i18n.t(text!(console.canned.intro))}</p>
        <CannedRepliesEditor shared=true/>
    }
}

/// The shared replies (`shared`) or the reader's own, grouped by
/// category, with a form to add or change one.
#[component]
pub fn CannedRepliesEditor(shared: bool) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), |_| list_canned_replies());
    let editing = RwSignal::new(None::<CannedReply>);
    let remove = Action::new(|id: &i32| delete_canned_reply(*id));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.deleted)));
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let on_saved = Callback::new(move |()| {
        editing.set(None);
        version.update(|v| *v += 1);
    });
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(all) => {
                        let mine: Vec<CannedReply> = all.into_iter().filter(|r| r.shared == shared).collect();
                        if mine.is_empty() {
                            return view! { <p class="muted">{move || i18n.t(text!(console.canned.empty))}</p> }.into_any();
                        }
                        view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{move || i18n.t(text!(console.canned.category))}</th>
                                        <th>{move || i18n.t(text!(console.canned.reply_title))}</th>
                                        <th>{move || i18n.t(text!(console.canned.body))}</th>
                                        <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {mine.into_iter().map(|r| {
                                            let (id, edit, title) = (r.id, r.clone(), r.title.clone());
                                            let title2 = title.clone();
                                            view! {
                                                <tr>
                                                    <td>{r.category.clone()}</td>
                                                    <td class="strong">{r.title.clone()}</td>
                                                    <td class="break">{r.body.clone()}</td>
                                                    <td class="actions">
                                                        <button class="button small" type="button" aria-label=format!("{} {title}", i18n.t(text!(console.edit)))
                                                            on:click=move |_| editing.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                                        <button class="button small danger" type="button" aria-label=format!("{} {title2}", i18n.t(text!(console.delete)))
                                                            on:click=move |_| { remove.dispatch(id); }>{move || i18n.t(text!(console.delete))}</button>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        {move || view! { <CannedForm shared reply=editing.get() on_saved/> }}
    }
}

#[component]
fn CannedForm(shared: bool, reply: Option<CannedReply>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = reply.as_ref().map(|r| r.id);
    let category = RwSignal::new(
        reply
            .as_ref()
            .map(|r| r.category.clone())
            .unwrap_or_default(),
    );
    let title = RwSignal::new(reply.as_ref().map(|r| r.title.clone()).unwrap_or_default());
    let body = RwSignal::new(reply.as_ref().map(|r| r.body.clone()).unwrap_or_default());
    let save = Action::new(move |input: &CannedReplyInput| {
        let input = input.clone();
        async move { save_canned_reply(id, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            on_saved.run(());
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CannedReplyInput {
            shared,
            category: category.get_untracked(),
            title: title.get_untracked(),
            body: body.get_untracked(),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    let heading = if id.is_some() {
        text!(console.canned.edit)
    } else {
        text!(console.canned.new)
    };
    let prefix = if shared { "shared" } else { "own" };
    view! {
        <form class="form card" on:submit=submit novalidate aria-label=move || i18n.t(heading)>
            <h3>{move || i18n.t(heading)}</h3>
            <div class="form-grid">
                <TextField id=format!("{prefix}-canned-category") label=t(text!(console.canned.category)) value=category error=field_error(result, "category")/>
                <TextField id=format!("{prefix}-canned-title") label=t(text!(console.canned.reply_title)) value=title required=true error=field_error(result, "title")/>
            </div>
            <TextAreaField id=format!("{prefix}-canned-body") label=t(text!(console.canned.body)) value=body rows=3 required=true error=field_error(result, "body")/>
            <p class="hint">{move || i18n.t(text!(console.canned.variables))} " " <code>{VARIABLES.join(" ")}</code></p>
            <SaveButton save cancel=id.map(|_| on_saved)/>
        </form>
    }
}
