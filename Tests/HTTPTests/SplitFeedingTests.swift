// Property: how the bytes are split across reads never changes what the parser reports.

import HTTP
import Testing

@Suite("Split feeding")
struct SplitFeedingTests {
    @Test("cutting the input at every index yields the same heads and bodies", arguments: ValidRequest.all)
    func cuttingAtEveryIndexYieldsTheSameEvents(_ example: ValidRequest) {
        let whole = ParserDriver.runWhole(example.raw)
        #expect(whole.error == nil)
        for index in 0...example.raw.count {
            let split = ParserDriver.runSplit(example.raw, at: index)
            #expect(split.error == nil, "cut at \(index): \(String(describing: split.error))")
            #expect(split.events == whole.events, "cut at \(index)")
            #expect(split.leftover == 0, "cut at \(index)")
        }
    }

    @Test("feeding byte by byte yields the same heads and bodies", arguments: ValidRequest.all)
    func feedingByteByByteYieldsTheSameEvents(_ example: ValidRequest) {
        let whole = ParserDriver.runWhole(example.raw)
        let split = ParserDriver.runByteByByte(example.raw)
        #expect(split.error == nil)
        #expect(split.events == whole.events)
        #expect(split.leftover == 0)
    }

    @Test func pipelineOfThreeCutAtEveryPairOfIndicesYieldsTheSameEvents() {
        let raw = ValidRequest.pipelineOfThree.raw
        let whole = ParserDriver.runWhole(raw)
        #expect(ValidRequestTests.group(whole.events).count == 3)
        // Every pair of cuts, on a stride to keep the run short while still covering all framing states.
        for first in stride(from: 0, through: raw.count, by: 3) {
            for second in stride(from: first, through: raw.count, by: 5) {
                let run = ParserDriver.run([raw[..<first], raw[first..<second], raw[second...]])
                #expect(run.events == whole.events, "cuts at \(first), \(second)")
            }
        }
    }

    @Test func pipelineOfThreeFedInEveryPieceSizeYieldsTheSameEvents() {
        let raw = ValidRequest.pipelineOfThree.raw
        let whole = ParserDriver.runWhole(raw)
        for size in 1...raw.count {
            let pieces = stride(from: 0, to: raw.count, by: size).map { raw[$0..<min($0 + size, raw.count)] }
            let run = ParserDriver.run(pieces)
            #expect(run.error == nil)
            #expect(run.events == whole.events, "pieces of \(size)")
        }
    }

    @Test func partialNextRequestAfterACompleteOneIsKeptUnconsumed() {
        let raw = utf8("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHo")
        let run = ParserDriver.runWhole(raw)
        #expect(run.error == nil)
        #expect(run.events.count == 2)
        #expect(run.leftover == utf8("GET /b HTTP/1.1\r\nHo").count)
    }
}
