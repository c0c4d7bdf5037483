//! The working-hours inputs (days, start, end, time zone), shared by
//! Leave a message (R6) and a routing rule's hours condition (P2).

use leptos::prelude::*;
use model::automation::WorkingHours;

use crate::i18n::{use_i18n, weekday_text};
use crate::ui::common::{CheckboxField, TextField};

/// The editable parts of [`WorkingHours`]; `enabled` stays with the caller,
/// since only some pages have such a switch.
#[derive(Clone, Copy)]
pub(super) struct HoursInput {
    /// Monday first.
    days: [RwSignal<bool>; 7],
    start: RwSignal<String>,
    end: RwSignal<String>,
    offset: RwSignal<String>,
}

impl HoursInput {
    pub fn new(hours: &WorkingHours) -> Self {
        Self {
            days: std::array::from_fn(|i| RwSignal::new(hours.days.contains(&(i as u8 + 1)))),
            start: RwSignal::new(hours.start.clone()),
            end: RwSignal::new(hours.end.clone()),
            offset: RwSignal::new(hours.utc_offset_mins.to_string()),
        }
    }

    /// The hours as typed (read untracked, for a submit).
    pub fn value(&self, enabled: bool) -> WorkingHours {
        WorkingHours {
            enabled,
            days: (1..=7u8)
                .filter(|d| self.days[usize::from(*d) - 1].get_untracked())
                .collect(),
            start: self.start.get_untracked(),
            end: self.end.get_untracked(),
            utc_offset_mins: self.offset.get_untracked().parse().unwrap_or_default(),
        }
    }
}

/// Days, start, end and time zone; ids start with `id`.
#[component]
pub(super) fn HoursFields(
    #[prop(into)] id: String,
    hours: HoursInput,
    #[prop(into)] days_error: Signal<Option<String>>,
    #[prop(into)] start_error: Signal<Option<String>>,
    #[prop(into)] end_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let tz_id = format!("{id}-tz");
    view! {
        <div class="check-list row">
            {(1..=7u8).map(|d| {
                let day = weekday_text(d);
                view! { <CheckboxField id=format!("{id}-day-{d}") label=Signal::derive(move || i18n.t(day).to_owned()) checked=hours.days[usize::from(d) - 1]/> }
            }).collect_view()}
        </div>
        <p class="field-error" role="alert">{move || days_error.get()}</p>
        <div class="form-grid">
            <TextField id=format!("{id}-start") label=Signal::derive(move || i18n.t(text!(console.leave_admin.start))) value=hours.start input_type="time" error=start_error/>
            <TextField id=format!("{id}-end") label=Signal::derive(move || i18n.t(text!(console.leave_admin.end))) value=hours.end input_type="time" error=end_error/>
            <div class="field">
                <label for=tz_id.clone()>{move || i18n.t(text!(console.leave_admin.time_zone))}</label>
                <select id=tz_id on:change=move |ev| hours.offset.set(event_target_value(&ev))>
                    {(-24..=28).map(|half| {
                        let mins: i32 = half * 30;
                        let v = mins.to_string();
                        let label = format!("UTC{}{:02}:{:02}", if mins < 0 { '-' } else { '+' }, mins.abs() / 60, mins.abs() % 60);
                        view! { <option value=v.clone() selected=move || hours.offset.get() == v>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
}
