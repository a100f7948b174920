import Testing
import SmartCard
