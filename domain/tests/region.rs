//! Region lookup in the real ip2region database, when `scripts/setup.sh`
//! has fetched it (`target/ip2region/ip2region.xdb`, or the file
//! `SWITCHBOARD_IP_REGION_DB` names). The reader's own tests use a file they
//! write; these check it against addresses whose owners are well known.

use std::path::PathBuf;

use domain::routing::region::RegionLookup;

fn real_database() -> Option<RegionLookup> {
    let path = std::env::var_os("SWITCHBOARD_IP_REGION_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/ip2region/ip2region.xdb")
        });
    let lookup = RegionLookup::open(&path).expect("a readable xdb file");
    if !lookup.has_database() {
        eprintln!("no ip2region database at {}: skipped", path.display());
        return None;
    }
    Some(lookup)
}

#[test]
fn well_known_addresses_have_their_regions() {
    let Some(db) = real_database() else { return };
    let cases = [
        // Public DNS resolvers and portals whose places are well known.
        ("114.114.114.114", "中国", "江苏省", "南京市"),
        ("223.5.5.5", "中国", "浙江省", "杭州市"),
        ("101.226.4.6", "中国", "上海", "上海市"),
        ("61.135.169.121", "中国", "北京", "北京市"),
        ("202.96.128.86", "中国", "广东省", "广州市"),
        ("8.8.8.8", "美国", "", ""),
    ];
    for (ip, country, province, city) in cases {
        let r = db.region(ip.parse().unwrap());
        assert_eq!(
            (r.country.as_str(), r.province.as_str(), r.city.as_str()),
            (country, province, city),
            "{ip}"
        );
    }
    // Private and loopback addresses are unknown, not a place.
    for ip in ["10.0.0.1", "127.0.0.1", "192.168.1.1"] {
        assert!(!db.region(ip.parse().unwrap()).is_known(), "{ip}");
    }
}
