import Testing
@Test func placeholder_CertificatesTests() {}
