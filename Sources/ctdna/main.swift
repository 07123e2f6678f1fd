import ArgumentParser
import CommandSupport

/// `ctdna`: ingest liquid-biopsy result files, follow each patient's ctDNA over time.
struct CtDNA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctdna",
        abstract: "Follow multiple-myeloma patients through circulating tumour DNA.",
        version: ctdnaVersion,
        subcommands: [Ingest.self, Validate.self, Patients.self, Trend.self, Export.self, ReportLauncher.self, Verify.self, Schema.self]
    )
}

CtDNA.main()
