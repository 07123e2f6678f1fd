import ArgumentParser

/// `--verbose`: values from the files in error messages (names never).
struct VerboseOption: ParsableArguments {
    @Flag(name: .long, help: "Include values from the files in error messages.")
    var verbose = false
}

/// `--json`: machine-readable output.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Write JSON instead of text.")
    var json = false
}

/// Which patient: an MRN (with `--issuer` when one MRN is held under several issuers), or `--all`.
struct PatientSelection: ParsableArguments {
    @Option(name: .long, help: "The MRN's issuer, when one MRN is held under several issuers.")
    var issuer: String?

    @Flag(name: .long, help: "Every patient in the store.")
    var all = false

    @Argument(help: "The patient's medical record number.")
    var mrn: String?

    func validate() throws {
        guard all != (mrn != nil) else { throw ValidationError("give one MRN, or --all") }
    }
}
