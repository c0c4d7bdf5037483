use server::{config::Config, StartError};

/// Server-side rendering of the console's deep view types needs more than
/// the 2 MiB default stack in debug builds.
const WORKER_STACK: usize = 8 * 1024 * 1024;

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK)
        .build()
        .expect("the tokio runtime")
        .block_on(start());
}

async fn start() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    if let Err(e) = run().await {
        tracing::error!("{e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), StartError> {
    let config = Config::load()?;
    let services = server::services(&config).await?;
    let admin = services
        .auth
        .ensure_first_admin(&config.admin_email, config.admin_password.as_deref())
        .await?;
    let link = services.links.ensure_default_link().await?;
    let url = format!("http://{}", config.site_addr);
    if let Some(admin) = admin {
        println!("\n  First admin account created.");
        println!("    email:    {}", admin.email);
        match admin.generated_password {
            Some(p) => println!("    password: {p}   (generated; change it in the console)"),
            None => println!("    password: (from SWITCHBOARD_ADMIN_PASSWORD)"),
        }
    }
    println!("\n  Switchboard is running: console {url}/admin · workbench {url}/workbench · chat {url}/chat/{link}\n");
    server::start_timers(&services);
    server::start_delivery(&services);
    server::start_masking(&services);
    server::start_transcript_backfill(&services);
    server::start_report_facts(&services);
    server::warm_up_bot(&services);
    let app = server::router(&config, services);
    server::serve(&config, app).await
}
