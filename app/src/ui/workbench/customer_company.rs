//! The customer panel's Company tab (A4): the customer's company with its
//! fields, editable; or find one (or add one) and put the customer in it.

use leptos::prelude::*;
use model::customers::{Company, CompanyInput, Customer};
use model::fields::{FieldDef, FieldEntity};
use model::AppError;

use crate::api::companies::{get_company, save_company, search_companies};
use crate::api::customers::set_customer_company;
use crate::api::fields::list_fields;
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, field_input_views, field_inputs, input_values, use_toasts,
    LoadError, Loading, TextField,
};

#[component]
pub fn CompanyTab(customer: Customer, reload: Callback<()>) -> impl IntoView {
    let company_id = customer.company.as_ref().map(|c| c.id);
    let data = Resource::new(
        move || company_id,
        |id| async move {
            let defs = list_fields(FieldEntity::Company).await?;
            let company = match id {
                Some(id) => Some(get_company(id).await?),
                None => None,
            };
            Ok::<_, AppError>((defs, company))
        },
    );
    let customer_id = customer.id;
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok((defs, Some(company))) => view! { <CompanyForm customer_id company=Some(company) defs reload/> }.into_any(),
                    Ok((defs, None)) => view! { <FindCompany customer_id reload/> <CompanyForm customer_id company=None defs reload/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Search companies by name and put the customer in one.
#[component]
fn FindCompany(customer_id: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let query = RwSignal::new(String::new());
    let found = Resource::new(
        move || query.get(),
        |q| async move {
            match q.trim().is_empty() {
                true => Ok(vec![]),
                false => search_companies(q).await,
            }
        },
    );
    let assign = Action::new(move |company: &Option<i64>| {
        let company = *company;
        async move { set_customer_company(customer_id, company).await }
    });
    Effect::new(move |_| match assign.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            reload.run(());
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    view! {
        <div class="field">
            <label for="company-search">{move || i18n.t(text!(workbench.company.find))}</label>
            <input id="company-search" type="search" prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))/>
        </div>
        <Transition>
            {move || Suspend::new(async move {
                let list: Vec<Company> = found.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <ul class="plain-list" aria-label=move || i18n.t(text!(workbench.company.results))>
                        {list.into_iter().map(|c| {
                            let (id, name) = (c.id, c.name.clone());
                            view! {
                                <li><span>{c.name.clone()}</span>
                                    <button type="button" class="button small"
                                        aria-label=format!("{} {name}", i18n.t(text!(workbench.company.choose)))
                                        on:click=move |_| { assign.dispatch(Some(id)); }>{move || i18n.t(text!(workbench.company.choose))}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            })}
        </Transition>
    }
}

/// The company's name and fields: edit the customer's company, or add a
/// new one (the customer is put in it).
#[component]
fn CompanyForm(
    customer_id: i64,
    company: Option<Company>,
    defs: Vec<FieldDef>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = company.as_ref().map(|c| c.id);
    let name = RwSignal::new(company.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let fields = field_inputs(
        defs,
        &company
            .as_ref()
            .map(|c| c.fields.clone())
            .unwrap_or_default(),
    );
    let save = Action::new(move |input: &CompanyInput| {
        let input = input.clone();
        async move {
            let saved = save_company(id, input).await?;
            if id.is_none() {
                set_customer_company(customer_id, Some(saved.id)).await?;
            }
            Ok::<_, AppError>(saved)
        }
    });
    let leave =
        Action::new(move |_: &()| async move { set_customer_company(customer_id, None).await });
    let result = move || save.value().get();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success(i18n.t(text!(staff.saved)));
            reload.run(());
        }
        Some(Err(AppError::Invalid { .. })) | None => {}
        Some(Err(e)) => toasts.error(error_message(&e)),
    });
    Effect::new(move |_| match leave.value().get() {
        Some(Ok(_)) => reload.run(()),
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let values = fields.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CompanyInput {
            name: name.get_untracked(),
            fields: input_values(&values),
        });
    };
    let heading = if id.is_some() {
        text!(workbench.company.edit)
    } else {
        text!(workbench.company.new)
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(heading)>
            <h4>{move || i18n.t(heading)}</h4>
            <TextField id="company-name" label=Signal::derive(move || i18n.t(text!(workbench.company.name))) value=name required=true error=field_error(result, "name")/>
            {field_input_views(fields, result)}
            <div class="form-actions">
                {id.is_some().then(|| view! {
                    <button type="button" class="button ghost" on:click=move |_| { leave.dispatch(()); }>{move || i18n.t(text!(workbench.company.remove))}</button>
                })}
                <button class="button primary" type="submit" disabled=move || save.pending().get()>
                    {move || i18n.t(if id.is_some() { text!(staff.save) } else { text!(workbench.company.add) })}
                </button>
            </div>
        </form>
    }
}
