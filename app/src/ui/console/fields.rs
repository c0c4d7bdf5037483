//! Console → Data → Fields (A1, A4, ticket fields): the custom fields of
//! customers, companies and tickets — define, edit, retire (values stay).

use leptos::prelude::*;
use leptos_meta::Title;
use model::fields::{FieldDef, FieldDefInput, FieldEntity, FieldKind, FieldOption};
use model::AppError;

use super::PageHeader;
use crate::api::fields::{list_fields, reorder_fields, save_field, set_field_retired};
use crate::i18n::{field_entity_text, field_kind_text, use_i18n};
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, SelectField,
    TextAreaField, TextField,
};

/// Options typed one per line as `key: label` (the label defaults to the key).
fn parse_options(text: &str) -> Vec<FieldOption> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once(':') {
            Some((k, v)) => FieldOption {
                key: k.trim().to_owned(),
                label: v.trim().to_owned(),
            },
            None => FieldOption {
                key: l.to_owned(),
                label: l.to_owned(),
            },
        })
        .collect()
}

fn options_text(options: &[FieldOption]) -> String {
    options
        .iter()
        .map(|o| format!("{}: {}", o.key, o.label))
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
pub fn FieldsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let entity = RwSignal::new("customer".to_owned());
    let which = move || match entity.get().as_str() {
        "company" => FieldEntity::Company,
        "ticket" => FieldEntity::Ticket,
        "record" => FieldEntity::Record,
        _ => FieldEntity::Customer,
    };
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || (which(), version.get()), |(e, _)| list_fields(e));
    let editing = RwSignal::new(None::<FieldDef>);
    let retire = Action::new(|(id, retired): &(i32, bool)| set_field_retired(*id, *retired));
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
    // Move one field up or down: the whole order is sent.
    let reorder = Action::new(move |ids: &Vec<i32>| {
        let ids = ids.clone();
        async move { reorder_fields(which(), ids).await }
    });
    Effect::new(move |_| match reorder.value().get() {
        Some(Ok(_)) => version.update(|v| *v += 1),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.fields.title)))/>
        <PageHeader title=text!(console.fields.title)/>
        <p class="muted">{move || i18n.t(text!(console.fields.intro))}</p>
        <div class="audit-filters">
            <SelectField id="fields-entity" label=text!(console.fields.entity) value=entity
                options=FieldEntity::ALL.iter().map(|e| (e.key(), field_entity_text(*e))).collect()/>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(defs) if defs.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.fields.empty))}</p> }.into_any(),
                    Ok(defs) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th>{move || i18n.t(text!(console.fields.label))}</th>
                                    <th>{move || i18n.t(text!(console.fields.key))}</th>
                                    <th>{move || i18n.t(text!(console.fields.kind))}</th>
                                    <th>{move || i18n.t(text!(console.fields.required))}</th>
                                    <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                                </tr></thead>
                                <tbody>
                                    {let order: Vec<i32> = defs.iter().map(|d| d.id).collect();
                                    let count = order.len();
                                    defs.into_iter().enumerate().map(|(i, d)| {
                                        let moved = |from: usize, to: usize| {
                                            let mut ids = order.clone();
                                            ids.swap(from, to);
                                            ids
                                        };
                                        let (up, down) = (moved(i, i.saturating_sub(1)), moved(i, (i + 1).min(count - 1)));
                                        let (label_up, label_down) = (d.label.clone(), d.label.clone());
                                        let (id, retired, label) = (d.id, d.retired, d.label.clone());
                                        let kind = field_kind_text(d.kind);
                                        let edit = d.clone();
                                        view! {
                                            <tr class:row-disabled=retired>
                                                <td class="strong">{d.label.clone()}
                                                    {retired.then(|| view! { " " <span class="badge badge-off">{move || i18n.t(text!(console.fields.retired))}</span> })}</td>
                                                <td><code>{d.key.clone()}</code></td>
                                                <td>{move || i18n.t(kind)}</td>
                                                <td>{move || i18n.t(if d.required { text!(console.yes) } else { text!(console.no) })}</td>
                                                <td class="actions">
                                                    <button class="button small ghost" disabled=i == 0 aria-label=format!("{} {label_up}", i18n.t(text!(console.fields.move_up)))
                                                        on:click=move |_| { reorder.dispatch(up.clone()); }>"↑"</button>
                                                    <button class="button small ghost" disabled=i + 1 == count aria-label=format!("{} {label_down}", i18n.t(text!(console.fields.move_down)))
                                                        on:click=move |_| { reorder.dispatch(down.clone()); }>"↓"</button>
                                                    <button class="button small" aria-label=format!("{} {}", i18n.t(text!(console.edit)), label)
                                                        on:click=move |_| editing.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                                    <button class="button small ghost" aria-label=format!("{} {}", i18n.t(if retired { text!(console.fields.restore) } else { text!(console.fields.retire) }), d.label)
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
                    }.into_any(),
                }
            })}
        </Transition>
        {move || {
            let e = which();
            let def = editing.get();
            view! { <FieldForm entity=e def on_saved/> }
        }}
    }
}

#[component]
fn FieldForm(entity: FieldEntity, def: Option<FieldDef>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = def.as_ref().map(|d| d.id);
    let label = RwSignal::new(def.as_ref().map(|d| d.label.clone()).unwrap_or_default());
    let key = RwSignal::new(def.as_ref().map(|d| d.key.clone()).unwrap_or_default());
    let kind = RwSignal::new(def.as_ref().map_or("text", |d| d.kind.key()).to_owned());
    let required = RwSignal::new(def.as_ref().is_some_and(|d| d.required));
    let options = RwSignal::new(
        def.as_ref()
            .map(|d| options_text(&d.options))
            .unwrap_or_default(),
    );
    let save = Action::new(move |input: &FieldDefInput| {
        let input = input.clone();
        async move { save_field(id, input).await }
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
        save.dispatch(FieldDefInput {
            entity,
            key: key.get_untracked(),
            label: label.get_untracked(),
            kind: FieldKind::from_key(&kind.get_untracked()).unwrap_or(FieldKind::Text),
            required: required.get_untracked(),
            options: parse_options(&options.get_untracked()),
        });
    };
    // Any option's error (`options`, `options.2`, `options.2.label`) shows under the list.
    let options_error = Signal::derive(move || match result() {
        Some(Err(AppError::Invalid { fields })) => fields
            .iter()
            .find(|f| f.field.starts_with("options"))
            .map(crate::ui::common::error_text),
        _ => None,
    });
    let has_options = move || FieldKind::from_key(&kind.get()).is_some_and(|k| k.has_options());
    let t = move |k| Signal::derive(move || i18n.t(k));
    view! {
        <section class="card" aria-labelledby="field-form-h">
            <h2 id="field-form-h">{move || i18n.t(if id.is_some() { text!(console.fields.edit) } else { text!(console.fields.new) })}</h2>
            <form class="form" on:submit=submit novalidate>
                <div class="form-grid">
                    <TextField id="field-label" label=t(text!(console.fields.label)) value=label required=true error=field_error(result, "label")/>
                    <TextField id="field-key" label=t(text!(console.fields.key)) value=key required=true error=field_error(result, "key")
                        hint=t(text!(console.fields.key_hint))/>
                    <SelectField id="field-kind" label=text!(console.fields.kind) value=kind
                        options=FieldKind::ALL.iter().map(|k| (k.key(), field_kind_text(*k))).collect()/>
                </div>
                <CheckboxField id="field-required" label=Signal::derive(move || i18n.t(text!(console.fields.required)).to_owned()) checked=required/>
                {move || has_options().then(|| view! {
                    <TextAreaField id="field-options" label=t(text!(console.fields.options)) value=options rows=4 error=options_error/>
                    <p class="hint">{move || i18n.t(text!(console.fields.options_hint))}</p>
                })}
                <div class="form-actions">
                    <button class="button primary" type="submit" disabled=move || save.pending().get()>
                        {move || i18n.t(if save.pending().get() { text!(common.saving) } else { text!(staff.save) })}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_typed_one_per_line() {
        let parsed = parse_options("gold: Gold member\n\n silver \nvip:贵宾");
        let keys: Vec<(&str, &str)> = parsed
            .iter()
            .map(|o| (o.key.as_str(), o.label.as_str()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("gold", "Gold member"),
                ("silver", "silver"),
                ("vip", "贵宾")
            ]
        );
        assert_eq!(parse_options(&options_text(&parsed)), parsed);
    }
}
