//! One custom field's input, drawn for its kind (A1, A4, ticket fields):
//! the workbench's customer panel and, later, company and ticket forms use
//! it. The value lives in a `RwSignal<FieldValue>`: text for every typed
//! kind (numbers and dates included, the server parses them), a flag for a
//! checkbox, a list for a multi select.

use leptos::prelude::*;
use model::fields::{FieldDef, FieldKind, FieldValue};

use crate::i18n::use_i18n;

/// A form's start value for `def` from what is stored.
pub fn initial_value(def: &FieldDef, stored: Option<&FieldValue>) -> FieldValue {
    match (def.kind, stored) {
        (_, Some(v)) => v.clone(),
        (FieldKind::Checkbox, None) => FieldValue::Flag(false),
        (FieldKind::MultiSelect, None) => FieldValue::List(vec![]),
        (_, None) => FieldValue::Text(String::new()),
    }
}

fn as_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(t) => t.clone(),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Flag(b) => b.to_string(),
        FieldValue::List(l) => l.join(", "),
    }
}

#[component]
pub fn CustomFieldInput(
    def: FieldDef,
    value: RwSignal<FieldValue>,
    #[prop(into)] error: Signal<Option<String>>,
    /// The empty choice of a single select ("—"), passed in so the widget's
    /// bundle carries no staff strings.
    #[prop(into)]
    none_label: Signal<&'static str>,
) -> impl IntoView {
    let id = format!("cf-{}", def.key);
    let error_id = format!("{id}-error");
    let label = def.label.clone();
    let required = def.required;
    let set_text =
        move |ev: leptos::ev::Event| value.set(FieldValue::Text(event_target_value(&ev)));
    let text = move || value.with(as_text);
    let input = match def.kind {
        FieldKind::LongText => view! {
            <textarea id=id.clone() rows="3" prop:value=text on:input=set_text
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone()></textarea>
        }
        .into_any(),
        FieldKind::SingleSelect => {
            let options = def.options.clone();
            view! {
                <select id=id.clone() on:change=set_text aria-describedby=error_id.clone()>
                    <option value="" selected=move || text().is_empty()>{move || none_label.get()}</option>
                    {options.into_iter().map(|o| {
                        let key = o.key.clone();
                        view! { <option value=o.key.clone() selected=move || text() == key>{o.label}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::MultiSelect => {
            let options = def.options.clone();
            view! {
                <div class="check-list" role="group" aria-labelledby=format!("{id}-label") aria-describedby=error_id.clone()>
                    {options.into_iter().map(|o| {
                        let key = o.key.clone();
                        let box_id = format!("{id}-{}", o.key);
                        let checked = {
                            let key = key.clone();
                            move || value.with(|v| matches!(v, FieldValue::List(l) if l.contains(&key)))
                        };
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            value.update(|v| {
                                let mut list = match v { FieldValue::List(l) => l.clone(), _ => vec![] };
                                list.retain(|k| *k != key);
                                if on { list.push(key.clone()); }
                                *v = FieldValue::List(list);
                            });
                        };
                        view! {
                            <div class="check">
                                <input id=box_id.clone() type="checkbox" prop:checked=checked on:change=toggle/>
                                <label for=box_id>{o.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        FieldKind::Checkbox => view! {
            <input id=id.clone() type="checkbox" aria-describedby=error_id.clone()
                prop:checked=move || value.with(|v| matches!(v, FieldValue::Flag(true)))
                on:change=move |ev| value.set(FieldValue::Flag(event_target_checked(&ev)))/>
        }
        .into_any(),
        kind => {
            let input_type = match kind {
                FieldKind::Number => "number",
                FieldKind::Date => "date",
                FieldKind::Link => "url",
                FieldKind::Email => "email",
                FieldKind::Phone => "tel",
                _ => "text",
            };
            view! {
                <input id=id.clone() type=input_type step=(kind == FieldKind::Number).then_some("any")
                    prop:value=text on:input=set_text
                    aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone()/>
            }
            .into_any()
        }
    };
    let label_for = (def.kind != FieldKind::MultiSelect).then(|| id.clone());
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label id=format!("{id}-label") for=label_for>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {input}
            <p class="field-error" id=format!("{id}-error") role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A form's live fields: each definition still asked for, with its value.
pub type FieldInputs = Vec<(FieldDef, RwSignal<FieldValue>)>;

/// The inputs for `defs` (retired ones left out), started from `stored`.
pub fn field_inputs(defs: Vec<FieldDef>, stored: &model::fields::FieldValues) -> FieldInputs {
    defs.into_iter()
        .filter(|d| !d.retired)
        .map(|d| {
            let v = RwSignal::new(initial_value(&d, stored.get(&d.key)));
            (d, v)
        })
        .collect()
}

/// What the inputs hold now, by field key.
pub fn input_values(inputs: &FieldInputs) -> model::fields::FieldValues {
    inputs
        .iter()
        .map(|(d, v)| (d.key.clone(), v.get_untracked()))
        .collect()
}

/// Every input with its error (`fields.<key>`) from `result`.
pub fn field_input_views<T: Send + Sync + 'static>(
    inputs: FieldInputs,
    result: impl Fn() -> Option<Result<T, model::AppError>> + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let none_label = Signal::derive(move || i18n.t(text!(staff.none_chosen)));
    inputs
        .into_iter()
        .map(|(def, value)| {
            let error =
                crate::ui::common::field_error(result.clone(), format!("fields.{}", def.key));
            view! { <CustomFieldInput def value error none_label/> }
        })
        .collect_view()
}
