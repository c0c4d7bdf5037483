//! Platform channels (C4, C5): connected accounts, a WeChat account's
//! keyword replies and news messages (Console → Channels), and what a
//! platform tells us of a conversation's follower (the workbench).

use leptos::prelude::*;
use model::channels::{
    ChannelAccount, ChannelAccountInput, ChannelKind, FollowerProfile, KeywordReply,
    KeywordReplyInput, NewsMessage, NewsMessageInput,
};
use model::AppError;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::ssr::{actor, services};

/// The accounts of one platform, with the address their callback URLs
/// start with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelAccounts {
    pub base_url: String,
    pub accounts: Vec<ChannelAccount>,
}

#[server(prefix = "/api", input = Json)]
pub async fn list_channel_accounts(kind: ChannelKind) -> Result<ChannelAccounts, AppError> {
    let accounts = services()?
        .channel_accounts
        .list(&actor().await?, Some(kind))
        .await?;
    Ok(ChannelAccounts {
        base_url: super::ssr::base_url().await,
        accounts,
    })
}

#[server(prefix = "/api", input = Json)]
pub async fn save_channel_account(
    id: Option<i32>,
    input: ChannelAccountInput,
) -> Result<ChannelAccount, AppError> {
    Ok(services()?
        .channel_accounts
        .save(&actor().await?, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_channel_account(id: i32) -> Result<(), AppError> {
    Ok(services()?
        .channel_accounts
        .delete(&actor().await?, id)
        .await?)
}

/// A WeChat account's keyword replies and news messages, read together
/// (the replies name the news they answer with).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatContent {
    pub replies: Vec<KeywordReply>,
    pub news: Vec<NewsMessage>,
}

#[server(prefix = "/api")]
pub async fn load_wechat_content(account_id: i32) -> Result<WechatContent, AppError> {
    let (s, actor) = (services()?, actor().await?);
    Ok(WechatContent {
        replies: s.wechat_content.keyword_replies(&actor, account_id).await?,
        news: s.wechat_content.news(&actor, account_id).await?,
    })
}

#[server(prefix = "/api", input = Json)]
pub async fn save_keyword_reply(
    account_id: i32,
    id: Option<i32>,
    input: KeywordReplyInput,
) -> Result<KeywordReply, AppError> {
    Ok(services()?
        .wechat_content
        .save_keyword_reply(&actor().await?, account_id, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_keyword_reply(account_id: i32, id: i32) -> Result<(), AppError> {
    Ok(services()?
        .wechat_content
        .delete_keyword_reply(&actor().await?, account_id, id)
        .await?)
}

#[server(prefix = "/api", input = Json)]
pub async fn save_news_message(
    account_id: i32,
    id: Option<i32>,
    input: NewsMessageInput,
) -> Result<NewsMessage, AppError> {
    Ok(services()?
        .wechat_content
        .save_news(&actor().await?, account_id, id, input)
        .await?)
}

#[server(prefix = "/api")]
pub async fn delete_news_message(account_id: i32, id: i32) -> Result<(), AppError> {
    Ok(services()?
        .wechat_content
        .delete_news(&actor().await?, account_id, id)
        .await?)
}

/// The WeChat/Weibo profile of a conversation's follower (None for web
/// visitors), for an agent who may see the conversation.
#[server(prefix = "/api")]
pub async fn get_follower_profile(
    conversation_id: i64,
) -> Result<Option<FollowerProfile>, AppError> {
    Ok(services()?
        .followers
        .profile(&actor().await?, conversation_id)
        .await?)
}

/// A WeChat account's custom menu as last published from here.
#[server(prefix = "/api")]
pub async fn load_wechat_menu(account_id: i32) -> Result<model::wechat_menu::WechatMenu, AppError> {
    Ok(services()?
        .wechat_menu
        .menu(&actor().await?, account_id)
        .await?)
}

/// Publish a custom menu to WeChat (and keep it).
#[server(prefix = "/api", input = Json)]
pub async fn publish_wechat_menu(
    account_id: i32,
    menu: model::wechat_menu::WechatMenu,
) -> Result<model::wechat_menu::WechatMenu, AppError> {
    Ok(services()?
        .wechat_menu
        .publish(&actor().await?, account_id, menu)
        .await?)
}

/// The menu WeChat has now.
#[server(prefix = "/api")]
pub async fn read_back_wechat_menu(
    account_id: i32,
) -> Result<model::wechat_menu::WechatMenu, AppError> {
    Ok(services()?
        .wechat_menu
        .read_back(&actor().await?, account_id)
        .await?)
}
