import Testing
import SmartCard

@Suite struct BERTLVTests {
    @Test func primitiveAndMultiByteTags() throws {
        let objects = try BERTLV.parse(h("5F C1 05 02 AA BB 9F 7F 01 CC 4F 00"))
        #expect(objects.map(\.tag) == [0x5FC105, 0x9F7F, 0x4F])
        #expect(objects[0].value == [0xAA, 0xBB])
        #expect(objects[1].value == [0xCC])
        #expect(objects[2].value == [])
        #expect(objects[0].tagHex == "5FC105")
        #expect(objects.allSatisfy { !$0.isConstructed && $0.children == nil })
    }

    @Test func longLengthForms() throws {
        let v200 = [UInt8](repeating: 1, count: 200)
        let v300 = [UInt8](repeating: 2, count: 300)
        let v70000 = [UInt8](repeating: 3, count: 70000)
        let a = try BERTLV.parse(h("04 81 C8") + v200)
        #expect(a.first?.value == v200)
        let b = try BERTLV.parse(h("04 82 01 2C") + v300)
        #expect(b.first?.value == v300)
        let c = try BERTLV.parse(h("04 83 01 11 70") + v70000)
        #expect(c.first?.value.count == 70000)
        // A long form may also carry a small length.
        #expect(try BERTLV.parse(h("04 82 00 01 FF")).first?.value == [0xFF])
    }

    @Test func constructedParsedRecursively() throws {
        // SELECT answer of a PIV card: 61 { 4F AID, 79 { 4F }, 50 label }.
        let bytes = h("61 11 4F 06 00 00 10 00 01 00 79 07 4F 05 A0 00 00 03 08")
        let objects = try BERTLV.parse(bytes)
        #expect(objects.count == 1)
        let top = try #require(objects.first)
        #expect(top.isConstructed)
        #expect(top.children?.map(\.tag) == [0x4F, 0x79])
        #expect(top.find(path: [0x79, 0x4F])?.value == PIV.aid)
        #expect(BERTLV.find(path: [0x61, 0x79, 0x4F], in: objects)?.value == PIV.aid)
        #expect(BERTLV.find(path: [0x61, 0x50], in: objects) == nil)
        #expect(BERTLV.find(path: [], in: objects) == nil)
        // Without recursion the children are left alone.
        #expect(try BERTLV.parse(bytes, recursive: false).first?.children == nil)
    }

    @Test func findSearchesEveryMatchingTopLevelObject() throws {
        let objects = try BERTLV.parse(h("A1 03 80 01 01 A1 03 81 01 02"))
        #expect(BERTLV.find(path: [0xA1, 0x81], in: objects)?.value == [0x02])
    }

    @Test func paddingIsSkipped() throws {
        let objects = try BERTLV.parse(h("00 00 4F 01 AA FF FF 50 00 00"))
        #expect(objects.map(\.tag) == [0x4F, 0x50])
    }

    @Test func depthLimit() throws {
        // 30 levels of A0 around a primitive.
        var bytes = h("80 01 00")
        for _ in 0..<30 { bytes = BERTLV.encode(tag: 0xA0, value: bytes) }
        #expect(throws: TLVError.tooDeep(offset: 32, limit: 16)) { try BERTLV.parse(bytes) }
        #expect(try BERTLV.parse(bytes, maxDepth: 31).count == 1)
        #expect(try BERTLV.parse(bytes, recursive: false).count == 1)
    }

    @Test(arguments: [
        ("5F", TLVError.truncatedTag(offset: 0)),
        ("5F C1", TLVError.truncatedTag(offset: 0)),
        ("5F C1 85 85 01 00", TLVError.tagTooLong(offset: 0)),
        ("4F", TLVError.truncatedLength(offset: 1)),
        ("4F 82 01", TLVError.truncatedLength(offset: 1)),
        ("4F 80 00 00", TLVError.indefiniteLength(offset: 1)),
        ("4F 85 00 00 00 00 01 00", TLVError.unsupportedLength(offset: 1, firstByte: 0x85)),
        ("4F 03 01 02", TLVError.valueOverrun(offset: 0, declared: 3, available: 2)),
        ("4F 84 FF FF FF FF 00", TLVError.valueOverrun(offset: 0, declared: 0xFFFF_FFFF, available: 1)),
        ("61 04 4F 05 01 02", TLVError.valueOverrun(offset: 2, declared: 5, available: 2)),
    ])
    func truncatedAndGarbageInputAreErrors(hex: String, expected: TLVError) {
        #expect(throws: expected) { try BERTLV.parse(h(hex)) }
    }

    @Test func randomGarbageNeverTraps() {
        var rng = SeededGenerator(seed: 42)
        var parsed = 0
        for _ in 0..<20000 {
            let bytes = randomBytes(Int.random(in: 0...40, using: &rng), using: &rng)
            if (try? BERTLV.parse(bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)   // some random inputs are valid TLV; the point is that none trapped
    }

    @Test func encoderWritesShortestLengths() {
        #expect(BERTLV.encodeLength(0) == [0x00])
        #expect(BERTLV.encodeLength(127) == [0x7F])
        #expect(BERTLV.encodeLength(128) == [0x81, 0x80])
        #expect(BERTLV.encodeLength(255) == [0x81, 0xFF])
        #expect(BERTLV.encodeLength(256) == [0x82, 0x01, 0x00])
        #expect(BERTLV.encodeLength(65536) == [0x83, 0x01, 0x00, 0x00])
        #expect(BERTLV.encode(tag: 0x5FC105, value: [1]) == h("5F C1 05 01 01"))
        #expect(BERTLV.tagBytes(0x00) == [0x00])
        #expect(BERTLV.tagBytes(0x7F61) == [0x7F, 0x61])
    }

    @Test func encodeParseRoundTrip() throws {
        let tree = TLV(tag: 0x53, value: [], children: nil)
        let container = TLV(tag: 0x7F61, children: [
            TLV(tag: 0x02, value: [0x01]),
            TLV(tag: 0xA0, children: [TLV(tag: 0x80, value: [UInt8](repeating: 9, count: 300))]),
            tree,
        ])
        let bytes = BERTLV.encode(container)
        let back = try #require(try BERTLV.parse(bytes).first)
        #expect(back.tag == 0x7F61)
        #expect(back.find(path: [0xA0, 0x80])?.value.count == 300)
        #expect(BERTLV.encode(back) == bytes)
    }
}
