import ArgumentParser
import CommandSupport

// `ctdna report ...` runs this program with the same arguments (see Sources/ctdna/ReportLauncher.swift).
ReportCommand.main()
