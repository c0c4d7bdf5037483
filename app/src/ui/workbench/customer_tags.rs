//! The customer panel's Tags tab (A3): every tag of the set as a toggle;
//! pressing one puts it on the customer or takes it off.

use leptos::prelude::*;
use model::customers::Customer;

use crate::api::customers::set_customer_tag;
use crate::api::tags::list_tags;
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, use_toasts, LoadError, Loading};

#[component]
pub fn TagsTab(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let tags = Resource::new(|| (), |_| list_tags());
    let on: RwSignal<Vec<i32>> = RwSignal::new(customer.tags.iter().map(|t| t.id).collect());
    let id = customer.id;
    let toggle = Action::new(move |(tag, add): &(i32, bool)| {
        let (tag, add) = (*tag, *add);
        async move { set_customer_tag(id, tag, add).await }
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(c)) => on.set(c.tags.iter().map(|t| t.id).collect()),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match tags.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{move || i18n.t(text!(workbench.tags.none_defined))}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="tag-toggles" role="group" aria-label=move || i18n.t(text!(workbench.customer_tabs.tags))>
                            {list.into_iter().map(|t| {
                                let tag_id = t.id;
                                let pressed = move || on.with(|l| l.contains(&tag_id));
                                view! {
                                    <button type="button" class="tag-chip" aria-pressed=move || pressed().to_string()
                                        style=format!("--tag-color: {}", t.color)
                                        disabled=move || toggle.pending().get()
                                        on:click=move |_| { toggle.dispatch((tag_id, !pressed())); }>
                                        <span class="tag-dot" aria-hidden="true"></span>{t.name.clone()}
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
