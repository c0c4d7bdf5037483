//! A reader of ip2region's xdb v2 files (IPv4), written from the format:
//! - a 256-byte header: version (u16, 2), index policy (u16), build time
//!   (u32), first and last segment index pointers (u32), little-endian;
//! - a vector index of 256 × 256 entries, one per first two address bytes,
//!   each the first and last pointer (u32, u32) of that block's segments;
//! - region strings, `country|area|province|city|ISP` with `0` for unknown;
//! - segments of 14 bytes, sorted: first and last address (u32), the
//!   string's length (u16) and pointer (u32).
//!
//! The whole file is held in memory (about 11 MB), so a lookup is a few
//! slice reads and one binary search, with no locking or I/O.

use std::net::Ipv4Addr;

const HEADER_LEN: usize = 256;
const VECTOR_COLS: usize = 256;
const VECTOR_ENTRY: usize = 8;
const VECTOR_LEN: usize = 256 * VECTOR_COLS * VECTOR_ENTRY;
const SEGMENT_LEN: usize = 14;

/// Why a file is not an xdb this reader can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XdbError {
    #[error("the file is too short to be an ip2region xdb file")]
    TooShort,
    #[error("xdb version {0} is not supported (only 2)")]
    Version(u16),
    #[error("the segment index lies outside the file")]
    BadIndex,
}

/// An ip2region database in memory.
#[derive(Clone)]
pub struct Xdb {
    bytes: std::sync::Arc<[u8]>,
}

impl std::fmt::Debug for Xdb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Xdb")
            .field("len", &self.bytes.len())
            .finish()
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Xdb {
    /// Check the header and keep the bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, XdbError> {
        if bytes.len() < HEADER_LEN + VECTOR_LEN {
            return Err(XdbError::TooShort);
        }
        let version = u16_at(&bytes, 0).ok_or(XdbError::TooShort)?;
        if version != 2 {
            return Err(XdbError::Version(version));
        }
        let start = u32_at(&bytes, 8).ok_or(XdbError::TooShort)? as usize;
        let end = u32_at(&bytes, 12).ok_or(XdbError::TooShort)? as usize;
        if start < HEADER_LEN + VECTOR_LEN || end < start || end + SEGMENT_LEN > bytes.len() {
            return Err(XdbError::BadIndex);
        }
        Ok(Self {
            bytes: bytes.into(),
        })
    }

    /// The region string of `ip`, or `None` when no segment holds it (or the
    /// file is damaged there: a lookup never panics).
    pub fn lookup(&self, ip: Ipv4Addr) -> Option<&str> {
        let b = &self.bytes[..];
        let ip = u32::from(ip);
        let [first, second, ..] = ip.to_be_bytes();
        let entry = HEADER_LEN + (first as usize * VECTOR_COLS + second as usize) * VECTOR_ENTRY;
        let s_ptr = u32_at(b, entry)? as usize;
        let e_ptr = u32_at(b, entry + 4)? as usize;
        if s_ptr == 0 || e_ptr < s_ptr {
            return None;
        }
        let (mut low, mut high) = (0usize, (e_ptr - s_ptr) / SEGMENT_LEN);
        while low <= high {
            let mid = (low + high) / 2;
            let at = s_ptr + mid * SEGMENT_LEN;
            let start_ip = u32_at(b, at)?;
            let end_ip = u32_at(b, at + 4)?;
            if ip < start_ip {
                high = mid.checked_sub(1)?;
            } else if ip > end_ip {
                low = mid + 1;
            } else {
                let len = u16_at(b, at + 8)? as usize;
                let ptr = u32_at(b, at + 10)? as usize;
                return std::str::from_utf8(b.get(ptr..ptr + len)?).ok();
            }
        }
        None
    }
}

/// Write an xdb v2 file of these `(first, last, region)` ranges, sorted and
/// not overlapping: for tests and for small custom databases. Ranges are
/// split where the first two address bytes change, as the format wants.
pub fn write(ranges: &[(Ipv4Addr, Ipv4Addr, &str)]) -> Vec<u8> {
    let mut out = vec![0u8; HEADER_LEN + VECTOR_LEN];
    // Region strings, each stored once.
    let mut strings: Vec<(&str, u32)> = Vec::new();
    for (_, _, region) in ranges {
        if !strings.iter().any(|(s, _)| s == region) {
            strings.push((region, out.len() as u32));
            out.extend_from_slice(region.as_bytes());
        }
    }
    let mut segments: Vec<(u32, u32, u16, u32)> = Vec::new();
    for (first, last, region) in ranges {
        let ptr = strings.iter().find(|(s, _)| s == region).unwrap().1;
        let (mut from, to) = (u32::from(*first), u32::from(*last));
        loop {
            let block_end = from | 0xFFFF;
            let end = block_end.min(to);
            segments.push((from, end, region.len() as u16, ptr));
            if end == to {
                break;
            }
            from = end + 1;
        }
    }
    let index_start = out.len();
    for (i, (from, to, len, ptr)) in segments.iter().enumerate() {
        let at = (index_start + i * SEGMENT_LEN) as u32;
        out.extend_from_slice(&from.to_le_bytes());
        out.extend_from_slice(&to.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&ptr.to_le_bytes());
        let block = (from >> 16) as usize;
        let entry = HEADER_LEN + block * VECTOR_ENTRY;
        if u32_at(&out, entry) == Some(0) {
            out[entry..entry + 4].copy_from_slice(&at.to_le_bytes());
        }
        out[entry + 4..entry + 8].copy_from_slice(&at.to_le_bytes());
    }
    let index_end = (out.len() - SEGMENT_LEN.min(out.len() - index_start)) as u32;
    out[0..2].copy_from_slice(&2u16.to_le_bytes());
    out[2..4].copy_from_slice(&1u16.to_le_bytes());
    out[8..12].copy_from_slice(&(index_start as u32).to_le_bytes());
    out[12..16].copy_from_slice(&index_end.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn sample() -> Xdb {
        Xdb::from_bytes(write(&[
            (ip("1.0.0.0"), ip("1.0.0.255"), "澳大利亚|0|0|0|0"),
            (
                ip("58.32.0.0"),
                ip("58.47.255.255"),
                "中国|0|上海|上海市|电信",
            ),
            (
                ip("58.48.0.0"),
                ip("58.49.255.255"),
                "中国|0|湖北省|武汉市|电信",
            ),
            (
                ip("101.226.0.0"),
                ip("101.227.255.255"),
                "中国|0|上海|上海市|电信",
            ),
            (
                ip("202.96.128.0"),
                ip("202.96.128.255"),
                "中国|0|广东省|广州市|电信",
            ),
        ]))
        .unwrap()
    }

    #[test]
    fn finds_each_range_at_its_edges_and_inside() {
        let db = sample();
        assert_eq!(db.lookup(ip("1.0.0.0")), Some("澳大利亚|0|0|0|0"));
        assert_eq!(db.lookup(ip("1.0.0.255")), Some("澳大利亚|0|0|0|0"));
        // A range over many /16 blocks is found in each.
        for a in ["58.32.0.0", "58.40.17.3", "58.47.255.255"] {
            assert_eq!(db.lookup(ip(a)), Some("中国|0|上海|上海市|电信"), "{a}");
        }
        assert_eq!(
            db.lookup(ip("58.48.0.1")),
            Some("中国|0|湖北省|武汉市|电信")
        );
        assert_eq!(
            db.lookup(ip("202.96.128.77")),
            Some("中国|0|广东省|广州市|电信")
        );
    }

    #[test]
    fn addresses_outside_every_range_are_unknown() {
        let db = sample();
        for a in [
            "0.0.0.0",
            "1.0.1.0",
            "58.31.255.255",
            "58.50.0.0",
            "202.96.129.0",
            "255.255.255.255",
        ] {
            assert_eq!(db.lookup(ip(a)), None, "{a}");
        }
    }

    #[test]
    fn refuses_files_it_cannot_read() {
        assert_eq!(
            Xdb::from_bytes(vec![0; 100]).unwrap_err(),
            XdbError::TooShort
        );
        let mut v3 = write(&[(ip("1.0.0.0"), ip("1.0.0.1"), "x")]);
        v3[0] = 3;
        assert_eq!(Xdb::from_bytes(v3).unwrap_err(), XdbError::Version(3));
        let mut bad = write(&[(ip("1.0.0.0"), ip("1.0.0.1"), "x")]);
        bad[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(Xdb::from_bytes(bad).unwrap_err(), XdbError::BadIndex);
    }

    #[test]
    fn a_damaged_segment_is_unknown_not_a_panic() {
        let mut bytes = write(&[(ip("9.9.0.0"), ip("9.9.0.255"), "somewhere")]);
        // Point the string past the end of the file.
        let seg = u32_at(&bytes, 8).unwrap() as usize;
        bytes[seg + 10..seg + 14].copy_from_slice(&u32::MAX.to_le_bytes());
        let db = Xdb::from_bytes(bytes).unwrap();
        assert_eq!(db.lookup(ip("9.9.0.1")), None);
    }
}
