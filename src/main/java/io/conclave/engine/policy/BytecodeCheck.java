package io.conclave.engine.policy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads the classes compiled for a chapter (before any is loaded) and reports every use outside the
 * allow-list: a method or constructor called, a field read or written, a type created, cast to or
 * loaded as a constant, a supertype, an invokedynamic other than a lambda or a string concatenation.
 * A method is judged by the class that declares it, found through the class hierarchy as the JVM
 * would ({@code task.getClass()} is {@code Object.getClass}, refused whatever the receiver).
 * <p>
 * This is what makes the check sound: the JVM can only link what the constant pool names, and every
 * instruction that names something is visited. Reflection needs a {@code Class} method (refused), a
 * {@code Class} needs {@code getClass}, {@code getDeclaringClass} or a type outside the list (refused).
 */
public final class BytecodeCheck {
    private static final Set<String> BOOTSTRAPS = Set.of(
            "java/lang/invoke/LambdaMetafactory.metafactory", "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants", "java/lang/invoke/StringConcatFactory.makeConcat");

    private final PolicyGuard guard;
    private final boolean instrumented;
    /** The generated classes by internal name ({@code conclave/workflow/Rules1234}). */
    private final Map<String, Own> own = new HashMap<>();
    private final Map<String, byte[]> bytes = new HashMap<>();

    /** What a generated class declares, to resolve calls on it without loading it. */
    private record Own(String superName, String[] interfaces, Set<String> methods, Set<String> fields) {
    }

    BytecodeCheck(PolicyGuard guard, Map<String, byte[]> classes) {
        this(guard, classes, false);
    }

    /** {@code instrumented}: the classes may call the budget's hooks (a build's classes, instrumented before). */
    BytecodeCheck(PolicyGuard guard, Map<String, byte[]> classes, boolean instrumented) {
        this.guard = guard;
        this.instrumented = instrumented;
        classes.forEach((binary, b) -> {
            String internal = binary.replace('.', '/');
            bytes.put(internal, b);
            Set<String> methods = new HashSet<>();
            Set<String> fields = new HashSet<>();
            String[][] header = new String[2][];
            new ClassReader(b).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] itfs) {
                    header[0] = new String[] {superName};
                    header[1] = itfs == null ? new String[0] : itfs;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] ex) {
                    methods.add(name + descriptor);
                    return null;
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                    fields.add(name);
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            own.put(internal, new Own(header[0][0], header[1], methods, fields));
        });
    }

    /** Reports each refused use as (what, names to look for in the sources). */
    void run(BiConsumer<String, List<String>> refuse) {
        bytes.forEach((name, b) -> new ClassReader(b).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String n, String signature, String superName, String[] itfs) {
                if (superName != null) {
                    supertype(superName, refuse);
                }
                for (String i : itfs == null ? new String[0] : itfs) {
                    supertype(i, refuse);
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String n, String descriptor, String signature, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        call(owner, method, desc, refuse);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                        field(owner, field, refuse);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        type(type, refuse);
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String descriptor, int dims) {
                        type(Type.getType(descriptor).getElementType().getInternalName(), refuse);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        constant(value, refuse);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String method, String desc, Handle bootstrap, Object... args) {
                        String bsm = bootstrap.getOwner() + "." + bootstrap.getName();
                        if (!BOOTSTRAPS.contains(bsm)) {
                            refuse.accept(dotted(bootstrap.getOwner()) + "." + bootstrap.getName(),
                                    List.of(method, simpleName(bootstrap.getOwner())));
                            return;
                        }
                        for (Object a : args) {
                            constant(a, refuse);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES));
    }

    private void constant(Object value, BiConsumer<String, List<String>> refuse) {
        if (value instanceof Type t) {
            if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                type(t.getSort() == Type.ARRAY ? t.getElementType().getInternalName() : t.getInternalName(), refuse);
            }
        } else if (value instanceof Handle h) {
            if (h.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                call(h.getOwner(), h.getName(), h.getDesc(), refuse);
            } else {
                refuse.accept("a field handle of " + dotted(h.getOwner()), List.of(h.getName()));
            }
        } else if (value instanceof ConstantDynamic c) {
            refuse.accept("a dynamic constant (" + c.getName() + ")", List.of(c.getName()));
        }
    }

    private void supertype(String internal, BiConsumer<String, List<String>> refuse) {
        if (!own.containsKey(internal) && !PolicyAllowList.allowsSupertype(dotted(internal))) {
            refuse.accept(dotted(internal), List.of(simpleName(internal)));
        }
    }

    private void type(String internal, BiConsumer<String, List<String>> refuse) {
        String element = internal.startsWith("[") ? elementOf(internal) : internal;
        if (element == null || own.containsKey(element)) {
            return;
        }
        String name = dotted(element);
        if (!PolicyAllowList.allowsType(name) && !PolicyAllowList.allowsInfrastructure(name)) {
            refuse.accept(name, List.of(simpleName(element), name));
        }
    }

    private void field(String owner, String field, BiConsumer<String, List<String>> refuse) {
        String declaring = declaringField(owner, field);
        if (declaring == null) {
            return; // a field of a generated class
        }
        if (!usable(owner, declaring, field)) {
            refuse.accept(dotted(declaring) + "." + field, List.of(field, simpleName(declaring)));
        }
    }

    private void call(String owner, String method, String desc, BiConsumer<String, List<String>> refuse) {
        if (instrumented && (owner.equals(io.conclave.engine.budget.Budget.INTERNAL)
                || owner.equals(io.conclave.engine.budget.Bounded.INTERNAL))) {
            return; // a hook the instrumenter put in
        }
        if (owner.startsWith("[")) {
            type(owner, refuse); // clone() of an array of allowed elements
            return;
        }
        String declaring = declaringMethod(owner, method, desc);
        if (declaring == null) {
            return; // declared by a generated class
        }
        if (!usable(owner, declaring, method)) {
            String shown = method.equals("<init>") ? "new " + dotted(declaring) : dotted(declaring) + "." + method;
            refuse.accept(shown, List.of(method.equals("<init>") ? simpleName(declaring) : method, simpleName(declaring)));
        }
    }

    /**
     * Whether code may use {@code member} of {@code declaring} through a reference to {@code owner}: the
     * declaring class is allowed (or generated infrastructure), or it is a non-public superclass whose
     * public members an allowed owner inherits ({@code StringBuilder.append} is declared by the
     * package-private {@code AbstractStringBuilder}); and the member is not a denied one.
     */
    private boolean usable(String owner, String declaring, String member) {
        String d = dotted(declaring);
        if (!PolicyAllowList.allowsMember(d, member)) {
            return false;
        }
        if (PolicyAllowList.allowsType(d) || PolicyAllowList.allowsInfrastructure(d)
                || PolicyAllowList.allowsInfrastructureMember(d, member)) {
            return true;
        }
        String o = dotted(owner);
        boolean ownerAllowed = own.containsKey(owner) || PolicyAllowList.allowsType(o) || PolicyAllowList.allowsInfrastructure(o);
        return ownerAllowed && guard.resolve(d).map(c -> !Modifier.isPublic(c.getModifiers())).orElse(false);
    }

    /** The internal name of the class declaring that method, or null when a generated class declares it. */
    private String declaringMethod(String owner, String method, String desc) {
        String at = owner;
        while (own.containsKey(at)) {
            Own o = own.get(at);
            if (o.methods().contains(method + desc)) {
                return null;
            }
            for (String i : o.interfaces()) {
                if (!own.containsKey(i)) {
                    Optional<String> d = guard.resolve(dotted(i)).flatMap(c -> declaring(c, method, desc));
                    if (d.isPresent()) {
                        return d.get();
                    }
                }
            }
            at = o.superName();
        }
        String start = at;
        return guard.resolve(dotted(start)).flatMap(c -> declaring(c, method, desc)).orElse(start);
    }

    private static Optional<String> declaring(Class<?> c, String method, String desc) {
        if (method.equals("<init>")) {
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (Type.getConstructorDescriptor(k).equals(desc)) {
                    return Optional.of(Type.getInternalName(c));
                }
            }
            return Optional.empty();
        }
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            todo.add(k);
        }
        List<Class<?>> interfaces = new ArrayList<>();
        while (!todo.isEmpty()) {
            Class<?> k = todo.poll();
            if (!seen.add(k)) {
                continue;
            }
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(method) && Type.getMethodDescriptor(m).equals(desc) && !m.isSynthetic()) {
                    return Optional.of(Type.getInternalName(k));
                }
            }
            interfaces.addAll(List.of(k.getInterfaces()));
            if (todo.isEmpty()) {
                todo.addAll(interfaces);
                interfaces.clear();
            }
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            // an interface call to an Object method (list.hashCode())
            return declaring(Object.class, method, desc);
        }
        return Optional.empty();
    }

    private String declaringField(String owner, String field) {
        String at = owner;
        while (own.containsKey(at)) {
            if (own.get(at).fields().contains(field)) {
                return null;
            }
            at = own.get(at).superName();
        }
        String start = at;
        return guard.resolve(dotted(start)).flatMap(c -> declaringField(c, field)).orElse(start);
    }

    private static Optional<String> declaringField(Class<?> c, String field) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(field)) {
                    return Optional.of(Type.getInternalName(k));
                }
            }
            for (Class<?> i : k.getInterfaces()) {
                Optional<String> d = declaringField(i, field);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    private static String elementOf(String arrayDescriptor) {
        Type t = Type.getType(arrayDescriptor).getElementType();
        return t.getSort() == Type.OBJECT ? t.getInternalName() : null;
    }

    private static String dotted(String internal) {
        return internal.replace('/', '.');
    }

    private static String simpleName(String internal) {
        String s = internal.substring(internal.lastIndexOf('/') + 1);
        int dollar = s.lastIndexOf('$');
        return dollar < 0 ? s : s.substring(dollar + 1);
    }
}
