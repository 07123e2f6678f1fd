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
        try notInFuture(specimen.collected.date, field: "collected", today: today, at: location)
        if let received = specimen.received {
            try notInFuture(received.date, field: "received", today: today, at: location)
            if received < specimen.collected {
                throw .invalidValue(location, field: "collected", reason: "lies after the received time",
                                    value: "\(specimen.collected) > \(received)")
            }
        }
        if let birthDate {
            try notInFuture(birthDate, field: "birthDate", today: today, at: location)
            if birthDate > specimen.collected.date {
                throw .invalidValue(location, field: "birthDate", reason: "lies after the collection date",
                                    value: nil)
            }
        }
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
