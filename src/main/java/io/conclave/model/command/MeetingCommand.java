package io.conclave.model.command;

/** The commands a meeting's journal holds. */
public sealed interface MeetingCommand extends Command permits CreateMeeting, JoinMeeting, Leave, PostToMeeting, Tick, TakeSnapshot,
        SwitchPolicy, RepairJournal {
}
