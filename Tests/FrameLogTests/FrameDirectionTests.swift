import FrameLog
import Testing

@Suite struct FrameDirectionTests {
    @Test func namesRoundTrip() {
        for direction in FrameDirection.allCases { #expect(FrameDirection(name: direction.name) == direction) }
        for opcode in FrameLogOpcode.allCases { #expect(FrameLogOpcode(name: opcode.name) == opcode) }
        #expect(FrameDirection(name: "sideways") == nil)
    }
}
