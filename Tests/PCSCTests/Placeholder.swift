import Testing
@Test func placeholder_PCSCTests() {}
