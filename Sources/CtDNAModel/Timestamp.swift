/// A calendar date as written in a result file (no time zone shift applied).
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` strictly.
    fileprivate init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// 1970-01-01, the fallback for a stored date that no longer parses.
    public static let unixEpoch = CalendarDate(checkedYear: 1970, month: 1, day: 1)

    public init?(iso text: Substring) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init?(iso text: String) { self.init(iso: Substring(text)) }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days since 1970-01-01 (proleptic Gregorian), from Howard Hinnant's `days_from_civil`.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = CalendarDate(iso: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO date")
        }
        self = d
    }
}

/// A point in time from a result file: the text as the lab wrote it, the local calendar
/// date it names, and the instant (seconds since the epoch, UTC) used for ordering.
/// A date without a time is taken as local midnight; a time without an offset as UTC.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let text: String
    public let date: CalendarDate
    public let epochSeconds: Double
    public let hasTime: Bool

    /// Parses ISO 8601 / xs:dateTime / FHIR dateTime: `YYYY-MM-DD`, or
    /// `YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]`.
    public init?(iso text: String) {
        let trimmed = text.trimmingSpaces
        let datePart: Substring
        let timePart: Substring?
        if let t = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }) {
            datePart = trimmed[..<t]
            timePart = trimmed[trimmed.index(after: t)...]
        } else {
            datePart = Substring(trimmed)
            timePart = nil
        }
        guard let date = CalendarDate(iso: datePart) else { return nil }
        var seconds = Double(date.daysSinceEpoch) * 86_400
        if let timePart {
            guard let offset = Timestamp.parseTime(timePart) else { return nil }
            seconds += offset
        }
        self.text = trimmed
        self.date = date
        self.epochSeconds = seconds
        self.hasTime = timePart != nil
    }

    public init(date: CalendarDate) {
        self.text = date.description
        self.date = date
        self.epochSeconds = Double(date.daysSinceEpoch) * 86_400
        self.hasTime = false
    }

    /// Seconds into the UTC day for `hh:mm[:ss[.fff]][Z|±hh:mm]`.
    private static func parseTime(_ s: Substring) -> Double? {
        var body = s
        var zoneOffset = 0.0
        if body.hasSuffix("Z") {
            body = body.dropLast()
        } else if let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = body[body.index(after: signIndex)...].split(separator: ":")
            guard zone.count == 2, let zh = Int(zone[0]), let zm = Int(zone[1]),
                  zone[0].count == 2, zone[1].count == 2, zh <= 14, zm < 60 else { return nil }
            let sign: Double = body[signIndex] == "+" ? 1 : -1
            zoneOffset = sign * Double(zh * 3600 + zm * 60)
            body = body[..<signIndex]
        }
        let fields = body.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3,
              fields[0].count == 2, fields[1].count == 2,
              let h = Int(fields[0]), let m = Int(fields[1]), h < 24, m < 60 else { return nil }
        var sec = 0.0
        if fields.count == 3 {
            guard fields[2].count >= 2, let v = Double(fields[2]), v >= 0, v < 61 else { return nil }
            sec = v
        }
        return Double(h * 3600 + m * 60) + sec - zoneOffset
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.epochSeconds < b.epochSeconds }
    public var description: String { text }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

extension CalendarDate {
    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(checkedYear: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }
}
