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

/// The static copy of a known rule id (so explanations need not allocate for it). A `match`
/// compiles to a byte-wise decision tree: much faster than scanning the tables on a hot path.
pub(crate) fn intern(id: &str) -> Option<&'static str> {
    match id {
        "SUB-1" => Some("SUB-1"),
        "SUB-2" => Some("SUB-2"),
        "SUB-3" => Some("SUB-3"),
        "SUB-4" => Some("SUB-4"),
        "SUB-5" => Some("SUB-5"),
        "SUB-6" => Some("SUB-6"),
        "SUB-7" => Some("SUB-7"),
        "SUB-8" => Some("SUB-8"),
        "TRI-1" => Some("TRI-1"),
        "TRI-2" => Some("TRI-2"),
        "TRI-3" => Some("TRI-3"),
        "TRI-4" => Some("TRI-4"),
        "TRI-5" => Some("TRI-5"),
        "TRI-6" => Some("TRI-6"),
        "TRI-7" => Some("TRI-7"),
        "MEA-1" => Some("MEA-1"),
        "MEA-2" => Some("MEA-2"),
        "MEA-3" => Some("MEA-3"),
        "MEA-4" => Some("MEA-4"),
        "MEA-5" => Some("MEA-5"),
        "MEA-6" => Some("MEA-6"),
        "MEA-7" => Some("MEA-7"),
        "MEA-8" => Some("MEA-8"),
        "PER-1" => Some("PER-1"),
        "PER-2" => Some("PER-2"),
        "PER-3" => Some("PER-3"),
        "PER-4" => Some("PER-4"),
        "OBJ-1" => Some("OBJ-1"),
        "OBJ-2" => Some("OBJ-2"),
        "OBJ-3" => Some("OBJ-3"),
        "REP-1" => Some("REP-1"),
        "REP-2" => Some("REP-2"),
        "REP-3" => Some("REP-3"),
        "REP-4" => Some("REP-4"),
        "INC-1" => Some("INC-1"),
        "INC-2" => Some("INC-2"),
        "INC-3" => Some("INC-3"),
        "COM-1" => Some("COM-1"),
        "COM-2" => Some("COM-2"),
        "ID-1" => Some("ID-1"),
        "FLOW-1" => Some("FLOW-1"),
        "FLOW-2" => Some("FLOW-2"),
        "FLOW-3" => Some("FLOW-3"),
        "NAT-1" => Some("NAT-1"),
        "NAT-2" => Some("NAT-2"),
        "NAT-3" => Some("NAT-3"),
        "NAT-4" => Some("NAT-4"),
        "NAT-5" => Some("NAT-5"),
        "NAT-6" => Some("NAT-6"),
        "NAT-7" => Some("NAT-7"),
        "NAT-8" => Some("NAT-8"),
        "NAT-9" => Some("NAT-9"),
        "NAT-10" => Some("NAT-10"),
        _ => None,
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
        assert_eq!(intern("MEA-9"), None);
        assert_eq!(intern("mea-1"), None);
        assert_eq!(RULEBOOK.len() + NATIONAL.len(), 53);
    }
}
