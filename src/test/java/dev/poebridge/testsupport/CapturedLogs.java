package dev.poebridge.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log line the bridge writes while it is open, as text: logger name, level, message with its parameters filled
 * in, and the stack trace if there is one. Open it before the action and close it after (try-with-resources, or
 * {@code @BeforeEach}/{@code @AfterEach}).
 */
public final class CapturedLogs extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLogs() {
    }

    public static CapturedLogs open() {
        CapturedLogs logs = new CapturedLogs();
        Logger.getLogger("").addHandler(logs);
        return logs;
    }

    public List<String> lines() {
        return lines;
    }

    /** The records themselves, with their logging context (request id and the like) read when they were logged. */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            ext.copyAll(); // the logging context is read now, on the thread that logged
        }
        records.add(record);
        StringWriter line = new StringWriter();
        line.append(record.getLoggerName()).append(' ').append(record.getLevel().getName()).append(' ')
                .append(new SimpleFormatter().formatMessage(record));
        if (record.getThrown() != null) {
            line.append('\n');
            record.getThrown().printStackTrace(new PrintWriter(line));
        }
        lines.add(line.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
