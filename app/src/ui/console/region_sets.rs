//! Console → Routing → Region sets (P2): named lists of places ("East
//! China" = 中国/上海, 中国/江苏 …) that routing rules reuse. A set a rule
//! still names cannot be deleted (`in_use`). The place rows are shared with
//! the rules' region condition.

use leptos::prelude::*;
use leptos_meta::Title;
use model::routing::{Place, RegionSet, RegionSetInput};
use model::AppError;

use super::PageHeader;
use crate::api::routing::{delete_region_set, list_region_sets, save_region_set};
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, error_text, field_error, use_toasts, LoadError, Loading, TextField,
};

/// One place as edited: country, province, city.
#[derive(Clone, Copy)]
pub(super) struct PlaceRow {
    country: RwSignal<String>,
    province: RwSignal<String>,
    city: RwSignal<String>,
}

impl PlaceRow {
    pub fn new(p: &Place) -> Self {
        Self {
            country: RwSignal::new(p.country.clone()),
            province: RwSignal::new(p.province.clone()),
            city: RwSignal::new(p.city.clone()),
        }
    }

    pub fn rows(places: &[Place]) -> Vec<Self> {
        places.iter().map(Self::new).collect()
    }

    pub fn place(&self) -> Place {
        Place {
            country: self.country.get_untracked(),
            province: self.province.get_untracked(),
            city: self.city.get_untracked(),
        }
    }
}

/// "中国 上海" (the parts given, in order).
pub(super) fn place_text(p: &Place) -> String {
    [&p.country, &p.province, &p.city]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rows of country / province / city with add and remove; the server names
/// problems for the whole list (`error`), not per row.
#[component]
pub(super) fn PlacesEditor(
    #[prop(into)] id: String,
    rows: RwSignal<Vec<PlaceRow>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    view! {
        <fieldset class="places" class:has-error=move || error.get().is_some()>
            <legend>{move || i18n.t(text!(console.routing.places))}</legend>
            <p class="hint">{move || i18n.t(text!(console.routing.places_hint))}</p>
            <ol class="place-rows">
                {move || rows.get().into_iter().enumerate().map(|(j, row)| {
                    let n = j + 1;
                    let at = |part: &str| format!("{}-place-{j}-{part}", id.get_value());
                    view! {
                        <li role="group" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.place)))>
                            <TextField id=at("country") label=Signal::derive(move || i18n.t(text!(console.routing.country))) value=row.country/>
                            <TextField id=at("province") label=Signal::derive(move || i18n.t(text!(console.routing.province))) value=row.province/>
                            <TextField id=at("city") label=Signal::derive(move || i18n.t(text!(console.routing.city))) value=row.city/>
                            <button type="button" class="button small danger" aria-label=move || format!("{} {n}", i18n.t(text!(console.routing.remove_place)))
                                on:click=move |_| rows.update(|r| { r.remove(j); })>{move || i18n.t(text!(console.routing.remove))}</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="button" class="button small" on:click=move |_| rows.update(|r| r.push(PlaceRow::new(&Place::default())))>
                {move || i18n.t(text!(console.routing.add_place))}
            </button>
        </fieldset>
    }
}

#[component]
pub fn RegionSetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), |_| list_region_sets());
    // None: no form; Some(None): a new set; Some(Some(s)): editing `s`.
    let editing = RwSignal::new(None::<Option<RegionSet>>);
    let delete_problem = RwSignal::new(None::<String>);
    // The name comes back with the outcome, to say which set is in use.
    let remove = Action::new(|(id, name): &(i32, String)| {
        let (id, name) = (*id, name.clone());
        async move { (name, delete_region_set(id).await) }
    });
    Effect::new(move |_| {
        let Some((name, outcome)) = remove.value().get() else {
            return;
        };
        match outcome {
            Ok(()) => {
                delete_problem.set(None);
                toasts.success(i18n.t(text!(console.deleted)));
                version.update(|v| *v += 1);
            }
            // `in_use`: say which set, and why, where the list is.
            Err(e @ AppError::Invalid { .. }) => {
                let why = e.field_error("id").map(error_text);
                let why = why.unwrap_or_else(|| error_message(&e).to_owned());
                delete_problem.set(Some(format!("{name}: {why}")));
            }
            Err(e) => toasts.error(error_message(&e)),
        }
    });
    let on_done = Callback::new(move |saved: bool| {
        editing.set(None);
        if saved {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.routing.sets_title)))/>
        <PageHeader title=text!(console.routing.sets_title)/>
        <p class="muted">{move || i18n.t(text!(console.routing.sets_intro))}</p>
        {move || delete_problem.get().map(|m| view! { <p class="banner banner-error" role="alert">{m}</p> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(sets) if sets.is_empty() => view! { <p class="muted">{move || i18n.t(text!(console.routing.sets_empty))}</p> }.into_any(),
                    Ok(sets) => view! {
                        <ul class="plain-list routing-list" aria-label=move || i18n.t(text!(console.routing.sets_title))>
                            {sets.into_iter().map(|s| view! { <SetItem set=s editing remove/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        <div class="form-actions start">
            <button type="button" class="button primary" on:click=move |_| editing.set(Some(None))>{move || i18n.t(text!(console.routing.new_set))}</button>
        </div>
        {move || editing.get().map(|set| view! { <SetForm set on_done/> })}
    }
}

#[component]
fn SetItem(
    set: RegionSet,
    editing: RwSignal<Option<Option<RegionSet>>>,
    remove: Action<(i32, String), (String, Result<(), AppError>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let places = set
        .places
        .iter()
        .map(place_text)
        .collect::<Vec<_>>()
        .join(", ");
    let (id, name) = (set.id, set.name.clone());
    let (edit_label, delete_label, delete_name) = (name.clone(), name.clone(), name.clone());
    view! {
        <li>
            <div class="routing-item">
                <span class="strong">{name}</span>
                <span class="muted small">{places}</span>
            </div>
            <span class="actions">
                <button class="button small" type="button" aria-label=move || format!("{} {edit_label}", i18n.t(text!(console.edit)))
                    on:click=move |_| editing.set(Some(Some(set.clone())))>{move || i18n.t(text!(console.edit))}</button>
                <button class="button small danger" type="button" aria-label=move || format!("{} {delete_label}", i18n.t(text!(console.delete)))
                    on:click=move |_| {
                        let ok = window().confirm_with_message(i18n.t(text!(console.routing.confirm_delete_set))).unwrap_or(false);
                        if ok { remove.dispatch((id, delete_name.clone())); }
                    }>{move || i18n.t(text!(console.delete))}</button>
            </span>
        </li>
    }
}

#[component]
fn SetForm(set: Option<RegionSet>, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = set.as_ref().map(|s| s.id);
    let name = RwSignal::new(set.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    // A new set starts with one empty row to fill in.
    let first = set.map_or_else(|| vec![Place::default()], |s| s.places);
    let rows = RwSignal::new(PlaceRow::rows(&first));
    let save = Action::new(move |input: &RegionSetInput| {
        let input = input.clone();
        async move { save_region_set(id, input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            on_done.run(true);
        }
        Some(Err(AppError::Invalid { .. })) => toasts.error(i18n.t(text!(common.err.invalid))),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RegionSetInput {
            name: name.get_untracked(),
            places: rows.get_untracked().iter().map(PlaceRow::place).collect(),
        });
    };
    let title = if id.is_some() {
        text!(console.routing.edit_set)
    } else {
        text!(console.routing.new_set)
    };
    view! {
        <form class="form card routing-form" on:submit=submit novalidate aria-label=move || i18n.t(title)>
            <h2>{move || i18n.t(title)}</h2>
            <TextField id="set-name" label=Signal::derive(move || i18n.t(text!(console.routing.set_name))) value=name required=true error=field_error(result, "name")/>
            <PlacesEditor id="set" rows error=field_error(result, "places")/>
            <div class="form-actions">
                <button type="button" class="button ghost" on:click=move |_| on_done.run(false)>{move || i18n.t(text!(staff.cancel))}</button>
                <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
            </div>
        </form>
    }
}
