package io.flowmeter.packet;

/**
 * Text forms of the two-long addresses held in {@link PacketRecord}: dotted quads for IPv4 and the canonical
 * compressed form of RFC 5952 for IPv6 (lower case, the longest run of two or more zero groups as "::").
 */
public final class IpAddresses {

    private IpAddresses() {}

    /**
     * An address literal (never a name: no lookup) as the decoder packs it, {@code {hi, lo}}: IPv4 in the low 32 bits
     * of {@code lo}; {@code ::ffff:a.b.c.d} stays IPv6, though Java hands it back as IPv4.
     */
    public static long[] parse(String literal) {
        byte[] b;
        try {
            b = java.net.InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
        if (b.length == 4 && literal.indexOf(':') >= 0) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(b, 0, mapped, 12, 4);
            b = mapped;
        }
        long hi = 0;
        long lo = 0;
        if (b.length == 4) {
            for (byte x : b) {
                lo = lo << 8 | (x & 0xFF);
            }
        } else {
            for (int i = 0; i < 8; i++) {
                hi = hi << 8 | (b[i] & 0xFF);
                lo = lo << 8 | (b[i + 8] & 0xFF);
            }
        }
        return new long[] {hi, lo};
    }

    /** Formats an address of the given IP version from its high and low 64 bits. */
    public static String format(int ipVersion, long hi, long lo) {
        return ipVersion == 6 ? formatIpv6(hi, lo) : formatIpv4((int) lo);
    }

    static String formatIpv4(int address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    static String formatIpv6(long hi, long lo) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
