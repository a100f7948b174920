import Guides

/// What a probe report lets the walk answer by itself (see FactCatalog). A fact the probe did not
/// establish is absent, and the walk asks the user instead.
extension ProbeReport {
    public var facts: Facts {
        var facts: Facts = [
            "host.windows": .bool(host.windows),
            "host.domesticOS": .bool(host.domesticOS),
            "service.running": .bool(service.status == .running),
            "service.accessible": .bool(service.status != .noAccess),
            "clock.plausible": .bool(!findings.contains { $0.id == "clock-wrong" }),
        ]
        let driverTokens = usbProblem == nil ? usb.filter(\.needsVendorDriver).count : 0
        if usbProblem == nil {
            facts["token.needsVendorDriver"] = .bool(driverTokens > 0)
        }
        if service.status == .running {
            let cards = readers.filter { ($0.card?.state ?? .empty) != .empty }.count
            facts["reader.count"] = .int(readers.count)
            facts["token.count"] = .int(cards + driverTokens)
            facts["token.present"] = .bool(cards + driverTokens > 0)
        } else if driverTokens > 0 {
            facts["token.present"] = .bool(true)
        }
        guard let card = primaryCard else { return facts }
        facts["card.responds"] = .bool(card.state != .mute)
        if card.applets.contains("PIV") {
            facts["cert.present"] = .bool(card.certificates.contains { $0.summary != nil })
        }
        if let certificate = primaryCertificate, let daysLeft = certificate.daysLeft {
            facts["cert.daysLeft"] = .int(daysLeft)
            facts["cert.expired"] = .bool(daysLeft < 0)
            if let status = certificate.renewal?.status { facts["cert.renewal"] = .string(status.rawValue) }
            if let profile, profile.reason == .recognised {
                facts["cert.profileMatches"] = .bool(true)
            }
        }
        if let pin = card.pin, pin.known {
            facts["pin.known"] = .bool(true)
            facts["pin.blocked"] = .bool(pin.blocked)
            if let tries = pin.triesLeft { facts["pin.triesLeft"] = .int(tries) }
        } else if card.pin != nil {
            facts["pin.known"] = .bool(false)
        }
        return facts
    }
}
