//! Console → Routing → Invitations (C2): whether the loader invites
//! visitors by itself, with what words, and the rules that decide when
//! (time on the page, the page, pages this visit, returning visitors,
//! region). The first rule that holds invites; the loader counts the time.

use leptos::prelude::*;
use leptos_meta::Title;
use model::online::{InvitationRule, InvitationSettings};
use model::routing::{Place, TextMatch};
use model::AppError;

use super::PageHeader;
use crate::api::online::{load_invitation_settings, save_invitation_settings};
use crate::api::routing::routing_choices;
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, LoadError, Loading, TextAreaField,
};

/// One rule's inputs.
#[derive(Clone, Copy)]
struct RuleRow {
    after: RwSignal<String>,
    op: RwSignal<TextMatch>,
    page: RwSignal<String>,
    min_pages: RwSignal<String>,
    returning: RwSignal<bool>,
    /// One place a line: `country/province/city`.
    places: RwSignal<String>,
    sets: RwSignal<Vec<i32>>,
}

fn places_text(places: &[Place]) -> String {
    places
        .iter()
        .map(|p| {
            [&p.country, &p.province, &p.city]
                .into_iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_places(text: &str) -> Vec<Place> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.split('/').map(|s| s.trim().to_owned());
            Place {
                country: parts.next().unwrap_or_default(),
                province: parts.next().unwrap_or_default(),
                city: parts.next().unwrap_or_default(),
            }
        })
        .collect()
}

fn row_of(r: &InvitationRule) -> RuleRow {
    RuleRow {
        after: RwSignal::new(r.after_seconds.to_string()),
        op: RwSignal::new(r.page_op),
        page: RwSignal::new(r.page_value.clone()),
        min_pages: RwSignal::new(r.min_pages.to_string()),
        returning: RwSignal::new(r.returning_only),
        places: RwSignal::new(places_text(&r.places)),
        sets: RwSignal::new(r.region_sets.clone()),
    }
}

fn rule_of(r: &RuleRow) -> InvitationRule {
    InvitationRule {
        // A number that is no number is refused as too large.
        after_seconds: r.after.get_untracked().trim().parse().unwrap_or(u32::MAX),
        page_op: r.op.get_untracked(),
        page_value: r.page.get_untracked(),
        min_pages: r.min_pages.get_untracked().trim().parse().unwrap_or(0),
        returning_only: r.returning.get_untracked(),
        places: parse_places(&r.places.get_untracked()),
        region_sets: r.sets.get_untracked(),
    }
}

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let i18n = use_i18n();
    // One resource per call: a resource whose future awaits two server
    // functions in turn sometimes hydrated with another resource's value
    // (the page then failed to hydrate on reload).
    let settings = Resource::new(|| (), |_| load_invitation_settings());
    let choices = Resource::new(|| (), |_| routing_choices());
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.invitations.title)))/>
        <PageHeader title=text!(console.invitations.title)/>
        <p class="muted">{move || i18n.t(text!(console.invitations.intro))}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match (settings.await, choices.await) {
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                    (Ok(settings), Ok(choices)) => view! { <InvitationsForm settings region_sets=choices.region_sets/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InvitationsForm(settings: InvitationSettings, region_sets: Vec<(i32, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let enabled = RwSignal::new(settings.enabled);
    let text_zh = RwSignal::new(settings.text_zh.clone());
    let text_en = RwSignal::new(settings.text_en.clone());
    let rows = RwSignal::new(settings.rules.iter().map(row_of).collect::<Vec<_>>());
    let save = Action::new(|input: &InvitationSettings| {
        let input = input.clone();
        async move { save_invitation_settings(input).await }
    });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => toasts.success(i18n.t(text!(staff.saved))),
        Some(Err(AppError::Invalid { .. })) => {
            toasts.error(i18n.t(text!(console.routing.fix_rows)))
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(InvitationSettings {
            enabled: enabled.get_untracked(),
            text_zh: text_zh.get_untracked(),
            text_en: text_en.get_untracked(),
            rules: rows.get_untracked().iter().map(rule_of).collect(),
        });
    };
    let add = move |_| {
        rows.update(|r| {
            r.push(row_of(&InvitationRule {
                after_seconds: 30,
                ..Default::default()
            }))
        })
    };
    let region_sets = StoredValue::new(region_sets);
    let label = move |t| Signal::derive(move || i18n.t(t));
    view! {
        <form class="form card" on:submit=submit novalidate aria-label=move || i18n.t(text!(console.invitations.title))>
            <CheckboxField id="inv-enabled" label=Signal::derive(move || i18n.t(text!(console.invitations.enabled)).to_owned()) checked=enabled/>
            <div class="form-grid">
                <TextAreaField id="inv-text-zh" label=label(text!(console.invitations.text_zh)) value=text_zh rows=2 error=field_error(result, "text_zh")/>
                <TextAreaField id="inv-text-en" label=label(text!(console.invitations.text_en)) value=text_en rows=2 error=field_error(result, "text_en")/>
            </div>
            <p class="field-error" role="alert">{move || field_error(result, "rules").get()}</p>
            {move || rows.get().into_iter().enumerate().map(|(i, row)| {
                let n = i + 1;
                let id = move |f: &str| format!("inv-{i}-{f}");
                let err = move |f: &str| field_error(result, format!("rules.{i}.{f}"));
                view! {
                    <fieldset class="rule-card" aria-label=move || format!("{} {n}", i18n.t(text!(console.invitations.rule)))>
                        <legend>{move || format!("{} {n}", i18n.t(text!(console.invitations.rule)))}</legend>
                        <div class="form-grid">
                            <div class="field">
                                <label for=id("after")>{move || i18n.t(text!(console.invitations.after_seconds))}</label>
                                <input id=id("after") type="number" min="0" max="3600" prop:value=move || row.after.get()
                                    on:input=move |ev| row.after.set(event_target_value(&ev))/>
                                <p class="field-error">{move || err("after_seconds").get()}</p>
                            </div>
                            <div class="field">
                                <label for=id("pages")>{move || i18n.t(text!(console.invitations.min_pages))}</label>
                                <input id=id("pages") type="number" min="0" prop:value=move || row.min_pages.get()
                                    on:input=move |ev| row.min_pages.set(event_target_value(&ev))/>
                            </div>
                            <div class="field">
                                <label for=id("op")>{move || i18n.t(text!(console.invitations.page_match))}</label>
                                <select id=id("op") on:change=move |ev| row.op.set(match event_target_value(&ev).as_str() {
                                    "equals" => TextMatch::Equals, "regex" => TextMatch::Regex, _ => TextMatch::Contains })>
                                    <option value="contains" selected=move || row.op.get() == TextMatch::Contains>{move || i18n.t(text!(console.invitations.contains))}</option>
                                    <option value="equals" selected=move || row.op.get() == TextMatch::Equals>{move || i18n.t(text!(console.invitations.equals))}</option>
                                    <option value="regex" selected=move || row.op.get() == TextMatch::Regex>{move || i18n.t(text!(console.invitations.regex))}</option>
                                </select>
                            </div>
                            <div class="field">
                                <label for=id("page")>{move || i18n.t(text!(console.invitations.page))}</label>
                                <input id=id("page") type="text" placeholder=move || i18n.t(text!(console.invitations.any_page)) prop:value=move || row.page.get()
                                    on:input=move |ev| row.page.set(event_target_value(&ev))/>
                                <p class="field-error">{move || err("page_value").get()}</p>
                            </div>
                        </div>
                        <CheckboxField id=id("returning") label=Signal::derive(move || i18n.t(text!(console.invitations.returning)).to_owned()) checked=row.returning/>
                        <div class="field">
                            <label for=id("places")>{move || i18n.t(text!(console.invitations.places))}</label>
                            <textarea id=id("places") rows="2" placeholder="中国/上海" prop:value=move || row.places.get()
                                on:input=move |ev| row.places.set(event_target_value(&ev))></textarea>
                            <p class="field-error">{move || err("places").get()}</p>
                        </div>
                        {(!region_sets.get_value().is_empty()).then(|| view! {
                            <fieldset class="checks">
                                <legend class="small">{move || i18n.t(text!(console.invitations.region_sets))}</legend>
                                {region_sets.get_value().into_iter().map(|(set, name)| {
                                    let cid = format!("inv-{i}-set-{set}");
                                    view! {
                                        <div class="check">
                                            <input id=cid.clone() type="checkbox" prop:checked=move || row.sets.get().contains(&set)
                                                on:change=move |ev| { let on = event_target_checked(&ev); row.sets.update(|s| { s.retain(|x| *x != set); if on { s.push(set) } }) }/>
                                            <label for=cid>{name}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        })}
                        <button type="button" class="button small danger" on:click=move |_| rows.update(|r| { r.remove(i); })>
                            {move || i18n.t(text!(console.invitations.remove_rule))}
                        </button>
                    </fieldset>
                }
            }).collect_view()}
            <div class="actions">
                <button type="button" class="button" on:click=add>{move || i18n.t(text!(console.invitations.add_rule))}</button>
                <button type="submit" class="button primary" disabled=move || save.pending().get()>{move || i18n.t(text!(staff.save))}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_one_a_line() {
        let places = parse_places("中国/上海\n\n 中国 / 江苏 / 南京 \n");
        assert_eq!(places.len(), 2);
        assert_eq!(places[1].city, "南京");
        assert_eq!(places_text(&places), "中国/上海\n中国/江苏/南京");
    }
}
