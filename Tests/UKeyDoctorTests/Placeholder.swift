import Testing
@Test func placeholder_UKeyDoctorTests() {}
