//! Where a visitor is, from their address (P2 region conditions): an
//! ip2region database (`xdb`) turned into country, province and city.
//! Without a database, or for an address it does not know (private ranges,
//! IPv6), the region is unknown and region conditions do not match.

pub mod xdb;

use std::net::IpAddr;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use xdb::{Xdb, XdbError};

/// A visitor's region as the database names it (Chinese names for China,
/// as ip2region writes them). Empty parts are unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub country: String,
    pub province: String,
    pub city: String,
    pub isp: String,
}

impl Region {
    /// `country|area|province|city|ISP`, with `0` for an unknown part.
    pub fn parse(raw: &str) -> Region {
        let mut parts = raw.split('|').map(|p| match p.trim() {
            "0" => String::new(),
            p => p.to_owned(),
        });
        let country = parts.next().unwrap_or_default();
        if country.is_empty() {
            // Private and reserved ranges ("0|0|0|内网IP|内网IP").
            return Region::default();
        }
        let _area = parts.next();
        Region {
            country,
            province: parts.next().unwrap_or_default(),
            city: parts.next().unwrap_or_default(),
            isp: parts.next().unwrap_or_default(),
        }
    }

    pub fn is_known(&self) -> bool {
        !self.country.is_empty()
    }

    /// "中国 上海 上海市", for people: the known parts, repeats dropped.
    pub fn label(&self) -> String {
        let mut out: Vec<&str> = Vec::new();
        for p in [&self.country, &self.province, &self.city] {
            if !p.is_empty() && !out.contains(&p.as_str()) {
                out.push(p);
            }
        }
        out.join(" ")
    }
}

/// The region lookup the server holds: a database, or none.
#[derive(Debug, Clone, Default)]
pub struct RegionLookup {
    db: Option<Xdb>,
}

impl RegionLookup {
    pub fn new(db: Option<Xdb>) -> Self {
        Self { db }
    }

    /// Read the database at `path`. A missing file is no database (logged
    /// by the caller); a file that is not an xdb is an error.
    pub fn open(path: &Path) -> Result<Self, String> {
        match std::fs::read(path) {
            Ok(bytes) => Xdb::from_bytes(bytes)
                .map(|db| Self::new(Some(db)))
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    pub fn has_database(&self) -> bool {
        self.db.is_some()
    }

    /// The region of `ip` (unknown for IPv6 and addresses not in the file;
    /// an IPv4 address mapped into IPv6 is looked up as IPv4).
    pub fn region(&self, ip: IpAddr) -> Region {
        let v4 = match ip {
            IpAddr::V4(v4) => v4,
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4,
                None => return Region::default(),
            },
        };
        self.db
            .as_ref()
            .and_then(|db| db.lookup(v4))
            .map(Region::parse)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_five_parts_with_zero_as_unknown() {
        let r = Region::parse("中国|0|上海|上海市|电信");
        assert_eq!(r.country, "中国");
        assert_eq!(r.province, "上海");
        assert_eq!(r.city, "上海市");
        assert_eq!(r.isp, "电信");
        assert_eq!(r.label(), "中国 上海 上海市");
        let abroad = Region::parse("美国|0|0|0|0");
        assert_eq!(abroad.province, "");
        assert_eq!(abroad.label(), "美国");
        assert_eq!(Region::parse("0|0|0|内网IP|内网IP"), Region::default());
        assert_eq!(Region::parse(""), Region::default());
    }

    #[test]
    fn without_a_database_everything_is_unknown() {
        let none = RegionLookup::default();
        assert_eq!(none.region("1.2.3.4".parse().unwrap()), Region::default());
        let missing = RegionLookup::open(Path::new("/nonexistent/ip2region.xdb")).unwrap();
        assert!(!missing.has_database());
    }

    #[test]
    fn mapped_ipv6_is_looked_up_as_ipv4() {
        let bytes = xdb::write(&[(
            "58.32.0.0".parse().unwrap(),
            "58.32.255.255".parse().unwrap(),
            "中国|0|上海|上海市|电信",
        )]);
        let lookup = RegionLookup::new(Some(Xdb::from_bytes(bytes).unwrap()));
        assert_eq!(
            lookup.region("::ffff:58.32.1.2".parse().unwrap()).city,
            "上海市"
        );
        assert!(!lookup.region("2001:db8::1".parse().unwrap()).is_known());
    }
}
