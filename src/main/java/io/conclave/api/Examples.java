package io.conclave.api;

/**
 * The request examples of the OpenAPI document, with the ids of the example projects ({@code projects/}): the
 * compressed healthcare project for reports, runs, interrupts, meetings and conversations, the product launch for
 * the coordination patterns. OpenApiTest checks each against its operation's schema and sends the README's ones to
 * the service. The example project itself is the shipped file ({@link OpenApiDocument}).
 */
final class Examples {
    static final String TOKEN_AGENT = """
            {"role": "agent", "agent_id": "pm"}""";
    static final String TOKEN_OPERATOR = """
            {"role": "operator", "name": "ceo"}""";
    static final String REPORT = """
            {"agent_id": "pm"}""";
    static final String REPORT_RESULT = """
            {"agent_id": "cto", "result": {"document": "architecture-v1.md", "open_questions": 2}}""";
    static final String RUN = """
            {"seed": 7}""";
    static final String INTERRUPT_STATUS = """
            {"action": "status"}""";
    static final String INTERRUPT_REPRIORITISE = """
            {"action": "reprioritise", "task_id": "security_review", "priority": 5, "reason": "the auditors come on Monday"}""";
    static final String BID = """
            {"agent_id": "lead_backend", "cost": 6, "confidence": 0.8}""";
    static final String DELEGATE = """
            {"agent_id": "lead_backend", "to": "dev_rust"}""";
    static final String CONFLICT_OPTION = """
            {"agent_id": "cto", "option": "security_review first", "rationale": "the launch waits for it anyway"}""";
    static final String CONFLICT_RESOLVE = """
            {"agent_id": "cto"}""";
    static final String CONSENSUS = """
            {"agent_id": "cto", "title": "Launch on Monday", "details": "Every blocker of the launch is closed",
             "voters": ["cto", "lead_backend", "qa_1", "qa_2"], "fault_tolerance": 1}""";
    static final String MEETING = """
            {"meeting_id": "consent_ledger", "topic": "Choose the consent ledger", "creator": "cto",
             "participants": ["cto", "blockchain_dev", "security"], "protocol": {"threshold": "majority"}}""";
    static final String MEETING_AGENT = """
            {"agent_id": "blockchain_dev"}""";
    static final String MEETING_PROPOSAL = """
            {"agent_id": "blockchain_dev", "message_type": "proposal", "proposal_id": "fabric",
             "title": "Use Hyperledger Fabric"}""";
    static final String MEETING_STATE = """
            {"agent_id": "cto", "new_state": "voting", "reason": "enough said"}""";
    static final String MEETING_VOTE = """
            {"agent_id": "security", "proposal_id": "fabric", "vote": "yes"}""";
    static final String CONVERSATION = """
            {"conversation_id": "consent_design", "project_id": "healthcare_blockchain_compressed",
             "policy": {"turn_strategy": "round_robin", "allowed_roles": ["architect", "reviewer"], "max_turns_per_agent": 3}}""";
    static final String CONVERSATION_JOIN = """
            {"agent_id": "cto", "role": {"name": "architect", "capabilities": ["architecture", "blockchain"]}}""";
    static final String AGENT_STATE = """
            {"draft": "consent record schema v2", "open_questions": 2}""";
    static final String MESSAGE = """
            {"sender": "cto", "content": "Consent records stay off-chain; the chain keeps their hashes.",
             "topics": ["architecture"]}""";
    static final String CONTEXT = """
            {"agent_id": "cto", "value": {"ledger": "permissioned"}, "expected_version": 0}""";
    static final String NEGOTIATION = """
            {"meeting": {"name": "kickoff_meeting", "date": "2024-01-15", "duration": 1, "minimum_participants": 4},
             "participants": [
               {"name": "pm", "available_times": [{"date": "2024-01-15", "start_time": "09:00", "end_time": "12:00"}]},
               {"name": "cto", "available_times": [{"date": "2024-01-15", "start_time": 10, "end_time": 13},
                                                   {"date": "2024-01-15", "start_time": 15, "end_time": 17}]},
               {"name": "blockchain_dev", "available_times": [{"date": "2024-01-15", "start_time": "09:00", "end_time": "17:00"}]},
               {"name": "compliance", "available_times": [{"date": "2024-01-15", "start_time": 11, "end_time": 16.5}]}]}""";
    static final String RULE_FILE = """
            package conclave.workflow;

            import io.conclave.model.*;

            rule "Example: a rule that never fires"
            when
                Task( taskId == "no such task" )
            then
            end
            """;
    static final String RULES_CANDIDATE = """
            {"files": {"workflow/example.drl": "package conclave.workflow;\\nimport io.conclave.model.*;\\nrule \\"Example\\"\\nwhen\\n    Task( taskId == \\"no such task\\" )\\nthen\\nend\\n"},
             "standalone": false}""";

    static final String AGENT = """
            {"agent_id": "tester", "name": "Ada Test", "occupation": "QA engineer",
             "skill_levels": {"testing": 8, "security": 5}, "preferences": {"testing": 7}, "max_open_tasks": 2}""";
    static final String RETIRE = """
            {"reason": "moved to another team"}""";
    static final String PROPOSAL = """
            {"agent_id": "pm", "assignee": "cto", "rationale": "cto designed the ledger last quarter"}""";
    static final String DRY_RUN = """
            {"version": "9ad67b4bdd4c"}""";
    static final String PIN = """
            {"version": "9ad67b4bdd4c", "reason": "the audit runs on the policy it started with"}""";
    static final String CANDIDATE = """
            {"files": {"workflow/example.drl": "package conclave.workflow;\\nimport io.conclave.model.*;\\nrule \\"Example\\"\\nwhen\\n    Task( taskId == \\"no such task\\" )\\nthen\\nend\\n"},
             "note": "an example rule that matches nothing"}""";

    private Examples() {
    }
}
