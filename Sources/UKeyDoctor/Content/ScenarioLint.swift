import Guides
import Simulator

/// `content lint` checks scenario files through the simulator's own loader (UKD012).
enum ScenarioLint {
    static let check: ContentCompiler.ScenarioCheck = { file, library in
        let (scenario, issues) = ScenarioLoader.load(file)
        guard let profile = scenario?.profile, library.profile(profile) == nil else { return issues }
        return issues + [ContentIssue(.scenarioDoesNotLoad, at: SourceLocation(file: file.displayPath, line: 1, column: 1), .init(
            zh: "场景 `\(scenario?.id ?? "")` 的平台 `\(profile)` 不存在", en: "scenario `\(scenario?.id ?? "")` names profile `\(profile)`, which does not exist"))]
    }
}
