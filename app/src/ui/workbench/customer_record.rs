//! The customer panel's Record tab (A2): this conversation's business
//! records, and a form to fill in a new one from a template.

use leptos::prelude::*;
use model::fields::{FieldDef, FieldEntity, FieldValue};
use model::records::{BusinessRecord, BusinessRecordInput, RecordTemplate};
use model::AppError;

use crate::api::fields::list_fields;
use crate::api::records::{conversation_records, list_record_templates, save_business_record};
use crate::i18n::use_i18n;
use crate::ui::common::{
    date_time, error_message, field_error, field_input_views, field_inputs, input_values,
    use_toasts, LoadError, Loading,
};

/// A value as one line of a record.
pub fn shown(def: Option<&FieldDef>, v: &FieldValue) -> String {
    let label_of = |k: &str| {
        def.and_then(|d| d.options.iter().find(|o| o.key == k))
            .map_or_else(|| k.to_owned(), |o| o.label.clone())
    };
    match v {
        FieldValue::Text(t) => label_of(t),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Flag(b) => {
            if *b {
                "✓".into()
            } else {
                "✗".into()
            }
        }
        FieldValue::List(l) => l.iter().map(|k| label_of(k)).collect::<Vec<_>>().join(", "),
    }
}

/// Records as a list: template, who and when, then each value.
#[component]
pub fn RecordList(records: Vec<BusinessRecord>, defs: Vec<FieldDef>) -> impl IntoView {
    view! {
        <ul class="record-list">
            {records.into_iter().map(|r| {
                let rows = r.values.iter().map(|(k, v)| {
                    let def = defs.iter().find(|d| d.key == *k);
                    let label = def.map_or_else(|| k.clone(), |d| d.label.clone());
                    view! { <dt>{label}</dt><dd>{shown(def, v)}</dd> }
                }).collect_view();
                view! {
                    <li class="record">
                        <p class="strong">{r.template_name.clone()}</p>
                        <p class="muted small">{r.author_name.clone()} " · " {date_time(r.updated_at)}</p>
                        <dl>{rows}</dl>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn RecordTab(conversation_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let data = Resource::new(
        move || version.get(),
        move |_| async move {
            let templates = list_record_templates().await?;
            let defs = list_fields(FieldEntity::Record).await?;
            let records = conversation_records(conversation_id).await?;
            Ok::<_, AppError>((templates, defs, records))
        },
    );
    let saved = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok((templates, defs, records)) => {
                        let live: Vec<RecordTemplate> = templates.into_iter().filter(|t| !t.retired).collect();
                        view! {
                            {records.is_empty().then(|| view! { <p class="muted">{move || i18n.t(text!(workbench.record.none))}</p> })}
                            <RecordList records defs=defs.clone()/>
                            {if live.is_empty() {
                                view! { <p class="muted">{move || i18n.t(text!(workbench.record.no_templates))}</p> }.into_any()
                            } else {
                                view! { <NewRecord conversation_id templates=live defs saved/> }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn NewRecord(
    conversation_id: i64,
    templates: Vec<RecordTemplate>,
    defs: Vec<FieldDef>,
    saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(templates.first().map(|t| t.id).unwrap_or_default());
    let options = templates.clone();
    view! {
        <div class="field">
            <label for="record-template">{move || i18n.t(text!(workbench.record.template))}</label>
            <select id="record-template" on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or_default())>
                {options.into_iter().map(|t| view! { <option value=t.id.to_string() selected=move || chosen.get() == t.id>{t.name.clone()}</option> }).collect_view()}
            </select>
        </div>
        {move || {
            let id = chosen.get();
            let template = templates.iter().find(|t| t.id == id).cloned()?;
            let fields: Vec<FieldDef> = template.fields.iter().filter_map(|f| defs.iter().find(|d| d.id == *f).cloned()).collect();
            Some(view! { <RecordForm conversation_id template_id=id fields saved/> })
        }}
    }
}

#[component]
fn RecordForm(
    conversation_id: i64,
    template_id: i32,
    fields: Vec<FieldDef>,
    saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let inputs = field_inputs(fields, &Default::default());
    let save = Action::new(move |input: &BusinessRecordInput| {
        let input = input.clone();
        async move { save_business_record(conversation_id, None, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            saved.run(());
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    let values = inputs.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(BusinessRecordInput {
            template_id,
            values: input_values(&values),
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(text!(workbench.record.new))>
            {field_input_views(inputs, result)}
            <p class="field-error" role="alert">{move || field_error(result, "template_id").get()}</p>
            <button class="button primary" type="submit" disabled=move || save.pending().get()>
                {move || i18n.t(text!(workbench.record.save))}
            </button>
        </form>
    }
}
