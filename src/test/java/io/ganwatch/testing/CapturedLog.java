package io.ganwatch.testing;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lines one logger writes while open, as "LEVEL message", from the real log4j2 logger; a line
 * logged with an exception ends in " [thrown ExceptionClass]".
 */
public final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final AbstractAppender appender;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Starts capturing what {@code source}'s logger writes. */
    public CapturedLog(Class<?> source) {
        logger = (Logger) LogManager.getLogger(source);
        appender = new AbstractAppender("captured-" + System.identityHashCode(this), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " [thrown " + event.getThrown().getClass().getName() + "]"));
            }
        };
        appender.start();
        logger.addAppender(appender);
    }

    /** The lines captured so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Stops capturing. */
    @Override
    public void close() {
        logger.removeAppender(appender);
        appender.stop();
    }
}
