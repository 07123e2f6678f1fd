import CtDNAModel

/// Checks every format applies to what it read, beyond what a schema can say.
/// Each throws with the location of the element at fault.
enum ReportChecks {
    /// Alt reads cannot exceed the depth they were counted in.
    static func readCounts(altReads: Int?, depth: Int?, at location: SourceLocation) throws(InputError) {
        if let altReads, let depth, altReads > depth {
            throw .invalidValue(location, field: "depth", reason: "is less than the alt-read count",
                                value: "\(depth) < \(altReads)")
        }
    }

    /// A detected call needs reads to be seen in: depth 0 (when a depth is given) is
    /// refused. Where alt reads, depth and a VAF are all given, the VAF must be alt/depth
    /// within rounding: |VAF − alt/depth| ≤ max(0.5/depth, 0.0005), that is half a read
    /// (a VAF computed from reads the lab rounded), and never tighter than a VAF written
    /// to three decimals (0.0005). A VAF of 0.5 with 0 of 100 alt reads is refused.
    static func callValues(status: CallStatus, altReads: Int?, depth: Int?, vaf: AlleleFraction?,
                           at location: SourceLocation) throws(InputError) {
        try readCounts(altReads: altReads, depth: depth, at: location)
        if status == .detected, let depth, depth == 0 {
            throw .invalidValue(location, field: "depth", reason: "is 0 for a detected variant", value: "0")
        }
        if let altReads, let depth, depth > 0, let vaf {
            let expected = Double(altReads) / Double(depth)
            let tolerance = max(0.5 / Double(depth), vafTolerance)
            if abs(vaf.fraction - expected) > tolerance {
                throw .invalidValue(location, field: "vaf", reason: "does not match altReads/depth",
                                    value: "\(vaf.fraction) vs \(altReads)/\(depth)")
            }
        }
    }

    /// The least VAF tolerance: a fraction written to three decimals.
    static let vafTolerance = 0.0005

    /// The earliest date accepted anywhere in a file: a year 0001 or 1066 is a typing or
    /// export error, not a patient's history.
    static let earliestDate = CalendarDate(year: 1900, month: 1, day: 1)!

    static func notTooEarly(_ date: CalendarDate, field: String, at location: SourceLocation) throws(InputError) {
        if date < earliestDate {
            throw .invalidValue(location, field: field, reason: "lies before 1900-01-01", value: date.description)
        }
    }

    /// A date cannot lie after today (one day's grace for time zones).
    static func notInFuture(_ date: CalendarDate, field: String, today: CalendarDate,
                            at location: SourceLocation) throws(InputError) {
        if date.daysSinceEpoch > today.daysSinceEpoch + 1 {
            throw .invalidValue(location, field: field, reason: "lies in the future", value: date.description)
        }
    }

    /// A specimen is collected before the lab receives it; the patient is born before both.
    static func specimenDates(_ specimen: Specimen, birthDate: CalendarDate?, today: CalendarDate,
                              at location: SourceLocation) throws(InputError) {
        try notTooEarly(specimen.collected.date, field: "collected", at: location)
        try notInFuture(specimen.collected.date, field: "collected", today: today, at: location)
        if let received = specimen.received {
            try notTooEarly(received.date, field: "received", at: location)
            try notInFuture(received.date, field: "received", today: today, at: location)
            if receivedBeforeCollection(received, specimen.collected) {
                throw .invalidValue(location, field: "collected", reason: "lies after the received time",
                                    value: "\(specimen.collected) > \(received)")
            }
        }
        if let birthDate {
            try notTooEarly(birthDate, field: "birthDate", at: location)
            try notInFuture(birthDate, field: "birthDate", today: today, at: location)
            if birthDate > specimen.collected.date {
                throw .invalidValue(location, field: "birthDate", reason: "lies after the collection date",
                                    value: nil)
            }
        }
    }

    /// Compared at the precision both give: when either is a date without a time, by
    /// calendar date (a date-only `received` on the collection day is not before it);
    /// otherwise by instant.
    static func receivedBeforeCollection(_ received: Timestamp, _ collected: Timestamp) -> Bool {
        if !received.hasTime || !collected.hasTime { return received.date < collected.date }
        return received < collected
    }

    /// One call per variant in a report: an exact repeat is dropped (FoundationOne files
    /// repeat lines); two different calls for one variant make the file ambiguous.
    static func uniqueCalls(_ calls: [(VariantCall, SourceLocation)]) throws(InputError) -> [VariantCall] {
        var seen: [VariantKey: VariantCall] = [:]
        var out: [VariantCall] = []
        for (call, location) in calls {
            if let earlier = seen[call.key] {
                if earlier != call {
                    throw .conflict(location, reason: "variant \(call.key) is listed twice with different values")
                }
                continue
            }
            seen[call.key] = call
            out.append(call)
        }
        return out
    }
}
