//! The rule ids policies, cases and explanations cite: every rule of RULEBOOK.md (seeds) and the
//! sections of NATIONAL.md (`NAT-1` … `NAT-10`), with a short English title each.

/// Every RULEBOOK id with its title, in RULEBOOK order.
pub const RULEBOOK: &[(&str, &str)] = &[
    ("SUB-1", "subject types in scope"),
    ("SUB-2", "general dishonesty; minor conduct out of focus"),
    ("SUB-3", "serious dishonesty: serious lists"),
    ("SUB-4", "key-domain dishonesty"),
    ("SUB-5", "grades for graded supervision"),
    ("SUB-6", "watch list: supervision, no sanctions"),
    ("SUB-7", "red and black lists with exits"),
    ("SUB-8", "five classes of serious dishonesty"),
    ("TRI-1", "survey registration status; exit / assist / restrain lists"),
    ("TRI-2", "deregistered, moved out, liquidating, bankrupt: exit"),
    ("TRI-3", "revoked: urge deregistration; debtors to bankruptcy; tax and procurement exits"),
    ("TRI-4", "obligations performed: removed promptly"),
    ("TRI-5", "assist list: repair help"),
    ("TRI-6", "restrain list: key supervision and restrictions"),
    ("TRI-7", "serious subjects below 1% of legal persons"),
    ("MEA-1", "measures only from the catalogue, with its fields"),
    ("MEA-2", "rights-reducing measures need law, regulation or central policy"),
    ("MEA-3", "lawful, relevant, proportionate; no heavy punishment for small faults"),
    ("MEA-4", "no added or heavier measures"),
    ("MEA-5", "banks, credit agencies, associations and media not compelled"),
    ("MEA-6", "list criteria not widened; notice before listing"),
    ("MEA-7", "measure families"),
    ("MEA-8", "typical restrictions"),
    ("PER-1", "sanction period; removal at its end"),
    ("PER-2", "unified period across implementing units"),
    ("PER-3", "disclosure period equals validity"),
    ("PER-4", "双公示 within 7 working days"),
    ("OBJ-1", "objection to the determining unit; complaint to the leading group"),
    ("OBJ-2", "Mianyang: measures suspended; period resumes from rejection"),
    ("OBJ-3", "Tonghua: 15 working days; not suspended"),
    ("REP-1", "repair after correction, on application to the handling body"),
    ("REP-2", "no further measures after repair"),
    ("REP-3", "repair conditions public; assistance"),
    ("REP-4", "repair decided within the time limit"),
    ("INC-1", "incentive subjects"),
    ("INC-2", "three clean years: green channel, 容缺受理"),
    ("INC-3", "priority and fewer inspections"),
    ("COM-1", "commitments recorded; breaches are negative information"),
    ("COM-2", "notify-and-commit; serious subjects excluded"),
    ("ID-1", "unified social credit code and resident identity number"),
    ("FLOW-1", "trigger"),
    ("FLOW-2", "determination"),
    ("FLOW-3", "implementation and feedback"),
];

/// NATIONAL.md sections.
pub const NATIONAL: &[(&str, &str)] = &[
    ("NAT-1", "counting periods (Civil Code Arts. 200-204)"),
    ("NAT-2", "working-day calendar"),
    ("NAT-3", "credit repair and publication periods"),
    ("NAT-4", "principles for sanction measures (国办发〔2020〕49号)"),
    ("NAT-5", "national basic list of measures"),
    ("NAT-6", "serious lists and their exits"),
    ("NAT-7", "objection clocks in provincial regulations"),
    ("NAT-8", "publication of administrative penalties"),
    ("NAT-9", "graded supervision"),
    ("NAT-10", "identifiers"),
];

/// Slots of [`INDEX`] (a power of two, at least four times the number of ids).
const SLOTS: usize = 256;
const _: () = assert!(4 * ALL <= SLOTS, "more rule ids: grow SLOTS");

/// FNV-1a of `bytes`, usable in constants.
#[allow(clippy::indexing_slicing, reason = "`i < bytes.len()` is checked by the loop")]
const fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

/// The `i`-th id of RULEBOOK followed by NATIONAL, for building [`IDS`] (an index out of range
/// would fail the build).
#[allow(clippy::indexing_slicing, reason = "evaluated at compile time only, for `i` below the tables' length")]
const fn nth(i: usize) -> &'static str {
    if i < RULEBOOK.len() {
        RULEBOOK[i].0
    } else {
        NATIONAL[i - RULEBOOK.len()].0
    }
}

/// Number of ids in RULEBOOK and NATIONAL.
const ALL: usize = RULEBOOK.len() + NATIONAL.len();

/// The ids alone, in order (run-time lookups read these, so the English titles are not linked
/// into a build that never shows them, such as the browser bundle).
#[allow(clippy::indexing_slicing, reason = "compile-time evaluation, for `i` below ALL")]
const IDS: [&str; ALL] = {
    let mut ids = [""; ALL];
    let mut i = 0;
    while i < ALL {
        ids[i] = nth(i);
        i += 1;
    }
    ids
};

/// An open-addressing table built at compile time: slot `fnv(id) % SLOTS` (or the next free one)
/// holds the id's position in RULEBOOK + NATIONAL, plus one; 0 is empty.
#[allow(clippy::indexing_slicing, reason = "compile-time evaluation; every index is reduced modulo SLOTS")]
const INDEX: [u8; SLOTS] = {
    let mut index = [0u8; SLOTS];
    let mut i = 0;
    while i < ALL {
        let mut slot = (fnv(IDS[i].as_bytes()) % SLOTS as u64) as usize;
        while index[slot] != 0 {
            slot = (slot + 1) % SLOTS;
        }
        index[slot] = (i + 1) as u8;
        i += 1;
    }
    index
};

/// The static copy of a known rule id (so explanations need not allocate for it): a hash of a
/// few bytes and one comparison, through a table built at compile time (a `match` over the 53
/// ids compiled to a chain of comparisons, ≈ 200 instructions a lookup).
pub(crate) fn intern(id: &str) -> Option<&'static str> {
    let mut slot = (fnv(id.as_bytes()) % SLOTS as u64) as usize;
    loop {
        let i = usize::from(*INDEX.get(slot)?).checked_sub(1)?;
        let known = *IDS.get(i)?;
        if known == id {
            return Some(known);
        }
        slot = (slot + 1) % SLOTS;
    }
}

/// Whether `id` is a RULEBOOK or NATIONAL id.
pub fn is_known(id: &str) -> bool {
    intern(id).is_some()
}

/// The title of a rule id.
pub fn title(id: &str) -> Option<&'static str> {
    RULEBOOK.iter().chain(NATIONAL).find(|(r, _)| *r == id).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intern_knows_exactly_the_tables() {
        for (id, _) in RULEBOOK.iter().chain(NATIONAL) {
            assert_eq!(intern(id), Some(*id));
        }
        for other in ["MEA-9", "mea-1", "", "-", "SUB-", "SUB-10", "NAT-11", "NAT-1 ", "NAT-1\0", "FLOW-4", "ID-2"] {
            assert_eq!(intern(other), None, "{other:?}");
        }
        assert_eq!(RULEBOOK.len() + NATIONAL.len(), 53);
    }
}
