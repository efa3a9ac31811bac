package io.conclave.engine.budget;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Puts the {@link Budget}'s hooks into the classes compiled from the rules, after they passed the
 * allow-list and before they are loaded (at run time and by the build alike):
 * <ul>
 * <li>{@code Budget.loop()} before every backward branch: every loop of a function, a condition or a
 * consequence counts its turns;</li>
 * <li>{@code Budget.enter()} at the start of every static method (the DRL functions) and lambda body
 * that can call on (see {@link CallCycles}), {@code Budget.exit()} at every return and, through a
 * handler around the whole body, at every exception leaving it: recursion is bounded in depth (Drools
 * calls conditions and consequences, and a cycle of calls goes through a function or a lambda);</li>
 * <li>{@code Budget.caught(t)} first in every handler that catches {@code Throwable} or everything
 * (a {@code finally}): the policy cannot swallow a stop;</li>
 * <li>{@code Budget.array(n, bytes)} before every new array, and the calls of {@link Bounded} in place
 * of the library calls whose cost follows a number, plus a size check of the texts and numbers the
 * library returns.</li>
 * </ul>
 * Multi-dimensional arrays are refused: none of the shipped rules needs one, and their sizes are many
 * numbers deep in the stack.
 */
public final class Instrumenter {
    /** Changes whenever what this class puts in changes: a chapter the build kept from before is built again. */
    public static final String VERSION = "budget-3";

    private static final String B = Budget.INTERNAL;
    private static final String BOUNDED = Bounded.INTERNAL;
    private static final String THROWABLE = "java/lang/Throwable";

    /** Values a library call returns whose size is checked, by descriptor. */
    private static final Set<String> CHECKED_VALUES = Set.of("Ljava/lang/String;", "Ljava/lang/StringBuilder;",
            "Ljava/lang/StringBuffer;", "Ljava/math/BigInteger;", "Ljava/math/BigDecimal;", "Ljava/math/MathContext;");
    /** Classes whose constructor's first int is a capacity of references. */
    private static final Set<String> CAPACITY = Set.of("java/util/ArrayList", "java/util/HashMap", "java/util/HashSet",
            "java/util/LinkedHashMap", "java/util/LinkedHashSet", "java/util/ArrayDeque", "java/util/Vector",
            "java/util/PriorityQueue", "java/util/Hashtable", "java/util/IdentityHashMap", "java/util/WeakHashMap",
            "java/lang/StringBuilder", "java/lang/StringBuffer");
    /** Calls replaced by a method of {@link Bounded} of the same name: "owner.name+descriptor" of the call. */
    private static final Set<String> REPLACED = Set.of(
            "java/lang/String.repeat(I)Ljava/lang/String;", "java/lang/String.indent(I)Ljava/lang/String;",
            "java/lang/String.replace(Ljava/lang/CharSequence;Ljava/lang/CharSequence;)Ljava/lang/String;",
            "java/lang/String.formatted([Ljava/lang/Object;)Ljava/lang/String;",
            "java/lang/String.format(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;",
            "java/lang/String.format(Ljava/util/Locale;Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;",
            "java/lang/String.join(Ljava/lang/CharSequence;Ljava/lang/Iterable;)Ljava/lang/String;",
            "java/lang/String.matches(Ljava/lang/String;)Z",
            "java/lang/String.replaceAll(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
            "java/lang/String.replaceFirst(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
            "java/lang/String.split(Ljava/lang/String;)[Ljava/lang/String;",
            "java/lang/String.split(Ljava/lang/String;I)[Ljava/lang/String;",
            "java/lang/StringBuilder.ensureCapacity(I)V", "java/lang/StringBuilder.setLength(I)V",
            "java/lang/StringBuffer.ensureCapacity(I)V", "java/lang/StringBuffer.setLength(I)V",
            "java/util/Collections.nCopies(ILjava/lang/Object;)Ljava/util/List;",
            "java/util/Collections.sort(Ljava/util/List;)V",
            "java/util/Collections.sort(Ljava/util/List;Ljava/util/Comparator;)V",
            "java/util/BitSet.set(I)V", "java/util/BitSet.set(IZ)V", "java/util/BitSet.set(II)V",
            "java/util/BitSet.set(IIZ)V", "java/util/BitSet.flip(I)V", "java/util/BitSet.flip(II)V",
            "java/math/BigInteger.pow(I)Ljava/math/BigInteger;", "java/math/BigInteger.shiftLeft(I)Ljava/math/BigInteger;",
            "java/math/BigInteger.shiftRight(I)Ljava/math/BigInteger;", "java/math/BigInteger.setBit(I)Ljava/math/BigInteger;",
            "java/math/BigInteger.clearBit(I)Ljava/math/BigInteger;", "java/math/BigInteger.flipBit(I)Ljava/math/BigInteger;",
            "java/math/BigInteger.modPow(Ljava/math/BigInteger;Ljava/math/BigInteger;)Ljava/math/BigInteger;",
            "java/math/BigDecimal.pow(I)Ljava/math/BigDecimal;",
            "java/math/BigDecimal.pow(ILjava/math/MathContext;)Ljava/math/BigDecimal;",
            "java/math/BigDecimal.scaleByPowerOfTen(I)Ljava/math/BigDecimal;",
            "java/math/BigDecimal.movePointLeft(I)Ljava/math/BigDecimal;",
            "java/math/BigDecimal.movePointRight(I)Ljava/math/BigDecimal;",
            "java/math/BigDecimal.setScale(I)Ljava/math/BigDecimal;",
            "java/math/BigDecimal.setScale(ILjava/math/RoundingMode;)Ljava/math/BigDecimal;",
            "java/math/BigDecimal.setScale(II)Ljava/math/BigDecimal;");
    /** Bulk calls of any collection of java.util, replaced whatever the receiver's class: name+descriptor → receiver type. */
    private static final Map<String, String> COLLECTION_CALLS = Map.of(
            "addAll(Ljava/util/Collection;)Z", "Ljava/util/Collection;",
            "addAll(ILjava/util/Collection;)Z", "Ljava/util/List;",
            "removeAll(Ljava/util/Collection;)Z", "Ljava/util/Collection;",
            "retainAll(Ljava/util/Collection;)Z", "Ljava/util/Collection;",
            "containsAll(Ljava/util/Collection;)Z", "Ljava/util/Collection;",
            "putAll(Ljava/util/Map;)V", "Ljava/util/Map;",
            "sort(Ljava/util/Comparator;)V", "Ljava/util/List;");

    private Instrumenter() {
    }

    /** The classes with the hooks in, by name; what cannot be instrumented is added to {@code refused}. */
    public static Map<String, byte[]> instrument(Map<String, byte[]> classes, List<String> refused) {
        Map<String, byte[]> out = new TreeMap<>();
        classes.forEach((name, bytes) -> out.put(name, instrument(bytes, refused)));
        return out;
    }

    static byte[] instrument(byte[] bytes, List<String> refused) {
        ClassReader reader = new ClassReader(bytes);
        Set<String> calling = CallCycles.callingMethods(reader);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] itfs) {
                owner = name;
                super.visit(version, access, name, signature, superName, itfs);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] ex) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, ex);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return mv;
                }
                boolean counted = !name.startsWith("<") && ((access & Opcodes.ACC_STATIC) != 0 || name.startsWith("lambda$"))
                        && calling.contains(name + desc);
                return new Hooks(mv, counted, owner + "." + name, refused);
            }
        }, 0);
        return writer.toByteArray();
    }

    /** The hooks of one method. */
    private static final class Hooks extends MethodVisitor {
        private final boolean counted;
        private final String method;
        private final List<String> refused;
        private final Set<Label> seen = new HashSet<>();
        private final Set<Label> catchAll = new HashSet<>();
        private final Deque<Boolean> news = new ArrayDeque<>();
        private final Label start = new Label();
        private Label pendingHandler;
        private boolean afterNew;

        Hooks(MethodVisitor mv, boolean counted, String method, List<String> refused) {
            super(Opcodes.ASM9, mv);
            this.counted = counted;
            this.method = method;
            this.refused = refused;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (counted) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "enter", "()V", false);
                super.visitLabel(start);
            }
        }

        @Override
        public void visitTryCatchBlock(Label s, Label e, Label handler, String type) {
            if (type == null || type.equals(THROWABLE) || type.equals("java/lang/Error")) {
                catchAll.add(handler);
            }
            super.visitTryCatchBlock(s, e, handler, type);
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            seen.add(label);
            if (catchAll.contains(label)) {
                pendingHandler = label;
            }
        }

        /** Before the first instruction of a catch-all handler (after its frame): the stop goes on up. */
        private void before() {
            if (pendingHandler != null) {
                pendingHandler = null;
                super.visitInsn(Opcodes.DUP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "caught", "(Ljava/lang/Throwable;)V", false);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            before();
            if (opcode == Opcodes.DUP && afterNew && !news.isEmpty()) {
                news.pop();
                news.push(Boolean.TRUE);
            }
            afterNew = false;
            if (counted && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "exit", "()V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            before();
            afterNew = false;
            if (opcode == Opcodes.NEWARRAY) {
                super.visitLdcInsn(primitiveBytes(operand));
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "array", "(II)I", false);
            }
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            before();
            afterNew = false;
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            before();
            afterNew = false;
            if (opcode == Opcodes.ANEWARRAY) {
                super.visitLdcInsn(8);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "array", "(II)I", false);
            }
            super.visitTypeInsn(opcode, type);
            if (opcode == Opcodes.NEW) {
                news.push(Boolean.FALSE);
                afterNew = true;
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            before();
            afterNew = false;
            super.visitFieldInsn(opcode, owner, name, desc);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
            before();
            afterNew = false;
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
                construct(owner, desc, itf);
                return;
            }
            String key = owner + "." + name + desc;
            if (REPLACED.contains(key)) {
                String d = opcode == Opcodes.INVOKESTATIC ? desc : "(L" + owner + ";" + desc.substring(1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, name, d, false);
            } else if (opcode != Opcodes.INVOKESTATIC && owner.startsWith("java/util/")
                    && COLLECTION_CALLS.containsKey(name + desc)) {
                String d = "(" + COLLECTION_CALLS.get(name + desc) + desc.substring(1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, name, d, false);
            } else {
                if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/util/Arrays")
                        && (name.equals("copyOf") || name.equals("copyOfRange")) && desc.contains("I)")) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, "capacity", "(I)I", false);
                }
                super.visitMethodInsn(opcode, owner, name, desc, itf);
            }
            String returned = Type.getReturnType(desc).getDescriptor();
            if (CHECKED_VALUES.contains(returned) && (owner.startsWith("java/lang/") || owner.startsWith("java/math/")
                    || owner.startsWith("java/util/"))) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, "value", "(" + returned + ")" + returned, false);
            }
        }

        /** A constructor call: its capacity argument bounded first, a big number or MathContext checked after. */
        private void construct(String owner, String desc, boolean itf) {
            boolean fresh = !news.isEmpty() && news.pop();
            if (CAPACITY.contains(owner)) {
                capacityArgument(desc, "capacity");
            } else if (owner.equals("java/util/BitSet") && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, "bits", "(I)I", false);
            } else if (owner.equals("java/math/BigInteger") && desc.equals("(ILjava/util/Random;)V")) {
                checkUnderOne("bits");
            }
            super.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, "<init>", desc, itf);
            String type = "L" + owner + ";";
            if (fresh && (owner.equals("java/math/BigInteger") || owner.equals("java/math/BigDecimal")
                    || owner.equals("java/math/MathContext"))) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, "value", "(" + type + ")" + type, false);
            }
        }

        /** The first int of a capacity constructor, wherever the descriptor leaves it on the stack. */
        private void capacityArgument(String desc, String check) {
            switch (desc) {
                case "(I)V" -> super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, check, "(I)I", false);
                case "(IF)V", "(II)V", "(ILjava/util/Comparator;)V" -> checkUnderOne(check);
                case "(IFZ)V" -> {
                    // [I F Z] -> [Z I F] -> [Z F I] check [Z F I] -> [Z I F] -> [I F Z]
                    super.visitInsn(Opcodes.DUP_X2);
                    super.visitInsn(Opcodes.POP);
                    checkUnderOne(check);
                    super.visitInsn(Opcodes.DUP2_X1);
                    super.visitInsn(Opcodes.POP2);
                }
                default -> {
                    // another constructor of a collection takes no capacity (a copy of a collection)
                }
            }
        }

        /** Checks the int under the top value (both of one slot): swap, check, swap back. */
        private void checkUnderOne(String check) {
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, check, "(I)I", false);
            super.visitInsn(Opcodes.SWAP);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
            before();
            afterNew = false;
            super.visitInvokeDynamicInsn(name, desc, bsm, args);
            if (bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDED, "value", "(Ljava/lang/String;)Ljava/lang/String;", false);
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            before();
            afterNew = false;
            if (seen.contains(label)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "loop", "()V", false);
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            before();
            afterNew = false;
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            before();
            afterNew = false;
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            before();
            afterNew = false;
            if (backward(dflt, labels)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "loop", "()V", false);
            }
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            before();
            afterNew = false;
            if (backward(dflt, labels)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "loop", "()V", false);
            }
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private boolean backward(Label dflt, Label[] labels) {
            if (seen.contains(dflt)) {
                return true;
            }
            for (Label l : labels) {
                if (seen.contains(l)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dims) {
            before();
            afterNew = false;
            refused.add(method + ": a multi-dimensional array (" + descriptor + ") may not be created in a policy; "
                    + "use an array of arrays created one by one, or a collection");
            super.visitMultiANewArrayInsn(descriptor, dims);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (counted) {
                // every exception leaving the method leaves a level too: a handler around the whole body
                Label end = new Label();
                Label handler = new Label();
                super.visitLabel(end);
                super.visitTryCatchBlock(start, end, handler, null);
                super.visitLabel(handler);
                super.visitFrame(Opcodes.F_FULL, 0, new Object[0], 1, new Object[] {THROWABLE});
                super.visitMethodInsn(Opcodes.INVOKESTATIC, B, "exit", "()V", false);
                super.visitInsn(Opcodes.ATHROW);
            }
            super.visitMaxs(maxStack, maxLocals);
        }

        private static int primitiveBytes(int type) {
            return switch (type) {
                case Opcodes.T_BOOLEAN, Opcodes.T_BYTE -> 1;
                case Opcodes.T_CHAR, Opcodes.T_SHORT -> 2;
                case Opcodes.T_INT, Opcodes.T_FLOAT -> 4;
                default -> 8;
            };
        }
    }

    /** Every hook a class holds, counted by kind (for tests and the build's report). */
    public static Map<String, Integer> census(byte[] bytes) {
        Map<String, Integer> counts = new TreeMap<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        if (owner.equals(B) || owner.equals(BOUNDED)) {
                            counts.merge(n, 1, Integer::sum);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return counts;
    }
}
