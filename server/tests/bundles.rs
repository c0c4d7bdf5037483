//! The browser bundles `scripts/build-site.sh` produced: the visitor
//! widget's carries its own strings (namespaces `common`, `widget`; the
//! linker drops those it never shows) and none of the staff surfaces'
//! (`staff`, `workbench`, `console`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every translated string of a locale set, in both languages.
fn strings(set: &str) -> BTreeSet<String> {
    fn walk(value: &serde_json::Value, out: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            serde_json::Value::String(s) => {
                out.insert(s.clone());
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for locale in std::fs::read_dir(root().join("app/locales").join(set)).unwrap() {
        for file in std::fs::read_dir(locale.unwrap().path()).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            walk(&serde_json::from_str(&text).unwrap(), &mut out);
        }
    }
    out
}

/// A bundle as text: its UTF-8 string literals survive the lossy decoding.
fn text(path: PathBuf) -> String {
    let bytes =
        std::fs::read(path).expect("run scripts/build-site.sh (make test does) before this test");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn the_widget_bundle_carries_only_the_shared_strings() {
    let pkg = root().join("target/site/pkg");
    let (widget, app) = (
        text(pkg.join("widget_bg.wasm")),
        text(pkg.join("switchboard_bg.wasm")),
    );
    let shared = strings("shared");
    // Long enough not to occur by chance, and not also a shared string.
    let staff: Vec<String> = strings("staff")
        .into_iter()
        .filter(|s| {
            s.len() >= 16 && !s.contains("{{") && !shared.iter().any(|x| x.contains(s.as_str()))
        })
        .collect();
    assert!(staff.len() > 100, "{}", staff.len());
    let leaked: Vec<&String> = staff
        .iter()
        .filter(|s| widget.contains(s.as_str()))
        .collect();
    assert!(
        leaked.is_empty(),
        "staff strings in the widget bundle: {leaked:?}"
    );
    // The check would see them: the app bundle has them.
    assert!(staff.iter().filter(|s| app.contains(s.as_str())).count() * 10 > staff.len() * 9);
    // And the widget's own strings are there.
    assert!(widget.contains("You are #") && widget.contains("您前面排在第"));
}
