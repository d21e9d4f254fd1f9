//! Validation of the two identifiers that name the subjects of public-credit records: the
//! **unified social credit code** of organisations (统一社会信用代码, GB 32100-2015) and the
//! **resident identity number** of natural persons (公民身份号码, GB 11643).
//!
//! [`validate_uscc`] and [`validate_resident_id`] never panic and never fail: they return an
//! [`IdCheck`] saying whether the input is valid, the *first* error found (if any) and non-fatal
//! [`IdFinding`]s (for example an embedded organisation code whose own check character is wrong).
//! [`Uscc`] and [`ResidentId`] are validated newtypes for code that must only hold valid values.
//!
//! # Normalisation
//!
//! Before validation the input is normalised: surrounding whitespace is trimmed and ASCII
//! lower-case letters are upper-cased (so `91110000600037341l` and a resident identity number
//! ending in `x` are accepted). Whitespace *inside* the identifier is an invalid character. Every
//! position reported in an [`IdError`] or [`IdFinding`] is 1-based and counted in characters of
//! the *normalised* string, which equals the original input whenever the input has no leading
//! whitespace.
//!
//! # Order of checks
//!
//! Only the first failure is reported, in this fixed order: empty → length (18 characters) →
//! characters (first bad character and its position) → registration department (position 1,
//! USCC only) → category (position 2, USCC only) → administrative division (USCC: positions
//! 3–8; resident identity number: positions 1–6; first a non-digit at its position, then an
//! unknown province code at the first position of the division) → birth date (resident identity
//! number only, position 7) → check character (position 18). Findings are only computed for
//! otherwise valid identifiers.
//!
//! # Personal data
//!
//! Identifiers are personal data. Error and finding messages never contain the whole identifier
//! (at most a single offending character, a province code or the expected check character), and
//! the `Debug` / `Display` implementations of [`IdCheck`], [`Uscc`] and [`ResidentId`] show the
//! [`mask`]ed form only. The serialised form of an [`IdCheck`] does not contain the input.

use std::fmt;
use std::str::FromStr;
#[cfg(not(target_arch = "wasm32"))]
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use serde::Serialize;

/// The 31 characters of the unified social credit code, in value order (0–30).
const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Each ASCII byte's value in [`USCC_ALPHABET`] plus one (0: not in it), built at compile time:
/// one load a character instead of a search of the alphabet.
#[allow(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "evaluated at compile time: an index out of range or a value over 255 fails the build"
)]
const USCC_VALUES: [u8; 128] = {
    let mut table = [0u8; 128];
    let alphabet = USCC_ALPHABET.as_bytes();
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8 + 1;
        i += 1;
    }
    table
};
/// 3^(i−1) mod 31 for positions 1–17.
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/// GB 11714 organisation code weights for the 8-character body.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
/// ISO 7064 MOD 11-2 weights for positions 1–17 of a resident identity number.
const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character by Σ mod 11.
const RESIDENT_CHECK: &str = "10X98765432";
/// GB/T 2260 province-level codes.
const PROVINCES: [u32; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82,
];
/// Province prefix used by national-level registrations in a USCC (e.g. `100000`).
const NATIONAL_LEVEL: u32 = 10;
/// Length of both identifiers, in characters.
const LENGTH: usize = 18;

/// Which identifier an [`IdCheck`] is about.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::{validate_uscc, IdKind};
/// assert_eq!(validate_uscc("91110000600037341L").kind, IdKind::Uscc);
/// assert_eq!(serde_json::to_string(&IdKind::ResidentId)?, "\"resident_id\"");
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// Unified social credit code (GB 32100-2015).
    Uscc,
    /// Resident identity number (GB 11643).
    ResidentId,
}

impl IdKind {
    /// The stable snake_case name, as in JSON (`"uscc"`, `"resident_id"`).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(credit_core::id::IdKind::ResidentId.as_str(), "resident_id");
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Uscc => "uscc",
            Self::ResidentId => "resident_id",
        }
    }
}

/// Why an identifier is invalid. The snake_case names ([`IdErrorCode::as_str`], JSON) are stable.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::{validate_uscc, IdErrorCode};
/// let check = validate_uscc("91110000600037341K");
/// assert_eq!(check.error.map(|e| e.code), Some(IdErrorCode::InvalidCheckCharacter));
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdErrorCode {
    /// The input is empty or only whitespace.
    Empty,
    /// The input does not have 18 characters.
    InvalidLength,
    /// A character outside the identifier's alphabet (or `X` before the last position of a
    /// resident identity number, or internal whitespace).
    InvalidCharacter,
    /// The check character (position 18) does not match.
    InvalidCheckCharacter,
    /// Unknown registration department (USCC position 1).
    InvalidDepartment,
    /// Category not allowed for the registration department (USCC position 2).
    InvalidCategory,
    /// The administrative division is not six digits or has an unknown province code.
    InvalidDivision,
    /// The birth date (positions 7–14) is not a calendar date or is before 1900-01-01.
    InvalidBirthDate,
    /// The birth date is after the reference day.
    FutureBirthDate,
}

impl IdErrorCode {
    /// The stable snake_case name, as in JSON (e.g. `"invalid_check_character"`).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use credit_core::id::IdErrorCode;
    /// assert_eq!(IdErrorCode::InvalidCheckCharacter.as_str(), "invalid_check_character");
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::InvalidLength => "invalid_length",
            Self::InvalidCharacter => "invalid_character",
            Self::InvalidCheckCharacter => "invalid_check_character",
            Self::InvalidDepartment => "invalid_department",
            Self::InvalidCategory => "invalid_category",
            Self::InvalidDivision => "invalid_division",
            Self::InvalidBirthDate => "invalid_birth_date",
            Self::FutureBirthDate => "future_birth_date",
        }
    }
}

impl fmt::Display for IdErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first failure found in an identifier.
///
/// `position` is 1-based, in characters of the normalised input (see the [module
/// docs](self)); it is `None` for [`IdErrorCode::Empty`] and [`IdErrorCode::InvalidLength`].
/// The message is a lower-case English one-liner that never contains the whole identifier.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::validate_uscc;
/// let check = validate_uscc("91110000600037341K");
/// let error = check.error.ok_or("expected an error")?;
/// assert_eq!(error.position, Some(18));
/// assert_eq!(error.to_string(), "invalid check character `K` at position 18: expected `L`");
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct IdError {
    /// What is wrong.
    pub code: IdErrorCode,
    /// 1-based character position in the normalised input, when the error has one.
    pub position: Option<usize>,
    /// Human-readable explanation.
    pub message: String,
}

impl IdError {
    fn new(code: IdErrorCode, position: Option<usize>, message: String) -> Self {
        Self { code, position, message }
    }
}

/// Kinds of non-fatal findings. The snake_case names are stable.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::IdFindingCode;
/// assert_eq!(
///     IdFindingCode::OrganizationCodeCheckMismatch.as_str(),
///     "organization_code_check_mismatch"
/// );
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdFindingCode {
    /// The organisation code embedded in a USCC (positions 9–17) fails its GB 11714 check.
    OrganizationCodeCheckMismatch,
}

impl IdFindingCode {
    /// The stable snake_case name, as in JSON.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use credit_core::id::IdFindingCode;
    /// assert!(IdFindingCode::OrganizationCodeCheckMismatch.as_str().starts_with("organization"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrganizationCodeCheckMismatch => "organization_code_check_mismatch",
        }
    }
}

impl fmt::Display for IdFindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-fatal observation about an otherwise valid identifier (a warning).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::{uscc_check_character, validate_uscc, IdFindingCode};
/// // Organisation code body 60003734 has check character 1; use 2 instead.
/// let first17 = "91110000600037342";
/// let code = format!("{first17}{}", uscc_check_character(first17).ok_or("bad prefix")?);
/// let check = validate_uscc(&code);
/// assert!(check.valid);
/// assert_eq!(check.findings[0].code, IdFindingCode::OrganizationCodeCheckMismatch);
/// assert_eq!(check.findings[0].position, Some(17));
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdFinding {
    /// What was found.
    pub code: IdFindingCode,
    /// 1-based character position in the normalised input, when the finding has one.
    pub position: Option<usize>,
    /// Human-readable explanation (never contains the whole identifier).
    pub message: String,
}

/// The outcome of validating one identifier.
///
/// Serialises as `{"kind": "uscc", "valid": false, "error": {"code": ..., "position": ...,
/// "message": ...} | null, "findings": [{"code": ..., "position": ..., "message": ...}]}`; the
/// input itself is not serialised. `Debug` shows the [`mask`]ed input only.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::validate_uscc;
/// let check = validate_uscc(" 91110000600037341l ");
/// assert!(check.valid);
/// assert_eq!(check.normalized(), Some("91110000600037341L"));
/// assert_eq!(check.masked(), "9111**********341L");
/// assert!(!format!("{check:?}").contains("91110000600037341L"));
/// # Ok(())
/// # }
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct IdCheck {
    /// Which identifier was checked.
    pub kind: IdKind,
    /// `true` when there is no error (findings do not make an identifier invalid).
    pub valid: bool,
    /// The first failure, in the documented order of checks.
    pub error: Option<IdError>,
    /// Non-fatal findings; only computed for otherwise valid identifiers.
    pub findings: Vec<IdFinding>,
    #[serde(skip)]
    normalized: Option<String>,
}

impl IdCheck {
    /// The normalised input (trimmed, ASCII upper-cased); `None` when it is empty.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use credit_core::id::validate_resident_id;
    /// let check = validate_resident_id(" 11010519491231002x");
    /// assert_eq!(check.normalized(), Some("11010519491231002X"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn normalized(&self) -> Option<&str> {
        self.normalized.as_deref()
    }

    /// The [`mask`]ed normalised input (empty string when the input was empty).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use credit_core::id::validate_uscc;
    /// assert_eq!(validate_uscc("91110000600037341L").masked(), "9111**********341L");
    /// # Ok(())
    /// # }
    /// ```
    pub fn masked(&self) -> String {
        self.normalized.as_deref().map(mask).unwrap_or_default()
    }
}

impl fmt::Debug for IdCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdCheck")
            .field("kind", &self.kind)
            .field("valid", &self.valid)
            .field("error", &self.error)
            .field("findings", &self.findings)
            .field("masked", &self.masked())
            .finish()
    }
}

/// Masks an identifier for logs and messages: keeps the first 4 and last 4 characters and
/// replaces every character in between with `*`, preserving the length in characters. Strings
/// shorter than 9 characters are masked entirely. Works on characters, never panics.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::mask;
/// assert_eq!(mask("91110000600037341L"), "9111**********341L");
/// assert_eq!(mask("12345678"), "********");
/// assert_eq!(mask(""), "");
/// # Ok(())
/// # }
/// ```
pub fn mask(s: &str) -> String {
    let n = s.chars().count();
    if n < 9 {
        return "*".repeat(n);
    }
    // One allocation of the final size (a masked character is one byte, a kept one its own).
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        out.push(if i < 4 || i >= n - 4 { c } else { '*' });
    }
    out
}

/// Whether `bytes` may hold a run of 15 ASCII letters and digits (no false negatives).
///
/// Such a run always contains a whole 8-byte block aligned to the start of the text (its first
/// aligned boundary is at most 7 bytes in, and 7 + 8 ≤ 15), so only blocks whose eight bytes are
/// all ASCII and none below `'0'` need a closer look; they are tested four at a time without a
/// branch, so Chinese text costs about half an instruction a byte.
fn may_hold_run(bytes: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // No byte ≥ 0x80, and no byte below '0' (0x30): the classic "has a byte less than n", without
    // a branch.
    let candidate = |b: &[u8]| {
        let w = b.first_chunk::<8>().map_or(HIGH, |w| u64::from_le_bytes(*w));
        (w | (w.wrapping_sub(ONES * 0x30) & !w)) & HIGH == 0
    };
    let alnum = |b: &&u8| b.is_ascii_alphanumeric();
    // Whether the run of letters and digits through candidate block `k` is long enough.
    let long_run = |k: usize| {
        let start = k * 8;
        let from = start + 8;
        let Some(block) = bytes.get(start..from) else { return false };
        if !block.iter().all(u8::is_ascii_alphanumeric) {
            return false;
        }
        let left = bytes.get(..start).unwrap_or_default().iter().rev().take_while(alnum).count();
        let right = bytes.get(from..).unwrap_or_default().iter().take_while(alnum).count();
        left + 8 + right >= 15
    };
    // Four blocks at a time, without a branch per block: Chinese text and most English text
    // pass 32 bytes in a handful of operations. Only around candidate blocks is a run measured
    // (English text has many; scanning all of it byte by byte cost more than its rendering).
    let mut quads = bytes.chunks_exact(32);
    for (q, quad) in quads.by_ref().enumerate() {
        let Some(quad) = quad.first_chunk::<32>() else { continue };
        let any = quad.chunks_exact(8).fold(false, |any, b| any | candidate(b));
        if any && quad.chunks_exact(8).enumerate().any(|(j, b)| candidate(b) && long_run(q * 4 + j)) {
            return true;
        }
    }
    let first = bytes.len() / 32 * 4;
    quads.remainder().chunks_exact(8).enumerate().any(|(j, b)| candidate(b) && long_run(first + j))
}

/// Masks every unified social credit code and resident identity number found anywhere in `text`
/// (personal data), keeping the first and last four characters: `…9111**********341L…`.
///
/// Found are 18-character stretches of letters and digits (inside longer runs too) that are a
/// resident identity number by shape (17 digits and a digit or `X`), a unified social credit code
/// with a correct check character, or a code of the right shape (registration department,
/// six-digit division) with a wrong one — a mistyped identifier is still personal data — and
/// 15-digit first-generation identity numbers. Overlapping finds are masked as one
/// stretch (first and last four characters kept), so no 18-character window of the result is an
/// identifier the function would mask. Everything else is returned unchanged, without copying.
///
/// ```
/// use credit_core::id::mask_identifiers;
/// assert_eq!(mask_identifiers("record r-91110000600037341L of 110105194912310021"),
///            "record r-9111**********341L of 1101**********0021");
/// assert_eq!(mask_identifiers("nothing to hide"), "nothing to hide");
/// ```
pub fn mask_identifiers(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    // Fast path: an identifier needs a run of at least 15 ASCII letters and digits; most text
    // (Chinese, dates, short ids) has none, and is returned untouched after one pass.
    if bytes.len() < 15 || !may_hold_run(bytes) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let run = bytes.get(start..i).unwrap_or_default();
        // Every window is tested, overlapping ones included, and overlapping matches
        // are merged into one span: masking only the first of two overlapping identifiers would
        // leave the second visible after the first's kept last four characters.
        for j in 0..run.len().saturating_sub(17) {
            if run.get(j..j + 18).is_some_and(looks_like_identifier) {
                let (a, b) = (start + j, start + j + 18);
                match spans.last_mut() {
                    Some(last) if last.1 > a => last.1 = b,
                    _ => spans.push((a, b)),
                }
            }
        }
        if run.len() == 15 && run.iter().all(u8::is_ascii_digit) {
            spans.push((start, i));
        }
    }
    if spans.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (a, b) in spans {
        out.push_str(text.get(last..a).unwrap_or_default());
        let id = text.get(a..b).unwrap_or_default();
        out.push_str(&mask(id));
        last = b;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    std::borrow::Cow::Owned(out)
}

/// [`mask_identifiers`] on a `String` in place: the string is replaced only when an identifier
/// was found (a clean string is neither copied nor reallocated).
///
/// ```
/// let mut s = String::from("by 91110000600037341L");
/// credit_core::id::mask_in_place(&mut s);
/// assert_eq!(s, "by 9111**********341L");
/// ```
pub fn mask_in_place(s: &mut String) {
    if let std::borrow::Cow::Owned(masked) = mask_identifiers(s) {
        *s = masked;
    }
}

fn looks_like_identifier(w: &[u8]) -> bool {
    let Some((last, first17)) = w.split_last() else { return false };
    if first17.iter().all(u8::is_ascii_digit) && (last.is_ascii_digit() || last.eq_ignore_ascii_case(&b'X')) {
        return true; // resident identity number (GB 11643) by shape
    }
    // A unified social credit code: 18 characters of the alphabet (case-insensitive), with a
    // valid check character or the shape of a registration department and division code. No
    // allocation: this runs on every window of every string that is masked.
    if w.len() != 18 {
        return false;
    }
    let mut sum = 0u32;
    for (b, weight) in first17.iter().zip(USCC_WEIGHTS) {
        match uscc_value(char::from(b.to_ascii_uppercase())) {
            Some(v) => sum += v * weight,
            None => return false,
        }
    }
    let Some(check) = uscc_char((31 - sum % 31) % 31) else { return false };
    let last = char::from(last.to_ascii_uppercase());
    if uscc_value(last).is_none() {
        return false;
    }
    let department = first17.first().is_some_and(|b| b"123456789ANYany".contains(b));
    let division = first17.get(2..8).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    check == last || (department && division)
}

/// Mask identifiers in policy text before it is parsed: comment lines are skipped (they never
/// reach loaded data), every other line is masked (lengths are kept, so positions stay right).
#[cfg(feature = "toml")]
pub(crate) fn mask_policy_text(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let comment = line.trim_start().starts_with('#');
        let masked = if comment { std::borrow::Cow::Borrowed(line) } else { mask_identifiers(line) };
        match (&mut out, masked) {
            (Some(o), m) => o.push_str(&m),
            (None, std::borrow::Cow::Owned(m)) => {
                let mut o = String::with_capacity(text.len());
                o.push_str(text.get(..start).unwrap_or_default());
                o.push_str(&m);
                out = Some(o);
            }
            (None, std::borrow::Cow::Borrowed(_)) => {}
        }
        start += line.len();
    }
    match out {
        Some(o) => std::borrow::Cow::Owned(o),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Computes the USCC check character (position 18) for the first 17 characters.
///
/// Returns `None` unless `first17` is exactly 17 characters of the upper-case alphabet
/// `0123456789ABCDEFGHJKLMNPQRTUWXY` (no normalisation is applied). Department, category and
/// division are not checked.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::uscc_check_character;
/// assert_eq!(uscc_check_character("91110000600037341"), Some('L'));
/// assert_eq!(uscc_check_character("9111000060003734"), None);
/// # Ok(())
/// # }
/// ```
pub fn uscc_check_character(first17: &str) -> Option<char> {
    let mut count = 0usize;
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += uscc_value(c)? * w;
        count += 1;
    }
    if count != 17 || first17.chars().count() != 17 {
        return None;
    }
    uscc_char((31 - sum % 31) % 31)
}

/// Computes the resident identity number check character (ISO 7064 MOD 11-2) for the first 17
/// characters.
///
/// Returns `None` unless `first17` is exactly 17 ASCII digits. Nothing else is checked.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::resident_id_check_character;
/// assert_eq!(resident_id_check_character("11010519491231002"), Some('X'));
/// assert_eq!(resident_id_check_character("1101051949123100A"), None);
/// # Ok(())
/// # }
/// ```
pub fn resident_id_check_character(first17: &str) -> Option<char> {
    let mut count = 0usize;
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(RESIDENT_WEIGHTS) {
        sum += ascii_digit(c)? * w;
        count += 1;
    }
    if count != 17 || first17.chars().count() != 17 {
        return None;
    }
    RESIDENT_CHECK.chars().nth(usize::try_from(sum % 11).ok()?)
}

/// Validates a unified social credit code (GB 32100-2015).
///
/// The input is normalised first (surrounding whitespace trimmed, ASCII lower case upper-cased);
/// positions refer to the normalised string. Checks, in order: non-empty, 18 characters, alphabet
/// `0123456789ABCDEFGHJKLMNPQRTUWXY`, registration department (position 1), category allowed for
/// the department (position 2), administrative division (positions 3–8: six digits whose first two
/// are a GB/T 2260 province code or `10` for national-level registrations), check character
/// (position 18). An embedded organisation code (positions 9–17) failing its GB 11714 check is
/// reported as a finding, not an error.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::{validate_uscc, IdErrorCode};
/// assert!(validate_uscc("91350100M000100Y43").valid);
/// let bad = validate_uscc("9I110000600037341L");
/// let error = bad.error.ok_or("expected an error")?;
/// assert_eq!((error.code, error.position), (IdErrorCode::InvalidCharacter, Some(2)));
/// # Ok(())
/// # }
/// ```
pub fn validate_uscc(input: &str) -> IdCheck {
    let normalized = normalize(input);
    let result = check_uscc(&normalized);
    build(IdKind::Uscc, normalized, result)
}

/// Validates a resident identity number (GB 11643) against today's date (UTC, from the system
/// clock) for the "birth date in the future" check. See [`validate_resident_id_on`]. If the
/// system clock cannot be read (or on `wasm32-unknown-unknown`, which has none), the future-date
/// check is skipped.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::validate_resident_id;
/// assert!(validate_resident_id("11010519491231002x").valid);
/// # Ok(())
/// # }
/// ```
pub fn validate_resident_id(input: &str) -> IdCheck {
    validate_resident_id_on(input, today_utc())
}

/// Validates a resident identity number (GB 11643) with an explicit reference day `today`.
///
/// The input is normalised first (surrounding whitespace trimmed, ASCII lower case upper-cased,
/// so a final `x` is accepted); positions refer to the normalised string. Checks, in order:
/// non-empty, 18 characters, 17 digits followed by a digit or `X`, province code (positions 1–2,
/// reported at position 1), birth date (positions 7–14, reported at position 7: a real date, not
/// before 1900-01-01, not after `today`), check character (position 18).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use credit_core::id::{validate_resident_id_on, IdErrorCode};
/// let today = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?;
/// assert!(validate_resident_id_on("11010519491231002X", today).valid);
/// let leap = validate_resident_id_on("110105199702290010", today);
/// assert_eq!(leap.error.map(|e| e.code), Some(IdErrorCode::InvalidBirthDate));
/// # Ok(())
/// # }
/// ```
pub fn validate_resident_id_on(input: &str, today: NaiveDate) -> IdCheck {
    let normalized = normalize(input);
    let result = check_resident_id(&normalized, today);
    build(IdKind::ResidentId, normalized, result)
}

/// A valid unified social credit code, in normalised form. `Debug` and `Display` are masked.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::Uscc;
/// let code = Uscc::parse(" 91110000600037341l")?;
/// assert_eq!(code.as_str(), "91110000600037341L");
/// assert_eq!(code.to_string(), "9111**********341L");
/// assert!(Uscc::parse("91110000600037341K").is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc(String);

impl Uscc {
    /// Validates with [`validate_uscc`] and returns the normalised code, or the first error.
    /// Findings are ignored.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let code = credit_core::id::Uscc::parse("91350100M000100Y43")?;
    /// assert_eq!(code.as_str(), "91350100M000100Y43");
    /// # Ok(())
    /// # }
    /// ```
    pub fn parse(input: &str) -> Result<Self, IdError> {
        into_valid(validate_uscc(input)).map(Self)
    }

    /// The normalised code (full, unmasked).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let code: credit_core::id::Uscc = "91110000600037341L".parse()?;
    /// assert_eq!(code.as_str().len(), 18);
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Uscc {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Uscc").field(&mask(&self.0)).finish()
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(&self.0))
    }
}

/// A valid resident identity number, in normalised form. `Debug` and `Display` are masked.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::id::ResidentId;
/// let id = ResidentId::parse("11010519491231002x")?;
/// assert_eq!(id.as_str(), "11010519491231002X");
/// assert_eq!(format!("{id:?}"), "ResidentId(\"1101**********002X\")");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId(String);

impl ResidentId {
    /// Validates with [`validate_resident_id`] (today from the system clock) and returns the
    /// normalised number, or the first error.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let id = credit_core::id::ResidentId::parse("11010519491231002X")?;
    /// assert!(id.as_str().ends_with('X'));
    /// # Ok(())
    /// # }
    /// ```
    pub fn parse(input: &str) -> Result<Self, IdError> {
        into_valid(validate_resident_id(input)).map(Self)
    }

    /// Validates with [`validate_resident_id_on`] against an explicit reference day.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::id::ResidentId;
    /// let today = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?;
    /// let id = ResidentId::parse_on("11010519491231002X", today)?;
    /// assert_eq!(id.as_str(), "11010519491231002X");
    /// # Ok(())
    /// # }
    /// ```
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<Self, IdError> {
        into_valid(validate_resident_id_on(input, today)).map(Self)
    }

    /// The normalised number (full, unmasked).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let id: credit_core::id::ResidentId = "11010519491231002X".parse()?;
    /// assert_eq!(id.as_str().len(), 18);
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ResidentId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&mask(&self.0)).finish()
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(&self.0))
    }
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

/// Whether `input` is a valid identifier of the subject's kind (a resident identity number for
/// natural persons, else a unified social credit code), and the error when it is not: the verdict
/// [`validate_uscc`] / [`validate_resident_id_on`] give, without their normalised copy (a short
/// ASCII input is upper-cased on the stack). Evaluation reads only this.
pub(crate) fn verdict(input: &str, resident: bool, today: NaiveDate) -> Result<(), IdError> {
    let check = |s: &str| if resident { check_resident_id(s, today) } else { check_uscc(s) };
    let trimmed = input.trim();
    let mut buf = [0u8; 64];
    match buf.get_mut(..trimmed.len()) {
        Some(dst) if trimmed.is_ascii() => {
            dst.copy_from_slice(trimmed.as_bytes());
            dst.make_ascii_uppercase();
            // ASCII in, ASCII out: always valid UTF-8.
            match std::str::from_utf8(dst) {
                Ok(s) => check(s).map(drop),
                Err(_) => check(&normalize(input)).map(drop),
            }
        }
        _ => check(&normalize(input)).map(drop),
    }
}

fn normalize(input: &str) -> String {
    // ASCII upper-casing keeps every character's length: one allocation of the final size.
    input.trim().to_ascii_uppercase()
}

fn build(kind: IdKind, normalized: String, result: Result<Vec<IdFinding>, IdError>) -> IdCheck {
    let normalized = (!normalized.is_empty()).then_some(normalized);
    match result {
        Ok(findings) => IdCheck { kind, valid: true, error: None, findings, normalized },
        Err(error) => IdCheck { kind, valid: false, error: Some(error), findings: Vec::new(), normalized },
    }
}

fn into_valid(check: IdCheck) -> Result<String, IdError> {
    match (check.error, check.normalized) {
        (Some(error), _) => Err(error),
        (None, Some(normalized)) => Ok(normalized),
        (None, None) => Err(empty_error()),
    }
}

/// Today's date in UTC. `wasm32-unknown-unknown` has no system clock (`SystemTime::now` would
/// panic there), so on that target the future-date check is skipped; browser code passes today's
/// date to [`validate_resident_id_on`] instead (the JS binding does).
#[cfg(target_arch = "wasm32")]
fn today_utc() -> NaiveDate {
    NaiveDate::MAX
}

#[cfg(not(target_arch = "wasm32"))]
fn today_utc() -> NaiveDate {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|dt| dt.date_naive())
        .unwrap_or(NaiveDate::MAX)
}

fn uscc_value(c: char) -> Option<u32> {
    if !c.is_ascii() {
        return None;
    }
    let v = *USCC_VALUES.get(usize::try_from(u32::from(c)).ok()?)?;
    v.checked_sub(1).map(u32::from)
}

fn uscc_char(value: u32) -> Option<char> {
    USCC_ALPHABET.chars().nth(usize::try_from(value).ok()?)
}

fn ascii_digit(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        c.to_digit(10)
    } else {
        None
    }
}

/// GB 11714 value: digits 0–9, letters A=10 … Z=35.
fn org_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        c.to_digit(10)
    } else if c.is_ascii_uppercase() {
        Some(u32::from(c) - u32::from('A') + 10)
    } else {
        None
    }
}

fn allowed_categories(department: char) -> Option<&'static [char]> {
    let categories: &'static [char] = match department {
        '1' => &['1', '2', '3', '9'],
        '2' => &['1', '9'],
        '3' => &['1', '2', '3', '4', '5', '9'],
        '4' => &['1', '9'],
        '5' => &['1', '2', '3', '9'],
        '6' => &['1', '2', '9'],
        '7' => &['1', '2', '9'],
        '8' => &['1', '9'],
        '9' => &['1', '2', '3'],
        'A' => &['1', '9'],
        'N' => &['1', '2', '3', '9'],
        'Y' => &['1'],
        _ => return None,
    };
    Some(categories)
}

fn shown(c: char) -> String {
    c.escape_debug().collect()
}

fn empty_error() -> IdError {
    IdError::new(IdErrorCode::Empty, None, "empty identifier".to_owned())
}

/// Empty and length checks; returns the characters of an 18-character input.
fn check_shape(s: &str) -> Result<[char; LENGTH], IdError> {
    if s.is_empty() {
        return Err(empty_error());
    }
    let mut chars = ['\0'; LENGTH];
    let mut found = 0usize;
    for c in s.chars() {
        if let Some(slot) = chars.get_mut(found) {
            *slot = c;
        }
        found += 1;
    }
    if found == LENGTH {
        Ok(chars)
    } else {
        Err(IdError::new(
            IdErrorCode::InvalidLength,
            None,
            format!("invalid length: expected {LENGTH} characters, found {found}"),
        ))
    }
}

/// Division check shared by both identifiers: `digits` are the six division characters starting
/// at 1-based position `start`.
fn check_division(digits: &[char], start: usize, allow_national: bool) -> Result<(), IdError> {
    let mut province = 0u32;
    for (i, &c) in digits.iter().enumerate() {
        let Some(d) = ascii_digit(c) else {
            return Err(IdError::new(
                IdErrorCode::InvalidDivision,
                Some(start + i),
                format!(
                    "invalid administrative division character `{}` at position {}: expected a digit",
                    shown(c),
                    start + i
                ),
            ));
        };
        if i < 2 {
            province = province * 10 + d;
        }
    }
    if PROVINCES.contains(&province) || (allow_national && province == NATIONAL_LEVEL) {
        Ok(())
    } else {
        Err(IdError::new(
            IdErrorCode::InvalidDivision,
            Some(start),
            format!("invalid province code `{province:02}` at position {start}"),
        ))
    }
}

fn check_uscc(s: &str) -> Result<Vec<IdFinding>, IdError> {
    let chars = check_shape(s)?;
    let mut values = [0u32; LENGTH];
    for ((i, &c), slot) in chars.iter().enumerate().zip(values.iter_mut()) {
        *slot = uscc_value(c).ok_or_else(|| {
            IdError::new(
                IdErrorCode::InvalidCharacter,
                Some(i + 1),
                format!("invalid character `{}` at position {}: not in the code alphabet", shown(c), i + 1),
            )
        })?;
    }
    let [department, category, division @ .., _, _, _, _, _, _, _, _, _, _] = chars;
    let Some(categories) = allowed_categories(department) else {
        return Err(IdError::new(
            IdErrorCode::InvalidDepartment,
            Some(1),
            format!("invalid registration department `{department}` at position 1"),
        ));
    };
    if !categories.contains(&category) {
        return Err(IdError::new(
            IdErrorCode::InvalidCategory,
            Some(2),
            format!("invalid category `{category}` at position 2 for registration department `{department}`"),
        ));
    }
    check_division(&division, 3, true)?;

    let [first17 @ .., actual] = values;
    let sum: u32 = first17.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let expected = (31 - sum % 31) % 31;
    if actual != expected {
        let [.., last] = chars;
        let expected = uscc_char(expected).unwrap_or('?');
        return Err(IdError::new(
            IdErrorCode::InvalidCheckCharacter,
            Some(LENGTH),
            format!("invalid check character `{last}` at position {LENGTH}: expected `{expected}`"),
        ));
    }

    let mut findings = Vec::new();
    let [_, _, _, _, _, _, _, _, body @ .., org_check, _] = chars;
    let org_sum: Option<u32> = body.iter().zip(ORG_WEIGHTS).map(|(&c, w)| org_value(c).map(|v| v * w)).sum();
    let org_expected = org_sum.map(|sum| match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('?'),
    });
    if org_expected != Some(org_check) {
        let expected = org_expected.unwrap_or('?');
        findings.push(IdFinding {
            code: IdFindingCode::OrganizationCodeCheckMismatch,
            position: Some(17),
            message: format!(
                "organization code check character `{org_check}` at position 17 does not match: expected `{expected}`"
            ),
        });
    }
    Ok(findings)
}

fn check_resident_id(s: &str, today: NaiveDate) -> Result<Vec<IdFinding>, IdError> {
    let chars = check_shape(s)?;
    let mut digits = [0u32; LENGTH];
    for ((i, &c), slot) in chars.iter().enumerate().zip(digits.iter_mut()) {
        let last = i + 1 == LENGTH;
        match ascii_digit(c) {
            Some(d) => *slot = d,
            None if last && c == 'X' => *slot = 10,
            None => {
                let expected = if last { "a digit or `X`" } else { "a digit" };
                return Err(IdError::new(
                    IdErrorCode::InvalidCharacter,
                    Some(i + 1),
                    format!("invalid character `{}` at position {}: expected {expected}", shown(c), i + 1),
                ));
            }
        }
    }
    let [a1, a2, a3, a4, a5, a6, ..] = chars;
    check_division(&[a1, a2, a3, a4, a5, a6], 1, false)?;

    let [_, _, _, _, _, _, y1, y2, y3, y4, m1, m2, d1, d2, ..] = digits;

    let year = i32::try_from(y1 * 1000 + y2 * 100 + y3 * 10 + y4).unwrap_or(0);
    let birth = NaiveDate::from_ymd_opt(year, m1 * 10 + m2, d1 * 10 + d2);
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1);
    match birth {
        None => {
            return Err(IdError::new(
                IdErrorCode::InvalidBirthDate,
                Some(7),
                "invalid birth date at positions 7–14: not a calendar date".to_owned(),
            ))
        }
        Some(date) if Some(date) < earliest => {
            return Err(IdError::new(
                IdErrorCode::InvalidBirthDate,
                Some(7),
                "invalid birth date at positions 7–14: before 1900-01-01".to_owned(),
            ))
        }
        Some(date) if date > today => {
            return Err(IdError::new(
                IdErrorCode::FutureBirthDate,
                Some(7),
                "birth date at positions 7–14 is in the future".to_owned(),
            ))
        }
        Some(_) => {}
    }

    let [first17 @ .., _] = digits;
    let sum: u32 = first17.iter().zip(RESIDENT_WEIGHTS).map(|(v, w)| v * w).sum();
    let expected = usize::try_from(sum % 11).ok().and_then(|i| RESIDENT_CHECK.chars().nth(i));
    let [.., last] = chars;
    if expected != Some(last) {
        let expected = expected.unwrap_or('?');
        return Err(IdError::new(
            IdErrorCode::InvalidCheckCharacter,
            Some(LENGTH),
            format!("invalid check character `{last}` at position {LENGTH}: expected `{expected}`"),
        ));
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod run_tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    fn naive(text: &str) -> bool {
        let mut run = 0;
        for b in text.bytes() {
            run = if b.is_ascii_alphanumeric() { run + 1 } else { 0 };
            if run >= 15 {
                return true;
            }
        }
        false
    }

    #[test]
    fn the_block_prescan_finds_every_run_the_byte_scan_finds() {
        let pieces = ["9", "1", "A", "z", "0", "信", "用", "*", " ", "-", "/", ":", "@", "[", "`", "{", "0123456", "X"];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..50_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Mostly alphanumeric pieces, so long runs occur often.
                let k = (seed % 100) as usize;
                s.push_str(pieces[if k < 80 { k % 5 } else { 5 + k % (pieces.len() - 5) }]);
            }
            assert_eq!(super::may_hold_run(s.as_bytes()), naive(&s), "{s:?}");
        }
    }
}

#[cfg(test)]
mod verdict_tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn same(input: &str) {
        let today = NaiveDate::from_ymd_opt(2025, 10, 9).unwrap();
        let full = validate_uscc(input);
        assert_eq!(verdict(input, false, today).err(), full.error, "uscc {input:?}");
        let full = validate_resident_id_on(input, today);
        assert_eq!(verdict(input, true, today).err(), full.error, "resident {input:?}");
    }

    #[test]
    fn the_evaluation_verdict_on_an_identifier_equals_the_full_validation() {
        for input in [
            "91350100M000100Y43",
            "91350100m000100y43",
            "  91350100M000100Y43\t",
            "91110000600037341L",
            "91110000600037341X",
            "9I110000600037341L",
            "11010519491231002X",
            "11010519491231002x",
            "110105194912310021",
            "110105209912310021",
            "",
            " ",
            "１１０１０５１９４９１２３１００２Ｘ",
            "9135０100M000100Y43",
            "91350100M000100Y43\u{0}",
            &"9".repeat(63),
            &"9".repeat(64),
            &"9".repeat(65),
            &"x".repeat(200),
        ] {
            same(input);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_gets_the_same_verdict_both_ways(s in "[ 0-9A-Za-z\u{4e00}-\u{4e10}]{0,70}") {
            same(&s);
        }
    }
}

#[cfg(test)]
mod may_hold_run_tests {
    /// The block search answers as a plain scan of every byte would.
    #[test]
    fn the_block_search_finds_a_run_exactly_when_a_byte_by_byte_scan_does() {
        let naive = |b: &[u8]| {
            let mut run = 0;
            b.iter().any(|c| {
                run = if c.is_ascii_alphanumeric() { run + 1 } else { 0 };
                run >= 15
            })
        };
        let alphabet: &[u8] = b"aZ09 _-:~\xe4";
        let mut x: u64 = 12345;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 60) as usize;
            let mut v = Vec::new();
            let mut y = x;
            for _ in 0..len {
                y = y.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let r = (y >> 33) as usize;
                v.push(if r % 4 == 0 {
                    alphabet.get(r % alphabet.len()).copied().unwrap_or(b' ')
                } else {
                    b'a' + (r % 3) as u8
                });
            }
            assert_eq!(super::may_hold_run(&v), naive(&v), "{v:?}");
        }
    }
}
