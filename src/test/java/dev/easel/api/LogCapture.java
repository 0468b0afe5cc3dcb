package dev.easel.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event at DEBUG and above while open, for tests that check what the server logs (no
 * secret in any line). {@link #close} puts the root logger back as it was.
 */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level level = root.getLevel();

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The formatted messages, one a line. */
    String text() {
        return String.join(
                "\n", events().stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Override
    public void close() {
        root.setLevel(level);
        root.detachAppender(appender);
    }
}
