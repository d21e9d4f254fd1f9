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

/// The static copy of a known rule id (so explanations need not allocate for it).
pub fn intern(id: &str) -> Option<&'static str> {
    RULEBOOK.iter().chain(NATIONAL).find(|(r, _)| *r == id).map(|(r, _)| *r)
}

/// Whether `id` is a RULEBOOK or NATIONAL id.
pub fn is_known(id: &str) -> bool {
    RULEBOOK.iter().chain(NATIONAL).any(|(r, _)| *r == id)
}

/// The title of a rule id.
pub fn title(id: &str) -> Option<&'static str> {
    RULEBOOK.iter().chain(NATIONAL).find(|(r, _)| *r == id).map(|(_, t)| *t)
}
