import ArgumentParser

/// `ctdna`: ingest liquid-biopsy result files, follow each patient's ctDNA over time.
struct CtDNA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctdna",
        abstract: "Follow multiple-myeloma patients through circulating tumour DNA.",
        version: "0.1.0",
        subcommands: [Ingest.self, Validate.self, Patients.self, Trend.self, ReportCommand.self, Verify.self, Schema.self]
    )
}

CtDNA.main()
