//! The shared vocabulary of policies, cases and decisions: severities, subject kinds, statuses,
//! grades, legal ranks, event types and durations. Every enum is a snake_case string in TOML and
//! JSON, so a policy file, a case and a decision use the same words.

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }
        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The snake_case name used in TOML and JSON.
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

/// `Display` for enums of unit variants that serialize as snake_case strings: the same word as in
/// JSON and TOML (`active`, `upheld`, `make_up_workday`, …).
macro_rules! display_as_serialized {
    ($($t:ty),+ $(,)?) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match serde_json::to_value(self) {
                    Ok(serde_json::Value::String(s)) => f.write_str(&s),
                    _ => write!(f, "{self:?}"),
                }
            }
        }
    )+};
}
pub(crate) use display_as_serialized;

/// How sure the project is of a value (NATIONAL.md marks).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// Confirmed in a primary text.
    #[serde(rename = "C")]
    Confirmed,
    /// From a secondary summary: provisional, overridable.
    #[serde(rename = "S")]
    Secondary,
    /// Not confirmed: provisional, overridable.
    #[serde(rename = "U")]
    Unconfirmed,
}

impl Confidence {
    /// Whether the value is provisional (S or U) and must be shown as such.
    pub fn is_provisional(self) -> bool {
        !matches!(self, Confidence::Confirmed)
    }
    /// The mark letter.
    pub fn mark(self) -> &'static str {
        match self {
            Confidence::Confirmed => "C",
            Confidence::Secondary => "S",
            Confidence::Unconfirmed => "U",
        }
    }
}

display_as_serialized!(Confidence);

str_enum! {
    /// How serious a finding of dishonesty is (国办发〔2025〕22号 three classes; SUB-2, SUB-3).
    Severity { /// 轻微
        Minor => "minor", /// 一般
        General => "general", /// 严重
        Serious => "serious" }
}

impl Severity {
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Minor => "轻微",
            Severity::General => "一般",
            Severity::Serious => "严重",
        }
    }
}

str_enum! {
    /// The legal kind of a subject (SUB-1).
    SubjectKind { /// 自然人
        NaturalPerson => "natural_person", /// 法人
        LegalPerson => "legal_person", /// 非法人组织
        OtherOrganization => "other_organization" }
}

str_enum! {
    /// Who a sanction measure is aimed at: the subject itself or a person answering for a unit.
    Target { /// a natural person subject
        NaturalPerson => "natural_person", /// a legal-person subject
        LegalPerson => "legal_person", /// another organisation
        OtherOrganization => "other_organization", /// the unit's legal representative (法定代表人)
        LegalRepresentative => "legal_representative", /// the unit's responsible persons (主要负责人、直接责任人)
        ResponsiblePerson => "responsible_person" }
}

impl Target {
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Target::NaturalPerson => "自然人",
            Target::LegalPerson => "法人",
            Target::OtherOrganization => "非法人组织",
            Target::LegalRepresentative => "法定代表人",
            Target::ResponsiblePerson => "主要负责人或直接责任人",
        }
    }
}

str_enum! {
    /// The sector of a subject (SUB-1, 000 §三).
    Sector {
        /// 党群机关及政府部门
        GovernmentBody => "government_body", /// 事业单位
        PublicInstitution => "public_institution", /// 国有企业
        StateOwned => "state_owned", /// 民营企业
        PrivateEnterprise => "private_enterprise", /// 中小企业
        Sme => "sme", /// 合作社
        Cooperative => "cooperative", /// 社会组织
        SocialOrganization => "social_organization", /// 个体工商户
        IndividualBusiness => "individual_business", /// 金融机构
        FinancialInstitution => "financial_institution", /// 信用服务机构
        CreditAgency => "credit_agency", /// 其他
        Other => "other" }
}

str_enum! {
    /// Registration status of a subject (TRI-1).
    RegistrationStatus { /// 存续
        Active => "active", /// 吊销
        Revoked => "revoked", /// 注销
        Deregistered => "deregistered", /// 迁出
        MovedOut => "moved_out", /// 停业
        Suspended => "suspended", /// 失联
        Unreachable => "unreachable", /// 清算
        Liquidating => "liquidating", /// 破产
        Bankrupt => "bankrupt" }
}

str_enum! {
    /// The credit grade of a subject at a date (SUB-5, SUB-6; seed 000 §四(五)).
    Grade { /// 守信
        Trustworthy => "trustworthy", /// 重点关注名单
        WatchList => "watch_list", /// 一般失信
        General => "general", /// 严重失信
        Serious => "serious", /// 重点领域失信
        KeyDomain => "key_domain" }
}

impl Grade {
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Grade::Trustworthy => "守信",
            Grade::WatchList => "重点关注",
            Grade::General => "一般失信",
            Grade::Serious => "严重失信",
            Grade::KeyDomain => "重点领域失信",
        }
    }
}

str_enum! {
    /// Rank of a legal source; MEA-2 requires one of the four highest for a rights-reducing measure.
    Rank { /// 法律
        Law => "law", /// 行政法规
        AdministrativeRegulation => "administrative_regulation", /// 地方性法规
        LocalRegulation => "local_regulation", /// 党中央、国务院政策文件
        CentralPolicy => "central_policy", /// 司法解释
        JudicialInterpretation => "judicial_interpretation", /// 部门规章
        DepartmentalRule => "departmental_rule", /// 地方政府规章
        LocalGovernmentRule => "local_government_rule", /// 规范性文件（含地方工作方案）
        NormativeDocument => "normative_document" }
}

impl Rank {
    /// Whether this rank may found a measure that reduces rights or adds duties (MEA-2, NATIONAL §4).
    pub fn founds_rights_reducing_measure(self) -> bool {
        matches!(self, Rank::Law | Rank::AdministrativeRegulation | Rank::LocalRegulation | Rank::CentralPolicy)
    }
}

str_enum! {
    /// Families of measures (MEA-7; the basic list's three parts, NATIONAL §5).
    MeasureFamily { /// 行政性惩戒（减损权益或增加义务）
        Administrative => "administrative", /// 管理措施（重点监管等）
        Management => "management", /// 市场性惩戒
        Market => "market", /// 行业性惩戒
        Industry => "industry", /// 社会性惩戒
        Social => "social" }
}

str_enum! {
    /// Who is asked to carry out a measure. MEA-5: the market and social actors may act, never be
    /// required to.
    Actor { /// 行政机关
        AdministrativeBody => "administrative_body", /// 人民法院
        Court => "court", /// 金融机构
        FinancialInstitution => "financial_institution", /// 信用服务机构
        CreditAgency => "credit_agency", /// 行业协会商会
        IndustryAssociation => "industry_association", /// 新闻媒体
        NewsMedia => "news_media", /// 其他市场主体
        MarketActor => "market_actor" }
}

str_enum! {
    /// The dated events of a record's timeline.
    EventType {
        /// the subject was told of the intended listing and its rights (告知)
        Notified => "notified", /// the record was published
        Published => "published", /// 提出异议
        ObjectionFiled => "objection_filed", /// 异议转提供单位核查或延期处理（复杂情形）：适用延长答复期限
        ObjectionExtended => "objection_extended", /// 异议转信息提供单位核查：提供单位的期限自转交之日起计算
        ObjectionForwarded => "objection_forwarded", /// 检测、检验、检疫或专家评审开始（河南：该期间不计入异议处理期限）
        TestingStarted => "testing_started", /// 检测、检验、检疫或专家评审结束
        TestingEnded => "testing_ended", /// 异议成立
        ObjectionUpheld => "objection_upheld", /// 异议驳回
        ObjectionRejected => "objection_rejected", /// 投诉
        ComplaintFiled => "complaint_filed", /// 投诉成立
        ComplaintUpheld => "complaint_upheld", /// 投诉驳回
        ComplaintRejected => "complaint_rejected", /// 履行义务
        ObligationPerformed => "obligation_performed", /// 纠正失信行为
        Corrected => "corrected", /// 作出信用承诺
        CommitmentMade => "commitment_made", /// 违反或虚假承诺
        CommitmentBreached => "commitment_breached", /// 申请信用修复
        RepairApplied => "repair_applied", /// 准予修复
        RepairGranted => "repair_granted", /// 不予修复
        RepairRefused => "repair_refused", /// 注销
        Deregistered => "deregistered", /// 迁出
        MovedOut => "moved_out", /// 吊销
        Revoked => "revoked", /// 进入清算
        LiquidationOpened => "liquidation_opened", /// 破产程序开始
        BankruptcyOpened => "bankruptcy_opened", /// 延长列入期限
        ListingExtended => "listing_extended", /// 移出名单（认定单位决定）
        Removed => "removed", /// 申请提前退出（提前停止公布、提前移出）
        EarlyExitApplied => "early_exit_applied", /// 准予提前退出
        EarlyExitGranted => "early_exit_granted", /// 依申请执行人申请删除失信信息
        DeletedOnCreditorApplication => "deleted_on_creditor_application" }
}

impl EventType {
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            EventType::Notified => "告知",
            EventType::Published => "公示",
            EventType::ObjectionFiled => "提出异议",
            EventType::ObjectionExtended => "异议延期或转办",
            EventType::ObjectionForwarded => "异议转信息提供单位核查",
            EventType::TestingStarted => "检测或专家评审开始",
            EventType::TestingEnded => "检测或专家评审结束",
            EventType::ObjectionUpheld => "异议成立",
            EventType::ObjectionRejected => "异议驳回",
            EventType::ComplaintFiled => "提出投诉",
            EventType::ComplaintUpheld => "投诉成立",
            EventType::ComplaintRejected => "投诉驳回",
            EventType::ObligationPerformed => "履行法定义务",
            EventType::Corrected => "纠正失信行为",
            EventType::CommitmentMade => "作出信用承诺",
            EventType::CommitmentBreached => "违反信用承诺",
            EventType::RepairApplied => "申请信用修复",
            EventType::RepairGranted => "准予信用修复",
            EventType::RepairRefused => "不予信用修复",
            EventType::Deregistered => "注销",
            EventType::MovedOut => "迁出",
            EventType::Revoked => "吊销",
            EventType::LiquidationOpened => "进入清算",
            EventType::BankruptcyOpened => "进入破产程序",
            EventType::ListingExtended => "延长列入期限",
            EventType::Removed => "移出名单",
            EventType::EarlyExitApplied => "申请提前退出",
            EventType::EarlyExitGranted => "准予提前退出",
            EventType::DeletedOnCreditorApplication => "依申请执行人申请删除",
        }
    }
}

str_enum! {
    /// Units a period or clock is counted in.
    Unit { /// calendar days
        Days => "days", /// working days (weekends and statutory holidays excluded, make-up days included)
        WorkingDays => "working_days", /// months
        Months => "months", /// years
        Years => "years" }
}

/// A length of time such as `3 years` or `15 working days`, written as a string in TOML.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// How many units.
    pub n: u32,
    /// Which unit.
    pub unit: Unit,
}

impl Span {
    /// A span of `n` units.
    pub const fn new(n: u32, unit: Unit) -> Self {
        Span { n, unit }
    }

    /// Parse `"3 years"`, `"6 months"`, `"10 days"`, `"15 working days"` (singular forms and
    /// `working_days` accepted).
    ///
    /// ```
    /// use credit_core::vocab::{Span, Unit};
    /// let s = Span::parse("15 working days").ok_or("bad span")?;
    /// assert_eq!(s, Span::new(15, Unit::WorkingDays));
    /// # Ok::<(), &'static str>(())
    /// ```
    pub fn parse(text: &str) -> Option<Span> {
        let text = text.trim();
        let (num, rest) = text.split_once(char::is_whitespace)?;
        let n: u32 = num.parse().ok()?;
        let unit = match rest.trim().replace('_', " ").as_str() {
            "day" | "days" => Unit::Days,
            "working day" | "working days" => Unit::WorkingDays,
            "month" | "months" => Unit::Months,
            "year" | "years" => Unit::Years,
            _ => return None,
        };
        Some(Span { n, unit })
    }

    /// An upper bound in days, for comparing spans of different units (a year counts 366 days, a
    /// month 31, a working day 3 — generous, so a comparison never wrongly says "shorter").
    pub fn max_days(self) -> u64 {
        let per = match self.unit {
            Unit::Days => 1,
            Unit::WorkingDays => 3,
            Unit::Months => 31,
            Unit::Years => 366,
        };
        u64::from(self.n) * per
    }

    /// A lower bound in days (a year 365, a month 28, a working day 1).
    pub fn min_days(self) -> u64 {
        let per = match self.unit {
            Unit::Days | Unit::WorkingDays => 1,
            Unit::Months => 28,
            Unit::Years => 365,
        };
        u64::from(self.n) * per
    }

    /// Whether this span is certainly longer than `other`, whatever the start date.
    pub fn longer_than(self, other: Span) -> bool {
        if self.unit == other.unit {
            return self.n > other.n;
        }
        match (self.unit, other.unit) {
            (Unit::Years, Unit::Months) => u64::from(self.n) * 12 > u64::from(other.n),
            (Unit::Months, Unit::Years) => u64::from(self.n) > u64::from(other.n) * 12,
            _ => self.min_days() > other.max_days(),
        }
    }
}

impl Span {
    /// The unit in English words, singular for one (`day`, `working days`).
    pub(crate) fn unit_word(self) -> &'static str {
        match (self.unit, self.n == 1) {
            (Unit::Days, true) => "day",
            (Unit::Days, false) => "days",
            (Unit::WorkingDays, true) => "working day",
            (Unit::WorkingDays, false) => "working days",
            (Unit::Months, true) => "month",
            (Unit::Months, false) => "months",
            (Unit::Years, true) => "year",
            (Unit::Years, false) => "years",
        }
    }

    /// The same text as `to_string()` (`15 working days`), written without the formatting
    /// machinery: evaluation fills `objections[i].reply_within` with it for every objection.
    pub(crate) fn text(self) -> String {
        let mut o = String::with_capacity(10 + 1 + self.unit_word().len());
        crate::text::push_span_en(&mut o, self);
        o
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.n, self.unit_word())
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Span;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a length of time such as `3 years`, `6 months`, `10 days` or `15 working days`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Span, E> {
                Span::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
}

/// A civil date, written `"YYYY-MM-DD"`. In TOML it may be quoted or a bare TOML date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// `00` … `99`, two characters each ([`Date`]'s text).
const TWO_DIGITS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
/// `-01` … `-12` ([`Date`]'s text).
const MONTHS: &str = "-01-02-03-04-05-06-07-08-09-10-11-12";
/// `-01` … `-31` ([`Date`]'s text).
const DAYS: &str = "-01-02-03-04-05-06-07-08-09-10-11-12-13-14-15-16-17-18-19-20-21-22-23-24-25-26-27-28-29-30-31";

/// `00` … `99` for `n` below 100 (`""` otherwise), a constant slice.
pub(crate) fn two_digits(n: u8) -> &'static str {
    let i = usize::from(n) * 2;
    TWO_DIGITS.get(i..i + 2).unwrap_or_default()
}

/// `YYYY-MM-DD` as four slices of constant text (century, year, `-MM`, `-DD`), for a year from 0
/// to 9999 (`None` otherwise). This runs for every date of every message and decision: digit by
/// digit with a UTF-8 check it cost about 150 instructions a date.
fn date_pieces(d: NaiveDate) -> Option<[&'static str; 4]> {
    use chrono::Datelike;
    let (y, m, d) = (d.year(), d.month(), d.day());
    let slice =
        |table: &'static str, width: usize, i: Option<usize>| i.and_then(|i| table.get(i * width..i * width + width));
    let century = slice(TWO_DIGITS, 2, usize::try_from(y / 100).ok())?;
    let year = slice(TWO_DIGITS, 2, usize::try_from(y % 100).ok())?;
    let month = slice(MONTHS, 3, usize::try_from(m).ok().and_then(|m| m.checked_sub(1)))?;
    let day = slice(DAYS, 3, usize::try_from(d).ok().and_then(|d| d.checked_sub(1)))?;
    Some([century, year, month, day])
}

/// Append `d` as `YYYY-MM-DD` to `o`: what [`Date`]'s `Display` writes, without the formatter
/// (the text report and the message catalogues write a date for nearly every line).
#[inline(never)]
pub(crate) fn push_date(o: &mut String, d: NaiveDate) {
    match date_pieces(d) {
        Some(pieces) => {
            o.reserve(10);
            for p in pieces {
                o.push_str(p);
            }
        }
        None => {
            use std::fmt::Write as _;
            let _ = write!(o, "{}", Date(d));
        }
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, written directly (chrono's strftime machinery is slow on hot paths).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike;
        match date_pieces(self.0) {
            Some([c, y, m, d]) => {
                f.write_str(c)?;
                f.write_str(y)?;
                f.write_str(m)?;
                f.write_str(d)
            }
            None => {
                let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
                write!(f, "{y:04}-{m:02}-{d:02}")
            }
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The ten characters gathered on the stack and written as one string: through
        // `collect_str` the formatter escaped four pieces one by one.
        if let Some(pieces) = date_pieces(self.0) {
            let mut buf = [0u8; 10];
            let mut at = 0;
            for p in pieces {
                if let Some(dst) = buf.get_mut(at..at + p.len()) {
                    dst.copy_from_slice(p.as_bytes());
                }
                at += p.len();
            }
            if let Ok(text) = std::str::from_utf8(&buf) {
                return s.serialize_str(text);
            }
        }
        s.collect_str(self)
    }
}

/// Parse a strict `YYYY-MM-DD` date (the crate's one date parser, [`crate::ffi::parse_date`]).
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    crate::ffi::parse_date(v)
}

/// What a date must look like, as serde's "expected" text (the FFI layer reports a value refused
/// with it as `invalid_date`).
pub const DATE_EXPECTED: &str = "a real calendar date written `YYYY-MM-DD`";

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DATE_EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                parse_date(v).map(Date).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            #[cfg(feature = "toml")]
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
                // A bare TOML date reaches serde as toml's datetime map.
                let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (dt.date, dt.time, dt.offset) {
                    (Some(d), None, None) => {
                        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                            .map(Date)
                            .ok_or_else(|| de::Error::custom(format!("`{dt}` is not a real calendar date")))
                    }
                    _ => Err(de::Error::custom(format!("expected a date without time, found `{dt}`"))),
                }
            }
        }
        // A compact binary form (a policy snapshot) is not self-describing: a date is a string.
        if d.is_human_readable() {
            d.deserialize_any(V)
        } else {
            d.deserialize_str(V)
        }
    }
}

/// One string or a list of strings (`rule = "MEA-2"` or `rule = ["MEA-2", "MEA-3"]`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_owned()]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(OneOrMany(out))
            }
        }
        // A compact binary form (a policy snapshot) is not self-describing: always a list.
        if d.is_human_readable() {
            d.deserialize_any(V)
        } else {
            d.deserialize_seq(V)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_span_written_without_the_formatter_reads_exactly_as_its_display() {
        for unit in [super::Unit::Days, super::Unit::WorkingDays, super::Unit::Months, super::Unit::Years] {
            for n in [0, 1, 2, 9, 10, 11, 99, 100, 1_000_000, u32::MAX - 1, u32::MAX] {
                let s = super::Span::new(n, unit);
                assert_eq!(s.text(), s.to_string());
            }
        }
    }

    use super::*;
    use chrono::Datelike;

    #[test]
    fn dates_display_as_iso_with_padding() {
        let d = |y, m, day| Date(NaiveDate::from_ymd_opt(y, m, day).unwrap()).to_string();
        assert_eq!(d(2024, 2, 29), "2024-02-29");
        assert_eq!(d(2026, 12, 31), "2026-12-31");
        assert_eq!(d(9, 1, 5), "0009-01-05");
        assert_eq!(d(10000, 1, 1), "10000-01-01");
        assert_eq!(d(1899, 12, 31), "1899-12-31");
        assert_eq!(d(2200, 1, 1), "2200-01-01");
        for (y, text) in [(9, "0009-01-05"), (10000, "10000-01-05"), (-5, "-005-01-05")] {
            let day = NaiveDate::from_ymd_opt(y, 1, 5).unwrap();
            assert_eq!(Date(day).to_string(), text);
            assert_eq!(serde_json::to_string(&Date(day)).unwrap(), format!("\"{text}\""));
            let mut pushed = String::new();
            push_date(&mut pushed, day);
            assert_eq!(pushed, text);
        }
        // Every day of the table's years and a margin on both sides, against chrono.
        let mut day = NaiveDate::from_ymd_opt(1890, 1, 1).unwrap();
        while day.year() < 2210 {
            assert_eq!(Date(day).to_string(), day.format("%Y-%m-%d").to_string());
            assert_eq!(serde_json::to_string(&Date(day)).unwrap(), format!("\"{}\"", Date(day)));
            let mut pushed = String::new();
            push_date(&mut pushed, day);
            assert_eq!(pushed, Date(day).to_string());
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn spans_parse_and_print() {
        for text in ["3 years", "1 year", "6 months", "10 days", "15 working days", "1 working day"] {
            assert_eq!(Span::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Span::parse("15 working_days"), Some(Span::new(15, Unit::WorkingDays)));
        assert_eq!(Span::parse("three years"), None);
        assert!(Span::new(1, Unit::Years).longer_than(Span::new(11, Unit::Months)));
        assert!(!Span::new(12, Unit::Months).longer_than(Span::new(1, Unit::Years)));
    }
}
