//! The visitor widget: the same component in the `/embed.js` iframe and on
//! the standalone chat page `/chat/{link}` (C1, C3, W1, R1).

mod bot;
mod events;
mod forms;
mod location;
mod menu;

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use model::automation::{QueueSpot, VisitorOptions};
use model::chat::{
    ClientMsg, Conversation, ConversationStatus, Message, Sender, ServerEvent, SystemLine,
    VisitorHello, WidgetSettings,
};
use model::AppError;

use crate::api::conversations::visitor_end;
use crate::api::visitors::start_visitor_session;
use crate::api::widget::public_widget;
use crate::browser;
use crate::i18n::use_i18n;
use crate::realtime::{ChatSocket, Connection};
use crate::ui::common::{
    error_message, pending_for, upload_error_text, use_toasts, AttachButton, EmojiPicker, Loading,
    MessageList, ToastHost,
};
use events::{on_event, queue_text};

const TOKEN_KEY: &str = "sb_visitor_token";
/// How often the widget renews its file ticket (which lasts an hour).
#[cfg(feature = "hydrate")]
const FILE_TICKET_RENEW_SECS: u64 = 20 * 60;
/// Messages not yet acknowledged, kept across reloads (`ChatSocket::connect_keeping`).
const OUTBOX_KEY: &str = "sb_visitor_outbox";
/// How often an idle widget checks whether anyone can answer (R6).
#[cfg(feature = "hydrate")]
const AVAILABILITY_POLL_SECS: u64 = 30;

#[component]
pub fn WidgetPage() -> impl IntoView {
    let here = location::current();
    let link = here.link.clone();
    let settings = Resource::new(move || link.clone(), public_widget);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new({
                let here = here.clone();
                async move {
                    match settings.await {
                        Ok(s) => {
                            let customer = PageCustomer {
                                name: here.param("name"),
                                email: here.param("email"),
                                phone: here.param("phone"),
                                external_id: here.param("external_id"),
                                identity: here.param("identity"),
                            };
                            Either::Left(view! { <ChatWindow settings=s link=here.link.clone() embedded=here.param("embed").is_some() page=here.param("page") customer/> })
                        }
                        Err(e) => Either::Right(view! { <WidgetError error=e/> }),
                    }
                }
            })}
        </Transition>
    }
}

/// Who the host page says the visitor is.
#[derive(Debug, Clone, Default)]
struct PageCustomer {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    external_id: Option<String>,
    /// A signed or encrypted identity (C3, C6).
    identity: Option<String>,
}

/// Why the link refused the visitor's identity, for the visitor.
fn identity_refusal_text(code: &str) -> &'static str {
    let i18n = use_i18n();
    i18n.t(match code {
        "identity_required" => text!(widget.identity.required),
        "identity_expired" => text!(widget.identity.expired),
        _ => text!(widget.identity.invalid),
    })
}

#[component]
fn WidgetError(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let text = match error {
        AppError::NotFound => i18n.t(text!(widget.not_found)),
        other => error_message(&other),
    };
    view! { <main class="widget-error" role="alert">{text}</main> }
}

#[component]
fn ChatWindow(
    settings: WidgetSettings,
    link: String,
    embedded: bool,
    page: Option<String>,
    /// Who the site says the visitor is (`Switchboard.setCustomer` or
    /// the link's query).
    customer: PageCustomer,
) -> impl IntoView {
    let i18n = use_i18n();
    // An admin-chosen widget language wins over the browser's.
    if let Some(lang) =
        crate::i18n::Lang::from_tag(&settings.language).filter(|_| !settings.language.is_empty())
    {
        i18n.lang.set(lang);
    }
    let messages = RwSignal::new(Vec::<Message>::new());
    let conversation = RwSignal::new(None::<Conversation>);
    let agent_typing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let token = StoredValue::new(String::new());
    // The same token as a signal, for uploads and the forms' server calls.
    let file_token = RwSignal::new(String::new());
    // What file links (`<img src>`) carry instead of the token (renewed).
    let file_ticket = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<AppError>);
    let socket: StoredValue<Option<ChatSocket>> = StoredValue::new(None);
    let connection = RwSignal::new(Connection::Connecting);
    let pending = RwSignal::new(Vec::<(String, String)>::new());
    let typing = crate::realtime::TypingThrottle::new();
    let queue_spot = RwSignal::new(None::<QueueSpot>);
    let options = RwSignal::new(None::<VisitorOptions>);
    let form_place = (link.clone(), page.clone());
    // Where the visit came from and the loader's id for the browser (W2),
    // passed on by `embed.js`.
    let here = location::current();
    let (referrer, vid) = (here.param("referrer"), here.param("vid"));
    let menu_referrer = StoredValue::new(referrer.clone());

    // Where a conversation started by a file came from (as for text).
    let upload_start = (link.clone(), page.clone());
    // A menu choice starts the conversation there (P1).
    let menu_busy = RwSignal::new(false);
    let menu_place = StoredValue::new((link.clone(), page.clone()));
    // Start (or resume) the visitor session in the browser, then connect.
    Effect::new(move |prev: Option<()>| {
        if prev.is_some() {
            return;
        }
        let link = link.clone();
        let page = page.clone().or_else(browser::page_url);
        let customer = customer.clone();
        let (referrer, vid) = (referrer.clone(), vid.clone());
        leptos::task::spawn_local(async move {
            let hello = VisitorHello {
                token: browser::load(TOKEN_KEY),
                link: Some(link.clone()),
                page_url: page.clone(),
                name: customer.name.clone(),
                email: customer.email.clone(),
                phone: customer.phone.clone(),
                external_id: customer.external_id.clone(),
                identity: customer.identity.clone(),
                ..Default::default()
            };
            // Plain details from the host page are a hint: if the site
            // passed something invalid, chat without them rather than not
            // at all. A refused identity is not retried: the link asks for
            // one (or the site sent a broken one), and the visitor is told.
            let first = start_visitor_session(hello.clone()).await;
            let first = match first {
                Err(e @ AppError::Invalid { .. }) if e.field_error("identity").is_some() => Err(e),
                Err(AppError::Invalid { .. }) => {
                    let plain = VisitorHello {
                        name: None,
                        email: None,
                        phone: None,
                        external_id: None,
                        ..hello
                    };
                    start_visitor_session(plain).await
                }
                other => other,
            };
            let session = match first {
                Ok(s) => s,
                Err(e) => {
                    failure.set(Some(e));
                    return;
                }
            };
            browser::save(TOKEN_KEY, &session.token);
            token.set_value(session.token.clone());
            file_token.set(session.token.clone());
            file_ticket.set(Some(session.file_ticket.ticket.clone()));
            let last = session.messages.last().map(|m| m.seq).unwrap_or(0);
            let conv_id = session.conversation.as_ref().map(|c| c.id);
            conversation.set(session.conversation);
            messages.set(session.messages);
            queue_spot.set(session.queue);
            options.set(Some(session.options));
            let param = |name: &str, v: &Option<String>| {
                v.as_ref()
                    .map(|v| format!("&{name}={}", browser::encode(v)))
                    .unwrap_or_default()
            };
            let query = format!(
                "?link={}{}{}{}",
                browser::encode(&link),
                param("page", &page),
                param("referrer", &referrer),
                param("vid", &vid),
            );
            let s = ChatSocket::connect_keeping(
                query,
                session.token.clone(),
                OUTBOX_KEY,
                move |event| {
                    on_event(
                        event,
                        conversation,
                        messages,
                        agent_typing,
                        queue_spot,
                        socket,
                    )
                },
            );
            if let Some(c) = conv_id {
                s.track(c, last);
            }
            Effect::new(move |_| connection.set(s.connection.get()));
            Effect::new(move |_| {
                let conv = conversation.get().map(|c| c.id);
                pending.set(pending_for(&s.outbox.get(), conv));
            });
            socket.set_value(Some(s));
        });
    });

    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let Some(s) = socket.get_value() else { return };
        let conv = conversation
            .get_untracked()
            .filter(|c| c.status != ConversationStatus::Ended);
        s.send_text(conv.map(|c| c.id), text);
        draft.set(String::new());
    };
    let on_input = move |ev| {
        draft.set(event_target_value(&ev));
        if typing.due() {
            if let (Some(s), Some(c)) = (socket.get_value(), conversation.get_untracked()) {
                s.send_now(&ClientMsg::Typing {
                    conversation_id: c.id,
                    typing: true,
                });
            }
        }
    };
    let ended = move || {
        conversation
            .get()
            .is_some_and(|c| c.status == ConversationStatus::Ended)
    };
    let queued = move || {
        conversation
            .get()
            .is_some_and(|c| c.status == ConversationStatus::Queued)
    };
    let end_chat = move |_| {
        if let Some(c) = conversation.get_untracked() {
            let t = token.get_value();
            leptos::task::spawn_local(async move {
                if let Ok(c) = visitor_end(t, c.id).await {
                    conversation.set(Some(c));
                }
            });
        }
    };
    let new_chat = move |_| {
        conversation.set(None);
        messages.set(vec![]);
    };
    let toasts = use_toasts();
    let pick_menu = Callback::new(move |item: String| {
        let (link, page) = menu_place.get_value();
        let t = token.get_value();
        let lang = i18n.lang.get_untracked().tag().to_owned();
        menu_busy.set(true);
        leptos::task::spawn_local(async move {
            let started = crate::api::routing::visitor_choose_menu(
                t,
                link,
                item,
                page.or_else(browser::page_url),
                menu_referrer.get_value(),
                Some(lang),
            )
            .await;
            menu_busy.set(false);
            match started {
                Ok(c) => {
                    if let Some(s) = socket.get_value() {
                        s.track(c.id, 0);
                    }
                    conversation.set(Some(c));
                }
                Err(e) => toasts.error(error_message(&e)),
            }
        });
    });
    let menu_now = move || {
        conversation
            .get()
            .is_none()
            .then(|| options.get().and_then(|o| o.menu))
            .flatten()
    };
    let on_upload = Callback::new(move |result: Result<Message, AppError>| match result {
        // The same path as the message's echo on the socket (merged once).
        Ok(message) => on_event(
            ServerEvent::Message { message },
            conversation,
            messages,
            agent_typing,
            queue_spot,
            socket,
        ),
        Err(e) => toasts.error(upload_error_text(&e)),
    });
    // File tickets last an hour: renew well before, so new images load.
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                let t = token.get_value();
                if t.is_empty() {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = crate::api::visitors::visitor_file_ticket(t).await {
                        let _ = file_ticket.try_set(Some(fresh.ticket));
                    }
                });
            },
            std::time::Duration::from_secs(FILE_TICKET_RENEW_SECS),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    // Agents come and go: while no chat is open, look again now and then, so
    // the form appears (or gives way to the chat) without a reload.
    #[cfg(feature = "hydrate")]
    {
        let link = form_place.0.clone();
        let handle = set_interval_with_handle(
            move || {
                if options.get_untracked().is_none() || conversation.get_untracked().is_some() {
                    return;
                }
                let link = link.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = crate::api::availability::widget_availability(link).await {
                        if options.get_untracked().as_ref() != Some(&fresh) {
                            let _ = options.try_set(Some(fresh));
                        }
                    }
                });
            },
            std::time::Duration::from_secs(AVAILABILITY_POLL_SECS),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    // R6: nobody can take this link's chats and no chat is open.
    // Memos, so the forms keep what the visitor typed while messages arrive.
    let leave_form = Memo::new(move |_| {
        let opts = options.get()?;
        (opts.offline && conversation.get().is_none())
            .then_some((opts.leave_message, opts.leave_fields))
    });
    // R5: ask once the chat ended (if the admin wants that) or when invited.
    let rating_wanted = Memo::new(move |_| {
        let survey = options.get()?.survey;
        let c = conversation.get()?;
        if !survey.enabled || c.rated {
            return None;
        }
        let invited = messages.with(|list| {
            list.iter()
                .any(|m| m.system == Some(SystemLine::RatingInvited))
        });
        let asked = (c.status == ConversationStatus::Ended && survey.ask_on_end) || invited;
        asked.then_some((survey, c.id))
    });
    let on_rated = Callback::new(move |()| {
        conversation.update(|c| {
            if let Some(c) = c {
                c.rated = true;
            }
        })
    });
    let read_seq =
        Signal::derive(move || conversation.get().map(|c| c.agent_read_seq).unwrap_or(0));
    let theme = settings.theme_color.clone();
    let show_close = settings.show_close && embedded;

    view! {
        <Title text=settings.window_name.clone()/>
        <div class="widget" class:embedded=embedded style=format!("--theme: {theme}")>
            <header class="widget-header">
                {settings.logo_url.clone().map(|src| view! { <img class="widget-logo" src=src alt=""/> })}
                <div class="widget-titles">
                    <h1>{settings.window_name.clone()}</h1>
                    <p>{settings.title.clone()}</p>
                </div>
                <button class="icon-button widget-end" aria-label=move || i18n.t(text!(widget.end)) on:click=end_chat
                    disabled=move || conversation.get().is_none() || ended()>
                    "⏻"
                </button>
                {show_close.then(|| view! {
                    <button class="icon-button" aria-label=move || i18n.t(text!(widget.close)) on:click=move |_| browser::post_to_parent("switchboard:close")>"×"</button>
                })}
            </header>
            {move || (connection.get() == Connection::Reconnecting).then(|| view! {
                <div class="widget-banner" role="status">{move || i18n.t(text!(common.reconnecting))}</div>
            })}
            {move || failure.get().map(|e| {
                let text = match e.field_error("identity") {
                    Some(f) => identity_refusal_text(&f.code),
                    None => error_message(&e),
                };
                view! { <div class="widget-banner error" role="alert">{text}</div> }
            })}
            {move || queued().then(|| view! { <div class="widget-banner" role="status">{move || queue_text(queue_spot.get())}</div> })}
            <MessageList messages=messages pending=pending viewer=Sender::Visitor read_seq=read_seq label=Signal::derive(move || i18n.t(text!(common.chat.messages)))
                file_ticket=file_ticket bot_actions=bot::actions(conversation, messages, token, socket)/>
            <bot::TalkToPerson conversation token/>
            <ToastHost/>
            {move || agent_typing.get().then(|| view! { <p class="typing" role="status">{move || i18n.t(text!(widget.agent_typing))}</p> })}
            {move || rating_wanted.get().map(|(survey, id)| view! {
                <forms::RatingCard survey token=Signal::derive(move || file_token.get()) conversation_id=id on_rated=on_rated/>
            })}
            {move || if ended() {
                EitherOf4::A(view! {
                    <div class="widget-ended">
                        <p>{move || i18n.t(text!(common.ended))}</p>
                        <button class="button primary" on:click=new_chat>{move || i18n.t(text!(widget.new_chat))}</button>
                    </div>
                })
            } else if let Some((settings, custom)) = leave_form.get() {
                EitherOf4::B(view! {
                    <forms::LeaveMessageForm settings custom token=Signal::derive(move || file_token.get())
                        link=form_place.0.clone() page=form_place.1.clone()/>
                })
            } else if let Some(menu) = menu_now() {
                EitherOf4::C(view! { <menu::NavMenuPicker menu on_pick=pick_menu busy=menu_busy/> })
            } else {
                EitherOf4::D(view! {
                    <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                        <textarea maxlength=model::chat::MESSAGE_MAX.to_string()
                            rows="2"
                            aria-label=move || i18n.t(text!(widget.chat.placeholder))
                            placeholder=move || i18n.t(text!(widget.chat.placeholder))
                            prop:value=move || draft.get()
                            on:input=on_input
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                                    ev.prevent_default();
                                    send();
                                }
                            }
                        ></textarea>
                        <EmojiPicker draft/>
                        <AttachButton
                            conversation_id=Signal::derive(move || conversation.get().filter(|c| c.status != ConversationStatus::Ended).map(|c| c.id))
                            bearer=Signal::derive(move || Some(file_token.get()).filter(|t| !t.is_empty()))
                            disabled=Signal::derive(move || file_token.get().is_empty())
                            on_result=on_upload link=upload_start.0.clone() page=upload_start.1.clone().unwrap_or_default()/>
                        <button class="button primary" type="submit" disabled=move || socket.with_value(|s| s.is_none())>{move || i18n.t(text!(common.chat.send))}</button>
                    </form>
                })
            }}
        </div>
    }
}
