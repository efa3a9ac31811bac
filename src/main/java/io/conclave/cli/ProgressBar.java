package io.conclave.cli;

import java.io.PrintStream;
import java.util.Locale;

import io.conclave.model.run.RunReport;

/**
 * The run's progress on stderr: {@code [#########-----------] 45% 5/11 tasks  2024-01-16T13:00}. On a
 * terminal the line is redrawn in place ({@code \r}) whenever it changes; otherwise a line is written at
 * the start and each time another tenth of the tasks is finished, so a log gets about ten lines.
 */
final class ProgressBar {
    private static final int WIDTH = 20;

    private final PrintStream err;
    private final boolean redraw;
    private String lastLine;
    private int lastTenth = -1;
    private boolean open;

    ProgressBar(PrintStream err, boolean redraw) {
        this.err = err;
        this.redraw = redraw;
    }

    /** Shows the progress if it changed. */
    void show(RunReport.Progress p) {
        String line = line(p);
        if (line.equals(lastLine)) {
            return;
        }
        if (redraw) {
            int shorter = lastLine == null ? 0 : Math.max(0, lastLine.length() - line.length());
            err.print("\r" + line + " ".repeat(shorter));
            err.flush();
            open = true;
            lastLine = line;
            return;
        }
        int tenth = (int) Math.floor(p.percent() / 10);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            lastLine = line;
            err.println(line);
        }
    }

    /** Draws the last progress and ends the bar's line, before anything else is written to stderr. */
    void finish(RunReport.Progress p) {
        if (redraw) {
            show(p);
            if (open) {
                err.println();
                open = false;
            }
        } else if (!line(p).equals(lastLine)) {
            lastLine = line(p);
            err.println(lastLine);
        }
    }

    /**
     * After a message (a checkpoint) was written below the bar: a terminal draws the bar again on a new
     * line; a log goes on with the next tenth, since the message already said where the run is.
     */
    void restart() {
        if (redraw) {
            lastLine = null;
        }
    }

    static String line(RunReport.Progress p) {
        int filled = (int) Math.round(p.percent() / 100 * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", Math.round(p.percent())) + " " + p.finishedTasks() + "/"
                + p.totalTasks() + " tasks  " + p.simulatedTime();
    }
}
