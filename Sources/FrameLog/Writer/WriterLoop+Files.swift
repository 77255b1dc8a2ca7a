// The writer's file I/O: creating session files, writing pending records, failing, retrying, closing.
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Posix

extension WriterLoop {
    /// Creates the session's file. A failure puts the session in the failing state (retried each flush).
    func open(_ log: SessionLogFile) {
        guard let name = log.name, log.file == nil else { return }
        writer.openFiles.insert(name)  // before the file exists: retention never sees it unregistered
        do {
            log.file = try writer.files.create(path: "\(writer.configuration.directory)/\(name)")
        } catch {
            writer.openFiles.remove(name)
            fail(log, errno: error.errno)
            return
        }
        if gzip {
            guard let deflater = GzipDeflater(audio: writer.configuration.audio) else {
                log.file?.close()
                log.file = nil
                writer.openFiles.remove(name)
                fail(log, errno: ENOMEM)
                return
            }
            log.deflater = deflater
        }
        WriterCounters.add(counters.sessionsOpen, 1)
    }

    /// Writes the session's pending records (compressed and sync-flushed with gzip; `finish` ends the
    /// gzip stream). On failure, what was produced for the file is retained for the retry.
    func write(_ log: SessionLogFile, finish: Bool = false) {
        guard log.isHealthy, let file = log.file else { return }
        let finishesStream = finish && log.deflater.map { !$0.isFinished } == true
        guard !log.pending.isEmpty || finishesStream else { return }
        let records = log.pendingRecords
        log.pendingRecords = 0
        if let deflater = log.deflater {
            output.removeAll(keepingCapacity: true)
            log.pending.withUnsafeBytes { deflater.compress($0, finish: finish, into: &output) }
            log.pending.removeAll(keepingCapacity: true)
            let (written, error) = output.withUnsafeBytes { writeFully($0, to: file) }
            settle(log, bytes: output, written: written, records: records, error: error)
        } else {
            let (written, error) = log.pending.withUnsafeBytes { writeFully($0, to: file) }
            settle(log, bytes: log.pending, written: written, records: records, error: error)
            log.pending.removeAll(keepingCapacity: true)
        }
    }

    /// Accounts for one write: counted when complete, retained (and the file failing) when not.
    private func settle(_ log: SessionLogFile, bytes: [UInt8], written: Int, records: Int, error: Int32?) {
        WriterCounters.add(counters.bytesWritten, written)
        guard let error else {
            WriterCounters.add(counters.framesWritten, records)
            return
        }
        log.retained = Array(bytes[written...])
        log.retainedRecords = records
        retainedBytes += log.retained.count
        fail(log, errno: error)
        if retainedBytes > queue.maxBytes { abandon(log) }
    }

    /// Writes all of `bytes` unless the file fails: returns how much was written, and the errno.
    private func writeFully(_ bytes: UnsafeRawBufferPointer, to file: any FrameLogFile) -> (Int, Int32?) {
        var written = 0
        while written < bytes.count {
            do {
                let count = try file.write(UnsafeRawBufferPointer(rebasing: bytes[written...]))
                guard count > 0 else { return (written, EIO) }
                written += count
            } catch {
                return (written, error.errno)
            }
        }
        return (written, nil)
    }

    /// Enters the failing state: counted, logged once per reason.
    private func fail(_ log: SessionLogFile, errno code: Int32) {
        let reason = "write failed: \(SystemCallError.message(for: code))"
        log.failure = reason
        WriterCounters.add(counters.writeErrors, 1)
        guard writer.firstReport(of: reason) else { return }
        writer.logger.warning(
            "cannot write a frame log file; relaying goes on, lost frames are counted in metrics and marked by frames_missing records once the file can be written again; this cause is not reported again",
            metadata: ["dir": "\(writer.configuration.directory)", "error": "\(reason)"])
    }

    /// Gives up on a failing file whose retained bytes no longer fit: its records are dropped from here on.
    private func abandon(_ log: SessionLogFile) {
        WriterCounters.add(counters.framesDropped, log.retainedRecords)
        retainedBytes -= log.retained.count
        log.retained = []
        log.retainedRecords = 0
        log.isAbandoned = true
        log.missing.removeAll()
        closeFile(log)
        if writer.firstReport(of: "abandoned") {
            writer.logger.warning("giving up on frame log files that cannot be written; their sessions' later frames are dropped and counted",
                                  metadata: ["dir": "\(writer.configuration.directory)"])
        }
    }

    /// A failing file's second chance (each flush): create it or write what was retained, then the
    /// `frames_missing` records, then carry on.
    private func retry(_ log: SessionLogFile) {
        guard !log.isAbandoned else { return }
        if log.file == nil {
            log.failure = nil
            open(log)
            guard log.file != nil else { return }
        }
        if !log.retained.isEmpty, let file = log.file {
            let (written, error) = log.retained.withUnsafeBytes { writeFully($0, to: file) }
            WriterCounters.add(counters.bytesWritten, written)
            retainedBytes -= written
            log.retained.removeFirst(written)
            if let error {
                fail(log, errno: error)
                return
            }
            WriterCounters.add(counters.framesWritten, log.retainedRecords)
            log.retainedRecords = 0
        }
        log.failure = nil
        emitMissing(log)
        write(log, finish: log.ended)
    }

    /// The session ended: write the rest, end the stream, close. A failing file stays for its retries.
    func finish(_ log: SessionLogFile) {
        if log.isAbandoned || log.file == nil {
            forget(log)  // nothing more can reach this file
            return
        }
        guard log.failure == nil else { return }
        emitMissing(log)
        write(log, finish: true)
        if log.failure == nil { forget(log) }
    }

    /// Each flush: write every session's pending records; retry failing files; close ended ones.
    func flushAll() {
        for log in Array(sessions.values) {
            if log.failure != nil {
                retry(log)
            } else if !log.missing.isEmpty || !log.pending.isEmpty {
                emitMissing(log)
                write(log)
            }
            if log.ended, log.failure == nil || log.isAbandoned { finish(log) }
        }
    }

    /// At stop: one more chance for failing files, then every file is ended and closed.
    func closeAll() {
        for log in Array(sessions.values) {
            if log.failure != nil { retry(log) }
            if log.failure == nil, !log.isAbandoned, log.file != nil {
                emitMissing(log)
                write(log, finish: true)
            }
            if log.failure != nil {
                WriterCounters.add(counters.framesDropped, log.retainedRecords)
                retainedBytes -= log.retained.count
            }
            forget(log)
        }
    }

    private func closeFile(_ log: SessionLogFile) {
        guard let file = log.file else { return }
        file.close()
        log.file = nil
        log.deflater = nil
        if let name = log.name { writer.openFiles.remove(name) }
        WriterCounters.add(counters.sessionsOpen, -1)
    }

    private func forget(_ log: SessionLogFile) {
        closeFile(log)
        sessions[log.identity.key] = nil
    }
}
