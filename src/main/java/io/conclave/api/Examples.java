package io.conclave.api;

/**
 * The request examples of the OpenAPI document, with the ids of the example projects ({@code projects/}): the
 * compressed healthcare project for reports, runs, interrupts, meetings and conversations, the product launch for
 * the coordination patterns. OpenApiTest checks each against its operation's schema and sends the README's ones to
 * the service. The example project itself is the shipped file ({@link OpenApiDocument}).
 */
public final class Examples {
    public static final String TOKEN_AGENT = """
            {"role": "agent", "agent_id": "pm"}""";
    public static final String TOKEN_OPERATOR = """
            {"role": "operator", "name": "ceo"}""";
    public static final String REPORT = """
            {"agent_id": "pm"}""";
    public static final String REPORT_RESULT = """
            {"agent_id": "cto", "result": {"document": "architecture-v1.md", "open_questions": 2}}""";
    public static final String RUN = """
            {"seed": 7}""";
    public static final String INTERRUPT_STATUS = """
            {"action": "status"}""";
    public static final String INTERRUPT_REPRIORITISE = """
            {"action": "reprioritise", "task_id": "security_review", "priority": 5, "reason": "the auditors come on Monday"}""";
    public static final String BID = """
            {"agent_id": "lead_backend", "cost": 6, "confidence": 0.8}""";
    public static final String DELEGATE = """
            {"agent_id": "lead_backend", "to": "dev_rust"}""";
    public static final String CONFLICT_OPTION = """
            {"agent_id": "cto", "option": "security_review first", "rationale": "the launch waits for it anyway"}""";
    public static final String CONFLICT_RESOLVE = """
            {"agent_id": "cto"}""";
    public static final String RESOURCE_ALONE = """
            {"agent_id": "lead_backend", "task_id": "db_migration"}""";
    public static final String RESOURCE_WINDOWS = """
            {"agent_id": "lead_backend", "task_id": "db_migration", "hours": 3}""";
    public static final String RESOURCE_RELEASE = """
            {"agent_id": "lead_backend"}""";
    public static final String CONSENSUS = """
            {"agent_id": "cto", "title": "Launch on Monday", "details": "Every blocker of the launch is closed",
             "voters": ["cto", "lead_backend", "qa_1", "qa_2"], "fault_tolerance": 1}""";
    public static final String MEETING = """
            {"meeting_id": "consent_ledger", "topic": "Choose the consent ledger", "creator": "cto",
             "participants": ["cto", "blockchain_dev", "security"], "protocol": {"threshold": "majority"}}""";
    public static final String MEETING_AGENT = """
            {"agent_id": "blockchain_dev"}""";
    public static final String MEETING_PROPOSAL = """
            {"agent_id": "blockchain_dev", "message_type": "proposal", "proposal_id": "fabric",
             "title": "Use Hyperledger Fabric"}""";
    public static final String MEETING_STATE = """
            {"agent_id": "cto", "new_state": "voting", "reason": "enough said"}""";
    public static final String MEETING_VOTE = """
            {"agent_id": "security", "proposal_id": "fabric", "vote": "yes"}""";
    public static final String CONVERSATION = """
            {"conversation_id": "consent_design", "project_id": "healthcare_blockchain_compressed",
             "policy": {"turn_strategy": "round_robin", "allowed_roles": ["architect", "reviewer"], "max_turns_per_agent": 3}}""";
    public static final String MEMORY_OPEN = """
            {"agent_id": "cto", "capacity": 1000}""";
    public static final String MEMORY_STORE = """
            {"agent_id": "cto", "key": "consent_schema", "value": {"version": 2, "fields": ["patient", "purpose"]},
             "importance": 2.5}""";
    public static final String MEMORY_RETRIEVE = """
            {"agent_id": "cto"}""";
    public static final String AGENT_MIND = """
            {"agent_id": "cto", "beliefs": {"regulation": "HIPAA applies"}, "goals": ["architecture signed off"],
             "metrics": {"tasks_done": 3}}""";
    public static final String AGENT_CHECKPOINT = """
            {"agent_id": "cto", "metrics": {"tasks_done": 4}}""";
    public static final String SHARED_WRITE = """
            {"agent_id": "cto", "value": {"chain": "hyperledger"}, "consistency": "strong"}""";
    public static final String CONVERSATION_JOIN = """
            {"agent_id": "cto", "role": {"name": "architect", "capabilities": ["architecture", "blockchain"]}}""";
    public static final String AGENT_STATE = """
            {"draft": "consent record schema v2", "open_questions": 2}""";
    public static final String MESSAGE = """
            {"sender": "cto", "content": "Consent records stay off-chain; the chain keeps their hashes.",
             "topics": ["architecture"]}""";
    public static final String CONTEXT = """
            {"agent_id": "cto", "value": {"ledger": "permissioned"}, "expected_version": 0}""";
    public static final String NEGOTIATION = """
            {"meeting": {"name": "kickoff_meeting", "date": "2024-01-15", "duration": 1, "minimum_participants": 4},
             "participants": [
               {"name": "pm", "available_times": [{"date": "2024-01-15", "start_time": "09:00", "end_time": "12:00"}]},
               {"name": "cto", "available_times": [{"date": "2024-01-15", "start_time": 10, "end_time": 13},
                                                   {"date": "2024-01-15", "start_time": 15, "end_time": 17}]},
               {"name": "blockchain_dev", "available_times": [{"date": "2024-01-15", "start_time": "09:00", "end_time": "17:00"}]},
               {"name": "compliance", "available_times": [{"date": "2024-01-15", "start_time": 11, "end_time": 16.5}]}]}""";
    public static final String RULE_FILE = """
            package conclave.workflow;

            import io.conclave.model.*;

            rule "Example: a rule that never fires"
            when
                Task( taskId == "no such task" )
            then
            end
            """;
    public static final String RULES_CANDIDATE = """
            {"files": {"workflow/example.drl": "package conclave.workflow;\\nimport io.conclave.model.*;\\nrule \\"Example\\"\\nwhen\\n    Task( taskId == \\"no such task\\" )\\nthen\\nend\\n"},
             "standalone": false}""";

    public static final String AGENT = """
            {"agent_id": "tester", "name": "Ada Test", "occupation": "QA engineer",
             "skill_levels": {"testing": 8, "security": 5}, "preferences": {"testing": 7}, "max_open_tasks": 2}""";
    public static final String ROSTER_AGENT = """
            {"name": "Ada Test", "occupation": "QA engineer", "skill_levels": {"testing": 8, "security": 5},
             "preferences": {"testing": 7}, "max_open_tasks": 3}""";
    public static final String RETIRE = """
            {"reason": "moved to another team"}""";
    public static final String PROPOSAL = """
            {"agent_id": "pm", "assignee": "cto", "rationale": "cto designed the ledger last quarter"}""";
    public static final String DRY_RUN = """
            {"version": "9ad67b4bdd4c"}""";
    public static final String PIN = """
            {"version": "9ad67b4bdd4c", "reason": "the audit runs on the policy it started with"}""";
    public static final String ROLLOUT = """
            {"share": 0.25, "window_minutes": 60, "guards": {"unassignable_tasks": 0, "refused_commands": 0,
             "differing_decisions": 20, "failed_runs": 0}, "note": "preferences weigh double"}""";
    public static final String ABORT_ROLLOUT = """
            {"reason": "the quarterly audit starts today"}""";
    public static final String CANDIDATE = """
            {"files": {"workflow/example.drl": "package conclave.workflow;\\nimport io.conclave.model.*;\\nrule \\"Example\\"\\nwhen\\n    Task( taskId == \\"no such task\\" )\\nthen\\nend\\n"},
             "note": "an example rule that matches nothing"}""";

    private Examples() {
    }
}
