import Testing
@Test func placeholder_GuidesTests() {}
