//! Console → Bot → Knowledge base (P3): the entries the bot answers from,
//! searched and filtered, selected for bulk enable / disable, imported
//! from and exported to a spreadsheet (CSV, UTF-8 with BOM), and the form
//! to add or change one.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos_meta::Title;
use model::bot::{KbEntry, KbImportReport, KbLang, KbPage, KbQuery, PAGE_SIZE};

use super::kb_form::KbEntryForm;
use super::PageHeader;
use crate::api::bot::{
    delete_kb_entry, export_knowledge_base, import_knowledge_base, load_knowledge_base,
    set_kb_enabled,
};
use crate::i18n::use_i18n;
use crate::ui::common::{error_message, error_text, use_toasts, LoadError, Loading};

pub fn lang_text(lang: KbLang) -> Signal<&'static str> {
    let i18n = use_i18n();
    Signal::derive(move || match lang {
        KbLang::Zh => i18n.t(text!(console.kb.lang_zh)),
        KbLang::En => i18n.t(text!(console.kb.lang_en)),
        KbLang::Both => i18n.t(text!(console.kb.lang_both)),
    })
}

#[component]
pub fn KnowledgeBasePage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let search = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let page = RwSignal::new(0u64);
    let version = RwSignal::new(0u32);
    let query = move || KbQuery {
        search: search.get(),
        category: Some(category.get()).filter(|c| !c.is_empty()),
        enabled: match state.get().as_str() {
            "on" => Some(true),
            "off" => Some(false),
            _ => None,
        },
        page: page.get(),
    };
    // Read in one place only (the Transition below): a resource that three
    // places read (two Transitions and the pager) once deadlocked the
    // server's reactive graph during SSR, and a browser-only resource let
    // SSR outlive its page (reads of disposed signals, failed hydration).
    let list = Resource::new(
        move || (query(), version.get()),
        |(q, _)| load_knowledge_base(q),
    );
    // The category filter lists what the last page said (in the browser).
    let categories = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        if let Some(Ok(p)) = list.get() {
            categories.set(p.categories);
        }
    });
    let selected = RwSignal::new(HashSet::<i64>::new());
    let editing = RwSignal::new(None::<KbEntry>);
    // "Add as entry" from the unanswered list opens the form with it.
    let prefill = RwSignal::new(String::new());
    let reload = move || {
        selected.set(HashSet::new());
        version.update(|v| *v += 1);
    };
    let bulk = Action::new(move |on: &bool| {
        let (ids, on) = (
            selected.get_untracked().into_iter().collect::<Vec<_>>(),
            *on,
        );
        async move { set_kb_enabled(ids, on).await }
    });
    Effect::new(move |_| match bulk.value().get() {
        Some(Ok(n)) => {
            toasts.success(format!("{} {n}", i18n.t(text!(console.kb.changed))));
            reload();
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let remove = Action::new(|id: &i64| delete_kb_entry(*id));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            toasts.success(i18n.t(text!(console.deleted)));
            reload();
        }
        Some(Err(e)) => toasts.error(error_message(&e)),
        None => {}
    });
    let on_saved = Callback::new(move |()| {
        editing.set(None);
        prefill.set(String::new());
        reload();
    });
    #[cfg(feature = "hydrate")]
    if let Some(q) = crate::browser::query_param("question") {
        prefill.set(q);
    }
    view! {
        <Title text=move || format!("{} · Switchboard", i18n.t(text!(console.kb.title)))/>
        <PageHeader title=text!(console.kb.title)/>
        <p class="muted">{move || i18n.t(text!(console.kb.intro))}</p>
        <div class="toolbar" role="search">
            <div class="field">
                <label for="kb-search">{move || i18n.t(text!(console.kb.search))}</label>
                <input id="kb-search" type="search" prop:value=move || search.get()
                    on:input=move |ev| { search.set(event_target_value(&ev)); page.set(0); }/>
            </div>
            <div class="field">
                <label for="kb-state">{move || i18n.t(text!(console.kb.state))}</label>
                <select id="kb-state" on:change=move |ev| { state.set(event_target_value(&ev)); page.set(0); }>
                    <option value="">{move || i18n.t(text!(console.kb.all))}</option>
                    <option value="on">{move || i18n.t(text!(console.kb.enabled))}</option>
                    <option value="off">{move || i18n.t(text!(console.kb.disabled))}</option>
                </select>
            </div>
            <div class="field">
                <label for="kb-category">{move || i18n.t(text!(console.kb.category))}</label>
                <select id="kb-category" on:change=move |ev| { category.set(event_target_value(&ev)); page.set(0); }>
                    <option value="">{move || i18n.t(text!(console.kb.all))}</option>
                    <For each=move || categories.get() key=|c| c.clone() let:c>
                        {
                            let (is, value) = (c.clone(), c.clone());
                            view! { <option value=value selected=move || category.get() == is>{c}</option> }
                        }
                    </For>
                </select>
            </div>
            <ImportExport on_imported=Callback::new(move |()| reload())/>
        </div>
        <div class="bulk-bar" role="group" aria-label=move || i18n.t(text!(console.kb.bulk))>
            <span class="muted small">{move || format!("{} {}", selected.with(|s| s.len()), i18n.t(text!(console.kb.selected)))}</span>
            <button class="button small" type="button" disabled=move || selected.with(|s| s.is_empty()) || bulk.pending().get()
                on:click=move |_| { bulk.dispatch(true); }>{move || i18n.t(text!(console.kb.enable_selected))}</button>
            <button class="button small" type="button" disabled=move || selected.with(|s| s.is_empty()) || bulk.pending().get()
                on:click=move |_| { bulk.dispatch(false); }>{move || i18n.t(text!(console.kb.disable_selected))}</button>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(p) => {
                        let total = p.total;
                        view! {
                            <EntryTable page=p selected editing remove=Callback::new(move |id| { remove.dispatch(id); })/>
                            <Pager page total/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        {move || {
            let entry = editing.get();
            let question = prefill.get();
            view! { <KbEntryForm entry question on_saved/> }
        }}
    }
}

#[component]
fn EntryTable(
    page: KbPage,
    selected: RwSignal<HashSet<i64>>,
    editing: RwSignal<Option<KbEntry>>,
    remove: Callback<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    if page.entries.is_empty() {
        return view! { <p class="muted empty">{move || i18n.t(text!(console.kb.empty))}</p> }
            .into_any();
    }
    let ids: Vec<i64> = page.entries.iter().map(|e| e.id).collect();
    let all_ids = ids.clone();
    let all_on = move || ids.iter().all(|id| selected.with(|s| s.contains(id)));
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th><input type="checkbox" aria-label=move || i18n.t(text!(console.kb.select_all))
                        prop:checked=all_on
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| for id in &all_ids { if on { s.insert(*id); } else { s.remove(id); } });
                        }/></th>
                    <th>{move || i18n.t(text!(console.kb.question))}</th>
                    <th>{move || i18n.t(text!(console.kb.answer))}</th>
                    <th>{move || i18n.t(text!(console.kb.category))}</th>
                    <th>{move || i18n.t(text!(console.kb.lang))}</th>
                    <th>{move || i18n.t(text!(console.kb.state))}</th>
                    <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                </tr></thead>
                <tbody>
                    {page.entries.into_iter().map(|e| {
                        let (id, q, edit) = (e.id, e.question.clone(), e.clone());
                        let (q2, q3) = (q.clone(), q.clone());
                        let similar = e.similar.len();
                        view! {
                            <tr class:muted=!e.enabled>
                                <td><input type="checkbox" aria-label=format!("{} {q}", i18n.t(text!(console.kb.select)))
                                    prop:checked=move || selected.with(|s| s.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|s| if on { s.insert(id); } else { s.remove(&id); });
                                    }/></td>
                                <td><span class="strong">{e.question.clone()}</span>
                                    {(similar > 0).then(|| view! { <span class="muted small">" +" {similar} " " {move || i18n.t(text!(console.kb.phrasings))}</span> })}</td>
                                <td class="break clamp">{model::bot::answer_plain_text(&e.answer)}</td>
                                <td>{e.category.clone()}</td>
                                <td>{lang_text(e.lang)}</td>
                                <td>{if e.enabled {
                                    view! { <span class="badge badge-ok">{move || i18n.t(text!(console.kb.enabled))}</span> }.into_any()
                                } else {
                                    view! { <span class="badge badge-off">{move || i18n.t(text!(console.kb.disabled))}</span> }.into_any()
                                }}</td>
                                <td class="actions">
                                    <button class="button small" type="button" aria-label=format!("{} {q2}", i18n.t(text!(console.edit)))
                                        on:click=move |_| editing.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                    <button class="button small danger" type="button" aria-label=format!("{} {q3}", i18n.t(text!(console.delete)))
                                        on:click=move |_| remove.run(id)>{move || i18n.t(text!(console.delete))}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Pager(page: RwSignal<u64>, total: u64) -> impl IntoView {
    let i18n = use_i18n();
    let pages = move || total.div_ceil(PAGE_SIZE).max(1);
    view! {
        <nav class="pager" aria-label=move || i18n.t(text!(console.kb.pages))>
            <button class="button small" type="button" disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{move || i18n.t(text!(console.kb.previous))}</button>
            <span class="muted small">{move || format!("{} / {} · {} {}", page.get() + 1, pages(), total, i18n.t(text!(console.kb.entries)))}</span>
            <button class="button small" type="button" disabled=move || page.get() + 1 >= pages()
                on:click=move |_| page.update(|p| *p += 1)>{move || i18n.t(text!(console.kb.next))}</button>
        </nav>
    }
}

/// Import a spreadsheet (the report lists each refused row) and export
/// every entry.
#[component]
fn ImportExport(on_imported: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let report = RwSignal::new(None::<KbImportReport>);
    let busy = RwSignal::new(false);
    let import = move |text: String| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = import_knowledge_base(text).await;
            busy.set(false);
            match result {
                Ok(r) => {
                    toasts.success(format!(
                        "{} {} · {} {}",
                        i18n.t(text!(console.kb.created)),
                        r.created,
                        i18n.t(text!(console.kb.updated)),
                        r.updated
                    ));
                    report.set(Some(r));
                    on_imported.run(());
                }
                Err(e) => toasts.error(match e.field_error("file") {
                    Some(f) => error_text(f),
                    None => error_message(&e).to_owned(),
                }),
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            leptos::task::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                if let Some(t) = text.ok().and_then(|v| v.as_string()) {
                    import(t);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&ev, import);
        }
    };
    let export = move |_| {
        leptos::task::spawn_local(async move {
            match export_knowledge_base().await {
                Ok(csv) => {
                    crate::browser::download("knowledge-base.csv", "text/csv;charset=utf-8", &csv)
                }
                Err(e) => toasts.error(error_message(&e)),
            }
        });
    };
    view! {
        <div class="toolbar-actions">
            <label class="button small file-button">
                {move || if busy.get() { i18n.t(text!(console.kb.importing)) } else { i18n.t(text!(console.kb.import)) }}
                <input type="file" accept=".csv,text/csv" class="sr-only" on:change=on_file disabled=move || busy.get()/>
            </label>
            <button class="button small" type="button" on:click=export>{move || i18n.t(text!(console.kb.export))}</button>
        </div>
        {move || report.get().filter(|r| !r.errors.is_empty()).map(|r| view! {
            <div class="card import-report" role="alert">
                <h3>{move || i18n.t(text!(console.kb.refused_rows))}</h3>
                <ul>
                    {r.errors.into_iter().map(|e| {
                        let why = error_text(&model::FieldError::new(&e.field, &e.code));
                        view! { <li>{format!("{} {} · {}: {why}", i18n.t(text!(console.kb.row)), e.row, e.field)}</li> }
                    }).collect_view()}
                </ul>
            </div>
        })}
    }
}
