//! Compiles the locale files into typed translation keys (`leptos_i18n`).
//!
//! Two sets, so the visitor widget's bundle carries only its own strings:
//! `locales/shared` (namespaces `common` and `widget`, everything the widget
//! can reach) and `locales/staff` (`staff`, `workbench`, `console`). A key
//! missing from any locale of its set fails the build.

use std::path::{Path, PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

#[path = "locale_check.rs"]
mod locale_check;

const LOCALES: [&str; 2] = ["en", "zh-CN"];

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    generate("shared", &["common", "widget"], &out);
    generate("staff", &["staff", "workbench", "console", "qa"], &out);
}

fn generate(set: &str, namespaces: &[&str], out: &Path) {
    let dir = Path::new("locales").join(set);
    for file in locale_check::files(&dir, &LOCALES, namespaces) {
        println!("cargo::rerun-if-changed={}", file.display());
    }
    let problems = locale_check::problems(&dir, &LOCALES, namespaces);
    assert!(
        problems.is_empty(),
        "locales/{set}:\n{}",
        problems.join("\n")
    );
    let config = Config::new(LOCALES[0])
        .and_then(|c| c.add_locales(&LOCALES[1..]))
        .and_then(|c| c.add_namespaces(namespaces))
        .map(|c| {
            c.locales_path(dir.to_string_lossy().into_owned())
                // Interpolated strings render to `String` too (`td_string!`).
                .parse_options(ParseOptions::new().interpolate_display(true))
        })
        .unwrap_or_else(|e| panic!("i18n config for {set}: {e}"));
    let infos = TranslationsInfos::parse(config).unwrap_or_else(|e| panic!("locales/{set}: {e}"));
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos
        .generate_i18n_module(out.join(format!("i18n_{set}")))
        .unwrap_or_else(|e| panic!("generating i18n_{set}: {e}"));
}
