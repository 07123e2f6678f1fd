import CtDNAModel
import Testing

@Suite struct TimestampTests {
    @Test func dateOnlyIsLocalMidnight() throws {
        let t = try #require(Timestamp(iso: "2024-05-06"))
        #expect(t.date.description == "2024-05-06")
        #expect(!t.hasTime)
        // 2024-05-06 is day 19849 after 1970-01-01: 54 years with 13 leap days to 2024-01-01
        // (54*365 + 13 = 19723), plus 31+29+31+30 + 5 = 126 days into 2024.
        #expect(t.epochSeconds == 19_849 * 86_400)
    }

    @Test func offsetIsAppliedToTheInstantButNotTheDate() throws {
        let t = try #require(Timestamp(iso: "2024-05-06T01:15:00+02:00"))
        #expect(t.date.description == "2024-05-06")  // the lab's own calendar date
        // 01:15 at +02:00 is 23:15 UTC the day before: 19849 days, minus 45 minutes.
        #expect(t.epochSeconds == 19_849 * 86_400 - 45 * 60)
        #expect(try #require(Timestamp(iso: "2024-05-05T23:15:00Z")).epochSeconds == t.epochSeconds)
    }

    @Test(arguments: ["2024-02-30", "2023-02-29", "2024-13-01", "24-01-01", "2024-01-01T25:00", "2024-01-01T10:00+1:00", "", "yesterday"])
    func rejectsInvalidText(_ text: String) {
        #expect(Timestamp(iso: text) == nil)
    }

    @Test func leapDayIsValid() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
    }

    @Test func daysRoundTrip() throws {
        for days in [-1, 0, 59, 365, 10_957, 19_849, 2_932_896] {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(try #require(CalendarDate(iso: "2024-03-01")).adding(days: -1).description == "2024-02-29")
    }
}

@Suite struct AlleleFractionTests {
    @Test func fractionAndPercentAgree() throws {
        #expect(try #require(AlleleFraction(percent: 47)).fraction == 0.47)
        #expect(try #require(AlleleFraction(fraction: 0.025)).percent == 2.5)
    }

    @Test func outOfRangeIsRejected() {
        #expect(AlleleFraction(fraction: 1.0001) == nil)
        #expect(AlleleFraction(fraction: -0.01) == nil)
        #expect(AlleleFraction(fraction: .nan) == nil)
        #expect(AlleleFraction(percent: 100.5) == nil)
        #expect(AlleleFraction(percent: .infinity) == nil)
        #expect(AlleleFraction(fraction: 0) != nil)
        #expect(AlleleFraction(fraction: 1) != nil)
    }
}
