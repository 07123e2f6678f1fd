/// SHA-256 as lowercase hex, for callers outside ingest (the report registry's data hash
/// and PDF hash).
public enum Hashing {
    public static func sha256(_ bytes: [UInt8]) -> String { FileLoader.sha256(bytes) }

    public static func sha256(_ text: String) -> String { FileLoader.sha256(Array(text.utf8)) }
}
