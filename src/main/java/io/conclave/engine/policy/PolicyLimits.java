package io.conclave.engine.policy;

import io.conclave.model.policy.Recent;
import io.conclave.model.policy.RuleFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import io.conclave.model.policy.PolicyMessage;

/**
 * The sizes a policy may have, checked before anything is compiled. The rule compiler recurses over
 * names, expressions and nesting, writes names and literals into class files (at most 65,535 bytes
 * each) and holds a whole chapter in memory: a file beyond these limits could exhaust its stack or heap,
 * or crash it, instead of being refused. Each refusal names the file, the line and the limit.
 *
 * @param maxFileBytes       largest rule file, in bytes (UTF-8)
 * @param maxFiles           most rule files in one policy (or one validation request)
 * @param maxTotalBytes      largest policy, all files together, in bytes
 * @param maxIdentifier      longest identifier (a name of a type, variable, function or field), in characters
 * @param maxName            longest rule, query or function name, in characters
 * @param maxLiteral         longest string literal, in characters
 * @param maxSegments        most segments of a dotted name ({@code a.b.c} has 3): package names, qualified types
 * @param maxNesting         deepest nesting of parentheses, brackets and braces
 */
public record PolicyLimits(int maxFileBytes, int maxFiles, int maxTotalBytes, int maxIdentifier, int maxName,
                           int maxLiteral, int maxSegments, int maxNesting) {

    /** Generous for hand-written policies (the shipped one is a tenth of each), far below what hurts the compiler. */
    public static final PolicyLimits DEFAULT = new PolicyLimits(128 * 1024, 200, 2 * 1024 * 1024, 128, 200, 2000, 12, 32);

    /** Every limit these files break, at most one message per file and limit (the first place it is broken). */
    public List<PolicyMessage> check(List<RuleFile> files) {
        List<PolicyMessage> out = new ArrayList<>();
        if (files.size() > maxFiles) {
            out.add(error("", 0, "a policy holds at most " + maxFiles + " rule files; this one has " + files.size()
                    + " (limit conclave.rules.max-files)"));
            return out;
        }
        long total = 0;
        for (RuleFile f : files) {
            int bytes = f.content().getBytes(StandardCharsets.UTF_8).length;
            total += bytes;
            if (bytes > maxFileBytes) {
                out.add(error(f.name(), 0, "the file is " + bytes + " bytes; a rule file holds at most " + maxFileBytes
                        + " bytes (limit conclave.rules.max-file-bytes)"));
                continue; // not tokenised: its size alone refuses it
            }
            out.addAll(checkText(f));
        }
        if (total > maxTotalBytes) {
            out.add(error("", 0, "the policy is " + total + " bytes; at most " + maxTotalBytes
                    + " bytes in all (limit conclave.rules.max-total-bytes)"));
        }
        return out;
    }

    private List<PolicyMessage> checkText(RuleFile f) {
        return CHECKED.get(new Checked(this, f), c -> c.limits().findings(c.file()));
    }

    /** A file as checked against some limits: an edit checks every file of the policy again, most unchanged. */
    private record Checked(PolicyLimits limits, RuleFile file) {
    }

    private static final Recent<Checked, List<PolicyMessage>> CHECKED = new Recent<>(512);

    private List<PolicyMessage> findings(RuleFile f) {
        List<PolicyMessage> out = new ArrayList<>();
        List<DrlTokens.Token> tokens = DrlTokens.of(f.content());
        boolean identifier = false;
        boolean name = false;
        boolean literal = false;
        boolean segments = false;
        boolean nesting = false;
        int depth = 0;
        int chain = 0;
        for (int i = 0; i < tokens.size(); i++) {
            DrlTokens.Token t = tokens.get(i);
            switch (t.type()) {
                case IDENTIFIER -> {
                    if (!identifier && t.text().length() > maxIdentifier) {
                        identifier = true;
                        out.add(error(f.name(), t.line(), "an identifier of " + t.text().length() + " characters ('"
                                + abbreviated(t.text()) + "'); at most " + maxIdentifier + " (limit conclave.rules.max-identifier)"));
                    }
                    boolean continues = i > 0 && tokens.get(i - 1).is(".");
                    chain = continues ? chain + 1 : 1;
                    if (!segments && chain > maxSegments) {
                        segments = true;
                        out.add(error(f.name(), t.line(), "a dotted name of more than " + maxSegments
                                + " segments; at most " + maxSegments + " (limit conclave.rules.max-segments)"));
                    }
                    if (!name && isDefinition(tokens, i) && i + 1 < tokens.size()) {
                        DrlTokens.Token n = tokens.get(i + 1);
                        int length = t.text().equals("function") && i + 2 < tokens.size() ? tokens.get(i + 2).text().length()
                                : n.text().length();
                        if (length > maxName) {
                            name = true;
                            out.add(error(f.name(), t.line(), "a " + t.text() + " name of " + length + " characters; at most "
                                    + maxName + " (limit conclave.rules.max-name)"));
                        }
                    }
                }
                case STRING -> {
                    if (!literal && t.text().length() > maxLiteral) {
                        literal = true;
                        out.add(error(f.name(), t.line(), "a text of " + t.text().length() + " characters; at most "
                                + maxLiteral + " (limit conclave.rules.max-literal)"));
                    }
                }
                case PUNCTUATION -> {
                    if (t.is("(") || t.is("[") || t.is("{")) {
                        depth++;
                        if (!nesting && depth > maxNesting) {
                            nesting = true;
                            out.add(error(f.name(), t.line(), "brackets nested more than " + maxNesting
                                    + " deep (limit conclave.rules.max-nesting)"));
                        }
                    } else if (t.is(")") || t.is("]") || t.is("}")) {
                        depth = Math.max(0, depth - 1);
                    }
                }
                default -> { }
            }
        }
        return List.copyOf(out);
    }

    /** A rule, query or function keyword at the start of a definition (not a property of that name). */
    private static boolean isDefinition(List<DrlTokens.Token> tokens, int i) {
        DrlTokens.Token t = tokens.get(i);
        boolean keyword = t.isIdentifier("rule") || t.isIdentifier("query") || t.isIdentifier("function");
        return keyword && (i == 0 || !tokens.get(i - 1).is("."));
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static PolicyMessage error(String file, int line, String message) {
        return new PolicyMessage("ERROR", file, line, 0, message);
    }
}
