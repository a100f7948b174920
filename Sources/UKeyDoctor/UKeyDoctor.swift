public enum UKeyDoctorMain {
    public static func run() {
        print("ukey-doctor")
    }
}
