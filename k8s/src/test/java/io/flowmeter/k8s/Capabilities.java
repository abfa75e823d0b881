package io.flowmeter.k8s;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Linux capability names (without {@code CAP_}, upper case, as Kubernetes writes them) and their bit numbers. */
final class Capabilities {

    /** By bit number, {@code include/uapi/linux/capability.h}. */
    private static final List<String> BY_BIT = Arrays.asList("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
            "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
            "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
            "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    private Capabilities() {}

    /** {@code name} as Kubernetes writes it: {@code cap_net_raw}, {@code CAP_NET_RAW} and {@code NET_RAW} alike. */
    static String normalize(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("CAP_") ? upper.substring(4) : upper;
        if (!BY_BIT.contains(bare)) {
            throw new IllegalArgumentException("no such capability: " + name);
        }
        return bare;
    }

    /** The capabilities of a {@code /proc/<pid>/status} mask ({@code CapEff} and the like, in hexadecimal). */
    static Set<String> ofMask(String hex) {
        long mask = Long.parseUnsignedLong(hex.trim(), 16);
        Set<String> names = new TreeSet<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(bit < BY_BIT.size() ? BY_BIT.get(bit) : "bit " + bit);
            }
        }
        return names;
    }

    /** {@code setpriv}'s form of a set: {@code -all,+net_raw,+net_admin}. */
    static String setprivList(Set<String> names) {
        StringBuilder list = new StringBuilder("-all");
        names.forEach(name -> list.append(",+").append(name.toLowerCase(Locale.ROOT)));
        return list.toString();
    }
}
