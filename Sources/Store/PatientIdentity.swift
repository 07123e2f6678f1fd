import CtDNAModel

/// Never a silent split, never a silent merge (issue 15). A patient is MRN + issuer. A
/// file that would create a new patient is refused, naming both identities, when
///
/// 1. its MRN is stored under another issuer (not declared the same with
///    `ctdna patients alias`) for a patient whose birth date and sex do not contradict
///    the file's: the same person under two spellings of one issuer (`NBH` and
///    `https://nbh.example/mrn`) would otherwise become two patients;
/// 2. a stored patient under another MRN has the same family name, given names, birth
///    date and sex: one person under two MRNs.
///
/// Either refusal is lifted only by a declaration the lab makes on purpose:
/// `ctdna patients alias A B` (the issuers are one: the file joins the stored patient) or
/// `ctdna patients distinct` (the two identities are two people: the file makes a new
/// patient). A stored patient whose birth date or sex differs is another person: no
/// refusal (our choice: the wrong-patient guard already refuses such a file when it
/// matches by MRN + issuer).
struct PatientIdentity {
    let db: any SQLSession

    /// The issuer's group representative: the canonical issuer it was declared an
    /// alias of, else itself.
    static func canonical(_ issuer: String, _ db: any SQLSession) throws -> String {
        guard !issuer.isEmpty else { return issuer }
        return try db.scalar("SELECT canonical FROM issuer_alias WHERE issuer = ?", [issuer], as: String.self) ?? issuer
    }

    static func sorted(_ a: PatientIdentifier, _ b: PatientIdentifier) -> (PatientIdentifier, PatientIdentifier) {
        let ka = (a.mrn, a.issuer ?? ""), kb = (b.mrn, b.issuer ?? "")
        return ka < kb ? (a, b) : (b, a)
    }

    func declaredDistinct(_ a: PatientIdentifier, _ b: PatientIdentifier) throws -> Bool {
        let (x, y) = Self.sorted(a, b)
        return try db.scalar("""
            SELECT EXISTS (SELECT 1 FROM distinct_patients WHERE mrn_a = ? AND issuer_a = ? AND mrn_b = ? AND issuer_b = ?)
            """, [x.mrn, x.issuer ?? "", y.mrn, y.issuer ?? ""], as: Bool.self) ?? false
    }

    static func identity(_ row: SQLRow) throws -> PatientIdentifier {
        PatientIdentifier(mrn: try row.value("mrn"), issuer: try row.value("issuer"))
    }

    /// Throws `.conflict` when the new patient would split or merge a stored one.
    func checkNewPatient(_ patient: Patient, issuer: String, sameMRN: [SQLRow]) throws {
        let file = PatientIdentifier(mrn: patient.identifier.mrn, issuer: issuer)
        for row in sameMRN {
            let stored = PatientIdentifier(mrn: file.mrn, issuer: try row.value("issuer"))
            let storedBirth: String? = try row.value("birth_date")
            let storedSex = Sex(rawValue: try row.value("sex")) ?? .unknown
            let birthDiffers = storedBirth != nil && patient.birthDate != nil && storedBirth != patient.birthDate?.description
            let sexDiffers = storedSex != .unknown && patient.sex != .unknown && storedSex != patient.sex
            if birthDiffers || sexDiffers { continue }
            if try declaredDistinct(file, stored) { continue }
            throw StoreError.conflict("""
                patient identity: the file's patient \(file) has the MRN of the stored patient \(stored), \
                whose birth date and sex do not differ; if \(issuer) and \(stored.issuer ?? "") are one issuer, \
                declare it (ctdna patients alias), or if these are two people, declare that (ctdna patients distinct)
                """)
        }
        guard let name = patient.name, let birth = patient.birthDate, patient.sex != .unknown else { return }
        let twins = try db.rows("""
            SELECT mrn, issuer, family_name, given_names FROM patient WHERE birth_date = ? AND sex = ? AND mrn <> ?
            """, [birth.description, patient.sex.rawValue, file.mrn])
        for row in twins {
            let given = (try row.value("given_names") as String?)?.split(separator: " ").map(String.init) ?? []
            let storedName = PersonName(family: try row.value("family_name"), given: given)
            guard name.sameAs(storedName) else { continue }
            let stored = try Self.identity(row)
            if try declaredDistinct(file, stored) { continue }
            throw StoreError.conflict("""
                patient identity: the file's patient \(file) has the name, birth date and sex of the stored patient \
                \(stored) under another MRN; one person is not split under two MRNs: correct the file's MRN, or if \
                these are two people, declare that (ctdna patients distinct)
                """)
        }
    }
}

extension CtDNAStore {
    /// Declares `issuer` and `other` one issuer: a file of either joins the stored patient
    /// with its MRN under the other. Patients already stored under both stay two rows
    /// (nothing stored is moved); queries name them with `--issuer`. The two groups are
    /// joined under the canonical issuer of the first named.
    public func declareIssuerAlias(_ issuer: String, _ other: String, by: String, at now: Timestamp) throws(StoreError) {
        guard issuer != other else { throw .conflict("an issuer is already itself") }
        try writing { db in
            let root = try PatientIdentity.canonical(issuer, db)
            let joined = try PatientIdentity.canonical(other, db)
            guard root != joined else { return }
            // Every alias of the joined group, and its root, now point at `root`.
            try db.execute("UPDATE issuer_alias SET canonical = ? WHERE canonical = ?", [root, joined])
            try db.execute("INSERT INTO issuer_alias (issuer, canonical, declared_by, declared_at) VALUES (?, ?, ?, ?)", [joined, root, by, now.text])
        }
    }

    /// Declares two identities two people (see `PatientIdentity`).
    public func declareDistinct(_ a: PatientIdentifier, _ b: PatientIdentifier, by: String, at now: Timestamp) throws(StoreError) {
        guard a != b else { throw .conflict("a patient cannot be declared distinct from itself") }
        let (x, y) = PatientIdentity.sorted(a, b)
        try writing { db in
            try db.execute("""
                INSERT INTO distinct_patients (mrn_a, issuer_a, mrn_b, issuer_b, declared_by, declared_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, [x.mrn, x.issuer ?? "", y.mrn, y.issuer ?? "", by, now.text])
        }
    }

    public func issuerAliases() throws(StoreError) -> [IssuerAlias] {
        try reading { db in
            try db.rows("SELECT * FROM issuer_alias ORDER BY canonical, issuer").map { row in
                IssuerAlias(issuer: try row.value("issuer"), canonical: try row.value("canonical"),
                            declaredBy: try row.value("declared_by"), declaredAt: try row.value("declared_at"))
            }
        }
    }

    public func distinctPatients() throws(StoreError) -> [DistinctPatients] {
        try reading { db in
            try db.rows("SELECT * FROM distinct_patients ORDER BY mrn_a, issuer_a, mrn_b, issuer_b").map { row in
                DistinctPatients(first: PatientIdentifier(mrn: try row.value("mrn_a"), issuer: try row.value("issuer_a")),
                                 second: PatientIdentifier(mrn: try row.value("mrn_b"), issuer: try row.value("issuer_b")),
                                 declaredBy: try row.value("declared_by"), declaredAt: try row.value("declared_at"))
            }
        }
    }
}
