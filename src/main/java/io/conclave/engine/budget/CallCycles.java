package io.conclave.engine.budget;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Which methods of a class compiled from the rules get {@link Instrumenter}'s depth hooks: those that can take part
 * in a cycle of calls. Recursion is bounded by counting levels, and a level need only be counted where a cycle can
 * pass.
 */
final class CallCycles {
    private CallCycles() {
    }

    /**
     * The methods of a class that can take part in a cycle of calls, by name and descriptor: those that call
     * rule code of another class (a method of a class compiled from the rules), create a lambda, call a functional
     * object, or hand one to the library (a parameter of a functional type: {@code sort(comparator)},
     * {@code forEach}); those that call a method of their own class that can; and those on a cycle of calls
     * within the class (a function that calls itself, two that call each other). The others (a scoring formula
     * over a fact's getters, a comparison that calls such a formula, a lambda handed to the library whose body
     * only calls such functions) can only return: they need no depth count, which saves two thread-local reads
     * on every call of the hottest functions (the ranking's comparison, called for every candidate it weighs).
     */
    static Set<String> callingMethods(ClassReader reader) {
        String self = reader.getClassName();
        Set<String> direct = new HashSet<>();
        Set<String> defined = new HashSet<>();
        Map<String, Set<String>> calls = new HashMap<>(); // same-class static calls, caller -> callees
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] ex) {
                String key = name + desc;
                defined.add(key);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        boolean handsOn = java.util.Arrays.stream(Type.getArgumentTypes(d))
                                .anyMatch(t -> t.getSort() == Type.OBJECT && functional(t.getInternalName()));
                        if (owner.equals(self) && opcode == Opcodes.INVOKESTATIC && !handsOn) {
                            calls.computeIfAbsent(key, k -> new HashSet<>()).add(n + d);
                        } else if (owner.startsWith("conclave/") || functional(owner) || handsOn) {
                            direct.add(key);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                        if (!bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                            direct.add(key);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        Map<String, Boolean> done = new HashMap<>();
        Set<String> onPath = new HashSet<>();
        for (String m : defined) {
            calls(m, direct, defined, calls, done, onPath);
        }
        Set<String> calling = new HashSet<>();
        done.forEach((m, c) -> {
            if (c) {
                calling.add(m);
            }
        });
        return calling;
    }

    /**
     * Whether {@code m} can take part in a cycle of calls: it calls on directly, or one of its own class's methods
     * it calls can, is not defined in the class, or leads back to a method on the path to it (a cycle).
     */
    private static boolean calls(String m, Set<String> direct, Set<String> defined, Map<String, Set<String>> calls,
                                 Map<String, Boolean> done, Set<String> onPath) {
        Boolean known = done.get(m);
        if (known != null) {
            return known;
        }
        if (onPath.contains(m) || !defined.contains(m)) {
            return true;
        }
        boolean calling = direct.contains(m);
        onPath.add(m);
        for (String callee : calls.getOrDefault(m, Set.of())) {
            if (calling) {
                break;
            }
            calling = calls(callee, direct, defined, calls, done, onPath);
        }
        onPath.remove(m);
        done.put(m, calling);
        return calling;
    }

    /** A type whose method calls code the caller does not see: a functional interface or a comparator. */
    private static boolean functional(String internal) {
        return internal.startsWith("java/util/function/") || internal.equals("java/util/Comparator")
                || internal.equals("java/lang/Runnable") || internal.equals("java/lang/Iterable")
                || internal.startsWith("org/drools/model/functions/");
    }
}
