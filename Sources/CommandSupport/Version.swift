/// The version both executables report.
public let ctdnaVersion = "0.1.0"
