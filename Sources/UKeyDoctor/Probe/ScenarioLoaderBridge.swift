import Guides
import Simulator

enum ScenarioLoaderBridge {
    static func load(_ file: ContentFile) -> Scenario? { ScenarioLoader.load(file).scenario }
}
