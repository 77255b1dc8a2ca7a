// The frame log's families for /metrics: frames written and lost, bytes, write errors, pruning.
import FrameLog
import Reactor
import Server

/// The writer's counters are process-wide (summed over its writer threads, which need not match the
/// loops one to one), while /metrics sums what every loop reports: so only loop 0 reports them, once.
package struct FrameLogMetricsSource: LoopMetricsSource {
    let writer: FrameLogWriter

    package init(writer: FrameLogWriter) { self.writer = writer }

    package func families(on context: LoopContext) -> [MetricFamily] {
        guard context.loop.index == 0 else { return [] }
        let statistics = writer.statistics
        return [
            MetricFamily(name: "relay_frame_log_frames_total",
                         help: "Frame log records, by result: written, or dropped (the log could not keep up, or a write failed).",
                         type: .counter, samples: [
                             MetricSample(labels: [("result", "written")], value: statistics.framesWritten),
                             MetricSample(labels: [("result", "dropped")], value: statistics.framesDropped),
                         ]),
            MetricFamily(name: "relay_frame_log_bytes_total", help: "Bytes written to frame log files.", type: .counter,
                         samples: [MetricSample(value: statistics.bytesWritten)]),
            MetricFamily(name: "relay_frame_log_write_errors_total", help: "Failed frame log writes (disk full, I/O errors).",
                         type: .counter, samples: [MetricSample(value: statistics.writeErrors)]),
            MetricFamily(name: "relay_frame_log_files_pruned_total", help: "Frame log files deleted by retention.",
                         type: .counter, samples: [MetricSample(value: statistics.filesPruned)]),
            MetricFamily(name: "relay_frame_log_sessions_open", help: "Sessions whose frame log file is open.",
                         type: .gauge, samples: [MetricSample(value: statistics.sessionsOpen)]),
        ]
    }
}
