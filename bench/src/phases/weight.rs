//! Widget weight: the loader a website includes, and everything the opened
//! widget loads (page, JS glue, wasm, CSS), raw, gzip and brotli.

use std::io::Write;

use serde::Serialize;

use crate::Args;

#[derive(Debug, Clone, Serialize)]
pub struct Asset {
    pub path: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct WeightResult {
    pub loader: Option<Asset>,
    pub widget: Vec<Asset>,
    pub widget_raw: usize,
    pub widget_gzip: usize,
    pub widget_brotli: usize,
}

fn sizes(path: &str, bytes: &[u8]) -> Asset {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(bytes);
    let gzip = gz.finish().map(|v| v.len()).unwrap_or(0);
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        let _ = w.write_all(bytes);
    }
    Asset {
        path: path.to_owned(),
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    }
}

async fn fetch(http: &reqwest::Client, base: &str, path: &str) -> Option<Asset> {
    let res = http.get(format!("{base}{path}")).send().await.ok()?;
    if !res.status().is_success() {
        return None;
    }
    let bytes = res.bytes().await.ok()?;
    Some(sizes(path, &bytes))
}

pub async fn run(args: &Args) -> WeightResult {
    let http = reqwest::Client::new();
    let loader = fetch(&http, &args.base, "/embed.js").await;
    let page_path = "/chat/default?embed=1";
    let html = match http.get(format!("{}{page_path}", args.base)).send().await {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    let mut widget = vec![sizes(page_path, html.as_bytes())];
    // What the page references from our origin (stylesheet, script, wasm).
    let mut paths: Vec<String> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/pkg/") || s.starts_with("/fonts/") || s.starts_with("/img/"))
        .map(str::to_owned)
        .collect();
    // The wasm is fetched by the JS glue, not named in the HTML.
    for p in &paths.clone() {
        if let Some(js) = p.strip_suffix(".js") {
            paths.push(format!("{js}_bg.wasm"));
        }
    }
    paths.sort();
    paths.dedup();
    for p in paths {
        if let Some(a) = fetch(&http, &args.base, &p).await {
            widget.push(a);
        }
    }
    WeightResult {
        widget_raw: widget.iter().map(|a| a.raw).sum(),
        widget_gzip: widget.iter().map(|a| a.gzip).sum(),
        widget_brotli: widget.iter().map(|a| a.brotli).sum(),
        loader,
        widget,
    }
}
