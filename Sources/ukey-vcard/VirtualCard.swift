// The card side of the vpcd link, kept small so the link can serve any card model
// (today the SimulatedPIVCard, later scenario files).
import Simulator

/// A card that vpcd can power and send APDUs to.
protocol VirtualCard: AnyObject {
    /// What the card answers to a reset, without changing its state; [] for a mute card.
    /// vpcd asks for it every time pcscd polls the reader for presence.
    var answerToReset: [UInt8] { get }
    /// Powers up (fresh session state) and returns the ATR; [] for a mute card.
    func powerOn() -> [UInt8]
    func powerOff()
    func reset()
    /// Response data followed by SW1 SW2; [] when the card stays silent.
    func respond(to apdu: [UInt8]) -> [UInt8]
    /// One line for the log when the link stops: what the card saw.
    var summary: String { get }
}

extension SimulatedPIVCard: VirtualCard {
    var answerToReset: [UInt8] { isMute ? [] : atr }

    var summary: String {
        "apdus=\(commandCount) writes=\(writeCommands.count) verifyWithPIN=\(verifyWithDataCommands.count) "
            + "pinTriesUsed=\(pinTriesUsed) pinTriesLeft=\(pinTriesLeft) powerOns=\(powerOnCount)"
    }
}
