package io.conclave.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.conclave.model.policy.RuleFile;
import io.conclave.journal.RuleFolder;

/**
 * The phase tables of {@code docs/rules.md} ("## Phases") are the one place where the order of the rules'
 * phases is read; salience, spread over the rule files, is what makes it. This test holds the two together:
 * every rule of the shipped policy falls in a row of its chapter, and every row is used by a rule of each
 * chapter it names. A rule without salience has salience 0, as in Drools.
 */
public class PhaseTableTest {

    private static final Pattern RULE = Pattern.compile("^rule\\s+\"([^\"]+)\"(.*?)^end", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern SALIENCE = Pattern.compile("^\\s*salience\\s+(-?\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(-?\\d+)(?:–(-?\\d+))?\\s*\\|\\s*([a-z, ]+?)\\s*\\|\\s*(.+?)\\s*\\|$",
            Pattern.MULTILINE);

    record Row(int low, int high, List<String> chapters, String phase) {
        boolean covers(String chapter, int salience) {
            return chapters.contains(chapter) && low <= salience && salience <= high;
        }
    }

    record Rule(String chapter, String name, int salience) {
    }

    public static List<Row> rows() throws IOException {
        String doc = Files.readString(Path.of("docs/rules.md"));
        String section = doc.substring(doc.indexOf("## Phases")).replace('\u2212', '-'); // typographic minus
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            int low = Integer.parseInt(m.group(1));
            int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
            rows.add(new Row(low, high, List.of(m.group(3).split(",\\s*")), m.group(4)));
        }
        return rows;
    }

    public static List<Rule> rules() throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (RuleFile f : RuleFolder.read(Path.of("rules"))) {
            Matcher m = RULE.matcher(f.content());
            while (m.find()) {
                Matcher s = SALIENCE.matcher(m.group(2));
                rules.add(new Rule(f.chapter(), m.group(1), s.find() ? Integer.parseInt(s.group(1)) : 0));
            }
        }
        return rules;
    }

    @Test
    void everyRuleFallsInAPhaseOfItsChapter() throws IOException {
        List<Row> rows = rows();
        List<Rule> rules = rules();
        // the policy's 358 rules, counted by grep -c '^rule ' rules/*/*.drl (242 when this test was written; since then
        // 6 for how a run ends, bft proposers, meetings closed without a vote and recurrences named by a word, 7
        // for four settings and the simulated bidders, 23 for real agents: 11 of members, 9 of proposals, 3 of
        // runs of real agents; 3 for the waiting line offered to freed agents and 3 for the simulated agents'
        // answers to a call taken together; 1 keeping the roster's skill index as agents learn; 1 marking the tasks
        // others depend on; 1 skipping the follow-ups of a skipped task; 2 giving an unassignable task another look,
        // once, when an agent learns a skill it requires; 63 for the source documents: 2 for who a bft vote counts, 1
        // asking goal-conflict parties, 5 for spawning by default, from action items and not from decisions, 20 for
        // shared resources agents ask for (8 checks, 4 alone, 5 windows, 3 tasks), 4 for roster agents' work
        // elsewhere, 5 of the scheduler's hourly walk, 1 checking a joining agent's capabilities against its role, 25
        // of agents' memory; 6 judging canary roll-outs: 4 guards, 2 verdicts; 1 fewer when the served task's ranking became a
        // condition the three rules that decide it share, not a rule of its own; 1 more recording a turn granted for a
        // message never weighed, as the recording of a weighed one takes the message out at once): the pattern above must find them all, or the check below would pass on fewer
        assertEquals(358, rules.size());
        List<String> uncovered = rules.stream().filter(r -> rows.stream().noneMatch(row -> row.covers(r.chapter(), r.salience())))
                .map(r -> r.chapter() + " " + r.salience() + " \"" + r.name() + "\"").toList();
        assertTrue(uncovered.isEmpty(), "rules in no phase of docs/rules.md: " + uncovered);
    }

    @Test
    void everyPhaseIsUsedByEachChapterItNames() throws IOException {
        List<Rule> rules = rules();
        List<Row> rows = rows();
        assertTrue(rows.size() > 40, "the phase tables were not found: " + rows.size() + " rows");
        List<String> unused = new ArrayList<>();
        for (Row row : rows) {
            for (String chapter : row.chapters()) {
                if (rules.stream().noneMatch(r -> r.chapter().equals(chapter) && row.low() <= r.salience()
                        && r.salience() <= row.high())) {
                    unused.add(row.low() + ".." + row.high() + " " + chapter + " (" + row.phase() + ")");
                }
            }
        }
        assertTrue(unused.isEmpty(), "phases of docs/rules.md no rule uses: " + unused);
    }
}
