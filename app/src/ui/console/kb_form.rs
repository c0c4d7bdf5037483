//! The knowledge-base entry form (P3): standard question, similar
//! phrasings one per line, the answer (paragraphs, links, `![…](url)`
//! images, previewed as the visitor will see it), category, language and
//! whether the bot uses it.

use leptos::prelude::*;
use model::bot::{KbEntry, KbEntryInput, KbLang};
use model::AppError;

use super::settings_form::SaveButton;
use crate::api::bot::save_kb_entry;
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, CheckboxField, TextAreaField, TextField,
};

#[component]
pub fn KbEntryForm(
    entry: Option<KbEntry>,
    /// A question to start a new entry with (from the unanswered list).
    question: String,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = entry.as_ref().map(|e| e.id);
    let e = entry.unwrap_or(KbEntry {
        id: 0,
        question,
        similar: vec![],
        answer: String::new(),
        category: String::new(),
        lang: KbLang::Both,
        enabled: true,
        updated_at: Default::default(),
    });
    let question = RwSignal::new(e.question);
    let similar = RwSignal::new(e.similar.join("\n"));
    let answer = RwSignal::new(e.answer);
    let category = RwSignal::new(e.category);
    let lang = RwSignal::new(e.lang);
    let enabled = RwSignal::new(e.enabled);
    let save = Action::new(move |input: &KbEntryInput| {
        let input = input.clone();
        async move { save_kb_entry(id, input).await }
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
        save.dispatch(KbEntryInput {
            question: question.get_untracked(),
            similar: similar
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            answer: answer.get_untracked(),
            category: category.get_untracked(),
            lang: lang.get_untracked(),
            enabled: enabled.get_untracked(),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    let heading = if id.is_some() {
        text!(console.kb.edit)
    } else {
        text!(console.kb.new)
    };
    view! {
        <form class="form card" on:submit=submit novalidate aria-label=move || i18n.t(heading)>
            <h3>{move || i18n.t(heading)}</h3>
            <TextField id="kb-question" label=t(text!(console.kb.question)) value=question required=true error=field_error(result, "question")/>
            <TextAreaField id="kb-similar" label=t(text!(console.kb.similar)) value=similar rows=3 error=field_error(result, "similar")/>
            <p class="hint">{move || i18n.t(text!(console.kb.similar_hint))}</p>
            <TextAreaField id="kb-answer" label=t(text!(console.kb.answer)) value=answer rows=5 required=true error=field_error(result, "answer")/>
            <p class="hint">{move || i18n.t(text!(console.kb.answer_hint))}</p>
            {move || (!answer.get().trim().is_empty()).then(|| {
                let preview = model::chat::Message {
                    conversation_id: 0,
                    seq: 0,
                    client_id: String::new(),
                    sender: model::chat::Sender::Bot,
                    agent_name: None,
                    agent_avatar: None,
                    body: answer.get(),
                    system: None,
                    internal: false,
                    attachment: None,
                    bot: Some(model::bot::BotReply::Answer { entry_id: 0, question: String::new(), helpful: None }),
                    delivery: None,
                    created_at: Default::default(),
                };
                view! {
                    <div class="kb-preview" aria-label=move || i18n.t(text!(console.kb.preview))>
                        <p class="muted small">{move || i18n.t(text!(console.kb.preview))}</p>
                        <div class="msg bot theirs"><crate::ui::common::BotBubble message=preview actions=None/></div>
                    </div>
                }
            })}
            <div class="form-grid">
                <TextField id="kb-category" label=t(text!(console.kb.category)) value=category error=field_error(result, "category")/>
                <div class="field">
                    <label for="kb-lang">{move || i18n.t(text!(console.kb.lang))}</label>
                    <select id="kb-lang" on:change=move |ev| lang.set(KbLang::from_key(&event_target_value(&ev)).unwrap_or_default())>
                        {KbLang::ALL.into_iter().map(|l| view! {
                            <option value=l.key() selected=move || lang.get() == l>{super::knowledge_base::lang_text(l)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <CheckboxField id="kb-enabled" label=Signal::derive(move || i18n.t(text!(console.kb.use_entry)).to_owned()) checked=enabled/>
            <SaveButton save cancel=id.map(|_| on_saved)/>
        </form>
    }
}
