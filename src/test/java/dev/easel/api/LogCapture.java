package dev.easel.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event at DEBUG and above while open, for tests that check what the server logs (no
 * secret in any line). Only the root logger is set to DEBUG, as {@code EASEL_LOG_LEVEL=DEBUG}
 * sets it: the libraries logback.xml quiets stay as quiet. {@link #close} puts the root logger
 * back as it was.
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

    /** The events so far; safe while server threads still log (appending holds the appender's lock). */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The formatted messages, one a line. */
    String text() {
        return String.join(
                "\n", events().stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    /**
     * All the text of every event, one event a line: the formatted message, the message pattern,
     * each argument as text, the throwable with its causes, suppressed ones and stack, the MDC and
     * the key-value pairs. What a secret test searches, since any of them can reach a log file.
     */
    String everything() {
        StringBuilder s = new StringBuilder();
        for (ILoggingEvent event : events()) {
            List<String> parts = new ArrayList<>();
            parts.add(event.getLevel() + " " + event.getLoggerName());
            parts.add(event.getFormattedMessage());
            parts.add(event.getMessage());
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    parts.add(String.valueOf(argument));
                }
            }
            if (event.getThrowableProxy() != null) {
                parts.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            parts.add(String.valueOf(event.getMDCPropertyMap()));
            parts.add(String.valueOf(event.getKeyValuePairs()));
            s.append(String.join(" | ", parts)).append('\n');
        }
        return s.toString();
    }

    @Override
    public void close() {
        root.setLevel(level);
        root.detachAppender(appender);
    }
}
