package io.flowmeter.feature.plugins;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Both endpoints of one connection in the states of Zeek's TCP analyzer (inactive, SYN sent, SYN-ACK sent, partial,
 * established, closed, reset), and the history letters Zeek records, updated packet by packet the way Zeek's
 * {@code TCPSessionAdapter} does; {@link #tcpConnState} is Zeek's {@code conn_state} of them. Written from Zeek's
 * definitions and code structure (the state update per endpoint state, relative sequence numbers for repeated
 * SYN/FIN/RST letters, logarithmic letters for retransmissions and zero windows), not translated from it.
 */
final class TcpEndpoints {

    static final int ORIG = 0;
    static final int RESP = 1;
    /** Letters kept at most: a flood of flag changes cannot grow a flow's state. */
    static final int HISTORY_LIMIT = 32;

    static final byte INACTIVE = 0;
    static final byte SYN_SENT = 1;
    static final byte SYN_ACK_SENT = 2;
    static final byte PARTIAL = 3;
    static final byte ESTABLISHED = 4;
    static final byte CLOSED = 5;
    static final byte RESET = 6;

    /** Letters recorded once per endpoint; the SYN, FIN and RST bits allow a repeat at another sequence number. */
    private static final int SEEN_SYN = 1;
    private static final int SEEN_FIN = 1 << 1;
    private static final int SEEN_RST = 1 << 2;
    private static final int SEEN_DATA = 1 << 3;
    private static final int SEEN_ACK = 1 << 4;
    private static final int SEEN_FIN_RST = 1 << 5;
    private static final int SEEN_MULTI_FLAG = 1 << 6;
    /** What the handshake outcome needs. */
    private static final int SENT_PURE_SYN = 1 << 8;
    private static final int SENT_SYN_ACK = 1 << 9;
    private static final int ACKED_SYN_ACK = 1 << 10;
    private static final int SENT_RST = 1 << 11;
    private static final int SENT_ANY = 1 << 12;

    /** Sequence jumps larger than this on a SYN or RST are not trusted (Zeek's {@code TOO_LARGE_SEQ_DELTA}). */
    private static final int TOO_LARGE_SEQ_DELTA = 1 << 20;
    private static final Pattern SYN_THEN_RST = Pattern.compile("\\^?S[^HAFGIQ]*R.*");

    final byte[] state = new byte[2];
    final byte[] previousState = new byte[2];
    final int[] flags = new int[2];
    final int[] startSeq = new int[2];
    final int[] lastSeq = new int[2];
    final int[] lastSynSeq = new int[2];
    final int[] lastFinSeq = new int[2];
    final int[] lastRstSeq = new int[2];
    final long[] payload = new long[2];
    final int[] retransmissions = new int[2];
    final int[] retransmissionMark = {1, 1};
    final int[] zeroWindows = new int[2];
    final int[] zeroWindowMark = {1, 1};
    final StringBuilder history = new StringBuilder();

    /** One TCP segment from {@code side}: {@code tcpFlags} as in {@link PacketRecord#getTcpFlags}. */
    void tcpPacket(int side, int tcpFlags, int seq, int window, int length) {
        int peer = 1 - side;
        boolean syn = (tcpFlags & PacketRecord.TCP_SYN) != 0;
        boolean fin = (tcpFlags & PacketRecord.TCP_FIN) != 0;
        boolean rst = (tcpFlags & PacketRecord.TCP_RST) != 0;
        boolean ack = (tcpFlags & PacketRecord.TCP_ACK) != 0;
        flags[side] |= SENT_ANY;
        payload[side] += length;
        if (syn && !ack) {
            flags[side] |= SENT_PURE_SYN;
        } else if (syn) {
            flags[side] |= SENT_SYN_ACK;
        } else if (ack && !rst && (flags[peer] & SENT_SYN_ACK) != 0) {
            flags[side] |= ACKED_SYN_ACK;
        }
        if (rst) {
            flags[side] |= SENT_RST;
        }

        int segment = length + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? length : 0);
        int onePast = seq + segment;
        initialize(side, syn, seq, onePast);
        recordHistory(side, syn, fin, rst, ack, seq - startSeq[side], length);
        if (window == 0 && !rst && state[peer] != CLOSED && state[side] != RESET) {
            scaled(side, 'W', zeroWindows, zeroWindowMark);
        }
        updateLastSeq(side, onePast, syn, fin, rst, length);
        updateState(side, peer, syn, fin, rst, ack, length);
    }

    /** A packet of another protocol from {@code side}: Zeek's UDP history has one {@code D} per side with data. */
    void otherPacket(int side, long length) {
        flags[side] |= SENT_ANY;
        payload[side] += length;
        if (length > 0) {
            once(side, SEEN_DATA, 'D');
        }
    }

    private void initialize(int side, boolean syn, int seq, int onePast) {
        boolean again;
        switch (state[side]) {
            case INACTIVE:
                startSeq[side] = syn ? seq : seq - 1;
                lastSeq[side] = syn ? onePast : seq;
                return;
            case SYN_SENT:
            case SYN_ACK_SENT:
                again = syn && seq != startSeq[side];
                break;
            case ESTABLISHED:
            case PARTIAL:
                again = syn;
                break;
            case RESET:
                again = syn && previousState[side] == INACTIVE;
                break;
            default:
                again = false;
        }
        if (again) {
            startSeq[side] = seq;
            lastSeq[side] = onePast;
        }
    }

    private void recordHistory(int side, boolean syn, boolean fin, boolean rst, boolean ack, int relativeSeq,
            int length) {
        int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1) {
            if (fin && rst) {
                once(side, SEEN_FIN_RST, 'I');
            } else {
                once(side, SEEN_MULTI_FLAG, 'Q');
            }
        } else if (syn) {
            if (!once(side, SEEN_SYN, ack ? 'H' : 'S') && relativeSeq != lastSynSeq[side]) {
                add(side, ack ? 'H' : 'S');
            }
            lastSynSeq[side] = relativeSeq;
        } else if (fin) {
            if (!once(side, SEEN_FIN, 'F') && relativeSeq + length != lastFinSeq[side]) {
                add(side, 'F');
            }
            lastFinSeq[side] = relativeSeq + length;
        } else if (rst) {
            if (!once(side, SEEN_RST, 'R') && relativeSeq != lastRstSeq[side]) {
                add(side, 'R');
            }
            lastRstSeq[side] = relativeSeq;
        } else if (length > 0) {
            once(side, SEEN_DATA, 'D');
        } else if (ack) {
            once(side, SEEN_ACK, 'A');
        }
    }

    private void updateLastSeq(int side, int onePast, boolean syn, boolean fin, boolean rst, int length) {
        int delta = onePast - lastSeq[side];
        if ((syn || rst) && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) {
            return;
        }
        if (fin && lastSeq[side] == startSeq[side] + 1) {
            lastSeq[side] = onePast;
        } else if (state[side] == RESET) {
            return;
        } else if (delta > 0) {
            lastSeq[side] = onePast;
        } else if (length > 0) {
            scaled(side, 'T', retransmissions, retransmissionMark);
        }
    }

    private void updateState(int side, int peer, boolean syn, boolean fin, boolean rst, boolean ack, int length) {
        switch (state[side]) {
            case INACTIVE:
                if (syn) {
                    if (side == ORIG) {
                        set(side, ack ? SYN_ACK_SENT : SYN_SENT);
                    } else {
                        if (state[peer] == SYN_SENT) {
                            set(peer, ESTABLISHED);
                        }
                        set(side, ESTABLISHED);
                    }
                }
                if (fin) {
                    set(side, CLOSED);
                }
                if (rst) {
                    set(side, RESET);
                }
                if (state[side] == INACTIVE) {
                    if (side == RESP && length == 0 && state[ORIG] == SYN_SENT) {
                        return; // an ACK of the SYN before the SYN-ACK: not a partial connection
                    }
                    set(side, ack && state[peer] == ESTABLISHED ? ESTABLISHED : PARTIAL);
                }
                return;
            case SYN_SENT:
            case SYN_ACK_SENT:
                if (fin) {
                    set(side, CLOSED);
                }
                if (rst) {
                    set(side, RESET);
                }
                return;
            case ESTABLISHED:
            case PARTIAL:
                if (syn && !ack && state[side] == PARTIAL && state[peer] == INACTIVE) {
                    set(side, SYN_SENT);
                }
                if (fin && !rst) {
                    set(side, CLOSED);
                    if (state[peer] == RESET && previousState[peer] == CLOSED) {
                        set(peer, CLOSED); // a FIN then RST from the peer: a normal close
                    }
                }
                if (rst) {
                    set(side, RESET);
                }
                return;
            case CLOSED:
                if (rst && state[peer] != CLOSED) {
                    set(side, RESET);
                }
                return;
            default:
        }
    }

    private void set(int side, byte newState) {
        previousState[side] = state[side];
        state[side] = newState;
    }

    /** Adds the letter the first time {@code bit} is seen from {@code side}; true if it was new. */
    private boolean once(int side, int bit, char letter) {
        if ((flags[side] & bit) != 0) {
            return false;
        }
        flags[side] |= bit;
        add(side, letter);
        return true;
    }

    /** Adds the letter at the 1st, 10th, 100th... event. */
    private void scaled(int side, char letter, int[] counts, int[] marks) {
        if (++counts[side] == marks[side]) {
            add(side, letter);
            marks[side] = marks[side] >= Integer.MAX_VALUE / 10 ? Integer.MAX_VALUE : marks[side] * 10;
        }
    }

    private void add(int side, char letter) {
        if (history.length() < HISTORY_LIMIT) {
            history.append(side == ORIG ? letter : Character.toLowerCase(letter));
        }
    }

    void addHistory(char letter) {
        if (history.length() < HISTORY_LIMIT) {
            history.append(letter);
        }
    }

    /** The initiator turned out to be the other side: the sides change places, and so does the letters' case. */
    void swap() {
        swap(state);
        swap(previousState);
        swap(flags);
        swap(startSeq);
        swap(lastSeq);
        swap(lastSynSeq);
        swap(lastFinSeq);
        swap(lastRstSeq);
        swap(payload);
        swap(retransmissions);
        swap(retransmissionMark);
        swap(zeroWindows);
        swap(zeroWindowMark);
        for (int i = 0; i < history.length(); i++) {
            char c = history.charAt(i);
            history.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        addHistory('^');
    }

    String history() {
        return history.toString();
    }

    long payloadBytes(int side) {
        return payload[side];
    }

    /** Zeek's {@code conn_state} of a TCP connection in these endpoint states. */
    String tcpConnState() {
        byte os = state[ORIG];
        byte rs = state[RESP];
        boolean origInactive = os == INACTIVE || os == PARTIAL;
        boolean respInactive = rs == INACTIVE || rs == PARTIAL;
        if (rs == RESET) {
            if (os == SYN_SENT || os == SYN_ACK_SENT || (os == RESET && payload[ORIG] == 0 && payload[RESP] == 0)) {
                return "REJ";
            }
            return origInactive ? "RSTRH" : "RSTR";
        }
        if (os == RESET) {
            if (respInactive) {
                return SYN_THEN_RST.matcher(history).matches() ? "RSTOS0" : "OTH";
            }
            return "RSTO";
        }
        if (rs == CLOSED && os == CLOSED) {
            return "SF";
        }
        if (os == CLOSED) {
            return respInactive ? "SH" : "S2";
        }
        if (rs == CLOSED) {
            return origInactive ? "SHR" : "S3";
        }
        if (os == SYN_SENT && rs == INACTIVE) {
            return "S0";
        }
        if (os == ESTABLISHED && rs == ESTABLISHED) {
            return "S1";
        }
        return "OTH";
    }

    /** Zeek's {@code conn_state} of a UDP flow: which sides sent anything. */
    String udpConnState() {
        boolean orig = (flags[ORIG] & SENT_ANY) != 0;
        boolean resp = (flags[RESP] & SENT_ANY) != 0;
        if (orig) {
            return resp ? "SF" : "S0";
        }
        return resp ? "SHR" : "OTH";
    }

    /** {@link ConnectionState}'s handshake outcome. */
    int handshake() {
        if ((flags[ORIG] & SENT_PURE_SYN) == 0) {
            return ConnectionState.NO_SYN;
        }
        if ((flags[RESP] & SENT_SYN_ACK) != 0) {
            return (flags[ORIG] & ACKED_SYN_ACK) != 0 ? ConnectionState.COMPLETED : ConnectionState.HALF_OPEN;
        }
        return (flags[RESP] & SENT_RST) != 0 ? ConnectionState.REFUSED : ConnectionState.UNANSWERED;
    }

    void write(DataOutputView out) throws IOException {
        for (int side = 0; side < 2; side++) {
            out.writeByte(state[side]);
            out.writeByte(previousState[side]);
            out.writeInt(flags[side]);
            out.writeInt(startSeq[side]);
            out.writeInt(lastSeq[side]);
            out.writeInt(lastSynSeq[side]);
            out.writeInt(lastFinSeq[side]);
            out.writeInt(lastRstSeq[side]);
            out.writeLong(payload[side]);
            out.writeInt(retransmissions[side]);
            out.writeInt(retransmissionMark[side]);
            out.writeInt(zeroWindows[side]);
            out.writeInt(zeroWindowMark[side]);
        }
        out.writeUTF(history.toString());
    }

    static TcpEndpoints read(DataInputView in) throws IOException {
        TcpEndpoints s = new TcpEndpoints();
        for (int side = 0; side < 2; side++) {
            s.state[side] = in.readByte();
            s.previousState[side] = in.readByte();
            s.flags[side] = in.readInt();
            s.startSeq[side] = in.readInt();
            s.lastSeq[side] = in.readInt();
            s.lastSynSeq[side] = in.readInt();
            s.lastFinSeq[side] = in.readInt();
            s.lastRstSeq[side] = in.readInt();
            s.payload[side] = in.readLong();
            s.retransmissions[side] = in.readInt();
            s.retransmissionMark[side] = in.readInt();
            s.zeroWindows[side] = in.readInt();
            s.zeroWindowMark[side] = in.readInt();
        }
        s.history.append(in.readUTF());
        return s;
    }

    private static void swap(byte[] a) {
        byte t = a[0];
        a[0] = a[1];
        a[1] = t;
    }

    private static void swap(int[] a) {
        int t = a[0];
        a[0] = a[1];
        a[1] = t;
    }

    private static void swap(long[] a) {
        long t = a[0];
        a[0] = a[1];
        a[1] = t;
    }
}
