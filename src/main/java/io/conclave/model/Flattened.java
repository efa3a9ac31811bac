package io.conclave.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component whose fields a request writes in the component's parent: a preference's {@code time} is written
 * as the preference's own {@code date}, {@code start_time} and {@code end_time}. {@link Violations} leaves its name
 * out of a problem's JSON path.
 */
@Documented
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Flattened {
}
