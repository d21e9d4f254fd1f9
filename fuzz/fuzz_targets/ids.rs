//! Identifier validators and masking on arbitrary strings.
//!
//! Invariants: no panic; a valid result's normalised id re-validates to itself; `mask` of an
//! identifier and `mask_identifiers` of any text never leave an 18-character valid identifier
//! (unified social credit code or resident identity number) visible.
#![no_main]

use chrono::NaiveDate;
use credit_core::id::{
    mask, mask_identifiers, resident_id_check_character, uscc_check_character, validate_resident_id,
    validate_resident_id_on, validate_uscc, ResidentId, Uscc,
};
use libfuzzer_sys::fuzz_target;

fn is_valid_id(w: &str) -> bool {
    validate_uscc(w).valid || validate_resident_id_on(w, NaiveDate::MAX).valid
}

/// 18-character windows of ASCII letters and digits in `s` that are valid identifiers.
fn visible_ids(s: &str) -> Vec<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len().saturating_sub(17) {
        if let Some(w) = b.get(i..i + 18) {
            if w.iter().all(u8::is_ascii_alphanumeric) {
                if let Ok(w) = std::str::from_utf8(w) {
                    if is_valid_id(w) {
                        out.push(w.to_owned());
                    }
                }
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s = s.as_ref();

    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date");
    for check in [validate_uscc(s), validate_resident_id(s), validate_resident_id_on(s, today)] {
        let _ = format!("{check:?}");
        let _ = serde_json::to_string(&check).expect("an IdCheck serializes");
        let masked = check.masked();
        if check.valid {
            let n = check.normalized().expect("a valid check has a normalised id").to_owned();
            assert!(check.error.is_none());
            let again = match check.kind {
                credit_core::id::IdKind::Uscc => validate_uscc(&n),
                _ => validate_resident_id_on(&n, NaiveDate::MAX),
            };
            assert!(again.valid, "normalised {n:?} of valid {s:?} does not re-validate: {again:?}");
            assert_eq!(again.normalized(), Some(n.as_str()), "normalisation is not idempotent");
            assert_ne!(masked, n, "masked shows the id");
            assert!(!masked.contains(&n), "masked shows the id");
            assert!(visible_ids(&masked).is_empty(), "masked {masked:?} shows a valid id");
        } else {
            assert!(check.error.is_some(), "an invalid check carries an error: {check:?}");
        }
    }
    if let Ok(u) = Uscc::parse(s) {
        assert!(validate_uscc(u.as_str()).valid);
        assert!(visible_ids(&u.to_string()).is_empty());
        assert!(visible_ids(&format!("{u:?}")).is_empty());
    }
    if let Ok(r) = ResidentId::parse(s) {
        assert!(validate_resident_id(r.as_str()).valid);
        assert!(visible_ids(&r.to_string()).is_empty());
        assert!(visible_ids(&format!("{r:?}")).is_empty());
    }
    let _ = uscc_check_character(s);
    let _ = resident_id_check_character(s);

    // mask: never the whole identifier.
    let m = mask(s);
    assert_eq!(m.chars().count(), s.chars().count());
    if s.chars().count() == 18 && is_valid_id(s) {
        assert!(!m.contains(s) && visible_ids(&m).is_empty(), "mask({s:?}) = {m:?} shows it");
    }

    // mask_identifiers: no valid identifier stays visible anywhere in the text.
    let mi = mask_identifiers(s);
    let left = visible_ids(&mi);
    assert!(left.is_empty(), "mask_identifiers({s:?}) = {mi:?} leaves {left:?} visible");
    assert_eq!(mi.chars().count(), s.chars().count(), "mask_identifiers changes the length");
    // Nothing it would mask is left, except a run that became exactly 15 digits (the kept four
    // characters of a mask next to eleven digits) — a 15-digit number is only masked on its own.
    let again = mask_identifiers(&mi);
    if again != mi {
        let (a, b) = (mi.as_bytes(), again.as_bytes());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            if x != y {
                let run_start =
                    a.get(..i).map_or(0, |h| h.iter().rposition(|c| !c.is_ascii_alphanumeric()).map_or(0, |p| p + 1));
                let run_len =
                    a.get(run_start..).map_or(0, |t| t.iter().take_while(|c| c.is_ascii_alphanumeric()).count());
                assert_eq!(run_len, 15, "mask_identifiers({s:?}) = {mi:?} is not idempotent: {again:?}");
            }
        }
    }
});
