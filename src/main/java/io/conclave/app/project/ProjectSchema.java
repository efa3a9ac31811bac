package io.conclave.app.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;

import io.conclave.model.Coordination;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ProjectValidator;
import io.conclave.model.SpawnSettings;
import io.conclave.model.run.OversightSettings;
import io.conclave.model.run.RunRequest;

/**
 * The JSON Schema (draft 2020-12) of a project file, for editors and clients. Its structure is generated
 * (victools jsonschema-generator) from the records a file is bound to ({@link ProjectSpec}, with
 * {@link OversightSettings.Block} for {@code ceo_oversight}), so it names exactly the fields that strict reading
 * ({@link ProjectDefinitions}) knows, and forbids the others as reading does. The value constraints are added from
 * the constants {@link ProjectValidator} checks against (modes, patterns, ranges); a test checks that every
 * constraint given here is one the service enforces at the same path. Served at {@code /api/schemas/project.json}
 * and kept in {@code docs/project.schema.json}.
 */
public final class ProjectSchema {
    /** The schema's own title. */
    static final String TITLE = "Conclave project file";
    /** Ids that become file names or are referred to ({@link io.conclave.model.Ids}). */
    static final String ID_PATTERN = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$";
    /** A date, or a date and time of day (with seconds, optionally with an offset). */
    static final String DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?$";
    /** A time of day as "HH:MM" (up to 24:00). */
    static final String CLOCK_PATTERN = "^\\s*([01]?\\d|2[0-3]):[0-5]\\d\\s*$|^\\s*24:00\\s*$";

    private static final Map<Class<?>, String> NAMES = Map.of(
            ProjectSpec.AgentSpec.class, "agent", ProjectSpec.TaskSpec.class, "task",
            ProjectSpec.Scheduling.class, "scheduling", ProjectSpec.WorkingHours.class, "working_hours",
            ProjectSpec.Availability.class, "availability", ProjectSpec.ContractNet.class, "contract_net",
            ProjectSpec.Spawning.class, "spawning", OversightSettings.Block.class, "ceo_oversight");

    private static final ObjectNode SCHEMA = generate();

    private ProjectSchema() {
    }

    /** The schema (a copy: callers may change it). */
    public static ObjectNode json() {
        return SCHEMA.deepCopy();
    }

    /** The schema as the service serves it and {@code docs/project.schema.json} holds it: indented, a final newline. */
    public static String text() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(SCHEMA) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode generate() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(Json.MAPPER, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.DEFINITIONS_FOR_ALL_OBJECTS);
        var naming = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
        config.forFields().withPropertyNameOverrideResolver(field -> naming.translate(field.getDeclaredName()));
        // ceo_oversight is kept as JSON by the record, and described by its block
        config.forFields().withTargetTypeOverridesResolver(field ->
                field.getDeclaringType().getErasedType() == ProjectSpec.class && field.getDeclaredName().equals("ceoOversight")
                        ? List.of(field.getContext().resolve(OversightSettings.Block.class)) : null);
        // any other JSON the records keep as it is (times of day, subtasks) is described below
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) ->
                JsonNode.class.isAssignableFrom(type.getErasedType())
                        ? new CustomDefinition(context.getGeneratorConfig().createObjectNode(),
                        CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO) : null);
        // skill levels and the like: written in place, not as definitions of their own
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            if (!java.util.Map.class.isAssignableFrom(type.getErasedType())) {
                return null;
            }
            ObjectNode map = context.getGeneratorConfig().createObjectNode().put("type", "object");
            map.set("additionalProperties", context.createDefinition(context.getTypeContext().getTypeParameterFor(type, java.util.Map.class, 1)));
            return new CustomDefinition(map, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
        });
        config.forTypesInGeneral().withDefinitionNamingStrategy((key, context) ->
                NAMES.getOrDefault(key.getType().getErasedType(), key.getType().getErasedType().getSimpleName()));
        config.forTypesInGeneral().withPropertySorter((a, b) -> 0); // as the records declare them
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(ProjectSpec.class);
        return constrained(schema);
    }

    /** The generated structure with titles, descriptions, required fields and the value constraints. */
    private static ObjectNode constrained(ObjectNode generated) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("$schema", generated.path("$schema").asText());
        s.put("title", TITLE);
        s.put("description", "A project: agents with skills, tasks with the skills they need, and how they are "
                + "coordinated (the JSON project format of the original orchestrator, with Conclave's extensions). Unknown "
                + "fields are refused. See docs/projects.md.");
        generated.remove(List.of("$schema"));
        s.setAll(generated);
        ObjectNode props = (ObjectNode) s.get("properties");
        ObjectNode withSchema = Json.MAPPER.createObjectNode();
        withSchema.set("$schema", text("The JSON Schema of this file, for editors (this schema's address or path); "
                + "ignored by Conclave"));
        withSchema.setAll(props);
        ProjectDefinitions.IGNORED_FIELDS.forEach((name, what) ->
                withSchema.set(name, Json.MAPPER.createObjectNode().put("description", what)));
        s.set("properties", withSchema);
        props = withSchema;
        s.set("required", Json.MAPPER.createArrayNode().add("project_id"));
        ObjectNode defs = (ObjectNode) s.get("$defs");

        id(props, "project_id", "The project's id (also its file name): 1-128 letters, digits, '_', '-' or '.'");
        describe(props, "title", "A title for people").put("maxLength", 500);
        describe(props, "description", "What the project is about").put("maxLength", 20_000);
        oneOf(props, "execution_mode", RunRequest.MODES, "How a run drives the project unless the run request says "
                + "otherwise (default fully_automated)");
        oneOf(props, "coordination", coordinations(), "How tasks find their agents (default centralized)");
        range(props, "time_slice_hours", 0.01, ProjectValidator.MAX_HOURS, "Hours of work in one step of a run");
        range(props, "skill_development_rate", 0, 10, "How fast agents learn from the tasks they complete");
        describe(props, "scheduling", "When tasks take place");
        describe(props, "agents", "The agents of the project");
        describe(props, "ceo_oversight", "When a run stops for the CEO (without the block: never)");
        describe(props, "contract_net", "The contract net's settings");
        describe(props, "spawning", "Tasks spawned from meeting outcomes (without the block: none)");
        ObjectNode tasks = describe(props, "tasks", "The tasks of the project, in the order they are served");
        // a task of the file needs its id; an inline subtask without one is named after its parent
        ObjectNode item = (ObjectNode) tasks.get("items");
        ArrayNode allOf = Json.MAPPER.createArrayNode().add(item.deepCopy())
                .add(Json.MAPPER.createObjectNode().set("required", Json.MAPPER.createArrayNode().add("task_id")));
        item.removeAll().set("allOf", allOf);

        ObjectNode scheduling = props(defs, "scheduling");
        oneOf(scheduling, "mode", ProjectSpec.Scheduling.MODES, "How scheduled dates are kept: on the same day, "
                + "distributed over working days, or compressed");
        date(scheduling, "start_date", "When the project starts");
        describe(scheduling, "compress_timeline", "Compress the timeline (the compressed mode, whatever mode says)");
        describe(scheduling, "auto_adjust_dates", "Move dates that cannot be kept");
        describe(scheduling, "working_hours", "The working day (default 09:00-17:00)");
        ObjectNode days = describe(scheduling, "working_days", "Working days (default Monday to Friday)");
        days.put("minItems", 1);
        ((ObjectNode) days.get("items")).put("pattern", dayPattern()).put("description",
                "mon..sun or monday..sunday, in any case");
        ObjectNode hours = props(defs, "working_hours");
        dayTime(hours, "start", "Start of the working day");
        dayTime(hours, "end", "End of the working day (after start)");

        ObjectNode agent = props(defs, "agent");
        ((ObjectNode) defs.get("agent")).set("required", Json.MAPPER.createArrayNode().add("agent_id"));
        id(agent, "agent_id", "The agent's id");
        describe(agent, "name", "The agent's name");
        describe(agent, "occupation", "The agent's role");
        levels(agent, "skill_levels", 1, "Skill levels by skill name, 1-10");
        levels(agent, "preferences", 0, "Preference by task type, 0-10 (a bonus for tasks of that task_type)");
        describe(agent, "max_open_tasks", "Most ASSIGNED or IN_PROGRESS tasks at once (default "
                + ProjectSpec.DEFAULT_MAX_OPEN_TASKS + ")").put("minimum", 1);
        describe(agent, "availability", "When the agent can meet (meeting tasks are scheduled from these)");
        id(agent, "manager", "The agent this one reports to (reporting lines form a tree)");
        nonBlank((ObjectNode) describe(agent, "capabilities", "What the agent can do (load balancing, contract net)")
                .get("items"));
        range(agent, "priority", 1, 5, "The agent's priority in goal conflicts (default "
                + ProjectSpec.AgentSpec.DEFAULT_PRIORITY + ")");
        ObjectNode free = props(defs, "availability");
        ((ObjectNode) defs.get("availability")).set("required", Json.MAPPER.createArrayNode().add("date").add("start_time").add("end_time"));
        date(free, "date", "The day");
        dayTime(free, "start_time", "From");
        dayTime(free, "end_time", "Until (after start_time)");

        ObjectNode task = props(defs, "task");
        id(task, "task_id", "The task's id (an inline subtask without one is named <parent>.<n>)");
        describe(task, "description", "What the task is").put("maxLength", 20_000);
        date(task, "scheduled_date", "When the task is scheduled");
        range(task, "estimated_hours", 0, ProjectValidator.MAX_HOURS, "Hours of work (default "
                + ProjectSpec.TaskSpec.DEFAULT_HOURS + ")");
        range(task, "priority", 1, 5, "1-5, 5 most urgent (default " + ProjectSpec.TaskSpec.DEFAULT_PRIORITY + ")");
        describe(task, "meeting_required", "A meeting of its attendees rather than one agent's work");
        ids(task, "attendees", "The agents who meet (meeting tasks)");
        levels(task, "required_skills", 1, "Minimum skill levels by skill name, 1-10");
        ids(task, "dependencies", "Tasks that must be completed first");
        ids(task, "follow_up_tasks", "Tasks that appear when this one is completed");
        describe(task, "task_type", "Matched against the agents' preferences");
        oneOf(task, "coordination", coordinations(), "How this task finds its agent (default: the project's)");
        nonBlank(describe(task, "required_capability", "The capability the task needs (contract net, load balancing)"));
        range(task, "complexity", 0, ProjectValidator.MAX_HOURS, "The contract net's complexity (default: estimated_hours)");
        ids(task, "resources", "Resources the task holds while it runs (tasks sharing one do not overlap)");
        ObjectNode subtasks = describe(task, "subtasks", "Its decomposition: task ids, or tasks written inline");
        ArrayNode either = Json.MAPPER.createArrayNode()
                .add(Json.MAPPER.createObjectNode().put("type", "string").put("pattern", ID_PATTERN))
                .add(Json.MAPPER.createObjectNode().put("$ref", "#/$defs/task"));
        subtasks.set("items", Json.MAPPER.createObjectNode().set("anyOf", either));
        oneOf(task, "on_subtask_failure", List.of("fail", "continue"), "What a failed subtask does to its parent "
                + "(default fail)");
        range(task, "retries", 0, 10, "How often a failed task is tried again (default 0)");
        id(task, "manager", "The agent that delegates this task down its reporting lines");

        ObjectNode oversight = props(defs, "ceo_oversight");
        describe(oversight, "enabled", "Default true when the block is present");
        enumeration((ObjectNode) describe(oversight, "interrupt_triggers", "What stops a run for the CEO")
                .get("items"), OversightSettings.TRIGGERS);
        oneOf(oversight, "review_frequency", OversightSettings.FREQUENCIES, "How often a run stops for a review");
        ids(oversight, "milestones", "Tasks whose completion is a milestone (default: every meeting task)");

        ObjectNode cn = props(defs, "contract_net");
        describe(cn, "bid_window_minutes", "Minutes a call for proposals stays open").put("exclusiveMinimum", 0)
                .put("maximum", 525_600);
        range(cn, "max_announcements", 1, 100, "Announcements before the task is given up");
        ObjectNode spawning = props(defs, "spawning");
        describe(spawning, "enabled", "Default true when the block is present");
        range(spawning, "max_spawned_tasks", 0, SpawnSettings.MAX_SPAWNED_TASKS_LIMIT, "Most tasks spawned in the project");
        range(spawning, "max_spawn_depth", 1, SpawnSettings.MAX_SPAWN_DEPTH_LIMIT, "How deep spawning goes");
        return s;
    }

    private static List<String> coordinations() {
        return java.util.Arrays.stream(Coordination.values()).map(Coordination::json).toList();
    }

    private static ObjectNode text(String description) {
        return Json.MAPPER.createObjectNode().put("type", "string").put("description", description);
    }

    private static ObjectNode props(ObjectNode defs, String def) {
        JsonNode p = defs.path(def).path("properties");
        if (!p.isObject()) {
            throw new IllegalStateException("the project schema has no definition '" + def + "'");
        }
        return (ObjectNode) p;
    }

    private static ObjectNode describe(ObjectNode props, String name, String description) {
        JsonNode p = props.get(name);
        if (!(p instanceof ObjectNode o)) {
            throw new IllegalStateException("the project schema has no property '" + name + "'");
        }
        o.put("description", description);
        return o;
    }

    private static void id(ObjectNode props, String name, String description) {
        describe(props, name, description).put("pattern", ID_PATTERN);
    }

    private static void ids(ObjectNode props, String name, String description) {
        ((ObjectNode) describe(props, name, description).get("items")).put("pattern", ID_PATTERN);
    }

    private static void date(ObjectNode props, String name, String description) {
        describe(props, name, description + " (2024-01-15 or 2024-01-15T09:00:00)").put("pattern", DATE_PATTERN);
    }

    private static void nonBlank(ObjectNode string) {
        string.put("pattern", "\\S");
    }

    private static void range(ObjectNode props, String name, double min, double max, String description) {
        ObjectNode p = describe(props, name, description);
        number(p, "minimum", min);
        number(p, "maximum", max);
    }

    private static void number(ObjectNode p, String key, double value) {
        if (value == Math.rint(value)) {
            p.put(key, (long) value);
        } else {
            p.put(key, value);
        }
    }

    private static void levels(ObjectNode props, String name, double min, String description) {
        ObjectNode values = (ObjectNode) describe(props, name, description).get("additionalProperties");
        number(values, "minimum", min);
        number(values, "maximum", 10);
    }

    private static void oneOf(ObjectNode props, String name, List<String> values, String description) {
        enumeration(describe(props, name, description), values);
    }

    private static void enumeration(ObjectNode p, List<String> values) {
        ArrayNode e = p.putArray("enum");
        values.forEach(e::add);
    }

    /** A time of day: hours as a number (9.5) or "HH:MM". */
    private static void dayTime(ObjectNode props, String name, String description) {
        ObjectNode p = describe(props, name, description + ": hours as a number (9.5) or \"HH:MM\"");
        ArrayNode either = Json.MAPPER.createArrayNode()
                .add(Json.MAPPER.createObjectNode().put("type", "number").put("minimum", 0).put("maximum", 24))
                .add(Json.MAPPER.createObjectNode().put("type", "string").put("pattern", CLOCK_PATTERN));
        p.set("anyOf", either);
    }

    /**
     * A day name as the service reads it: "mon".."sun" or "monday".."sunday" in any case (JSON Schema's patterns
     * have no flag for case, so each letter is a class of both cases), with surrounding blanks.
     */
    static String dayPattern() {
        List<String> days = new ArrayList<>();
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            String full = d.name().toLowerCase(java.util.Locale.ROOT);
            days.add(anyCase(full.substring(0, 3)) + "(?:" + anyCase(full.substring(3)) + ")?");
        }
        return "^\\s*(?:" + String.join("|", days) + ")\\s*$";
    }

    private static String anyCase(String word) {
        StringBuilder out = new StringBuilder();
        for (char c : word.toCharArray()) {
            out.append('[').append(Character.toUpperCase(c)).append(c).append(']');
        }
        return out.toString();
    }
}
