//! Before a conversation starts (P1, P2): routing rules with their overflow
//! targets, region sets, and the decision stored on a conversation.

use serde::{Deserialize, Serialize};

use crate::automation::WorkingHours;

pub const RULE_NAME_MAX: usize = 64;
pub const REGION_SET_NAME_MAX: usize = 64;
/// Longest text a condition compares with (a URL, a keyword, a pattern).
pub const CONDITION_VALUE_MAX: usize = 500;
pub const CONDITIONS_MAX: usize = 20;
pub const TARGETS_MAX: usize = 8;
pub const PLACES_MAX: usize = 200;
pub const RULES_MAX: usize = 200;

/// A search engine recognised in a visitor's referrer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchEngine {
    Baidu,
    Google,
    Bing,
    Sogou,
    /// 360 搜索 (so.com).
    So360,
    /// 神马 (sm.cn), UC's mobile search.
    Shenma,
    Yahoo,
    DuckDuckGo,
    Yandex,
}

impl SearchEngine {
    pub const ALL: [SearchEngine; 9] = [
        SearchEngine::Baidu,
        SearchEngine::Google,
        SearchEngine::Bing,
        SearchEngine::Sogou,
        SearchEngine::So360,
        SearchEngine::Shenma,
        SearchEngine::Yahoo,
        SearchEngine::DuckDuckGo,
        SearchEngine::Yandex,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SearchEngine::Baidu => "baidu",
            SearchEngine::Google => "google",
            SearchEngine::Bing => "bing",
            SearchEngine::Sogou => "sogou",
            SearchEngine::So360 => "so360",
            SearchEngine::Shenma => "shenma",
            SearchEngine::Yahoo => "yahoo",
            SearchEngine::DuckDuckGo => "duck_duck_go",
            SearchEngine::Yandex => "yandex",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.key() == key)
    }

    /// The engine's own name (the same in every language).
    pub fn name(self) -> &'static str {
        match self {
            SearchEngine::Baidu => "百度 Baidu",
            SearchEngine::Google => "Google",
            SearchEngine::Bing => "Bing",
            SearchEngine::Sogou => "搜狗 Sogou",
            SearchEngine::So360 => "360 搜索",
            SearchEngine::Shenma => "神马 Shenma",
            SearchEngine::Yahoo => "Yahoo",
            SearchEngine::DuckDuckGo => "DuckDuckGo",
            SearchEngine::Yandex => "Yandex",
        }
    }
}

/// How a text condition compares (letter case never matters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextMatch {
    #[default]
    Contains,
    Equals,
    /// A regular expression (checked when the rule is saved).
    Regex,
}

/// A place: a country, a province in it, a city in that. An empty part
/// means "anywhere in the part above".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Place {
    pub country: String,
    pub province: String,
    pub city: String,
}

/// One condition of a routing rule; a rule matches when all of its do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// The conversation's channel is one of these (`web`, `app`, …).
    Channel { channels: Vec<String> },
    /// The visitor's region (from their address) is in one of these places
    /// or region sets.
    Region {
        #[serde(default)]
        places: Vec<Place>,
        #[serde(default)]
        region_sets: Vec<i32>,
    },
    /// The visitor came from one of these search engines (any, if empty).
    SearchEngine {
        #[serde(default)]
        engines: Vec<SearchEngine>,
    },
    /// The words they searched for.
    SearchKeyword { op: TextMatch, value: String },
    /// The site they came from (`zhihu.com` also matches `www.zhihu.com`
    /// with "equals").
    ReferrerDomain { op: TextMatch, value: String },
    /// The page the chat starts on.
    LandingPage { op: TextMatch, value: String },
    /// The customer carries any of these tags.
    CustomerTag { tag_ids: Vec<i32> },
    /// The time is inside (or, with `inside: false`, outside) these hours.
    Hours { hours: WorkingHours, inside: bool },
}

/// Where a rule sends a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RouteTarget {
    Group(i32),
    Agent(i32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingRule {
    pub id: i32,
    pub name: String,
    pub enabled: bool,
    pub conditions: Vec<Condition>,
    /// Tried in order: the first that can take the chat gets it.
    pub targets: Vec<RouteTarget>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingRuleInput {
    pub name: String,
    pub enabled: bool,
    pub conditions: Vec<Condition>,
    pub targets: Vec<RouteTarget>,
}

/// A named set of places ("East China"), reused by rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionSet {
    pub id: i32,
    pub name: String,
    pub places: Vec<Place>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionSetInput {
    pub name: String,
    pub places: Vec<Place>,
}

/// Why a target could not take a chat and it flowed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OverflowReason {
    /// Nobody of the target is online.
    NobodyOnline,
    /// Everyone online is at their limit of chats.
    AllFull,
    /// Outside the team's working hours.
    OutsideHours,
    /// The group or agent no longer exists (or is disabled).
    Gone,
}

/// One target a rule tried and passed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverflowStep {
    pub target: RouteTarget,
    /// The group's or agent's name when the decision was made.
    pub name: String,
    pub reason: OverflowReason,
}

/// How a conversation was routed, kept on it for agents and transcripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RoutingDecision {
    /// The rule that matched; none: the link's own target.
    pub rule_id: Option<i32>,
    pub rule_name: Option<String>,
    /// The target that took it; none with a rule: every target overflowed
    /// and the link's default (queue or leave a message) applied.
    pub target: Option<RouteTarget>,
    pub target_name: Option<String>,
    pub overflow: Vec<OverflowStep>,
    /// The navigation menu items the visitor picked, top first.
    pub menu_path: Vec<String>,
}

/// What the console's rule tester asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RoutingProbe {
    pub ip: String,
    pub referrer: String,
    pub landing_url: String,
    pub channel: String,
    pub tag_ids: Vec<i32>,
}

/// What the tester answers: what it read from the probe, and the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingProbeResult {
    /// "中国 上海 上海市", or empty when the address is unknown.
    pub region: String,
    pub referrer_domain: Option<String>,
    pub engine: Option<SearchEngine>,
    pub keyword: Option<String>,
    pub decision: RoutingDecision,
}

// ------------------------------------------------------------ menus (P1)

pub const MENU_DEPTH_MAX: usize = 3;
pub const MENU_ITEMS_MAX: usize = 60;
pub const MENU_LABEL_MAX: usize = 40;
pub const MENU_PROMPT_MAX: usize = 200;
pub const MENU_KEY_MAX: usize = 32;

/// Where a menu leaf sends the visitor: a group, or a routing rule's
/// target list (with its overflow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum MenuTarget {
    Group(i32),
    Rule(i32),
}

/// One menu item as admins edit it: a flat list in display order, each
/// naming its parent's key (none at the top).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MenuItemInput {
    /// Letters, digits, `-` and `_`; unique in the menu.
    pub key: String,
    pub parent: Option<String>,
    pub label_zh: String,
    pub label_en: String,
    /// Leaves only.
    pub target: Option<MenuTarget>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NavMenuInput {
    pub enabled: bool,
    pub prompt_zh: String,
    pub prompt_en: String,
    pub items: Vec<MenuItemInput>,
}

/// A menu item as visitors see it, with its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuItem {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    pub target: Option<MenuTarget>,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<MenuItem>,
}

impl MenuItem {
    /// The label in `lang` ("zh-CN" or "en"), else the other one.
    pub fn label(&self, lang: &str) -> &str {
        pick(lang, &self.label_zh, &self.label_en)
    }
}

/// A chat link's navigation menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NavMenu {
    pub enabled: bool,
    pub prompt_zh: String,
    pub prompt_en: String,
    pub items: Vec<MenuItem>,
}

impl NavMenu {
    pub fn prompt(&self, lang: &str) -> &str {
        pick(lang, &self.prompt_zh, &self.prompt_en)
    }
}

fn pick<'a>(lang: &str, zh: &'a str, en: &'a str) -> &'a str {
    let zh_first = lang.starts_with("zh");
    match (zh_first, zh.is_empty(), en.is_empty()) {
        (true, false, _) | (false, false, true) => zh,
        _ => en,
    }
}

/// What agents see of how a conversation was routed and where its visitor
/// came from (the workbench's conversation facts; transcripts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationRouting {
    /// "中国 江苏省 南京市", from the visitor's address.
    pub region: Option<String>,
    pub referrer: Option<String>,
    pub engine: Option<SearchEngine>,
    pub keyword: Option<String>,
    pub landing_page: Option<String>,
    pub decision: RoutingDecision,
}

/// What the routing pages offer to choose from (for *Manage routing*,
/// who may not manage people or channels): `(id, name)` pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingChoices {
    pub links: Vec<(i32, String)>,
    pub groups: Vec<(i32, String)>,
    /// Enabled agents.
    pub agents: Vec<(i32, String)>,
    pub rules: Vec<(i32, String)>,
    pub tags: Vec<(i32, String)>,
    pub region_sets: Vec<(i32, String)>,
}
