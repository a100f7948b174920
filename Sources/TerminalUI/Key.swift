/// What a mouse did, in terms a screen cares about.
public enum MouseKind: Hashable, Sendable {
    case press(button: Int)
    case release(button: Int)
    case click(button: Int)
    case doubleClick(button: Int)
    case scrollUp
    case scrollDown
}

/// One input event from the terminal, as the backend decodes it. Pure: screens match on it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (any script), e.g. `q`, `中`, `?`.
    case character(Character)
    /// Ctrl plus a letter, lowercase: `.ctrl("c")`. (Ctrl-I, Ctrl-M, Ctrl-H and Ctrl-[ arrive
    /// as tab, enter, backspace and escape: terminals send the same bytes.)
    case ctrl(Character)
    case enter, escape, backspace, delete, insert, tab, backTab
    case up, down, left, right
    case pageUp, pageDown, home, end
    /// F1 … F12.
    case function(Int)
    /// The terminal changed size; the new size.
    case resize(Size)
    /// A mouse event at a cell (x, y from the top-left, 0-based).
    case mouse(x: Int, y: Int, kind: MouseKind)
    /// A key the backend could not name (its raw code), for logs; screens ignore it.
    case unknown(Int)

    /// The key a terminal means by one character code (from `wget_wch` returning OK):
    /// control codes become named keys, everything else a character.
    public static func fromCharacterCode(_ code: UInt32) -> Key {
        switch code {
        case 0x0D, 0x0A: return .enter            // nonl() gives CR; some terminals send LF
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace         // DEL (xterm, linux) or BS (vt100 kbs=^H)
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(code + 0x60)!))  // ^A → "a"
        case 0x00...0x1F, 0x80...0x9F: return .unknown(Int(code))
        default:
            guard let scalar = Unicode.Scalar(code) else { return .unknown(Int(code)) }
            return .character(Character(scalar))
        }
    }

    /// Short name for key hints and logs: "q", "Enter", "F1", "Ctrl-C", "↑".
    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .function(let n): return "F\(n)"
        case .resize(let size): return "resize \(size)"
        case .mouse(let x, let y, let kind): return "mouse \(kind) at \(x),\(y)"
        case .unknown(let code): return "key \(code)"
        }
    }
}
