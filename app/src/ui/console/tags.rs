//! Console → Data → Tags (A3): the tag set agents put on customers — name
//! and colour; removing a tag takes it off every customer.

use leptos::prelude::*;
use leptos_meta::Title;
use model::customers::{Tag, TagInput};
use model::AppError;

use super::PageHeader;
use crate::api::tags::{delete_tag, list_tags, save_tag};
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, field_error, use_toasts, LoadError, Loading, TextField};

#[component]
pub fn TagsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), |_| list_tags());
    let editing = RwSignal::new(None::<Tag>);
    let remove = Action::new(|id: &i32| delete_tag(*id));
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
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.tags.title)))/>
        <PageHeader title=text!(console.tags.title)/>
        <p class="muted">{move || i18n.t(text!(console.tags.intro))}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(tags) if tags.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.tags.empty))}</p> }.into_any(),
                    Ok(tags) => view! {
                        <ul class="plain-list tag-admin" aria-label=move || i18n.t(text!(console.tags.title))>
                            {tags.into_iter().map(|t| {
                                let (id, name, edit) = (t.id, t.name.clone(), t.clone());
                                let del_name = name.clone();
                                view! {
                                    <li>
                                        <span class="tag-chip" style=format!("--tag-color: {}", t.color)><span class="tag-dot" aria-hidden="true"></span>{t.name.clone()}</span>
                                        <span class="actions">
                                            <button class="button small" type="button" aria-label=format!("{} {name}", i18n.t(text!(console.edit)))
                                                on:click=move |_| editing.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                            <button class="button small danger" type="button" aria-label=format!("{} {del_name}", i18n.t(text!(console.delete)))
                                                on:click=move |_| { remove.dispatch(id); }>{move || i18n.t(text!(console.delete))}</button>
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        {move || view! { <TagForm tag=editing.get() on_saved/> }}
    }
}

#[component]
fn TagForm(tag: Option<Tag>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = tag.as_ref().map(|t| t.id);
    let name = RwSignal::new(tag.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let color = RwSignal::new(
        tag.as_ref()
            .map_or_else(|| "#2563eb".to_owned(), |t| t.color.clone()),
    );
    let save = Action::new(move |input: &TagInput| {
        let input = input.clone();
        async move { save_tag(id, input).await }
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
        save.dispatch(TagInput {
            name: name.get_untracked(),
            color: color.get_untracked(),
        });
    };
    let heading = if id.is_some() {
        text!(console.tags.edit)
    } else {
        text!(console.tags.new)
    };
    view! {
        <section class="card" aria-labelledby="tag-form-h">
            <h2 id="tag-form-h">{move || i18n.t(heading)}</h2>
            <form class="form" on:submit=submit novalidate>
                <div class="form-grid">
                    <TextField id="tag-name" label=Signal::derive(move || i18n.t(text!(console.tags.name))) value=name required=true error=field_error(result, "name")/>
                    <div class="field" class:has-error=move || field_error(result, "color").get().is_some()>
                        <label for="tag-color">{move || i18n.t(text!(console.tags.color))}</label>
                        <input id="tag-color" type="color" prop:value=move || color.get() on:input=move |ev| color.set(event_target_value(&ev))/>
                        <p class="field-error" role="alert">{move || field_error(result, "color").get()}</p>
                    </div>
                </div>
                <div class="form-actions">
                    <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
                </div>
            </form>
        </section>
    }
}
