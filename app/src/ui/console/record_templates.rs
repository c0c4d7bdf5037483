//! Console → Data → Record templates (A2): a named set of business record
//! fields (defined under Fields → Business records) that agents fill in
//! during a conversation. A retired template is no longer offered.

use leptos::prelude::*;
use leptos_meta::Title;
use model::fields::{FieldDef, FieldEntity};
use model::records::{RecordTemplate, RecordTemplateInput};
use model::AppError;

use super::PageHeader;
use crate::api::fields::list_fields;
use crate::api::records::{
    list_record_templates, save_record_template, set_record_template_retired,
};
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, field_error, use_toasts, LoadError, Loading, TextField};

#[component]
pub fn RecordTemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let version = RwSignal::new(0u32);
    let data = Resource::new(
        move || version.get(),
        |_| async move {
            Ok::<_, AppError>((
                list_record_templates().await?,
                list_fields(FieldEntity::Record).await?,
            ))
        },
    );
    let editing = RwSignal::new(None::<RecordTemplate>);
    let retire =
        Action::new(|(id, retired): &(i32, bool)| set_record_template_retired(*id, *retired));
    Effect::new(move |_| match retire.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
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
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.records.title)))/>
        <PageHeader title=text!(console.records.title)/>
        <p class="muted">{move || i18n.t(text!(console.records.intro))}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok((templates, defs)) => {
                        let live: Vec<FieldDef> = defs.iter().filter(|d| !d.retired).cloned().collect();
                        view! {
                            {templates.is_empty().then(|| view! { <p class="muted">{move || i18n.t(text!(console.records.empty))}</p> })}
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{move || i18n.t(text!(console.records.name))}</th>
                                        <th>{move || i18n.t(text!(console.records.fields))}</th>
                                        <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {templates.into_iter().map(|t| {
                                            let names = t.fields.iter().filter_map(|f| defs.iter().find(|d| d.id == *f)).map(|d| d.label.clone()).collect::<Vec<_>>().join(", ");
                                            let (id, retired, edit, name) = (t.id, t.retired, t.clone(), t.name.clone());
                                            let name2 = name.clone();
                                            view! {
                                                <tr class:row-disabled=retired>
                                                    <td class="strong">{t.name.clone()}
                                                        {retired.then(|| view! { " " <span class="badge badge-off">{move || i18n.t(text!(console.fields.retired))}</span> })}</td>
                                                    <td>{names}</td>
                                                    <td class="actions">
                                                        <button class="button small" aria-label=format!("{} {name}", i18n.t(text!(console.edit)))
                                                            on:click=move |_| editing.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                                        <button class="button small ghost" aria-label=format!("{} {name2}", i18n.t(if retired { text!(console.fields.restore) } else { text!(console.fields.retire) }))
                                                            on:click=move |_| { retire.dispatch((id, !retired)); }>
                                                            {move || i18n.t(if retired { text!(console.fields.restore) } else { text!(console.fields.retire) })}
                                                        </button>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {move || view! { <TemplateForm template=editing.get() fields=live.clone() on_saved/> }}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn TemplateForm(
    template: Option<RecordTemplate>,
    fields: Vec<FieldDef>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = template.as_ref().map(|t| t.id);
    let name = RwSignal::new(
        template
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default(),
    );
    // Picked fields in the order they were picked.
    let picked = RwSignal::new(
        template
            .as_ref()
            .map(|t| t.fields.clone())
            .unwrap_or_default(),
    );
    let save = Action::new(move |input: &RecordTemplateInput| {
        let input = input.clone();
        async move { save_record_template(id, input).await }
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
        save.dispatch(RecordTemplateInput {
            name: name.get_untracked(),
            fields: picked.get_untracked(),
        });
    };
    let heading = if id.is_some() {
        text!(console.records.edit)
    } else {
        text!(console.records.new)
    };
    let no_fields = fields.is_empty();
    view! {
        <section class="card" aria-labelledby="template-form-h">
            <h2 id="template-form-h">{move || i18n.t(heading)}</h2>
            <form class="form" on:submit=submit novalidate>
                <TextField id="template-name" label=Signal::derive(move || i18n.t(text!(console.records.name))) value=name required=true error=field_error(result, "name")/>
                <fieldset class="field" class:has-error=move || field_error(result, "fields").get().is_some()>
                    <legend>{move || i18n.t(text!(console.records.fields))}</legend>
                    {no_fields.then(|| view! { <p class="muted small">{move || i18n.t(text!(console.records.no_fields))}</p> })}
                    {fields.into_iter().map(|d| {
                        let fid = d.id;
                        let box_id = format!("template-field-{fid}");
                        view! {
                            <div class="check">
                                <input id=box_id.clone() type="checkbox" prop:checked=move || picked.with(|p| p.contains(&fid))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        picked.update(|p| { p.retain(|x| *x != fid); if on { p.push(fid); } });
                                    }/>
                                <label for=box_id>{d.label.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="field-error" role="alert">{move || field_error(result, "fields").get()}</p>
                </fieldset>
                <div class="form-actions">
                    <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
                </div>
            </form>
        </section>
    }
}
