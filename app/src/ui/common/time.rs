//! Times as the viewer reads them: in the browser's own time zone (the
//! server renders UTC; lists with times are filled in the browser). Written
//! by hand rather than with chrono's `format`, which would add its whole
//! formatting machinery to the visitor widget's download.

use chrono::{DateTime, Utc};

/// Local wall-clock parts of `t`: (year, month, day, hour, minute, second).
fn local_parts(t: DateTime<Utc>) -> (i32, u32, u32, u32, u32, u32) {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
        (
            d.get_full_year() as i32,
            d.get_month() + 1,
            d.get_date(),
            d.get_hours(),
            d.get_minutes(),
            d.get_seconds(),
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        use chrono::{Datelike, Timelike};
        (
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
        )
    }
}

/// "14:05"
pub fn clock_time(t: DateTime<Utc>) -> String {
    let (_, _, _, h, m, _) = local_parts(t);
    format!("{h:02}:{m:02}")
}

/// "14:05:09"
pub fn clock_time_secs(t: DateTime<Utc>) -> String {
    let (_, _, _, h, m, s) = local_parts(t);
    format!("{h:02}:{m:02}:{s:02}")
}

/// "2026-11-24 14:05"
pub fn date_time(t: DateTime<Utc>) -> String {
    let (y, mo, d, h, m, _) = local_parts(t);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_with_leading_zeros() {
        let t = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(clock_time(t), "03:04");
        assert_eq!(clock_time_secs(t), "03:04:05");
        assert_eq!(date_time(t), "2026-01-02 03:04");
    }
}
