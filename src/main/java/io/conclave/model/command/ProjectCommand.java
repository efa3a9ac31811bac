package io.conclave.model.command;

/** The commands a project's journal holds. */
public sealed interface ProjectCommand extends Command permits CreateProject, ReportTask, LegacyRun, StartRun, StepRun, TakeSnapshot,
        StopRun, SendInterrupt, RestoreCheckpoint, RecordMeetingOutcome, ProposeConflictOption, ResolveConflict, PlaceBid,
        Announce, Delegate, Tick, SwitchPolicy, RepairJournal, PinPolicy, UnpinPolicy, RegisterAgent, UpdateAgent,
        RetireAgent, ProposeAssignee, MemoryCommand, RequestResource, ReleaseResource, RecordWorkElsewhere {
}
