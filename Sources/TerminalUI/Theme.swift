/// What a piece of text *is*; the Theme decides how it looks. Screens never name colours.
public enum Role: Int, CaseIterable, Hashable, Sendable {
    case normal
    case dim        // secondary text: sources, hints, timestamps
    case emphasis   // a word that matters inside normal text
    case title      // a screen or box title
    case header     // the header / status bar across the top
    case selected   // the highlighted row of a list
    case keyHint    // the key in the bottom bar ("F1", "q")
    case ok
    case warning
    case error
    case badge      // the DEMO badge
    case link       // a phone number, a web address
    case border     // box lines
    case input      // a text field being edited
}

/// Terminal video attributes. The monochrome theme uses bold, reverse and underline only,
/// which every terminal we target (vt100, linux console, xterm) has.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let reverse = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
}

/// The eight ANSI colours, plus the terminal's own default (which keeps a light-background
/// projector profile or a dark SSH client looking as its owner set it up).
public enum Color: Int, CaseIterable, Hashable, Sendable {
    case terminalDefault = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes
    public init(foreground: Color = .terminalDefault, background: Color = .terminalDefault, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
    public var usesColor: Bool { foreground != .terminalDefault || background != .terminalDefault }
}

/// Maps every Role to a Style.
public struct Theme: Hashable, Sendable {
    public let name: String
    private let styles: [Role: Style]
    /// Attributes a cell may add on top of its role's style (monochrome drops dim: the linux
    /// console and vt100 show it as nothing or as a colour).
    public let allowedAttributes: Attributes

    public init(name: String, styles: [Role: Style], allowedAttributes: Attributes = [.bold, .dim, .reverse, .underline]) {
        self.name = name
        self.styles = styles
        self.allowedAttributes = allowedAttributes
    }

    public func style(for role: Role, adding extra: Attributes = []) -> Style {
        var style = styles[role] ?? Style()
        style.attributes.formUnion(extra.intersection(allowedAttributes))
        return style
    }

    public var usesColor: Bool { Role.allCases.contains { style(for: $0).usesColor } }

    /// Colours that read on dark and light backgrounds alike: text keeps the terminal's own
    /// foreground, bars get an explicit background so they do not depend on it.
    public static let color = Theme(name: "color", styles: [
        .normal: Style(),
        .dim: Style(attributes: .dim),
        .emphasis: Style(attributes: .bold),
        .title: Style(attributes: .bold),
        .header: Style(foreground: .white, background: .blue, attributes: .bold),
        .selected: Style(foreground: .black, background: .cyan),
        .keyHint: Style(foreground: .black, background: .cyan),
        .ok: Style(foreground: .green, attributes: .bold),
        .warning: Style(foreground: .yellow, attributes: .bold),
        .error: Style(foreground: .red, attributes: .bold),
        .badge: Style(foreground: .black, background: .yellow, attributes: .bold),
        .link: Style(foreground: .cyan, attributes: .underline),
        .border: Style(foreground: .cyan),
        .input: Style(attributes: [.reverse, .underline]),
    ])

    /// For NO_COLOR, --no-color and terminals without colours: bold, reverse, underline only.
    public static let monochrome = Theme(name: "monochrome", styles: [
        .normal: Style(),
        .dim: Style(),
        .emphasis: Style(attributes: .bold),
        .title: Style(attributes: .bold),
        .header: Style(attributes: .reverse),
        .selected: Style(attributes: .reverse),
        .keyHint: Style(attributes: .reverse),
        .ok: Style(attributes: .bold),
        .warning: Style(attributes: .bold),
        .error: Style(attributes: [.bold, .underline]),
        .badge: Style(attributes: [.bold, .reverse]),
        .link: Style(attributes: .underline),
        .border: Style(),
        .input: Style(attributes: .underline),
    ], allowedAttributes: [.bold, .reverse, .underline])

    /// Monochrome when asked (`--no-color`, or `NO_COLOR` set to anything non-empty, see
    /// no-color.org) or when the terminal has no colours; the colour theme otherwise.
    public static func select(noColorFlag: Bool, environment: [String: String], terminalHasColors: Bool) -> Theme {
        if noColorFlag { return .monochrome }
        if let value = environment["NO_COLOR"], !value.isEmpty { return .monochrome }
        return terminalHasColors ? .color : .monochrome
    }
}
