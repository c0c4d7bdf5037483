//! All domain services, each built once here with what it depends on, and
//! shared (cheap clones). The order below is the dependency order.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::api_tokens::ApiTokenService;
use crate::audit::AuditLog;
use crate::auth::AuthService;
use crate::automation::leave_message::LeaveMessageService;
use crate::automation::rules::AutomationRulesService;
use crate::automation::survey::SurveyService;
use crate::automation::timers::TimerService;
use crate::bot::{BotService, KnowledgeBaseService, LiveIndex};
use crate::canned::CannedReplyService;
use crate::channels::accounts::ChannelAccountService;
use crate::channels::delivery::DeliveryService;
use crate::channels::followers::FollowerService;
use crate::channels::platform::Platforms;
use crate::channels::tokens::TokenCache;
use crate::channels::wechat::inbound::WechatInbound;
use crate::channels::wechat::{WechatContentService, WechatMenuService, WechatService};
use crate::channels::weibo::WeiboService;
use crate::channels::widget::WidgetService;
use crate::chat::core::ChatCore;
use crate::chat::file_tickets::FileTickets;
use crate::chat::visitors::VisitorDeps;
use crate::chat::{
    ConversationService, LinkService, TransferService, UploadService, VisitorService,
};
use crate::clock::Clock;
use crate::customers::{CompanyService, CustomerService, FieldService, TagService};
use crate::files::FileStore;
use crate::hub::Hub;
use crate::masking::MaskingService;
use crate::monitor::MonitorService;
use crate::online::OnlineVisitorService;
use crate::people::agents::AgentService;
use crate::people::groups::GroupService;
use crate::people::roles::RoleService;
use crate::qa::QaService;
use crate::records::{BusinessRecordService, RecordTemplateService};
use crate::reports::ReportService;
use crate::routing::availability::AvailabilityService;
use crate::routing::nav_menus::NavMenuService;
use crate::routing::queue::QueueService;
use crate::routing::region::RegionLookup;
use crate::routing::region_sets::RegionSetService;
use crate::routing::routing_rules::RoutingRuleService;
use crate::sessions::SessionRepo;
use crate::settings::SettingsService;
use crate::tickets::TicketService;
use crate::transcripts::TranscriptService;
use crate::two_factor::TwoFactorService;

#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub hub: Hub,
    pub settings: SettingsService,
    pub sessions: SessionRepo,
    pub audit: AuditLog,
    // people and access (O1–O3)
    pub auth: AuthService,
    pub two_factor: TwoFactorService,
    pub api_tokens: ApiTokenService,
    pub roles: RoleService,
    pub agents: AgentService,
    pub groups: GroupService,
    // customer data (A1–A4)
    pub fields: FieldService,
    pub customers: CustomerService,
    pub companies: CompanyService,
    pub tags: TagService,
    pub record_templates: RecordTemplateService,
    pub records: BusinessRecordService,
    pub canned: CannedReplyService,
    // channels (C1, C3)
    pub links: LinkService,
    pub widget: WidgetService,
    // platform channels (C4, C5)
    pub channel_accounts: ChannelAccountService,
    pub wechat_content: WechatContentService,
    pub wechat_menu: WechatMenuService,
    pub followers: FollowerService,
    pub wechat: WechatService,
    pub weibo: WeiboService,
    /// Sends agents' replies to the platforms; `start` it once per process.
    pub delivery: DeliveryService,
    // routing (R3, R4, R6, P1, P2)
    pub queue: QueueService,
    pub availability: AvailabilityService,
    pub routing_rules: RoutingRuleService,
    pub region_sets: RegionSetService,
    pub nav_menus: NavMenuService,
    // the FAQ bot (P3)
    pub knowledge_base: KnowledgeBaseService,
    pub bot: BotService,
    /// Who is on the host site, and invitations (W2, C2).
    pub online: OnlineVisitorService,
    // chat (W1, W4, W5)
    pub conversations: ConversationService,
    pub transfer: TransferService,
    pub uploads: UploadService,
    pub file_tickets: FileTickets,
    pub visitors: VisitorService,
    // automation (R2, R5, R6, R10) and tickets (R7)
    pub rules: AutomationRulesService,
    pub timers: TimerService,
    pub survey: SurveyService,
    pub leave_message: LeaveMessageService,
    pub tickets: TicketService,
    /// Sensitive-data replacement (R8); `start` its worker once per process.
    pub masking: MaskingService,
    /// The live monitor (M1).
    pub monitor: MonitorService,
    pub transcripts: TranscriptService,
    /// Reports (M3–M5); `start_facts` once per process.
    pub reports: ReportService,
    /// QA scorecards and reviews (M4).
    pub qa: QaService,
}

impl Services {
    /// Build every service without a region database. Starts the message
    /// writer task, so call it inside a tokio runtime.
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, files: FileStore) -> Self {
        Self::with_regions(db, clock, files, RegionLookup::default())
    }

    /// Build every service; `regions` places visitors for routing rules.
    pub fn with_regions(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        files: FileStore,
        regions: RegionLookup,
    ) -> Self {
        Self::build(db, clock, files, regions, Platforms::default())
    }

    /// Build every service; `platforms` are the WeChat and Weibo APIs.
    pub fn build(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        files: FileStore,
        regions: RegionLookup,
        platforms: Platforms,
    ) -> Self {
        Self::build_with_hub(db, clock, files, (regions, platforms), Hub::new())
    }

    /// Build every service around `hub` (one with a broker, for several
    /// server processes).
    pub fn build_with_hub(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        files: FileStore,
        (regions, platforms): (RegionLookup, Platforms),
        hub: Hub,
    ) -> Self {
        let audit = AuditLog::new(db.clone(), clock.clone());
        let settings = SettingsService::new(db.clone(), audit.clone());
        let sessions = SessionRepo::new(db.clone());
        let core = ChatCore::new(db.clone(), clock.clone(), hub.clone());
        let queue = QueueService::new(core.clone(), settings.clone());
        let links = LinkService::new(db.clone(), clock.clone(), audit.clone());
        let auth = AuthService::new(db.clone(), clock.clone());
        let tickets = TicketService::new(db.clone(), clock.clone());
        let file_tickets = FileTickets::new(settings.clone(), clock.clone());
        let customers = CustomerService::new(db.clone(), clock.clone(), hub.clone());
        let routing_rules = RoutingRuleService::new(
            db.clone(),
            clock.clone(),
            audit.clone(),
            queue.clone(),
            settings.clone(),
            regions,
        );
        let nav_menus = NavMenuService::new(db.clone(), clock.clone(), audit.clone());
        let availability = AvailabilityService::new(
            core.clone(),
            queue.clone(),
            settings.clone(),
            nav_menus.clone(),
        );
        let bot_index = LiveIndex::new(db.clone());
        let bot = BotService::new(
            core.clone(),
            settings.clone(),
            queue.clone(),
            bot_index.clone(),
        );
        let knowledge_base =
            KnowledgeBaseService::new(db.clone(), clock.clone(), audit.clone(), bot_index);
        let conversations = ConversationService::new(
            core.clone(),
            queue.clone(),
            settings.clone(),
            (routing_rules.clone(), nav_menus.clone(), bot.clone()),
        );
        let channel_accounts = ChannelAccountService::new(db.clone(), clock.clone(), audit.clone());
        let wechat_content = WechatContentService::new(db.clone(), clock.clone(), audit.clone());
        let followers = FollowerService::new(core.clone());
        let tokens = TokenCache::new(db.clone(), clock.clone(), platforms);
        let wechat = WechatService::new(
            channel_accounts.clone(),
            WechatInbound {
                core: core.clone(),
                conversations: conversations.clone(),
                followers: followers.clone(),
                content: wechat_content.clone(),
                tokens: tokens.clone(),
                files: files.clone(),
                menu: crate::channels::text_menu::TextMenu {
                    db: db.clone(),
                    menus: nav_menus.clone(),
                },
            },
            clock.clone(),
        );
        let weibo = WeiboService {
            accounts: channel_accounts.clone(),
            core: core.clone(),
            conversations: conversations.clone(),
            followers: followers.clone(),
        };
        let wechat_menu = WechatMenuService {
            tokens: tokens.clone(),
            audit: audit.clone(),
            db: db.clone(),
        };
        let delivery = DeliveryService::new(core.clone(), tokens, files.clone());
        let online = OnlineVisitorService::new(
            db.clone(),
            clock.clone(),
            hub.clone(),
            settings.clone(),
            routing_rules.clone(),
        );
        let masking =
            MaskingService::new(db.clone(), clock.clone(), audit.clone(), settings.clone());
        let monitor = MonitorService::new(db.clone(), clock.clone(), settings.clone());
        let transcripts =
            TranscriptService::new(db.clone(), settings.clone(), conversations.clone());
        let reports = ReportService::new(db.clone(), clock.clone(), settings.clone());
        let qa = QaService::new(db.clone(), clock.clone(), audit.clone(), settings.clone());
        Self {
            masking,
            monitor,
            transcripts,
            reports,
            qa,
            channel_accounts,
            wechat_content,
            wechat_menu,
            followers,
            wechat,
            weibo,
            delivery,
            knowledge_base,
            bot,
            online,
            routing_rules,
            region_sets: RegionSetService::new(db.clone(), clock.clone(), audit.clone()),
            nav_menus,
            api_tokens: ApiTokenService::new(
                db.clone(),
                clock.clone(),
                auth.clone(),
                audit.clone(),
            ),
            two_factor: TwoFactorService::new(db.clone(), clock.clone(), audit.clone()),
            fields: FieldService::new(db.clone(), clock.clone(), audit.clone()),
            customers: customers.clone(),
            companies: CompanyService::new(db.clone(), clock.clone()),
            tags: TagService::new(db.clone(), clock.clone(), audit.clone()),
            record_templates: RecordTemplateService::new(db.clone(), clock.clone(), audit.clone()),
            records: BusinessRecordService::new(db.clone(), clock.clone(), customers.clone()),
            canned: CannedReplyService::new(db.clone(), clock.clone(), audit.clone()),
            roles: RoleService::new(db.clone(), clock.clone(), audit.clone()),
            agents: AgentService::new(
                db.clone(),
                clock.clone(),
                sessions.clone(),
                queue.clone(),
                audit.clone(),
                (files.clone(), hub.clone()),
            ),
            groups: GroupService::new(db.clone(), clock.clone(), audit.clone()),
            widget: WidgetService::new(settings.clone(), links.clone()),
            transfer: TransferService::new(core.clone(), queue.clone()),
            uploads: UploadService::new(core.clone(), conversations.clone(), files),
            file_tickets: file_tickets.clone(),
            visitors: VisitorService::new(VisitorDeps {
                core: core.clone(),
                conversations: conversations.clone(),
                queue: queue.clone(),
                availability: availability.clone(),
                settings: settings.clone(),
                tickets: file_tickets,
                links: links.clone(),
                customers: customers.clone(),
            }),
            rules: AutomationRulesService::new(settings.clone(), queue.clone()),
            timers: TimerService::new(
                core.clone(),
                conversations.clone(),
                queue.clone(),
                settings.clone(),
            ),
            survey: SurveyService::new(core, settings.clone()),
            leave_message: LeaveMessageService::new(
                db.clone(),
                settings.clone(),
                tickets.clone(),
                customers,
            ),
            tickets,
            auth,
            links,
            queue,
            availability,
            conversations,
            settings,
            sessions,
            audit,
            hub,
            db,
            clock,
        }
    }
}
