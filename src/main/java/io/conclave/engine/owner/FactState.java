package io.conclave.engine.owner;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.ValueInstantiators;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Facts as text for a snapshot: every field of each fact (not its getters: a fact's JSON for the API shows
 * what a reader needs, a snapshot needs what the rules see), read back without calling a constructor, the way
 * Java's own serialisation makes objects. A fact that does not come back as it went (a field that does not
 * read, a type JSON cannot say) is found by {@link #check}: no snapshot is taken then.
 */
public final class FactState {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(MapperFeature.AUTO_DETECT_CREATORS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("no-constructors") {
                @Override
                public void setupModule(SetupContext context) {
                    super.setupModule(context);
                    context.addValueInstantiators(new WithoutConstructor());
                }
            })
            .build();

    private FactState() {
    }

    /** The facts as an array of {@code {"type": class, "fact": fields}}, in the order given. */
    public static ArrayNode write(List<?> facts) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Object f : facts) {
            out.addObject().put("type", f.getClass().getName()).set("fact", MAPPER.valueToTree(f));
        }
        return out;
    }

    /** The facts an array of {@link #write} holds, in its order, as classes of {@code loader}. */
    public static List<Object> read(JsonNode facts, ClassLoader loader) throws IOException {
        List<Object> out = new ArrayList<>(facts.size());
        for (JsonNode f : facts) {
            try {
                out.add(MAPPER.treeToValue(f.get("fact"), Class.forName(f.get("type").asText(), false, loader)));
            } catch (ClassNotFoundException e) {
                throw new IOException("a snapshot names an unknown fact type " + f.get("type").asText());
            }
        }
        return out;
    }

    /** Any value (a ledger entry) as fields. */
    public static JsonNode value(Object o) {
        return MAPPER.valueToTree(o);
    }

    public static <T> T value(JsonNode n, Class<T> type) throws IOException {
        return MAPPER.treeToValue(n, type);
    }

    /** Null when {@code written} reads back as the same text; otherwise the first fact type that does not. */
    public static String check(ArrayNode written, ClassLoader loader) {
        try {
            ArrayNode again = write(read(written, loader));
            for (int i = 0; i < written.size(); i++) {
                if (!written.get(i).equals(again.get(i))) {
                    return written.get(i).get("type").asText() + " (" + written.get(i).get("fact") + " reads back as "
                            + again.get(i).get("fact") + ")";
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "a fact does not read back: " + e.getMessage();
        }
    }

    /** Makes objects of classes without a no-argument constructor as Java's serialisation does. */
    private static final class WithoutConstructor extends ValueInstantiators.Base {
        @Override
        public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription desc,
                                                       ValueInstantiator found) {
            Class<?> type = desc.getBeanClass();
            if (found.canCreateUsingDefault() || type.isRecord() || type.isEnum() || type.isInterface()
                    || type.getName().startsWith("java.")) {
                return found;
            }
            Constructor<?> make;
            try {
                make = sun.reflect.ReflectionFactory.getReflectionFactory()
                        .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
            } catch (NoSuchMethodException e) {
                return found;
            }
            return new ValueInstantiator.Base(type) {
                @Override
                public boolean canCreateUsingDefault() {
                    return true;
                }

                @Override
                public Object createUsingDefault(DeserializationContext ctxt) throws IOException {
                    try {
                        return make.newInstance();
                    } catch (ReflectiveOperationException e) {
                        throw new IOException("cannot make a " + type.getName() + ": " + e.getMessage());
                    }
                }
            };
        }
    }
}
