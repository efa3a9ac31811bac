package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import io.conclave.journal.PolicyArchive;
import org.junit.jupiter.api.io.TempDir;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.model.policy.PolicyMessage;

/**
 * A refused rule file is one line of the log at ERROR: the file, its first error with line and column, and how
 * many more there are; every message is in the attempt (the answer, GET /api/rules), not in the log at ERROR.
 */
public class RefusalLogTest {

    @Test
    void aRefusedFileIsOneLineOfTheLog(@TempDir Path rules, @TempDir Path data) throws Exception {
        PolicyLifecycleTest.copyOfRules(rules);
        List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(PolicyHost.class.getName());
        logger.addHandler(handler);
        try (PolicyHost host = new PolicyHost(rules, new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(RefusalLogTest.class.getClassLoader()))) {
            host.start();
            // two rules with a variable bound nowhere: Drools stops at the first it meets, which is found at its line
            // ("taskId" starts at the 21st character of lines 3 and 4)
            Files.writeString(rules.resolve("workflow/broken.drl"), "package conclave.workflow;\nimport io.conclave.model.*;\n"
                    + "rule \"x\" when Task( taskId == $a ) then end\nrule \"y\" when Task( taskId == $b ) then end\n");
            PolicyAttempt refused = host.reload("file change", "test");
            assertFalse(refused.activated());
            long errors = refused.messages().stream().filter(PolicyMessage::isError).count();
            assertEquals(1, errors, refused.messages().toString());

            List<String> lines = records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(RefusalLogTest::formatted)
                    // other test classes run beside this one and log their own refusals: keep this version's
                    .filter(m -> m.contains("policy " + refused.version() + " rejected")).toList();
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0);
            // which of the two Drools meets first follows its own order of the chapter's rules (it changed as rules
            // were added to the chapter); either is named at its own line and column, and alone
            String first = line.contains("taskId == $a") ? "line 3:21 Unable to Analyse Expression taskId == $a"
                    : "line 4:21 Unable to Analyse Expression taskId == $b";
            assertTrue(line.contains("rejected (file change): workflow/broken.drl: " + first), line);
            assertTrue(line.endsWith(first.substring(first.indexOf("taskId")) + ":"), line); // one error: no "(and n more)"
        } finally {
            logger.removeHandler(handler);
        }
    }

    private static String formatted(LogRecord r) {
        return r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : String.valueOf(r.getMessage());
    }
}
