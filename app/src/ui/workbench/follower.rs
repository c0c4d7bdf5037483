//! Platform channels in the workbench (C4, C5): a conversation's channel
//! as a badge (web, app, WeChat, Weibo, with the account's name), and what
//! WeChat or Weibo told us of the follower, in the customer panel.

use leptos::prelude::*;
use model::channels::FollowerProfile;

use crate::api::channels::get_follower_profile;
use crate::i18n::{use_i18n, Text};

/// A conversation's channel in the reader's language.
pub fn channel_text(channel: &str) -> Text {
    match channel {
        "wechat" => text!(workbench.channels.wechat),
        "weibo" => text!(workbench.channels.weibo),
        "app" => text!(workbench.channels.app),
        _ => text!(workbench.channels.web),
    }
}

/// Whether a channel is a platform's, with a follower profile to show.
pub fn is_platform(channel: &str) -> bool {
    matches!(channel, "wechat" | "weibo")
}

/// The channel's mark and name, and the account (or app) it came through.
#[component]
pub fn ChannelBadge(channel: String, #[prop(optional)] name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let mark = match channel.as_str() {
        "wechat" => "💬",
        "weibo" => "◉",
        "app" => "📱",
        _ => "🌐",
    };
    let label = channel_text(&channel);
    view! {
        <span class="channel-badge" data-channel=channel.clone()>
            <span aria-hidden="true">{mark}</span>
            {move || i18n.t(label)}
            {name.clone().map(|n| format!(" · {n}"))}
        </span>
    }
}

/// The follower's platform profile, for a WeChat/Weibo conversation.
#[component]
pub fn FollowerFacts(conversation_id: i64) -> impl IntoView {
    let profile = Resource::new(move || conversation_id, get_follower_profile);
    view! {
        <Transition>
            {move || Suspend::new(async move {
                profile.await.ok().flatten().map(|p| view! { <Facts profile=p/> })
            })}
        </Transition>
    }
}

#[component]
fn Facts(profile: FollowerProfile) -> impl IntoView {
    let i18n = use_i18n();
    let subscribed = profile.subscribed;
    let rows: Vec<(Text, Option<String>)> = vec![
        (
            text!(workbench.follower.account),
            Some(profile.account_name),
        ),
        (
            text!(workbench.follower.external_id),
            Some(profile.external_id),
        ),
        (text!(workbench.follower.union_id), profile.union_id),
        (text!(workbench.follower.location), profile.location),
        (text!(workbench.follower.scene), profile.scene),
    ];
    view! {
        <section class="routing-facts" aria-label=move || i18n.t(text!(workbench.follower.title))>
            <h3>{move || i18n.t(text!(workbench.follower.title))}</h3>
            <dl>
                {rows.into_iter().filter_map(|(label, v)| v.filter(|v| !v.is_empty()).map(|v| view! {
                    <dt>{move || i18n.t(label)}</dt><dd class="break">{v}</dd>
                })).collect_view()}
                <dt>{move || i18n.t(text!(workbench.follower.following))}</dt>
                <dd>{move || i18n.t(if subscribed { text!(workbench.follower.yes) } else { text!(workbench.follower.no) })}</dd>
            </dl>
        </section>
    }
}
