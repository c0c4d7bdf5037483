use model::routing::{MenuItemInput, MenuTarget};

use super::*;

fn item(key: &str, parent: Option<&str>, label: &str, target: Option<MenuTarget>) -> MenuItemInput {
    MenuItemInput {
        key: key.into(),
        parent: parent.map(str::to_owned),
        label_zh: label.into(),
        label_en: format!("{label} (en)"),
        target,
    }
}

fn sales_menu() -> Vec<MenuItemInput> {
    vec![
        item("sales", None, "销售", None),
        item("ent", Some("sales"), "企业版", Some(MenuTarget::Group(1))),
        item("std", Some("sales"), "标准版", Some(MenuTarget::Group(2))),
        item("support", None, "售后", Some(MenuTarget::Rule(5))),
    ]
}

fn codes(items: &[MenuItemInput]) -> Vec<(String, String)> {
    build(items)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

#[test]
fn builds_the_tree_in_order() {
    let tree = build(&sales_menu()).unwrap();
    assert_eq!(tree.len(), 2);
    assert_eq!(tree[0].key, "sales");
    let kids: Vec<&str> = tree[0].children.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(kids, ["ent", "std"]);
    assert_eq!(tree[1].target, Some(MenuTarget::Rule(5)));
    let (leaf, path) = find_leaf(&tree, "ent", "en").unwrap();
    assert_eq!(leaf.target, Some(MenuTarget::Group(1)));
    assert_eq!(path, ["销售 (en)", "企业版 (en)"]);
    assert!(find_leaf(&tree, "sales", "en").is_none(), "not a leaf");
    assert_eq!(level(&tree, &["sales".into()]).unwrap().len(), 2);
    assert!(level(&tree, &["support".into()]).is_none());
}

#[test]
fn malformed_menus_are_refused_item_by_item() {
    // A cycle.
    let mut cycle = sales_menu();
    cycle[0].parent = Some("ent".into());
    assert!(codes(&cycle).contains(&("items.0.parent".into(), "cycle".into())));
    // Four levels.
    let mut deep = sales_menu();
    deep[1].target = None;
    deep.push(item("l3", Some("ent"), "三", None));
    deep.push(item("l4", Some("l3"), "四", Some(MenuTarget::Group(1))));
    assert!(codes(&deep).contains(&("items.5.parent".into(), "too_deep".into())));
    // An empty leaf, a target on a parent, an unknown parent, a bad key, a duplicate.
    let mut bad = sales_menu();
    bad[3].target = None;
    bad[0].target = Some(MenuTarget::Group(1));
    bad.push(item(
        "orphan",
        Some("nowhere"),
        "孤",
        Some(MenuTarget::Group(1)),
    ));
    bad.push(item("bad key!", None, "x", Some(MenuTarget::Group(1))));
    bad.push(item("std", None, "again", Some(MenuTarget::Group(1))));
    let got = codes(&bad);
    for want in [
        ("items.3.target", "required"),
        ("items.0.target", "has_children"),
        ("items.4.parent", "not_found"),
        ("items.5.key", "invalid_key"),
        ("items.6.key", "duplicate"),
    ] {
        assert!(
            got.contains(&(want.0.into(), want.1.into())),
            "{want:?} in {got:?}"
        );
    }
    // Labels: one language is enough; none, or too long, is not.
    let mut labels = sales_menu();
    labels[3].label_en = String::new();
    assert!(build(&labels).is_ok());
    labels[3].label_zh = "  ".into();
    labels[2].label_en = "x".repeat(41);
    let got = codes(&labels);
    assert!(got.contains(&("items.3.label_zh".into(), "required".into())));
    assert!(got.contains(&("items.2.label_en".into(), "too_long".into())));
}

#[test]
fn numbered_text_for_wechat_and_apps() {
    let tree = build(&sales_menu()).unwrap();
    assert_eq!(
        numbered_text("请选择：", &tree, "zh-CN", false),
        "请选择：\n1. 销售\n2. 售后"
    );
    let sales = level(&tree, &["sales".into()]).unwrap();
    assert_eq!(
        numbered_text("Pick one:", sales, "en", true),
        "Pick one:\n1. 企业版 (en)\n2. 标准版 (en)\n0. Back"
    );
    assert_eq!(text_choice(&tree, "1"), TextChoice::Open("sales".into()));
    assert_eq!(
        text_choice(&tree, " ２ "),
        TextChoice::Leaf(MenuTarget::Rule(5), "support".into())
    );
    assert_eq!(text_choice(sales, "0"), TextChoice::Back);
    for junk in ["3", "-1", "one", "", "1.5"] {
        assert_eq!(text_choice(&tree, junk), TextChoice::NotAChoice, "{junk:?}");
    }
}
