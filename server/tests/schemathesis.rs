//! The open API holds to its own generated document under generated
//! requests: schemathesis (PyPI, installed by `scripts/py-tools.sh` into
//! `target/py`) sends a bounded number of examples to every operation of a
//! real server, as a visitor and as an agent's app, with every check on
//! (status codes, content types, headers and bodies as documented, schema-
//! invalid requests refused, valid ones accepted; `schemathesis.toml`).

use crate::common;
use std::path::PathBuf;
use std::process::Command;

/// Examples per operation (`SCHEMATHESIS_EXAMPLES` to change).
const EXAMPLES: &str = "20";

fn schemathesis() -> PathBuf {
    let bin = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/py/bin/schemathesis"
    ));
    assert!(
        bin.exists(),
        "{} is missing: run scripts/py-tools.sh (make test does)",
        bin.display()
    );
    bin
}

fn run(base: &str, token: &str, tags: &[&str]) {
    let examples = std::env::var("SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| EXAMPLES.into());
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemathesis.toml");
    let mut cmd = Command::new(schemathesis());
    cmd.args(["--config-file", config])
        .arg("run")
        .arg(format!("{base}/api/v1/openapi.json"))
        .args(["--checks", "all"])
        .args(["--max-examples", &examples])
        .args(["--seed", "1", "--request-timeout", "10", "--no-color"])
        // Nothing is kept between runs (no cache directory in the tree).
        .args(["--generation-database", "none"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .env("NO_COLOR", "1");
    for tag in tags {
        cmd.args(["--include-tag", tag]);
    }
    let out = cmd.output().expect("run schemathesis");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "schemathesis found problems:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_requests_never_get_a_server_error() {
    let server = common::start().await;
    let s = &server.services;
    let visitor = s.visitors.hello(Default::default()).await.unwrap().token;
    let admin = common::admin_actor(&server).await;
    let agent = s
        .api_tokens
        .create(&admin, "schemathesis")
        .await
        .unwrap()
        .secret;
    let base = server.base.clone();
    tokio::task::spawn_blocking(move || {
        run(&base, &visitor, &["visitor", "files", "widget", "meta"]);
        run(&base, &agent, &["agent", "files"]);
    })
    .await
    .unwrap();
}
