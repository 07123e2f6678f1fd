import Testing
@testable import Presentation

@Suite struct FixedPointTests {
    /// printf's rounding of the exact binary value: 0.125 and 2.25 are exact halves and
    /// go to the even digit; 0.135 is stored just above a half.
    @Test func matchesPrintf() {
        #expect(FixedPoint.text(0.125, digits: 2) == "0.12")
        #expect(FixedPoint.text(2.25, digits: 1) == "2.2")
        #expect(FixedPoint.text(0.135, digits: 2) == "0.14")
        #expect(FixedPoint.text(1.0 / 3, digits: 2) == "0.33")
        #expect(FixedPoint.text(41, digits: 0) == "41")
        #expect(FixedPoint.text(-12.34, digits: 1) == "-12.3")
        #expect(FixedPoint.text(2.2e9, digits: 1) == "2200000000.0")
    }
}

@Suite struct NumberFormatTests {
    /// One formatter for terminal, CSV display and PDF: precision follows the size.
    /// 0.000075 as a fraction is 0.0075 %: four decimals, not `0.007` (the old terminal rounding).
    @Test func vafPercentKeepsSmallValues() {
        #expect(NumberFormat.vafPercent(0.124) == "12.4")
        #expect(NumberFormat.vafPercent(0.031) == "3.10")
        #expect(NumberFormat.vafPercent(0.00075) == "0.075")
        #expect(NumberFormat.vafPercent(0.000075) == "0.0075")
        #expect(NumberFormat.vafPercent(0) == "0")
        #expect(NumberFormat.percent(0.5) == "50.0%")
    }

    /// −0.83 is an 83 % fall; 0.2 a 20 % rise; no sign on zero.
    @Test func changeIsSigned() {
        #expect(NumberFormat.change(-0.83) == "-83%")
        #expect(NumberFormat.change(0.2) == "+20%")
        #expect(NumberFormat.change(0) == "0%")
        #expect(NumberFormat.fold(4.04) == "4.0")
    }
}

