import Foundation
import Testing
import Yams
@testable import Guides

/// Where content loading spends its time. Prints figures; off unless UKD_PERF=1 (benchmarks are scripts).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["UKD_PERF"] == "1"))
struct ContentPerformanceTests {
    @Test func phases() throws {
        let files = ShippedContent.files()
        let clock = ContinuousClock()
        var start = clock.now
        for file in files { _ = try Yams.compose(yaml: file.text, .basic) }
        let parse = clock.now - start
        start = clock.now
        let result = ContentCompiler.compile(layers: [files])
        let compile = clock.now - start
        start = clock.now
        _ = SearchIndex(library: result.library)
        let index = clock.now - start
        print("files \(files.count), bytes \(files.reduce(0) { $0 + $1.text.utf8.count }): Yams compose \(parse), compile (parse+decode+check) \(compile), search index \(index)")
    }
}
