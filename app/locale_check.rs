//! The build's check that every locale has every key: `leptos_i18n` only
//! warns about a missing translation and falls back to English. Shared by
//! `build.rs` and the unit test in `src/i18n/mod.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The locale files of a set: `<dir>/<locale>/<namespace>.json`.
pub fn files(dir: &Path, locales: &[&str], namespaces: &[&str]) -> Vec<PathBuf> {
    locales
        .iter()
        .flat_map(|l| {
            namespaces
                .iter()
                .map(move |ns| dir.join(l).join(format!("{ns}.json")))
        })
        .collect()
}

/// What is wrong with a set of locale files: unreadable files, empty
/// strings, and keys one locale has and another lacks.
pub fn problems(dir: &Path, locales: &[&str], namespaces: &[&str]) -> Vec<String> {
    let mut problems = vec![];
    for ns in namespaces {
        let mut keys = vec![];
        for locale in locales {
            let file = dir.join(locale).join(format!("{ns}.json"));
            let parsed = std::fs::read_to_string(&file)
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()));
            match parsed {
                Ok(value) => {
                    let mut set = BTreeSet::new();
                    collect(&value, String::new(), &mut set, &mut problems, &file);
                    keys.push((*locale, set));
                }
                Err(e) => problems.push(format!("{}: {e}", file.display())),
            }
        }
        for (locale, set) in &keys {
            for (other, other_set) in &keys {
                for missing in other_set.difference(set) {
                    problems.push(format!(
                        "{locale}/{ns}.json lacks {missing} (which {other} has)"
                    ));
                }
            }
        }
    }
    problems
}

fn collect(
    value: &serde_json::Value,
    prefix: String,
    keys: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
    file: &Path,
) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                collect(v, key, keys, problems, file);
            }
        }
        serde_json::Value::String(s) if s.trim().is_empty() => {
            problems.push(format!("{}: {prefix} is empty", file.display()));
        }
        _ => {
            keys.insert(prefix);
        }
    }
}
