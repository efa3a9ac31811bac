package io.conclave;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The order of test classes within each of Quarkus' groups (its orderer groups the classes by application and
 * uses this one within a group; the pom names it): a class marked {@link Order} first, by its value, then every
 * other class by name, as Quarkus orders them by default. The longest class of surefire's plain lane, the cluster
 * test, is marked, so the lane starts with it instead of ending with it. Quarkus runs the applications in the order of
 * their first classes in this one: an application whose classes are all marked {@link #LAST_APPLICATION} or
 * {@link #LAST_APPLICATION_REST} runs after every other.
 */
public final class SuiteOrder implements ClassOrderer {
    /** The first class of the application that runs last. */
    public static final int LAST_APPLICATION = Integer.MAX_VALUE - 1;
    /** The other classes of the application that runs last. */
    public static final int LAST_APPLICATION_REST = Integer.MAX_VALUE;

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparingInt((ClassDescriptor d) -> d.findAnnotation(Order.class).map(Order::value).orElse(Order.DEFAULT))
                .thenComparing(d -> d.getTestClass().getName()));
    }
}
