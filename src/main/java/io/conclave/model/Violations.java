package io.conclave.model;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Bean Validation for the model's own checks (a project definition, a negotiation), which run where no container
 * hands out a validator (the project file's check is called from the command line and the benchmarks too). Each
 * violation comes back as a {@link Problem} at its JSON path (record components by their snake_case names, list
 * indexes, map keys) with its {@link Found#place place}: where it is in the document, so that problems can be put in
 * the order a reader meets them rather than the validator's (which has none).
 */
public final class Violations {
    /**
     * Conclave's constraints word their problems as message parameters ({@link Say}); no expression language is
     * needed or wanted, so messages are put together by parameters alone.
     */
    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private Violations() {
    }

    /**
     * A problem and its place: one number a step of its path (a field's rank in its record, an index in a list, a
     * key's position in its map), so that comparing places compares positions in the document.
     */
    public record Found(Problem problem, List<Integer> place) {
        /** Document order: field by field as {@code order} ranks them, a parent before what is inside it. */
        public static final Comparator<Found> IN_ORDER = (a, b) -> compare(a.place, b.place);
    }

    /**
     * The violations of {@code root}, each at {@code at} followed by its path inside {@code root}. A field's rank is
     * its position in {@code order}'s list for its record (JSON names), else its position among the record's
     * components; {@code prefix} goes first in every place. The constraints of {@code groups} are judged (the default
     * group when none is given).
     */
    public static List<Found> of(Object root, String at, List<Integer> prefix, Map<Class<?>, List<String>> order,
                                 Class<?>... groups) {
        List<Found> found = new ArrayList<>();
        for (ConstraintViolation<Object> v : VALIDATOR.validate(root, groups)) {
            StringBuilder path = new StringBuilder(at);
            List<Integer> place = new ArrayList<>(prefix);
            walk(root, v.getPropertyPath(), path, place, order);
            found.add(new Found(new Problem(path.toString(), v.getMessage()), List.copyOf(place)));
        }
        return found;
    }

    /** The place of a field {@code field} (JSON name) of {@code record}, after {@code prefix}. */
    public static List<Integer> place(List<Integer> prefix, Object record, String field,
                                      Map<Class<?>, List<String>> order) {
        List<Integer> place = new ArrayList<>(prefix);
        place.add(rank(record == null ? null : record.getClass(), field, order));
        return place;
    }

    private static void walk(Object root, Path path, StringBuilder out, List<Integer> place,
                             Map<Class<?>, List<String>> order) {
        Object at = root;
        for (Path.Node node : path) {
            if (node.getIndex() != null || node.getKey() != null) {
                // the node's index or key is into the container the previous node named
                if (node.getIndex() != null) {
                    out.append('[').append(node.getIndex()).append(']');
                    place.add(node.getIndex());
                    at = at instanceof List<?> l && node.getIndex() < l.size() ? l.get(node.getIndex()) : null;
                } else {
                    out.append('.').append(node.getKey());
                    place.add(position(at, node.getKey()));
                    at = at instanceof Map<?, ?> m ? m.get(node.getKey()) : null;
                }
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            String json = SNAKE.translate(node.getName());
            if (!flattened(at, node.getName())) {
                out.append('.').append(json);
            }
            place.add(rank(at == null ? null : at.getClass(), json, order));
            at = component(at, node.getName());
        }
    }

    private static int rank(Class<?> type, String json, Map<Class<?>, List<String>> order) {
        List<String> ranked = type == null ? null : order.get(type);
        if (ranked != null && ranked.contains(json)) {
            return ranked.indexOf(json);
        }
        RecordComponent[] components = type == null || !type.isRecord() ? new RecordComponent[0]
                : type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (SNAKE.translate(components[i].getName()).equals(json)) {
                return (ranked == null ? 0 : ranked.size()) + i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Whether the component {@code javaName} of {@code record} is written in the record itself ({@link Flattened}). */
    private static boolean flattened(Object record, String javaName) {
        if (record == null || !record.getClass().isRecord()) {
            return false;
        }
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(javaName)) {
                return c.isAnnotationPresent(Flattened.class);
            }
        }
        return false;
    }

    private static Object component(Object record, String javaName) {
        if (record == null || !record.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(javaName)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static int position(Object map, Object key) {
        if (map instanceof Map<?, ?> m) {
            int i = 0;
            for (Iterator<?> it = m.keySet().iterator(); it.hasNext(); i++) {
                if (java.util.Objects.equals(it.next(), key)) {
                    return i;
                }
            }
        }
        return Integer.MAX_VALUE;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
