package io.conclave.engine.budget;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The library calls a policy may make whose cost follows a number the policy computes, bounded. The
 * {@link Instrumenter} replaces each call of the compiled rules with the method of the same name here
 * (the receiver becomes the first argument), which checks what the call would allocate or visit
 * against the command's {@link Meter} and then makes the call unchanged; and it puts a check of the
 * size of every text, builder and big number a library call returns ({@code value}). So
 * {@code "x".repeat(2_000_000_000)}, {@code BigInteger.TEN.pow(1_000_000_000)} or
 * {@code new ArrayList<>(Integer.MAX_VALUE)} is refused before it allocates, and a value doubled in a
 * loop is stopped at the step that passes the bound.
 * <p>
 * Numbers: a big integer may hold {@value #NUMBER_BITS} bits and a decimal a scale of at most
 * {@value #MAX_SCALE} either way (and a {@code MathContext} as many digits): far past any score a
 * policy computes, and small enough that printing or aligning one stays in the milliseconds.
 * Regular expressions run over a text that counts every character read against the command's time,
 * so a pattern that backtracks without end is stopped like a loop.
 */
public final class Bounded {
    /** The internal name generated code calls. */
    public static final String INTERNAL = "io/conclave/engine/budget/Bounded";
    /** Bits one big integer (or a decimal's unscaled value) may hold. */
    public static final int NUMBER_BITS = 100_000;
    /** The largest scale (either sign) and the most digits of a MathContext a decimal may have. */
    public static final int MAX_SCALE = 10_000;
    private static final long REF = 8;

    private Bounded() {
    }

    // ------------------------------------------------------------------ texts

    public static String repeat(String s, int count) {
        Budget.charge(2L * s.length() * Math.max(count, 0), "String.repeat(" + count + ")");
        return s.repeat(count);
    }

    public static String indent(String s, int n) {
        long lines = s.lines().count() + 1;
        Budget.charge(2L * (s.length() + lines * Math.max(n, 0)), "String.indent(" + n + ")");
        return s.indent(n);
    }

    public static String replace(String s, CharSequence target, CharSequence replacement) {
        long hits = target.length() == 0 ? s.length() + 1L : s.length() / target.length();
        long most = s.length() + hits * Math.max(0, replacement.length() - target.length());
        if (most > s.length()) {
            Budget.charge(2 * most, "String.replace");
        }
        return s.replace(target, replacement);
    }

    public static String format(String format, Object[] args) {
        widths(format);
        return String.format(format, args);
    }

    public static String format(Locale l, String format, Object[] args) {
        widths(format);
        return String.format(l, format, args);
    }

    public static String formatted(String format, Object[] args) {
        widths(format);
        return format.formatted(args);
    }

    /** The widths and precisions of a format ({@code %2000000000d}) are characters it will write. */
    private static void widths(String format) {
        long digits = 0;
        long total = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = Math.min(digits * 10 + (c - '0'), Integer.MAX_VALUE);
            } else {
                total += digits;
                digits = 0;
            }
        }
        total += digits;
        if (total > 1_000) {
            Budget.charge(2 * total, "a format with widths of " + total + " characters");
        }
    }

    public static String join(CharSequence delimiter, Iterable<? extends CharSequence> parts) {
        if (parts instanceof Collection<?> c) {
            Budget.work(c.size(), "String.join");
        }
        return String.join(delimiter, parts);
    }

    public static boolean matches(String s, String regex) {
        return Pattern.compile(regex).matcher(new Ticking(s)).matches();
    }

    public static String replaceAll(String s, String regex, String replacement) {
        return Pattern.compile(regex).matcher(new Ticking(s)).replaceAll(replacement);
    }

    public static String replaceFirst(String s, String regex, String replacement) {
        return Pattern.compile(regex).matcher(new Ticking(s)).replaceFirst(replacement);
    }

    public static String[] split(String s, String regex) {
        return split(s, regex, 0);
    }

    public static String[] split(String s, String regex, int limit) {
        if (regex.length() == 1 && ".$|()[{^?*+\\".indexOf(regex.charAt(0)) < 0) {
            return s.split(regex, limit); // one plain character: no pattern, one pass
        }
        return Pattern.compile(regex).split(new Ticking(s), limit);
    }

    /** A text that counts each character a pattern reads as a turn of a loop. */
    private record Ticking(String s) implements CharSequence {
        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            Budget.loop();
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }

    public static void ensureCapacity(StringBuilder b, int n) {
        Budget.charge(2L * Math.max(n - b.capacity(), 0), "StringBuilder.ensureCapacity(" + n + ")");
        b.ensureCapacity(n);
    }

    public static void setLength(StringBuilder b, int n) {
        Budget.charge(2L * Math.max(n - b.length(), 0), "StringBuilder.setLength(" + n + ")");
        b.setLength(n);
    }

    public static void ensureCapacity(StringBuffer b, int n) {
        Budget.charge(2L * Math.max(n - b.capacity(), 0), "StringBuffer.ensureCapacity(" + n + ")");
        b.ensureCapacity(n);
    }

    public static void setLength(StringBuffer b, int n) {
        Budget.charge(2L * Math.max(n - b.length(), 0), "StringBuffer.setLength(" + n + ")");
        b.setLength(n);
    }

    // ------------------------------------------------------------------ values a library call returns

    public static String value(String s) {
        text(s);
        return s;
    }

    public static StringBuilder value(StringBuilder s) {
        text(s);
        return s;
    }

    public static StringBuffer value(StringBuffer s) {
        text(s);
        return s;
    }

    /** A text past the bound of one value is charged, which stops the command (one typed hook per text class). */
    private static void text(CharSequence s) {
        if (s != null && 2L * s.length() > Budget.limits().maxValueBytes()) {
            Budget.charge(2L * s.length(), "a text of " + s.length() + " characters");
        }
    }

    public static BigInteger value(BigInteger n) {
        if (n != null && n.bitLength() > NUMBER_BITS) {
            throw tooBig("a big integer of " + n.bitLength() + " bits");
        }
        return n;
    }

    public static BigDecimal value(BigDecimal d) {
        if (d != null && (Math.abs((long) d.scale()) > MAX_SCALE || d.unscaledValue().bitLength() > NUMBER_BITS)) {
            throw tooBig("a decimal of scale " + d.scale() + " and " + d.unscaledValue().bitLength() + " bits");
        }
        return d;
    }

    public static MathContext value(MathContext m) {
        if (m != null && m.getPrecision() > MAX_SCALE) {
            throw tooBig("a MathContext of " + m.getPrecision() + " digits");
        }
        return m;
    }

    private static BudgetExceeded tooBig(String what) {
        return Budget.refuse(BudgetExceeded.Limit.MEMORY, what + ": a policy's numbers may hold " + NUMBER_BITS
                + " bits and a scale of " + MAX_SCALE);
    }

    private static void bits(long bits, String call) {
        if (bits > NUMBER_BITS) {
            throw tooBig(call + " would make a number of " + bits + " bits");
        }
    }

    private static void scale(long scale, String call) {
        if (Math.abs(scale) > MAX_SCALE) {
            throw tooBig(call + " would make a decimal of scale " + scale);
        }
    }

    public static BigInteger pow(BigInteger b, int e) {
        bits((long) b.bitLength() * Math.max(e, 0), "BigInteger.pow(" + e + ")");
        return b.pow(e);
    }

    public static BigInteger shiftLeft(BigInteger b, int n) {
        bits(b.bitLength() + (long) n, "BigInteger.shiftLeft(" + n + ")");
        return b.shiftLeft(n);
    }

    public static BigInteger shiftRight(BigInteger b, int n) {
        bits(b.bitLength() - (long) n, "BigInteger.shiftRight(" + n + ")");
        return b.shiftRight(n);
    }

    public static BigInteger setBit(BigInteger b, int n) {
        bits(n + 1L, "BigInteger.setBit(" + n + ")");
        return b.setBit(n);
    }

    public static BigInteger clearBit(BigInteger b, int n) {
        bits(n + 1L, "BigInteger.clearBit(" + n + ")");
        return b.clearBit(n);
    }

    public static BigInteger flipBit(BigInteger b, int n) {
        bits(n + 1L, "BigInteger.flipBit(" + n + ")");
        return b.flipBit(n);
    }

    public static BigInteger modPow(BigInteger b, BigInteger e, BigInteger m) {
        long words = m.bitLength() / 64 + 1;
        Budget.work(Math.max(e.bitLength(), 1) * words * words, "BigInteger.modPow");
        return b.modPow(e, m);
    }

    public static BigDecimal pow(BigDecimal d, int n) {
        bits((long) d.unscaledValue().bitLength() * Math.max(n, 0), "BigDecimal.pow(" + n + ")");
        scale((long) d.scale() * n, "BigDecimal.pow(" + n + ")");
        return d.pow(n);
    }

    public static BigDecimal pow(BigDecimal d, int n, MathContext mc) {
        if (mc.getPrecision() == 0) {
            return pow(d, n);
        }
        return d.pow(n, mc);
    }

    public static BigDecimal scaleByPowerOfTen(BigDecimal d, int n) {
        scale((long) d.scale() - n, "BigDecimal.scaleByPowerOfTen(" + n + ")");
        return d.scaleByPowerOfTen(n);
    }

    public static BigDecimal movePointLeft(BigDecimal d, int n) {
        scale((long) d.scale() + n, "BigDecimal.movePointLeft(" + n + ")");
        return d.movePointLeft(n);
    }

    public static BigDecimal movePointRight(BigDecimal d, int n) {
        scale((long) d.scale() - n, "BigDecimal.movePointRight(" + n + ")");
        return d.movePointRight(n);
    }

    public static BigDecimal setScale(BigDecimal d, int n) {
        scale(n, "BigDecimal.setScale(" + n + ")");
        return d.setScale(n);
    }

    public static BigDecimal setScale(BigDecimal d, int n, RoundingMode mode) {
        scale(n, "BigDecimal.setScale(" + n + ")");
        return d.setScale(n, mode);
    }

    public static BigDecimal setScale(BigDecimal d, int n, int mode) {
        scale(n, "BigDecimal.setScale(" + n + ")");
        @SuppressWarnings("deprecation") // the policy called this overload; it is called as it is
        BigDecimal r = d.setScale(n, mode);
        return r;
    }

    // ------------------------------------------------------------------ sizes: arrays, capacities, collections

    /** A capacity or length given to a constructor or {@code Arrays.copyOf}: references of 8 bytes each. */
    public static int capacity(int n) {
        if (REF * n > Budget.SMALL) {
            Budget.charge(REF * n, "a capacity of " + n);
        }
        return n;
    }

    /** A number of bits ({@code new BitSet(n)}, {@code new BigInteger(bits, random)}). */
    public static int bits(int n) {
        Budget.charge(Math.max(n, 0) / 8L, "a size of " + n + " bits");
        return n;
    }

    public static List<Object> nCopies(int n, Object o) {
        Budget.work(Math.max(n, 0), "Collections.nCopies(" + n + ")");
        Budget.charge(REF * Math.max(n, 0), "Collections.nCopies(" + n + ")");
        return Collections.nCopies(n, o);
    }

    public static void set(BitSet b, int i) {
        bits(i + 1);
        b.set(i);
    }

    public static void set(BitSet b, int i, boolean v) {
        bits(i + 1);
        b.set(i, v);
    }

    public static void set(BitSet b, int from, int to) {
        bits(to);
        b.set(from, to);
    }

    public static void set(BitSet b, int from, int to, boolean v) {
        bits(to);
        b.set(from, to, v);
    }

    public static void flip(BitSet b, int i) {
        bits(i + 1);
        b.flip(i);
    }

    public static void flip(BitSet b, int from, int to) {
        bits(to);
        b.flip(from, to);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean addAll(Collection target, Collection source) {
        Budget.charge(REF * source.size(), "addAll of " + source.size() + " elements");
        return target.addAll(source);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean addAll(List target, int at, Collection source) {
        Budget.charge(REF * source.size(), "addAll of " + source.size() + " elements");
        return target.addAll(at, source);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void putAll(Map target, Map source) {
        Budget.charge(4 * REF * source.size(), "putAll of " + source.size() + " entries");
        target.putAll(source);
    }

    /** A bulk operation visits the receiver once per element of the argument, unless the argument is a set. */
    private static void pairs(Collection<?> a, Collection<?> b, String what) {
        Budget.work(b instanceof Set<?> ? a.size() : (long) a.size() * Math.max(b.size(), 1), what);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void sort(List list) {
        sorting(list.size());
        Collections.sort(list);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void sort(List list, java.util.Comparator order) {
        sorting(list.size());
        list.sort(order);
    }

    private static void sorting(int n) {
        Budget.work((long) n * (64 - Long.numberOfLeadingZeros(Math.max(n, 1))), "a sort of " + n + " elements");
    }

    @SuppressWarnings("rawtypes")
    public static boolean removeAll(Collection target, Collection other) {
        pairs(target, other, "removeAll");
        return target.removeAll(other);
    }

    @SuppressWarnings("rawtypes")
    public static boolean retainAll(Collection target, Collection other) {
        pairs(target, other, "retainAll");
        return target.retainAll(other);
    }

    @SuppressWarnings("rawtypes")
    public static boolean containsAll(Collection target, Collection other) {
        pairs(other, target, "containsAll");
        return target.containsAll(other);
    }
}
