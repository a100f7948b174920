import Testing
@Test func placeholder_SmartCardTests() {}
