//! Festival dates of the Chinese calendar that the holiday statute needs, 2000–2100.
//!
//! 《全国年节及纪念日放假办法》 names four holidays by the traditional calendar: 春节 (正月初一,
//! and from 2025 also 除夕, the day before), 清明节 (the day of the 清明 solar term, when the sun's
//! apparent ecliptic longitude reaches 15°, taken in Beijing time UTC+8), 端午节 (五月初五) and 中秋节
//! (八月十五). This module answers them from a compact constant table, one row per Gregorian year
//! [`FIRST_YEAR`]..=[`LAST_YEAR`], so the engine needs no astronomical code at run time.
//!
//! The table was generated once by a throwaway program (lunar dates from the `lunar-python`
//! package, the 清明 instant by bisection on the Sun's apparent longitude of date computed with
//! `PyEphem`, converted to UTC+8 and cross-checked against `lunar-python`'s solar terms); only the
//! table is committed. `credit-core/tests/lunar.rs` checks every row against two independent
//! implementations (ICU4X's Chinese calendar and `tyme4rs`' solar terms), dev-dependencies only.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::NaiveDate;
//! use credit_core::calendar::lunar::festivals;
//!
//! let f = festivals(2026).ok_or("year not in the table")?;
//! assert_eq!(f.spring_festival, NaiveDate::from_ymd_opt(2026, 2, 17).ok_or("bad date")?);
//! assert_eq!(f.eve(), NaiveDate::from_ymd_opt(2026, 2, 16));
//! assert!(festivals(2101).is_none());
//! # Ok(())
//! # }
//! ```

use chrono::NaiveDate;

/// The first Gregorian year in the table.
pub const FIRST_YEAR: i32 = 2000;
/// The last Gregorian year in the table.
pub const LAST_YEAR: i32 = 2100;

/// The traditional-calendar festival dates of one Gregorian year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Festivals {
    /// 春节: 正月初一 (the first day of the first lunar month).
    pub spring_festival: NaiveDate,
    /// 清明: the day of the 清明 solar term (solar longitude 15°) in Beijing time (UTC+8).
    pub qingming: NaiveDate,
    /// 端午节: 五月初五.
    pub dragon_boat: NaiveDate,
    /// 中秋节: 八月十五.
    pub mid_autumn: NaiveDate,
}

impl Festivals {
    /// 除夕: the day before 正月初一 (the last day of the twelfth lunar month, whether the 29th or
    /// the 30th). It may fall in the previous Gregorian year only in theory: 正月初一 is never
    /// earlier than 21 January.
    pub fn eve(&self) -> Option<NaiveDate> {
        self.spring_festival.pred_opt()
    }
}

/// One row: 春节 (month, day), 清明 (day of April), 端午 (month, day), 中秋 (month, day).
#[derive(Clone, Copy)]
struct Row {
    spring: (u8, u8),
    qingming: u8,
    dragon_boat: (u8, u8),
    mid_autumn: (u8, u8),
}

const fn row(sm: u8, sd: u8, q: u8, dm: u8, dd: u8, mm: u8, md: u8) -> Row {
    Row { spring: (sm, sd), qingming: q, dragon_boat: (dm, dd), mid_autumn: (mm, md) }
}

/// Rows for [`FIRST_YEAR`]..=[`LAST_YEAR`], in order.
#[rustfmt::skip]
const TABLE: [Row; 101] = [
    row(2, 5, 4, 6, 6, 9, 12), // 2000
    row(1, 24, 5, 6, 25, 10, 1), // 2001
    row(2, 12, 5, 6, 15, 9, 21), // 2002
    row(2, 1, 5, 6, 4, 9, 11), // 2003
    row(1, 22, 4, 6, 22, 9, 28), // 2004
    row(2, 9, 5, 6, 11, 9, 18), // 2005
    row(1, 29, 5, 5, 31, 10, 6), // 2006
    row(2, 18, 5, 6, 19, 9, 25), // 2007
    row(2, 7, 4, 6, 8, 9, 14), // 2008
    row(1, 26, 4, 5, 28, 10, 3), // 2009
    row(2, 14, 5, 6, 16, 9, 22), // 2010
    row(2, 3, 5, 6, 6, 9, 12), // 2011
    row(1, 23, 4, 6, 23, 9, 30), // 2012
    row(2, 10, 4, 6, 12, 9, 19), // 2013
    row(1, 31, 5, 6, 2, 9, 8), // 2014
    row(2, 19, 5, 6, 20, 9, 27), // 2015
    row(2, 8, 4, 6, 9, 9, 15), // 2016
    row(1, 28, 4, 5, 30, 10, 4), // 2017
    row(2, 16, 5, 6, 18, 9, 24), // 2018
    row(2, 5, 5, 6, 7, 9, 13), // 2019
    row(1, 25, 4, 6, 25, 10, 1), // 2020
    row(2, 12, 4, 6, 14, 9, 21), // 2021
    row(2, 1, 5, 6, 3, 9, 10), // 2022
    row(1, 22, 5, 6, 22, 9, 29), // 2023
    row(2, 10, 4, 6, 10, 9, 17), // 2024
    row(1, 29, 4, 5, 31, 10, 6), // 2025
    row(2, 17, 5, 6, 19, 9, 25), // 2026
    row(2, 6, 5, 6, 9, 9, 15), // 2027
    row(1, 26, 4, 5, 28, 10, 3), // 2028
    row(2, 13, 4, 6, 16, 9, 22), // 2029
    row(2, 3, 5, 6, 5, 9, 12), // 2030
    row(1, 23, 5, 6, 24, 10, 1), // 2031
    row(2, 11, 4, 6, 12, 9, 19), // 2032
    row(1, 31, 4, 6, 1, 9, 8), // 2033
    row(2, 19, 5, 6, 20, 9, 27), // 2034
    row(2, 8, 5, 6, 10, 9, 16), // 2035
    row(1, 28, 4, 5, 30, 10, 4), // 2036
    row(2, 15, 4, 6, 18, 9, 24), // 2037
    row(2, 4, 5, 6, 7, 9, 13), // 2038
    row(1, 24, 5, 5, 27, 10, 2), // 2039
    row(2, 12, 4, 6, 14, 9, 20), // 2040
    row(2, 1, 4, 6, 3, 9, 10), // 2041
    row(1, 22, 4, 6, 22, 9, 28), // 2042
    row(2, 10, 5, 6, 11, 9, 17), // 2043
    row(1, 30, 4, 5, 31, 10, 5), // 2044
    row(2, 17, 4, 6, 19, 9, 25), // 2045
    row(2, 6, 4, 6, 8, 9, 15), // 2046
    row(1, 26, 5, 5, 29, 10, 4), // 2047
    row(2, 14, 4, 6, 15, 9, 22), // 2048
    row(2, 2, 4, 6, 4, 9, 11), // 2049
    row(1, 23, 4, 6, 23, 9, 30), // 2050
    row(2, 11, 5, 6, 13, 9, 19), // 2051
    row(2, 1, 4, 6, 1, 9, 7), // 2052
    row(2, 19, 4, 6, 20, 9, 26), // 2053
    row(2, 8, 4, 6, 10, 9, 16), // 2054
    row(1, 28, 5, 5, 30, 10, 5), // 2055
    row(2, 15, 4, 6, 17, 9, 24), // 2056
    row(2, 4, 4, 6, 6, 9, 13), // 2057
    row(1, 24, 4, 6, 25, 10, 2), // 2058
    row(2, 12, 5, 6, 14, 9, 21), // 2059
    row(2, 2, 4, 6, 3, 9, 9), // 2060
    row(1, 21, 4, 6, 22, 9, 28), // 2061
    row(2, 9, 4, 6, 11, 9, 17), // 2062
    row(1, 29, 5, 6, 1, 10, 6), // 2063
    row(2, 17, 4, 6, 19, 9, 25), // 2064
    row(2, 5, 4, 6, 8, 9, 15), // 2065
    row(1, 26, 4, 5, 28, 10, 3), // 2066
    row(2, 14, 5, 6, 16, 9, 23), // 2067
    row(2, 3, 4, 6, 4, 9, 11), // 2068
    row(1, 23, 4, 6, 23, 9, 29), // 2069
    row(2, 11, 4, 6, 13, 9, 19), // 2070
    row(1, 31, 5, 6, 2, 9, 8), // 2071
    row(2, 19, 4, 6, 20, 9, 26), // 2072
    row(2, 7, 4, 6, 10, 9, 16), // 2073
    row(1, 27, 4, 5, 30, 10, 5), // 2074
    row(2, 15, 4, 6, 17, 9, 24), // 2075
    row(2, 5, 4, 6, 6, 9, 12), // 2076
    row(1, 24, 4, 6, 24, 10, 1), // 2077
    row(2, 12, 4, 6, 14, 9, 20), // 2078
    row(2, 2, 4, 6, 4, 9, 10), // 2079
    row(1, 22, 4, 6, 22, 9, 28), // 2080
    row(2, 9, 4, 6, 11, 9, 17), // 2081
    row(1, 29, 4, 6, 1, 10, 6), // 2082
    row(2, 17, 4, 6, 19, 9, 26), // 2083
    row(2, 6, 4, 6, 7, 9, 14), // 2084
    row(1, 26, 4, 5, 27, 10, 3), // 2085
    row(2, 14, 4, 6, 15, 9, 22), // 2086
    row(2, 3, 4, 6, 5, 9, 11), // 2087
    row(1, 24, 4, 6, 23, 9, 29), // 2088
    row(2, 10, 4, 6, 13, 9, 18), // 2089
    row(1, 30, 4, 6, 2, 9, 8), // 2090
    row(2, 18, 4, 6, 21, 9, 27), // 2091
    row(2, 7, 4, 6, 9, 9, 16), // 2092
    row(1, 27, 4, 5, 29, 10, 5), // 2093
    row(2, 15, 4, 6, 17, 9, 24), // 2094
    row(2, 5, 4, 6, 6, 9, 13), // 2095
    row(1, 25, 4, 6, 24, 9, 30), // 2096
    row(2, 12, 4, 6, 14, 9, 20), // 2097
    row(2, 1, 4, 6, 4, 9, 9), // 2098
    row(1, 21, 4, 6, 23, 9, 29), // 2099
    row(2, 9, 5, 6, 12, 9, 18), // 2100
];

/// The festival dates of `year`, or `None` outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use credit_core::calendar::lunar::festivals;
///
/// let f = festivals(2025).ok_or("year not in the table")?;
/// assert_eq!(f.qingming, NaiveDate::from_ymd_opt(2025, 4, 4).ok_or("bad date")?);
/// assert_eq!(f.mid_autumn, NaiveDate::from_ymd_opt(2025, 10, 6).ok_or("bad date")?);
/// # Ok(())
/// # }
/// ```
pub fn festivals(year: i32) -> Option<Festivals> {
    let index = usize::try_from(year.checked_sub(FIRST_YEAR)?).ok()?;
    let row = TABLE.get(index)?;
    let date = |(m, d): (u8, u8)| NaiveDate::from_ymd_opt(year, u32::from(m), u32::from(d));
    Some(Festivals {
        spring_festival: date(row.spring)?,
        qingming: date((4, row.qingming))?,
        dragon_boat: date(row.dragon_boat)?,
        mid_autumn: date(row.mid_autumn)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_year_range() {
        let expected = usize::try_from(LAST_YEAR - FIRST_YEAR + 1).ok();
        assert_eq!(Some(TABLE.len()), expected);
        for year in FIRST_YEAR..=LAST_YEAR {
            assert!(festivals(year).is_some(), "{year}");
        }
        assert!(festivals(FIRST_YEAR - 1).is_none());
        assert!(festivals(LAST_YEAR + 1).is_none());
    }
}
