//! zh-CN and en for every string. The server picks the language from the
//! `sb_lang` cookie or `Accept-Language` and writes it to `<html lang>`; the
//! browser reads it back from there, so hydration renders the same text.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

pub const LANG_COOKIE: &str = "sb_lang";

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first supported language in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(Lang::from_tag)
    }

    /// From a `Cookie` header's `sb_lang`, else `Accept-Language`, else English.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie_header
            .and_then(|c| {
                c.split(';').find_map(|kv| {
                    let (k, v) = kv.trim().split_once('=')?;
                    (k == LANG_COOKIE).then(|| Lang::from_tag(v)).flatten()
                })
            })
            .or_else(|| accept_language.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }
}

/// The current language, provided at the root of every surface.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Translate a key in the current language (reactive).
    pub fn t(&self, key: &str) -> &'static str {
        translate(self.lang.get(), key)
    }

    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(root) = doc.document_element() {
                    let _ = root.set_attribute("lang", lang.tag());
                }
                if let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>() {
                    let _ = html.set_cookie(&format!(
                        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                        lang.tag()
                    ));
                }
            }
        }
    }
}

/// The language this request/page renders in.
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .map(|parts| {
                let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
                Lang::negotiate(header("cookie"), header("accept-language"))
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::from_tag(&l))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        lang: RwSignal::new(Lang::default()),
    })
}

pub fn translate(lang: Lang, key: &str) -> &'static str {
    match STRINGS.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, zh)) => match lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
        None => "⟨missing text⟩",
    }
}

/// Message for a field error code, e.g. `required` → "This field is required".
pub fn field_error_key(code: &str) -> String {
    format!("err.{code}")
}

/// (key, English, 简体中文)
pub const STRINGS: &[(&str, &str, &str)] = &[
    ("app.name", "Switchboard", "Switchboard"),
    (
        "app.tagline",
        "Customer service, all channels, one workbench",
        "全渠道客服，一个工作台",
    ),
    ("common.save", "Save", "保存"),
    ("common.saving", "Saving…", "保存中…"),
    ("common.cancel", "Cancel", "取消"),
    ("common.delete", "Delete", "删除"),
    ("common.edit", "Edit", "编辑"),
    ("common.create", "Create", "新建"),
    ("common.loading", "Loading…", "加载中…"),
    ("common.saved", "Saved", "已保存"),
    ("common.deleted", "Deleted", "已删除"),
    ("common.actions", "Actions", "操作"),
    ("common.yes", "Yes", "是"),
    ("common.no", "No", "否"),
    ("common.none", "None", "无"),
    ("common.back", "Back", "返回"),
    ("common.dismiss", "Dismiss", "关闭"),
    ("common.language", "Language", "语言"),
    ("common.retry", "Retry", "重试"),
    ("common.optional", "optional", "可选"),
    ("lang.en", "English", "English"),
    ("lang.zh", "简体中文", "简体中文"),
    ("login.title", "Sign in", "登录"),
    (
        "login.subtitle",
        "Sign in to the workbench or the console",
        "登录工作台或管理后台",
    ),
    ("login.email", "Email", "邮箱"),
    ("login.password", "Password", "密码"),
    ("login.submit", "Sign in", "登录"),
    ("login.signing_in", "Signing in…", "登录中…"),
    ("auth.logout", "Sign out", "退出登录"),
    ("auth.signed_in_as", "Signed in as", "当前登录"),
    (
        "auth.forbidden_title",
        "You don't have permission to view this page",
        "您没有权限查看此页面",
    ),
    (
        "auth.forbidden_body",
        "Ask an administrator to grant your role the permission.",
        "请联系管理员为您的角色授予相应权限。",
    ),
    (
        "auth.login_required",
        "Your session has ended. Please sign in again.",
        "会话已结束，请重新登录。",
    ),
    ("nav.console", "Console", "管理后台"),
    ("nav.workbench", "Workbench", "工作台"),
    ("nav.overview", "Overview", "概览"),
    ("nav.people", "People", "人员"),
    ("nav.agents", "Agents", "客服"),
    ("nav.groups", "Groups", "客服组"),
    ("nav.roles", "Roles & permissions", "角色与权限"),
    ("nav.main", "Main navigation", "主导航"),
    (
        "console.welcome",
        "Welcome to the console",
        "欢迎使用管理后台",
    ),
    (
        "console.intro",
        "Manage the people who answer your customers, and what each of them may do.",
        "管理为客户提供服务的人员，以及每个人的权限。",
    ),
    (
        "console.agents_card",
        "Create agents, set their role, groups and max concurrent chats.",
        "创建客服，设置角色、所属客服组和最大接待量。",
    ),
    (
        "console.groups_card",
        "Teams that conversations are routed to.",
        "会话分配的目标团队。",
    ),
    (
        "console.roles_card",
        "Built-in Admin and Agent roles and your own, with a permission matrix.",
        "内置管理员、客服角色以及自定义角色和权限矩阵。",
    ),
    ("agents.title", "Agents", "客服"),
    ("agents.new", "New agent", "新建客服"),
    ("agents.edit", "Edit agent", "编辑客服"),
    ("agents.email", "Email", "邮箱"),
    ("agents.name", "Name", "姓名"),
    ("agents.display_name", "Display name", "昵称"),
    (
        "agents.display_name_hint",
        "Shown to visitors; defaults to the name.",
        "对访客显示，默认为姓名。",
    ),
    ("agents.avatar_url", "Avatar URL", "头像地址"),
    ("agents.role", "Role", "角色"),
    ("agents.groups", "Groups", "客服组"),
    ("agents.max_chats", "Max concurrent chats", "最大接待量"),
    (
        "agents.max_chats_hint",
        "Leave empty to use the global default.",
        "留空则使用全局默认值。",
    ),
    ("agents.password", "Password", "密码"),
    (
        "agents.password_hint_edit",
        "Leave empty to keep the current password.",
        "留空则保持当前密码。",
    ),
    ("agents.status", "Status", "状态"),
    ("agents.enabled", "Enabled", "已启用"),
    ("agents.disabled", "Disabled", "已停用"),
    ("agents.disable", "Disable", "停用"),
    ("agents.enable", "Enable", "启用"),
    (
        "agents.disabled_toast",
        "Agent disabled; their sessions were ended",
        "客服已停用，其登录会话已结束",
    ),
    ("agents.enabled_toast", "Agent enabled", "客服已启用"),
    ("agents.empty", "No agents yet.", "还没有客服。"),
    ("agents.default", "Default", "默认"),
    ("groups.title", "Groups", "客服组"),
    ("groups.new", "New group", "新建客服组"),
    ("groups.edit", "Edit group", "编辑客服组"),
    ("groups.name", "Group name", "客服组名称"),
    ("groups.description", "Description", "描述"),
    ("groups.members", "Members", "成员"),
    ("groups.empty", "No groups yet.", "还没有客服组。"),
    (
        "groups.confirm_delete",
        "Delete this group?",
        "确定删除此客服组？",
    ),
    ("roles.title", "Roles & permissions", "角色与权限"),
    ("roles.new", "New role", "新建角色"),
    ("roles.edit", "Edit role", "编辑角色"),
    ("roles.name", "Role name", "角色名称"),
    ("roles.permissions", "Permissions", "权限"),
    ("roles.builtin", "Built-in", "内置"),
    ("roles.agents", "Agents", "客服数"),
    (
        "roles.admin_fixed",
        "The Admin role always has every permission.",
        "管理员角色始终拥有全部权限。",
    ),
    (
        "perm.manage_people",
        "Manage people (agents, groups, roles)",
        "管理人员（客服、客服组、角色）",
    ),
    ("perm.manage_channels", "Manage channels", "管理渠道"),
    ("perm.manage_routing", "Manage routing", "管理路由"),
    (
        "perm.manage_automation",
        "Manage automation",
        "管理自动化规则",
    ),
    (
        "perm.view_all_transcripts",
        "View all agents' transcripts",
        "查看所有客服的对话记录",
    ),
    ("perm.view_reports", "View reports", "查看报表"),
    ("perm.qa", "Quality assurance", "质检"),
    ("perm.manage_tickets", "Manage all tickets", "管理所有工单"),
    (
        "perm.set_own_max_chats",
        "Set own max concurrent chats",
        "设置自己的最大接待量",
    ),
    ("status.online", "Online", "在线"),
    ("status.busy", "Busy", "忙碌"),
    ("status.away", "Away", "离开"),
    ("status.offline", "Offline", "离线"),
    ("workbench.conversations", "Conversations", "会话"),
    (
        "workbench.no_conversations",
        "No active conversations. New chats appear here as visitors write in.",
        "暂无进行中的会话。访客发起对话后会显示在这里。",
    ),
    ("workbench.my_status", "My status", "我的状态"),
    (
        "workbench.my_max_chats",
        "My max concurrent chats",
        "我的最大接待量",
    ),
    ("workbench.settings", "My settings", "我的设置"),
    ("workbench.status_changed", "Status updated", "状态已更新"),
    (
        "workbench.select_conversation",
        "Select a conversation to start chatting.",
        "选择一个会话开始聊天。",
    ),
    ("chat.messages", "Messages", "消息"),
    ("chat.placeholder", "Type a message…", "输入消息…"),
    ("chat.send", "Send", "发送"),
    ("chat.sending", "Sending…", "发送中…"),
    ("chat.read", "Read", "已读"),
    ("chat.reply", "Reply", "回复"),
    (
        "chat.reply_placeholder",
        "Type a reply — Enter sends, Shift+Enter for a new line",
        "输入回复 — Enter 发送，Shift+Enter 换行",
    ),
    ("chat.internal_note", "Internal note", "内部备注"),
    (
        "system.ended_by_agent",
        "The agent ended the conversation",
        "客服结束了对话",
    ),
    (
        "system.ended_by_visitor",
        "The visitor ended the conversation",
        "访客结束了对话",
    ),
    (
        "system.transferred",
        "The conversation was transferred to another agent",
        "对话已转接给其他客服",
    ),
    (
        "widget.not_found",
        "This chat link does not exist.",
        "该对话链接不存在。",
    ),
    (
        "widget.reconnecting",
        "Reconnecting… messages you type are sent when we are back.",
        "正在重新连接… 您输入的消息将在恢复后发送。",
    ),
    (
        "widget.queued",
        "Waiting for an agent… we will be with you shortly.",
        "正在等待客服… 请稍候。",
    ),
    ("widget.agent_typing", "Agent is typing…", "客服正在输入…"),
    (
        "widget.ended",
        "This conversation has ended.",
        "本次对话已结束。",
    ),
    ("widget.new_chat", "Start a new chat", "开始新的对话"),
    ("widget.close", "Close chat window", "关闭对话窗口"),
    ("widget.end", "End conversation", "结束对话"),
    ("workbench.history", "History", "历史会话"),
    (
        "workbench.no_history",
        "No ended conversations yet.",
        "暂无已结束的会话。",
    ),
    (
        "workbench.select_history",
        "Select a conversation to read its transcript.",
        "选择一个会话查看记录。",
    ),
    ("workbench.unread", "unread", "条未读"),
    (
        "workbench.visitor_typing",
        "Visitor is typing…",
        "访客正在输入…",
    ),
    ("workbench.transfer", "Transfer", "转接"),
    ("workbench.transfer_to", "Transfer to", "转接给"),
    (
        "workbench.transfer_note",
        "Note for the receiver",
        "给接收人的备注",
    ),
    (
        "workbench.transferred_toast",
        "Conversation transferred",
        "会话已转接",
    ),
    ("workbench.end", "End", "结束"),
    ("workbench.ended_toast", "Conversation ended", "会话已结束"),
    ("workbench.new_message", "New message", "新消息"),
    ("workbench.new_chat", "New conversation", "新会话"),
    ("workbench.customer", "Customer", "客户"),
    ("workbench.visitor_name", "Name", "姓名"),
    ("workbench.channel", "Channel", "渠道"),
    ("workbench.source_page", "Source page", "来源页面"),
    ("workbench.started", "Started", "开始时间"),
    (
        "err.conversation_ended",
        "This conversation has ended",
        "该对话已结束",
    ),
    (
        "err.invalid_client_id",
        "Invalid message id",
        "消息编号无效",
    ),
    ("err.same_agent", "Choose someone else", "请选择其他人"),
    ("tokens.title", "API tokens", "API 令牌"),
    ("tokens.hint", "Let an app or integration use the open API as you, with your permissions.", "让应用或集成以你的身份和权限调用开放 API。"),
    ("tokens.copy_now", "Copy this token now; it will not be shown again.", "请立即复制此令牌，它不会再次显示。"),
    ("tokens.secret", "New API token", "新的 API 令牌"),
    ("tokens.name", "Token name", "令牌名称"),
    ("tokens.create", "Create token", "创建令牌"),
    ("tokens.revoke", "Revoke", "撤销"),
    ("tokens.revoked", "Token revoked", "令牌已撤销"),
    ("tokens.last_used", "Last used", "最近使用"),
    ("tokens.never_used", "Never used", "从未使用"),
    ("err.bad_json", "The request body is not valid JSON", "请求内容不是有效的 JSON"),
    ("err.too_many_tokens", "You have the most tokens allowed; revoke one first", "令牌数量已达上限，请先撤销一个"),
    ("widget_admin.title", "Web widget", "网页插件"),
    ("widget_admin.look", "Look", "外观"),
    ("widget_admin.window_name", "Window name", "窗口名称"),
    ("widget_admin.subtitle", "Subtitle", "副标题"),
    ("widget_admin.theme_color", "Theme colour", "主题色"),
    ("widget_admin.theme_color_picker", "Colour picker", "取色器"),
    ("widget_admin.logo_url", "Logo URL", "Logo 地址"),
    ("widget_admin.button_text", "Button text", "按钮文字"),
    ("widget_admin.button_text_hint", "Leave empty for “Chat with us” in the visitor's language.", "留空则按访客语言显示“在线咨询”。"),
    ("widget_admin.desktop_button", "Button on computers", "电脑端按钮"),
    ("widget_admin.mobile_button", "Button on phones", "手机端按钮"),
    ("widget_admin.style_pill", "Bar with text", "带文字的长条"),
    ("widget_admin.style_round", "Round icon", "圆形图标"),
    ("widget_admin.language", "Widget language", "插件语言"),
    ("widget_admin.language_auto", "Visitor's browser language", "跟随访客浏览器"),
    ("widget_admin.language_en", "English", "English"),
    ("widget_admin.language_zh", "简体中文", "简体中文"),
    ("widget_admin.welcome", "Welcome message", "欢迎语"),
    ("widget_admin.welcome_hint", "Sent automatically when a conversation starts. Leave empty to send none.", "对话开始时自动发送；留空则不发送。"),
    ("widget_admin.show_close", "Show a close button in the window", "在窗口中显示关闭按钮"),
    ("widget_admin.preview", "Preview", "预览"),
    ("widget_admin.preview_caption", "Preview: the chat window, the button on computers and on phones.", "预览：对话窗口、电脑端按钮和手机端按钮。"),
    ("widget_admin.install", "Add the widget to your website", "在网站上安装插件"),
    ("widget_admin.install_hint", "Paste this code before </body> on every page where visitors should be able to chat.", "将此代码粘贴到每个需要在线咨询的页面的 </body> 之前。"),
    ("widget_admin.snippet", "Embed code", "嵌入代码"),
    ("widget_admin.copy", "Copy code", "复制代码"),
    ("widget_admin.copied", "Code copied", "代码已复制"),
    ("widget_admin.open_page", "Open the chat page", "打开对话页面"),
    ("widget_admin.links", "Chat links", "对话链接"),
    ("widget_admin.links_hint", "Each link is its own chat page. A link can send every conversation to one group or one agent: for a campaign, a department or VIP customers.", "每个链接都是独立的对话页面，可将该链接的所有对话分配给指定客服组或客服，适用于活动、部门或 VIP 客户。"),
    ("widget_admin.link_name", "Link name", "链接名称"),
    ("widget_admin.link_address", "Address", "地址"),
    ("widget_admin.link_target", "Conversations go to", "对话分配给"),
    ("widget_admin.anyone", "Any available agent", "任意空闲客服"),
    ("widget_admin.new_link", "New link", "新建链接"),
    ("widget_admin.edit_link", "Edit link", "编辑链接"),
    ("widget_admin.add_link", "Add link", "添加链接"),
    ("widget_admin.link_slug", "Address ending", "链接后缀"),
    ("widget_admin.link_slug_hint", "Lower-case letters, digits and dashes. Leave empty for a random one.", "小写字母、数字和短横线；留空则随机生成。"),
    ("widget_admin.link_deleted", "Link deleted", "链接已删除"),
    ("err.invalid_slug", "Use lower-case letters, digits and dashes", "请使用小写字母、数字和短横线"),
    ("err.one_target", "Choose a group or an agent, not both", "只能选择一个客服组或一位客服"),
    ("err.default_link", "The default link cannot be deleted", "默认链接不能删除"),
    ("nav.channels", "Channels", "渠道"),
    ("nav.widget", "Web widget", "网页插件"),
    ("widget.open", "Chat with us", "在线咨询"),
    (
        "err.file_too_large",
        "File is too large; the limit is",
        "文件过大，上限为",
    ),
    (
        "err.file_type",
        "This file type cannot be sent (images, PDF, Office documents, ZIP and text files can)",
        "不支持该文件类型（可发送图片、PDF、Office 文档、ZIP 和文本文件）",
    ),
    ("err.file_empty", "The file is empty", "文件为空"),
    (
        "err.not_multipart",
        "The upload could not be read",
        "无法读取上传内容",
    ),
    ("chat.attach", "Attach a file or image", "添加文件或图片"),
    ("chat.uploading", "Uploading…", "正在上传…"),
    ("chat.download", "Download", "下载"),
    (
        "err.invalid_color",
        "Use a colour like #2563eb",
        "请使用类似 #2563eb 的颜色",
    ),
    ("err.not_a_number", "Enter a whole number", "请输入整数"),
    ("err.required", "This field is required", "此项必填"),
    ("err.too_long", "Too long", "内容过长"),
    ("err.too_short", "Too short", "内容过短"),
    ("err.too_small", "Value is too small", "数值过小"),
    ("err.too_large", "Value is too large", "数值过大"),
    (
        "err.invalid_email",
        "Enter a valid email address",
        "请输入有效的邮箱地址",
    ),
    (
        "err.invalid_url",
        "Enter a URL starting with https:// or /",
        "请输入以 https:// 或 / 开头的地址",
    ),
    ("err.duplicate", "Already in use", "已被使用"),
    (
        "err.not_found",
        "Some selected items no longer exist",
        "部分所选项已不存在",
    ),
    (
        "err.wrong_credentials",
        "Wrong email or password",
        "邮箱或密码错误",
    ),
    (
        "err.account_disabled",
        "This account is disabled",
        "该账号已停用",
    ),
    (
        "err.builtin_role",
        "Built-in roles cannot be renamed or deleted",
        "内置角色不能重命名或删除",
    ),
    (
        "err.role_in_use",
        "Agents still have this role",
        "仍有客服使用此角色",
    ),
    (
        "err.last_admin",
        "At least one enabled admin must remain",
        "至少需要保留一名已启用的管理员",
    ),
    (
        "err.cannot_disable_self",
        "You cannot disable yourself",
        "不能停用自己",
    ),
    (
        "err.invalid",
        "Please correct the highlighted fields",
        "请修正标出的字段",
    ),
    (
        "err.unauthenticated",
        "Your session has ended. Please sign in again.",
        "会话已结束，请重新登录。",
    ),
    (
        "err.forbidden",
        "You don't have permission to do this",
        "您没有执行此操作的权限",
    ),
    ("err.not_found_page", "Not found", "未找到"),
    (
        "err.rate_limited",
        "Too many attempts. Try again later.",
        "尝试次数过多，请稍后再试。",
    ),
    (
        "err.internal",
        "Something went wrong on our side. Please try again.",
        "服务器出错，请重试。",
    ),
    (
        "err.transport",
        "Could not reach the server. Check your connection.",
        "无法连接服务器，请检查网络。",
    ),
    ("err.page_not_found", "Page not found", "页面不存在"),
    ("automation.title", "Rules", "规则"),
    ("automation.assignment_title", "Assignment", "分配规则"),
    ("automation.assignment_hint", "For conversations that do not go to a group. Each group chooses its own in the group's settings.", "适用于未指定客服组的对话。每个客服组可在组设置中单独选择。"),
    ("automation.assignment", "Assignment", "分配方式"),
    ("automation.mode_load", "Load-based (fewest active chats)", "按负载（当前对话最少优先）"),
    ("automation.mode_round_robin", "Round robin (take turns)", "轮流分配"),
    ("automation.returning_first", "Returning customers go to their previous agent", "老客户优先分配给上次接待的客服"),
    ("automation.capacity_title", "Capacity and queue", "接待量与排队"),
    ("automation.default_max_chats", "Default max concurrent chats", "默认最大接待量"),
    ("automation.default_max_hint", "For agents without their own limit. Visitors beyond capacity wait in the queue.", "适用于未单独设置的客服。超出接待量的访客进入排队。"),
    ("automation.see_queue", "See who is waiting", "查看排队访客"),
    ("automation.idle_title", "Idle visitor", "访客无响应"),
    ("automation.idle_hint", "After the agent's last message: a reminder after the first wait, then a closing message and the chat ends after the second.", "从客服最后一条消息起：第一段时间后发送提醒，再过第二段时间发送结束语并结束对话。"),
    ("automation.idle_enabled", "Remind and close idle visitors", "提醒并关闭无响应的访客"),
    ("automation.remind_after", "Remind after (minutes)", "提醒时间（分钟）"),
    ("automation.close_after", "Then close after (minutes)", "再过多久结束（分钟）"),
    ("automation.reminder", "Reminder message", "提醒语"),
    ("automation.closing", "Closing message", "结束语"),
    ("automation.alert_title", "Unanswered new conversation", "新对话未回复提醒"),
    ("automation.alert_enabled", "Mark unanswered conversations red", "未回复的对话标红"),
    ("automation.alert_after", "Alert after (seconds)", "提醒时间（秒）"),
    ("automation.reassign", "Then hand it to another agent", "随后转给其他客服"),
    ("automation.reassign_after", "Reassign after a further (seconds)", "再过多久转接（秒）"),
    ("nav.automation", "Automation", "自动化"),
    ("settings.unreadable", "Some stored settings could not be read, so their defaults are in use until you save them again:", "部分已保存的设置无法读取，在重新保存之前将使用默认值："),
    ("settings.key.widget", "Web widget", "网页插件"),
    ("settings.key.automation", "Rules", "规则"),
    ("settings.key.survey", "Satisfaction survey", "满意度评价"),
    ("settings.key.leave_message", "Leave a message", "留言"),
    ("nav.rules", "Rules", "规则"),
    ("nav.survey", "Satisfaction survey", "满意度评价"),
    ("nav.leave_message", "Leave a message", "留言"),
    ("nav.queue", "Queue", "排队"),
    ("survey.title", "Satisfaction survey", "满意度评价"),
    ("survey.settings", "Survey", "评价设置"),
    ("survey.enabled", "Ask visitors to rate conversations", "邀请访客评价对话"),
    ("survey.ask_on_end", "Ask when a conversation ends", "对话结束时邀请评价"),
    ("survey.comment", "Offer a comment box", "允许填写评语"),
    ("survey.level_count", "Number of levels", "评价等级数"),
    ("survey.level", "Level {n}", "等级 {n}"),
    ("survey.order_hint", "Best first: level 1 is the most satisfied.", "从好到差：等级 1 为最满意。"),
    ("survey.results", "Latest ratings", "最新评价"),
    ("survey.no_results", "No ratings yet.", "暂无评价。"),
    ("survey.when", "When", "时间"),
    ("survey.agent", "Agent", "客服"),
    ("survey.rating", "Rating", "评价"),
    ("survey.comment_col", "Comment", "评语"),
    ("rating.question", "How was this conversation?", "您对本次服务满意吗？"),
    ("rating.comment", "Add a comment (optional)", "填写评语（可选）"),
    ("rating.submit", "Send rating", "提交评价"),
    ("rating.thanks", "Thank you for your feedback!", "感谢您的评价！"),
    ("system.rating_invited", "The agent invites you to rate this conversation", "客服邀请您对本次服务进行评价"),
    ("system.reassigned_unanswered", "Reassigned after no reply", "因未回复已转接"),
    ("leave.title", "Leave a message", "留言"),
    ("leave.name", "Name", "姓名"),
    ("leave.email", "Email", "邮箱"),
    ("leave.phone", "Phone", "电话"),
    ("leave.subject", "Subject", "主题"),
    ("leave.message", "Message", "留言内容"),
    ("leave.send", "Send message", "提交留言"),
    ("leave.thanks", "Thanks! We received your message and will get back to you.", "感谢留言！我们已收到，会尽快与您联系。"),
    ("leave.reference", "Reference", "编号"),
    ("leave_admin.title", "Leave a message", "留言设置"),
    ("leave_admin.hint", "Shown instead of the chat when nobody who could answer is online. Each message becomes a ticket.", "当没有可接待的客服在线时显示，替代对话窗口。每条留言生成一个工单。"),
    ("leave_admin.guide", "Guide text", "引导语"),
    ("leave_admin.field", "Field", "字段"),
    ("leave_admin.shown", "Shown", "显示"),
    ("leave_admin.required", "Required", "必填"),
    ("queue.title", "Queue", "排队"),
    ("queue.position", "Position", "位置"),
    ("queue.since", "Waiting since", "开始等待"),
    ("queue.last_message", "Last message", "最后消息"),
    ("widget.queue_position", "You are #{n} in line, about {m} min", "您前面排在第 {n} 位，预计等待约 {m} 分钟"),
    ("workbench.waiting", "Queue: {n} waiting", "排队：{n} 人等待"),
    ("workbench.unanswered", "No reply", "未回复"),
    ("workbench.ticket", "Ticket", "工单"),
    ("workbench.invite_rating", "Invite rating", "邀请评价"),
    ("workbench.rating_invited", "Rating invitation sent", "已发送评价邀请"),
    ("tickets.title", "Tickets", "工单"),
    ("tickets.ticket", "Ticket", "工单"),
    ("tickets.new", "New ticket", "新建工单"),
    ("tickets.create", "Create ticket", "创建工单"),
    ("tickets.created_toast", "Ticket created", "工单已创建"),
    ("tickets.filters", "Ticket filters", "工单筛选"),
    ("tickets.all", "All", "全部"),
    ("tickets.status", "Status", "状态"),
    ("tickets.priority", "Priority", "优先级"),
    ("tickets.assignee", "Assignee", "处理人"),
    ("tickets.mine", "Mine", "我的"),
    ("tickets.unassigned", "Unassigned", "未分配"),
    ("tickets.from", "From", "开始日期"),
    ("tickets.to", "To", "结束日期"),
    ("tickets.none", "No tickets match.", "没有符合条件的工单。"),
    ("tickets.select", "Select a ticket to see it.", "选择一个工单查看详情。"),
    ("tickets.subject", "Subject", "主题"),
    ("tickets.description", "Description", "描述"),
    ("tickets.history", "History", "处理记录"),
    ("tickets.comment", "Comment", "评论"),
    ("tickets.add_comment", "Add comment", "添加评论"),
    ("tickets.commented", "Comment added", "评论已添加"),
    ("tickets.updated", "Ticket updated", "工单已更新"),
    ("tickets.created", "Created the ticket", "创建了工单"),
    ("tickets.system", "Visitor", "访客"),
    ("tickets.conversation", "Conversation", "对话"),
    ("tickets.from_agent", "Created by an agent", "客服创建"),
    ("tickets.from_leave_message", "From the leave-a-message form", "来自访客留言"),
    ("ticket.status.open", "Open", "待处理"),
    ("ticket.status.pending", "Pending", "挂起"),
    ("ticket.status.solved", "Solved", "已解决"),
    ("ticket.status.closed", "Closed", "已关闭"),
    ("ticket.priority.low", "Low", "低"),
    ("ticket.priority.normal", "Normal", "普通"),
    ("ticket.priority.high", "High", "高"),
    ("ticket.priority.urgent", "Urgent", "紧急"),
    ("err.survey_disabled", "The satisfaction survey is turned off", "满意度评价未开启"),
    ("err.already_rated", "This conversation has already been rated", "该对话已评价"),
    ("err.not_ended", "You can rate once the conversation ends", "对话结束后才能评价"),
    ("err.level_count", "Use 2 to 5 levels", "请设置 2 到 5 个等级"),
    ("err.invalid_phone", "Enter a valid phone number", "请输入有效的电话号码"),
    ("leave_admin.hours", "Working hours", "工作时间"),
    ("leave_admin.hours_on", "Outside these hours, show the form even when agents are online", "非工作时间即使有客服在线也显示留言表单"),
    ("leave_admin.start", "Start", "开始"),
    ("leave_admin.end", "End", "结束"),
    ("leave_admin.time_zone", "Time zone", "时区"),
    ("day.1", "Mon", "周一"),
    ("day.2", "Tue", "周二"),
    ("day.3", "Wed", "周三"),
    ("day.4", "Thu", "周四"),
    ("day.5", "Fri", "周五"),
    ("day.6", "Sat", "周六"),
    ("day.7", "Sun", "周日"),
    ("err.invalid_time", "Use a time like 09:30", "请使用 09:30 这样的时间"),
    ("err.same_time", "The end must differ from the start", "结束时间不能与开始时间相同"),
    ("err.invalid_days", "Choose at least one working day", "请至少选择一个工作日"),
    ("err.changed_meanwhile", "Someone changed this ticket meanwhile. Reload it and try again.", "该工单已被他人修改，请刷新后重试。"),
    ("err.invalid_date", "Use a date like 2026-11-25", "请使用 2026-11-25 这样的日期"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_cookie_then_header() {
        assert_eq!(
            Lang::negotiate(Some("a=1; sb_lang=zh-CN"), Some("en")),
            Lang::Zh
        );
        assert_eq!(
            Lang::negotiate(None, Some("fr;q=0.9, zh-TW;q=0.8, en")),
            Lang::Zh
        );
        assert_eq!(Lang::negotiate(None, Some("fr")), Lang::En);
        assert_eq!(Lang::negotiate(Some("sb_lang=xx"), None), Lang::En);
    }

    #[test]
    fn keys_are_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (k, en, zh) in STRINGS {
            assert!(seen.insert(k), "duplicate key {k}");
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
        }
    }

    /// Keys built at run time from enums.
    #[test]
    fn dynamic_keys_exist() {
        let has = |k: String| STRINGS.iter().any(|(key, _, _)| *key == k);
        for p in model::Permission::ALL {
            assert!(has(format!("perm.{}", p.key())), "{p:?}");
        }
        for s in model::people::AgentStatus::ALL {
            assert!(has(format!("status.{}", s.key())), "{s:?}");
        }
        for s in model::tickets::TicketStatus::ALL {
            assert!(has(format!("ticket.status.{}", s.key())), "{s:?}");
        }
        for p in model::tickets::TicketPriority::ALL {
            assert!(has(format!("ticket.priority.{}", p.key())), "{p:?}");
        }
        for f in model::automation::LeaveField::ALL {
            assert!(has(format!("leave.{}", f.key())), "{f:?}");
        }
        for e in [
            model::AppError::Invalid { fields: vec![] },
            model::AppError::Unauthenticated,
            model::AppError::Forbidden,
            model::AppError::RateLimited {
                retry_after_secs: 1,
            },
            model::AppError::Internal,
            model::AppError::Transport {
                message: String::new(),
            },
        ] {
            assert!(has(format!("err.{}", e.code())), "{e:?}");
        }
        for code in [
            "required",
            "too_long",
            "too_short",
            "too_small",
            "too_large",
            "invalid_email",
            "invalid_url",
            "duplicate",
            "not_found",
            "wrong_credentials",
            "account_disabled",
            "builtin_role",
            "role_in_use",
            "last_admin",
            "cannot_disable_self",
        ] {
            assert!(has(field_error_key(code)), "{code}");
        }
    }

    /// Every `t("...")` key used in the UI sources exists in the table.
    #[test]
    fn every_used_key_exists() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut missing = vec![];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.ends_with("i18n.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("t(\"") {
                    let rest = &text[i + 3..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if key.contains('.') && !STRINGS.iter().any(|(k, _, _)| *k == key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing keys: {missing:?}");
    }
}
