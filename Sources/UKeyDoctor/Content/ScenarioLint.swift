import Guides

/// Checks a scenario file for `content lint`. (The simulator owns the schema; until it lands,
/// a scenario must at least be valid YAML.)
enum ScenarioLint {
    static let check: ContentCompiler.ScenarioCheck = { file in
        let reader = YAMLReader(file: file.displayPath)
        _ = reader.parse(file.text)
        return reader.issues.map { ContentIssue(.scenarioDoesNotLoad, at: $0.location, $0.message) }
    }
}
