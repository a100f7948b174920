/// Line-drawing characters for boxes, Unicode or plain ASCII.
public struct BoxCharacters: Hashable, Sendable {
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    public var horizontal: Character
    public var vertical: Character
    /// ├ and ┤: where a divider meets the box sides.
    public var teeLeft: Character
    public var teeRight: Character
    /// What `Canvas` appends when it cuts text short.
    public var ellipsis: String

    public var isUnicode: Bool { horizontal != "-" }

    public static let unicode = BoxCharacters(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        horizontal: "─", vertical: "│", teeLeft: "├", teeRight: "┤", ellipsis: "…")

    public static let ascii = BoxCharacters(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        horizontal: "-", vertical: "|", teeLeft: "+", teeRight: "+", ellipsis: "...")

    /// Unicode lines when the user's locale is UTF-8 and the terminal type is not one defined
    /// as 7-bit (the DEC VT family, `dumb`, `ansi`); ASCII otherwise. The linux console in a
    /// UTF-8 locale draws U+2500 lines from its font, which is also what ncurses assumes (U8#1).
    public static func detect(term: String?, localeIsUTF8: Bool) -> BoxCharacters {
        guard localeIsUTF8, let term = term?.lowercased(), !term.isEmpty else { return .ascii }
        let sevenBit = ["vt52", "vt100", "vt102", "vt220", "vt320", "dumb", "ansi", "cons25"]
        if sevenBit.contains(where: { term == $0 || term.hasPrefix($0 + "-") }) { return .ascii }
        return .unicode
    }
}

/// One terminal cell: the text drawn in it, what it is (role) and extra attributes.
/// A wide character fills its lead cell; the cell to its right is a continuation (`text == ""`).
public struct Cell: Hashable, Sendable {
    public var text: String
    public var role: Role
    public var attributes: Attributes

    public init(text: String, role: Role = .normal, attributes: Attributes = []) {
        self.text = text
        self.role = role
        self.attributes = attributes
    }

    public var isContinuation: Bool { text.isEmpty }
    public static let blank = Cell(text: " ")
}

public enum Alignment: Sendable { case left, right, center }

/// A piece of text with its role, for lines that mix roles ("q 退出  F1 帮助").
public struct Span: Hashable, Sendable {
    public var text: String
    public var role: Role
    public var attributes: Attributes
    public init(_ text: String, _ role: Role = .normal, attributes: Attributes = []) {
        self.text = text
        self.role = role
        self.attributes = attributes
    }
}

/// A width × height grid of cells that a screen renders into; the backend draws it.
///
/// Coordinates are local to the current region: at first the whole canvas, inside
/// `within(_:_:)` the given rect, whose top-left is (0, 0) and outside of which nothing is
/// written. Text is clipped by display width and a wide character is never cut in half: a
/// half that would fall outside, or a wide character partly overwritten, becomes a space.
public struct Canvas: Sendable {
    /// Columns of the whole grid (the terminal); `width` is the current region's.
    public let gridWidth: Int
    /// Rows of the whole grid; `height` is the current region's.
    public let gridHeight: Int
    public private(set) var cells: [Cell]
    /// Line drawing and ellipsis; chosen once from the terminal (`BoxCharacters.detect`).
    public var boxes: BoxCharacters

    /// Absolute rect of the current region (local (0,0) is its origin).
    private var region: Rect
    /// Absolute rect writes are limited to: the region within every enclosing region.
    private var clip: Rect

    public init(width: Int, height: Int, boxes: BoxCharacters = .unicode) {
        self.gridWidth = max(0, width)
        self.gridHeight = max(0, height)
        self.cells = Array(repeating: .blank, count: gridWidth * gridHeight)
        self.boxes = boxes
        self.region = Rect(x: 0, y: 0, width: gridWidth, height: gridHeight)
        self.clip = region
    }

    public init(size: Size, boxes: BoxCharacters = .unicode) {
        self.init(width: size.width, height: size.height, boxes: boxes)
    }

    /// Size of the current region.
    public var size: Size { region.size }
    /// Columns of the current region (inside `within`, the narrowed rect's; else the grid's).
    public var width: Int { region.width }
    /// Rows of the current region.
    public var height: Int { region.height }
    /// The current region in local coordinates: (0, 0, size).
    public var bounds: Rect { Rect(size: region.size) }

    /// The cell at a local position, nil outside the canvas.
    public func cell(at p: Point) -> Cell? {
        let x = region.x + p.x, y = region.y + p.y
        guard x >= 0, x < gridWidth, y >= 0, y < gridHeight else { return nil }
        return cells[y * gridWidth + x]
    }

    /// Runs `body` with the region narrowed to `rect` (local coordinates): inside, (0, 0) is
    /// the rect's top-left and writes are clipped to it (and to every enclosing region).
    @discardableResult
    public mutating func within<T>(_ rect: Rect, _ body: (inout Canvas) throws -> T) rethrows -> T {
        let savedRegion = region, savedClip = clip
        defer { region = savedRegion; clip = savedClip }
        region = rect.offsetBy(dx: region.x, dy: region.y)
        clip = region.intersection(savedClip)
        return try body(&self)
    }

    // MARK: Text

    /// Writes one line of text from `point`; returns the local x just after it (as if nothing
    /// had been clipped), so that writes can be chained. Control characters are shown as
    /// U+FFFD (a tab as a space): split lines yourself or use `writeWrapped`.
    @discardableResult
    public mutating func write(_ text: String, at point: Point, role: Role = .normal, attributes: Attributes = []) -> Int {
        let y = region.y + point.y
        var x = region.x + point.x
        let rowVisible = y >= clip.minY && y < clip.maxY
        for character in text {
            if !rowVisible || x >= clip.maxX {
                // Nothing more to draw: only measure, for the returned x.
                x += TextWidth.width(of: character)
                continue
            }
            let glyph = TextWidth.glyph(for: character)
            if glyph.width == 0 { continue }  // a lone zero-width character has nothing to show
            put(glyph.text, width: glyph.textWidth, x: x, y: y, role: role, attributes: attributes)
            for i in 0..<glyph.padding {
                put(" ", width: 1, x: x + glyph.textWidth + i, y: y, role: role, attributes: attributes)
            }
            x += glyph.width
        }
        return x - region.x
    }

    /// Writes spans one after the other from `point`; returns the local x after the last.
    @discardableResult
    public mutating func write(_ spans: [Span], at point: Point) -> Int {
        var x = point.x
        for span in spans {
            x = write(span.text, at: Point(x: x, y: point.y), role: span.role, attributes: span.attributes)
        }
        return x
    }

    /// Writes text into exactly `width` columns: truncated with the ellipsis or padded with
    /// spaces, aligned as asked. Useful for table columns and full-width bars.
    @discardableResult
    public mutating func write(_ text: String, at point: Point, width: Int, align: Alignment = .left,
                               role: Role = .normal, attributes: Attributes = []) -> Int {
        let fitted: String
        switch align {
        case .left: fitted = TextWidth.pad(text, to: width, ellipsis: boxes.ellipsis)
        case .right: fitted = TextWidth.alignRight(text, to: width, ellipsis: boxes.ellipsis)
        case .center: fitted = TextWidth.center(text, to: width, ellipsis: boxes.ellipsis)
        }
        return write(fitted, at: point, role: role, attributes: attributes)
    }

    /// Wraps text (`TextLayout.wrap`) into `rect` and writes the lines that fit. Returns how
    /// many lines the text needs, which may be more than `rect.height` (the caller can scroll).
    @discardableResult
    public mutating func writeWrapped(_ text: String, in rect: Rect, role: Role = .normal, attributes: Attributes = []) -> Int {
        let lines = TextLayout.wrap(text, width: rect.width)
        for (i, line) in lines.prefix(rect.height).enumerated() {
            write(line, at: Point(x: rect.x, y: rect.y + i), role: role, attributes: attributes)
        }
        return lines.count
    }

    /// Fills a rect (default: the whole region) with spaces of a role, e.g. a header bar.
    public mutating func fill(_ rect: Rect? = nil, role: Role = .normal, attributes: Attributes = []) {
        let target = rect ?? bounds
        guard target.width > 0 else { return }
        let blankLine = String(repeating: " ", count: target.width)
        for row in target.minY..<target.maxY {
            write(blankLine, at: Point(x: target.x, y: row), role: role, attributes: attributes)
        }
    }

    // MARK: Boxes

    /// Draws a border around `rect` with an optional title inside the top border
    /// ("┌─ 标题 ──┐"), truncated to fit. Returns the inner rect. Only the border is drawn:
    /// `fill(rect)` first to clear what is underneath (a dialog over a screen).
    @discardableResult
    public mutating func box(_ rect: Rect, title: String? = nil, role: Role = .border, titleRole: Role = .title) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let b = boxes
        let line = String(repeating: b.horizontal, count: rect.width - 2)
        write(String(b.topLeft) + line + String(b.topRight), at: rect.origin, role: role)
        for row in (rect.minY + 1)..<(rect.maxY - 1) {
            write(String(b.vertical), at: Point(x: rect.minX, y: row), role: role)
            write(String(b.vertical), at: Point(x: rect.maxX - 1, y: row), role: role)
        }
        write(String(b.bottomLeft) + line + String(b.bottomRight), at: Point(x: rect.minX, y: rect.maxY - 1), role: role)
        if let title, !title.isEmpty {
            // A corner and one line stay visible on each side; the title has a space either side.
            let room = rect.width - 4 - 2
            if room >= 1 {
                var shown = TextWidth.truncate(title, to: room, ellipsis: b.ellipsis)
                while shown.last == " " { shown.removeLast() }  // truncate's padding: the line shows instead
                write(" " + shown + " ", at: Point(x: rect.minX + 2, y: rect.minY), role: titleRole)
            }
        }
        return rect.inset(by: 1)
    }

    /// A horizontal divider across a box drawn at `boxRect`, at local row `y`: "├──────┤".
    public mutating func divider(in boxRect: Rect, y: Int, role: Role = .border) {
        guard boxRect.width >= 2 else { return }
        let b = boxes
        write(String(b.teeLeft) + String(repeating: b.horizontal, count: boxRect.width - 2) + String(b.teeRight),
              at: Point(x: boxRect.minX, y: y), role: role)
    }

    /// A horizontal line of `width` columns from `point`.
    public mutating func horizontalLine(at point: Point, width: Int, role: Role = .border) {
        guard width > 0 else { return }
        write(String(repeating: boxes.horizontal, count: width), at: point, role: role)
    }

    // MARK: Reading back

    /// Every row as a string, continuation cells contributing nothing: what the terminal shows.
    public func lines() -> [String] {
        (0..<gridHeight).map { y in
            var line = ""
            for x in 0..<gridWidth { line += cells[y * gridWidth + x].text }
            return line
        }
    }

    /// Rows that do not measure exactly `width` columns and cells that break the wide-character
    /// rules (an orphan continuation, a wide lead without one). Empty when the canvas is sound.
    public func layoutProblems() -> [String] {
        var problems: [String] = []
        for (y, line) in lines().enumerated() {
            let w = TextWidth.width(of: line)
            if w != gridWidth { problems.append("row \(y) is \(w) columns wide, not \(gridWidth)") }
            var x = 0
            while x < gridWidth {
                let cell = cells[y * gridWidth + x]
                if cell.isContinuation {
                    problems.append("row \(y) column \(x): continuation without a wide character before it")
                    x += 1
                    continue
                }
                let cellWidth = TextWidth.width(of: cell.text)
                if cellWidth == 2 {
                    if x + 1 >= gridWidth || !cells[y * gridWidth + x + 1].isContinuation {
                        problems.append("row \(y) column \(x): wide character without its continuation cell")
                    }
                    x += 2
                } else {
                    if cellWidth != 1 { problems.append("row \(y) column \(x): cell is \(cellWidth) columns wide") }
                    x += 1
                }
            }
        }
        return problems
    }

    // MARK: Cells

    /// Places one glyph of width 1 or 2 at absolute (x, y), clipped to the current region.
    private mutating func put(_ text: String, width w: Int, x: Int, y: Int, role: Role, attributes: Attributes) {
        if x >= clip.maxX || x + w <= clip.minX { return }
        if x < clip.minX || x + w > clip.maxX {
            // A wide character straddling the clip edge: its visible half becomes a space.
            setCell(" ", width: 1, x: max(x, clip.minX), y: y, role: role, attributes: attributes)
            return
        }
        setCell(text, width: w, x: x, y: y, role: role, attributes: attributes)
    }

    private mutating func setCell(_ text: String, width w: Int, x: Int, y: Int, role: Role, attributes: Attributes) {
        let row = y * gridWidth
        // Overwriting half of a wide character leaves its other half as a space.
        if cells[row + x].isContinuation && x > 0 { cells[row + x - 1].text = " " }
        if x + w < gridWidth && cells[row + x + w].isContinuation { cells[row + x + w].text = " " }
        cells[row + x] = Cell(text: text, role: role, attributes: attributes)
        if w == 2 { cells[row + x + 1] = Cell(text: "", role: role, attributes: attributes) }
    }
}
