package org.corridorwatch.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The progress line of an export or import on stderr: records so far, their rate and the time
 * elapsed, redrawn in place at most five times a second, and left as the final line when done. Off
 * (it prints nothing) when stdout or stderr is not a terminal, or with --quiet: a script or a file
 * gets no control characters; nor when the records themselves go to the terminal.
 */
final class Progress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean on;
    private final String noun;
    private final long start = System.nanoTime();
    private long lastDrawn;
    private long records;

    Progress(PrintWriter err, boolean on, String noun) {
        this.err = err;
        this.on = on;
        this.noun = noun;
    }

    void add(long count) {
        records += count;
        long now = System.nanoTime();
        if (on && now - lastDrawn >= REDRAW_NANOS) {
            lastDrawn = now;
            draw(now);
        }
    }

    /** The final line, when progress is shown. */
    void finish() {
        if (on) {
            draw(System.nanoTime());
            err.println();
            err.flush();
        }
    }

    private void draw(long now) {
        Duration elapsed = Duration.ofNanos(now - start);
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        // \r back to the line's start, ESC[K clears what a longer line before left behind.
        err.printf("\r\033[K%,d %s  %,.0f/s  %d:%02d elapsed", records, noun, records / seconds, elapsed.toMinutes(),
                elapsed.toSecondsPart());
        err.flush();
    }
}
