import Testing
@Test func placeholder_USBDevicesTests() {}
