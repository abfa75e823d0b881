package io.flowmeter.job.forward;

/**
 * What the forwarding stage knows of one flow (state, one per flow with frames or a verdict pending): whether its
 * frames are buffered, forwarded or discarded, how much of it is buffered, and whether its frames have ended and
 * its final verdict has come. A Flink POJO, so that later builds can add fields and still read it.
 */
public class ForwardingFlow {

    /** Frames are kept until a verdict says what to do with them. */
    public static final int BUFFERING = 0;
    /** Flagged (or unscored past {@code --forward-all-after}): every frame goes on at once. */
    public static final int FORWARDING = 1;
    /** Scored benign at its end: frames are dropped. */
    public static final int DISCARDING = 2;

    public int mode = BUFFERING;
    /** Frames of the flow seen so far. */
    public int frames;
    public int bufferedFrames;
    public long bufferedBytes;
    /** Frames that did not fit in the buffer, lost to forwarding should the flow be flagged. */
    public int overflowFrames;
    public long overflowBytes;
    /** Whether the flow stage has marked the end of the flow's frames. */
    public boolean framesEnded;
    /** Whether the flow's final verdict has come (or none will: a flow below {@code --min-packets}). */
    public boolean decided;
    /** Event time (ms) after which a flow whose frames have ended stops waiting for its verdict; 0 until then. */
    public long verdictDeadlineMillis;

    public ForwardingFlow() {}

    /** Whether nothing more can happen to the flow: its state can go. */
    boolean done() {
        return framesEnded && decided;
    }
}
