//! A WeChat account's keyword auto-replies and news messages (C4), under
//! its row in Console → Channels → WeChat. A keyword reply answers a
//! follower with no conversation open, before routing: with text, or with
//! one of the account's news cards.

use leptos::prelude::*;
use model::channels::{
    KeywordMatch, KeywordReply, KeywordReplyInput, NewsMessage, NewsMessageInput,
};

use crate::api::channels::{
    delete_keyword_reply, delete_news_message, load_wechat_content, save_keyword_reply,
    save_news_message,
};
use crate::i18n::use_i18n;
use crate::ui::common::{
    error_message, field_error, use_toasts, LoadError, Loading, TextAreaField, TextField,
};

#[component]
pub fn WechatContentEditor(account_id: i32, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let version = RwSignal::new(0u32);
    let content = Resource::new(
        move || version.get(),
        move |_| load_wechat_content(account_id),
    );
    let editing_reply = RwSignal::new(None::<KeywordReply>);
    let editing_news = RwSignal::new(None::<NewsMessage>);
    let reload = Callback::new(move |()| {
        editing_reply.set(None);
        editing_news.set(None);
        version.update(|v| *v += 1);
    });
    let remove_reply = Action::new(move |id: &i32| delete_keyword_reply(account_id, *id));
    let remove_news = Action::new(move |id: &i32| delete_news_message(account_id, *id));
    for removed in [remove_reply, remove_news] {
        Effect::new(move |_| match removed.value().get() {
            Some(Ok(())) => {
                toasts.success(i18n.t(text!(console.deleted)));
                reload.run(());
            }
            Some(Err(e)) => toasts.error(error_message(&e)),
            None => {}
        });
    }
    let heading = format!("{} · {name}", i18n.t(text!(console.wechat.replies)));
    view! {
        <section class="card" aria-label=heading.clone()>
            <h2>{heading.clone()}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match content.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(c) => {
                            let news_for_form = c.news.clone();
                            let title_of = {
                                let news = c.news.clone();
                                move |id: Option<i32>| id.and_then(|id| news.iter().find(|n| n.id == id)).map(|n| n.title.clone())
                            };
                            view! {
                                <h3>{move || i18n.t(text!(console.wechat.keyword_replies))}</h3>
                                {if c.replies.is_empty() {
                                    view! { <p class="muted">{move || i18n.t(text!(console.wechat.no_replies))}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-wrap"><table class="table" aria-label=move || i18n.t(text!(console.wechat.keyword_replies))>
                                            <thead><tr>
                                                <th>{move || i18n.t(text!(console.wechat.keyword))}</th>
                                                <th>{move || i18n.t(text!(console.wechat.matching))}</th>
                                                <th>{move || i18n.t(text!(console.wechat.reply))}</th>
                                                <th><span class="sr-only">{move || i18n.t(text!(console.actions))}</span></th>
                                            </tr></thead>
                                            <tbody>
                                                {c.replies.into_iter().map(|r| {
                                                    let (id, edit, kw, kw2) = (r.id, r.clone(), r.keyword.clone(), r.keyword.clone());
                                                    let answer = title_of(r.news_id).map(|t| format!("📰 {t}")).unwrap_or(r.reply_text.clone());
                                                    let exact = r.matching == KeywordMatch::Exact;
                                                    view! {
                                                        <tr>
                                                            <td class="strong">{r.keyword.clone()}</td>
                                                            <td>{move || i18n.t(if exact { text!(console.wechat.exact) } else { text!(console.wechat.contains) })}</td>
                                                            <td class="break">{answer}</td>
                                                            <td class="actions">
                                                                <button class="button small" type="button" aria-label=format!("{} {kw}", i18n.t(text!(console.edit)))
                                                                    on:click=move |_| editing_reply.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                                                <button class="button small danger" type="button" aria-label=format!("{} {kw2}", i18n.t(text!(console.delete)))
                                                                    on:click=move |_| { remove_reply.dispatch(id); }>{move || i18n.t(text!(console.delete))}</button>
                                                            </td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table></div>
                                    }.into_any()
                                }}
                                {move || view! { <ReplyForm account_id reply=editing_reply.get() news=news_for_form.clone() done=reload/> }}
                                <h3>{move || i18n.t(text!(console.wechat.news))}</h3>
                                {if c.news.is_empty() {
                                    view! { <p class="muted">{move || i18n.t(text!(console.wechat.no_news))}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain-list" aria-label=move || i18n.t(text!(console.wechat.news))>
                                            {c.news.into_iter().map(|n| {
                                                let (id, edit, t1, t2) = (n.id, n.clone(), n.title.clone(), n.title.clone());
                                                view! {
                                                    <li>
                                                        <span class="strong">{n.title.clone()}</span> " "
                                                        <span class="muted break">{n.url.clone()}</span>
                                                        <span class="actions">
                                                            <button class="button small" type="button" aria-label=format!("{} {t1}", i18n.t(text!(console.edit)))
                                                                on:click=move |_| editing_news.set(Some(edit.clone()))>{move || i18n.t(text!(console.edit))}</button>
                                                            <button class="button small danger" type="button" aria-label=format!("{} {t2}", i18n.t(text!(console.delete)))
                                                                on:click=move |_| { remove_news.dispatch(id); }>{move || i18n.t(text!(console.delete))}</button>
                                                        </span>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            {move || view! { <NewsForm account_id news=editing_news.get() done=reload/> }}
        </section>
        <super::wechat_menu::WechatMenuEditor account_id/>
    }
}

#[component]
fn ReplyForm(
    account_id: i32,
    reply: Option<KeywordReply>,
    news: Vec<NewsMessage>,
    done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = reply.as_ref().map(|r| r.id);
    let keyword = RwSignal::new(
        reply
            .as_ref()
            .map(|r| r.keyword.clone())
            .unwrap_or_default(),
    );
    let matching = RwSignal::new(
        reply
            .as_ref()
            .map(|r| r.matching)
            .unwrap_or_default()
            .key()
            .to_owned(),
    );
    let text = RwSignal::new(
        reply
            .as_ref()
            .map(|r| r.reply_text.clone())
            .unwrap_or_default(),
    );
    let news_id = RwSignal::new(
        reply
            .as_ref()
            .and_then(|r| r.news_id)
            .map(|n| n.to_string())
            .unwrap_or_default(),
    );
    let save = Action::new(move |input: &KeywordReplyInput| {
        let input = input.clone();
        async move { save_keyword_reply(account_id, id, input).await }
    });
    let result = move || save.value().get();
    super::settings_form::toast_then(save, done);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(KeywordReplyInput {
            keyword: keyword.get_untracked(),
            matching: KeywordMatch::from_key(&matching.get_untracked()).unwrap_or_default(),
            reply_text: text.get_untracked(),
            news_id: news_id.get_untracked().parse().ok(),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    let heading = if id.is_some() {
        text!(console.wechat.edit_reply)
    } else {
        text!(console.wechat.new_reply)
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(heading)>
            <h4>{move || i18n.t(heading)}</h4>
            <div class="form-grid">
                <TextField id="keyword" label=t(text!(console.wechat.keyword)) value=keyword required=true error=field_error(result, "keyword")/>
                <div class="field">
                    <label for="keyword-matching">{move || i18n.t(text!(console.wechat.matching))}</label>
                    <select id="keyword-matching" on:change=move |ev| matching.set(event_target_value(&ev))>
                        <option value="exact" selected=move || matching.get() == "exact">{move || i18n.t(text!(console.wechat.exact))}</option>
                        <option value="contains" selected=move || matching.get() == "contains">{move || i18n.t(text!(console.wechat.contains))}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="keyword-news">{move || i18n.t(text!(console.wechat.answer_with_news))}</label>
                    <select id="keyword-news" on:change=move |ev| news_id.set(event_target_value(&ev))>
                        <option value="" selected=move || news_id.get().is_empty()>{move || i18n.t(text!(console.wechat.text_answer))}</option>
                        {news.into_iter().map(|n| {
                            let v = n.id.to_string();
                            let v2 = v.clone();
                            view! { <option value=v selected=move || news_id.get() == v2>{n.title}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{move || field_error(result, "news_id").get()}</p>
                </div>
            </div>
            <TextAreaField id="keyword-reply" label=t(text!(console.wechat.reply)) value=text rows=2 error=field_error(result, "reply_text")/>
            <div class="form-actions">
                {id.is_some().then(|| view! {
                    <button class="button ghost" type="button" on:click=move |_| done.run(())>{move || i18n.t(text!(staff.cancel))}</button>
                })}
                <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(console.wechat.save_reply))}</button>
            </div>
        </form>
    }
}

#[component]
fn NewsForm(account_id: i32, news: Option<NewsMessage>, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = news.as_ref().map(|n| n.id);
    let value =
        |f: fn(&NewsMessage) -> String| RwSignal::new(news.as_ref().map(f).unwrap_or_default());
    let title = value(|n| n.title.clone());
    let description = value(|n| n.description.clone());
    let cover = value(|n| n.cover_url.clone());
    let url = value(|n| n.url.clone());
    let save = Action::new(move |input: &NewsMessageInput| {
        let input = input.clone();
        async move { save_news_message(account_id, id, input).await }
    });
    let result = move || save.value().get();
    super::settings_form::toast_then(save, done);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(NewsMessageInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            cover_url: cover.get_untracked(),
            url: url.get_untracked(),
        });
    };
    let t = move |k| Signal::derive(move || i18n.t(k));
    let heading = if id.is_some() {
        text!(console.wechat.edit_news)
    } else {
        text!(console.wechat.new_news)
    };
    view! {
        <form class="form" on:submit=submit novalidate aria-label=move || i18n.t(heading)>
            <h4>{move || i18n.t(heading)}</h4>
            <div class="form-grid">
                <TextField id="news-title" label=t(text!(console.wechat.news_title)) value=title required=true error=field_error(result, "title")/>
                <TextField id="news-url" label=t(text!(console.wechat.news_url)) value=url input_type="url" required=true error=field_error(result, "url")/>
                <TextField id="news-cover" label=t(text!(console.wechat.news_cover)) value=cover input_type="url" error=field_error(result, "cover_url")/>
            </div>
            <TextAreaField id="news-description" label=t(text!(console.wechat.news_description)) value=description rows=2 error=field_error(result, "description")/>
            <div class="form-actions">
                {id.is_some().then(|| view! {
                    <button class="button ghost" type="button" on:click=move |_| done.run(())>{move || i18n.t(text!(staff.cancel))}</button>
                })}
                <button class="button primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(text!(console.wechat.save_news))}</button>
            </div>
        </form>
    }
}
