package io.conclave.model.meeting;

/**
 * How one meeting decides: the vote threshold (with the fault tolerance f of {@code bft}), the quorum
 * of joined participants that opens the discussion (null: more than half of the invited), and the
 * time limits in minutes of the discussion, the vote and the wait before a closed meeting is
 * archived (null: no limit).
 */
public record Protocol(Threshold threshold, Integer faultTolerance, Integer quorum, Double discussionMinutes,
                       Double votingMinutes, Double archiveAfterMinutes) {

    /** Archive a closed meeting a day after it closed unless the meeting says otherwise. */
    public static final double DEFAULT_ARCHIVE_AFTER_MINUTES = 24 * 60;

    public static Protocol defaults() {
        return new Protocol(Threshold.MAJORITY, null, null, null, null, DEFAULT_ARCHIVE_AFTER_MINUTES);
    }
}
