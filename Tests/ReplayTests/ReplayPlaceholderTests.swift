import Replay
import Testing
