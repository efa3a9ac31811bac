package io.conclave.engine.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule file cut into tokens the way the DRL, Java and MVEL parsers see them closely enough for the
 * checks made before compiling ({@link PolicyLimits}, {@link PolicyGuard}): identifiers, string and
 * character literals (text blocks included), numbers and single punctuation characters, each with
 * its line; comments and white space dropped. Never fails: an unterminated literal or comment runs to
 * the end of the text, which the compiler then reports.
 */
public final class DrlTokens {
    enum Type { IDENTIFIER, STRING, NUMBER, PUNCTUATION }

    /** One token: its type, text (a literal without its quotes) and line (from 1). */
    record Token(Type type, String text, int line) {
        boolean is(String punctuation) {
            return type == Type.PUNCTUATION && text.equals(punctuation);
        }

        boolean isIdentifier(String word) {
            return type == Type.IDENTIFIER && text.equals(word);
        }
    }

    private DrlTokens() {
    }

    static List<Token> of(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i += 2;
                while (i < n && !(text.charAt(i) == '*' && i + 1 < n && text.charAt(i + 1) == '/')) {
                    line += text.charAt(i) == '\n' ? 1 : 0;
                    i++;
                }
                i += 2;
            } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                int start = line;
                int end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                String body = text.substring(i + 3, end);
                line += (int) body.chars().filter(ch -> ch == '\n').count();
                out.add(new Token(Type.STRING, body, start));
                i = Math.min(n, end + 3);
            } else if (c == '"' || c == '\'') {
                int start = line;
                StringBuilder body = new StringBuilder();
                i++;
                while (i < n && text.charAt(i) != c) {
                    char d = text.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        body.append(d).append(text.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (d == '\n') {
                        line++;
                    }
                    body.append(d);
                    i++;
                }
                i++;
                out.add(new Token(Type.STRING, body.toString(), start));
            } else if (Character.isJavaIdentifierStart(c) || c == '\\') {
                // a backslash outside a literal can only start a unicode escape, which Java reads as part of a
                // name: keep it in the identifier so the checks see it (and refuse it)
                int start = i;
                while (i < n && (Character.isJavaIdentifierPart(text.charAt(i)) || text.charAt(i) == '\\')) {
                    i++;
                }
                i = Math.max(i, start + 1);
                out.add(new Token(Type.IDENTIFIER, text.substring(start, i), line));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || text.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Type.NUMBER, text.substring(start, i), line));
            } else {
                out.add(new Token(Type.PUNCTUATION, String.valueOf(c), line));
                i++;
            }
        }
        return out;
    }
}
