package io.conclave.engine.rules;

import static io.conclave.engine.rules.Negotiations.SEED_DATE;
import static io.conclave.engine.rules.Negotiations.alice;
import static io.conclave.engine.rules.Negotiations.bob;
import static io.conclave.engine.rules.Negotiations.meeting;
import static io.conclave.engine.rules.Negotiations.negotiate;
import static io.conclave.engine.rules.Negotiations.on;
import static io.conclave.engine.rules.Negotiations.schedulingRuleNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.Pattern;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;

import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.ProjectFacts;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.scheduling.Commitment;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.Preference;

/**
 * The scheduling chapter and the project chapters must not see each other's sessions: each kind of
 * session gets a KieBase of its own chapters only. Checked four ways: the project KieBase holds no
 * scheduling package, structurally (each scheduling rule's first pattern
 * is a scheduling fact), in negotiations (only scheduling rules fire) and in whole project runs (no
 * scheduling rule fires).
 */
public class SchedulingIsolationTest {

    @Test
    void everySchedulingRuleFirstMatchesAFactOfTheSchedulingModel() {
        KieBase kieBase = RulesFixture.policy().kieBase(io.conclave.engine.policy.SessionKind.NEGOTIATION);
        List<String> names = schedulingRuleNames();
        assertEquals(14, names.size(), "rules in scheduling*.drl and hourly_walk.drl: " + names);
        for (String name : names) {
            RuleImpl rule = (RuleImpl) kieBase.getRule("conclave.scheduling", name);
            assertNotNull(rule, name);
            Pattern first = assertInstanceOf(Pattern.class, rule.getLhs().getChildren().get(0), name);
            Class<?> type = ((ClassObjectType) first.getObjectType()).getClassType();
            assertEquals("io.conclave.model.scheduling", type.getPackageName(), name + " starts with " + type);
        }
    }

    @Test
    void theProjectKieBaseHoldsNoSchedulingRuleAndTheNegotiationOneNoProjectRule() {
        KieBase project = RulesFixture.policy().kieBase(io.conclave.engine.policy.SessionKind.PROJECT);
        KieBase negotiation = RulesFixture.policy().kieBase(io.conclave.engine.policy.SessionKind.NEGOTIATION);
        assertTrue(project.getKiePackage("conclave.assignment").getRules().size() > 10);
        assertTrue(project.getKiePackage("conclave.scheduling") == null
                || project.getKiePackage("conclave.scheduling").getRules().isEmpty());
        // Drools lists queries with the rules: 14 rules and the 4 queries of outputs.drl
        assertEquals(18, negotiation.getKiePackage("conclave.scheduling").getRules().size());
        assertTrue(negotiation.getKiePackage("conclave.assignment") == null
                || negotiation.getKiePackage("conclave.assignment").getRules().isEmpty());
    }

    @Test
    void aNegotiationFiresOnlySchedulingRulesAndEachOfThem() {
        Set<String> fired = new TreeSet<>();
        // the original scheduler's example, possible and not
        fired.addAll(negotiate(meeting(60, 2), alice(), bob()).explanation().rulesFired().keySet());
        fired.addAll(negotiate(meeting(60, 3), alice(), bob()).explanation().rulesFired().keySet());
        // preferences
        fired.addAll(negotiate(meeting(60, 2), alice().withPreferences(new Preference(on(15, 16), 3)), bob())
                .explanation().rulesFired().keySet());
        // a displacement and the renegotiation of the displaced meeting
        Commitment sync = new Commitment("Sync", on(10, 11), 1);
        NegotiationRequest displacing = NegotiationRequest.of(meeting(60, 2).withPriority(3),
                        List.of(alice().withCommitments(sync), bob().withCommitments(sync)))
                .withBookedMeetings(List.of(MeetingToPlace.of("Sync", LocalDate.parse(SEED_DATE), 60, 2)));
        fired.addAll(negotiate(displacing).explanation().rulesFired().keySet());
        // a recurrence named by a word, whose count a rule gives
        fired.addAll(negotiate(meeting(60, 1).withRecurrence(io.conclave.model.scheduling.Recurrence.named("weekly")),
                alice(), bob()).explanation().rulesFired().keySet());
        // the hourly walk: agreed, stalled (everyone accepted, too few), and to the end of the window
        NegotiationRequest walk = NegotiationRequest.of(meeting(60, 2), List.of(alice(), bob()))
                .withMode(io.conclave.model.scheduling.NegotiationMode.HOURLY_WALK);
        fired.addAll(negotiate(walk).explanation().rulesFired().keySet());
        fired.addAll(negotiate(NegotiationRequest.of(meeting(60, 3), List.of(alice(), bob()))
                .withMode(io.conclave.model.scheduling.NegotiationMode.HOURLY_WALK)).explanation().rulesFired().keySet());
        fired.addAll(negotiate(NegotiationRequest.of(meeting(60, 2), List.of(alice(),
                        io.conclave.model.scheduling.ParticipantSpec.of("Carol", on(20, 21))))
                .withMode(io.conclave.model.scheduling.NegotiationMode.HOURLY_WALK)).explanation().rulesFired().keySet());

        assertEquals(new TreeSet<>(schedulingRuleNames()), fired, "exactly the scheduling rules, every one of them");
    }

    @Test
    void projectSessionsRunToTheEndWithoutASchedulingRule() throws IOException {
        List<String> scheduling = schedulingRuleNames();
        for (String file : List.of("healthcare_blockchain_compressed.json", "healthcare_blockchain_project.json")) {
            List<String> fired = runToTheEnd(file);
            assertTrue(fired.contains("Assign served task to best-scoring eligible agent"), file + ": " + fired);
            assertTrue(fired.contains("Agent completes its task"), file);
            List<String> strays = fired.stream().filter(scheduling::contains).toList();
            assertEquals(List.of(), strays, file);
        }
    }

    /** Loads a shipped project into a session of the shipped policy and completes tasks until none is held. */
    private static List<String> runToTheEnd(String file) throws IOException {
        ProjectSpec spec = Json.MAPPER.readValue(Path.of("projects", file).toFile(), ProjectSpec.class);
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        KieSession session = RulesFixture.policy().kieBase(io.conclave.engine.policy.SessionKind.PROJECT).newKieSession(conf, null);
        io.conclave.engine.project.IndexGlobals.install(session); // what every project session has: the tasks and agents by id for the rules
        List<String> fired = new ArrayList<>();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
            }
        });
        try {
            ProjectFacts.of(spec).insertInto(session::insert);
            session.fireAllRules(100_000);
            for (int step = 0; step < 200; step++) {
                Task held = session.getObjects(o -> o instanceof Task t && t.getStatus() == TaskStatus.ASSIGNED).stream()
                        .map(Task.class::cast).findFirst().orElse(null);
                if (held == null) {
                    break;
                }
                String by = held.getAssignee() != null ? held.getAssignee() : held.getAttendees().get(0);
                session.insert(new TaskEvent(TaskEvent.Kind.COMPLETE, held.getTaskId(), by));
                session.fireAllRules(100_000);
            }
            return fired;
        } finally {
            session.dispose();
        }
    }
}
