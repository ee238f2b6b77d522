package dev.poebridge.files.download;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The rule for where the bridge may fetch a bot's file from: public unicast addresses only. A bot can be made to
 * name any URL (one that echoes its prompt names whatever the caller asked for), so without this rule the bridge
 * would fetch from the cluster it runs in on a stranger's behalf.
 * <p>
 * Refused: unspecified ({@code 0.0.0.0/8}, {@code ::}), loopback, private (RFC 1918, {@code fc00::/7}), link-local
 * ({@code 169.254/16}, {@code fe80::/10}), site-local {@code fec0::/10}, carrier-grade NAT {@code 100.64/10},
 * IETF and documentation ranges, benchmarking {@code 198.18/15}, multicast, reserved {@code 240/4} and broadcast; and
 * any IPv6 address that carries an IPv4 address (mapped {@code ::ffff:0:0/96}, compatible {@code ::/96}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) unless that IPv4 address is public, and Teredo {@code 2001::/32},
 * whose embedded address cannot be checked.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    /** True when the bridge may connect to this address. */
    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return isPublicV4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return isPublicV6(v6.getAddress());
        }
        return false;
    }

    private static boolean isPublicV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        return !(b0 == 0 // "this network", incl. 0.0.0.0
                || b0 == 10 // RFC 1918
                || b0 == 100 && (b1 & 0xc0) == 64 // carrier-grade NAT 100.64/10
                || b0 == 127 // loopback
                || b0 == 169 && b1 == 254 // link-local (cloud metadata lives here)
                || b0 == 172 && (b1 & 0xf0) == 16 // RFC 1918
                || b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2) // IETF assignments, TEST-NET-1
                || b0 == 192 && b1 == 88 && b2 == 99 // 6to4 relay anycast
                || b0 == 192 && b1 == 168 // RFC 1918
                || b0 == 198 && (b1 & 0xfe) == 18 // benchmarking 198.18/15
                || b0 == 198 && b1 == 51 && b2 == 100 // TEST-NET-2
                || b0 == 203 && b1 == 0 && b2 == 113 // TEST-NET-3
                || b0 >= 224); // multicast 224/4, reserved 240/4, broadcast
    }

    private static boolean isPublicV6(byte[] a) {
        if (allZero(a, 0, 8) && (a[8] & 0xff) == 0xff && (a[9] & 0xff) == 0xff && a[10] == 0 && a[11] == 0) {
            return isPublicV4(tail(a, 12)); // ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765)
        }
        if (allZero(a, 0, 10)) {
            if ((a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
                return isPublicV4(tail(a, 12)); // ::ffff:a.b.c.d (mapped)
            }
            if (a[10] == 0 && a[11] == 0) {
                return allZero(a, 12, 4) ? false // :: and ::1
                        : isPublicV4(tail(a, 12)); // ::a.b.c.d (compatible, deprecated)
            }
        }
        int w0 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
        int w1 = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        int w2 = ((a[4] & 0xff) << 8) | (a[5] & 0xff);
        if (w0 == 0x0064 && w1 == 0xff9b && w2 == 0x0001) {
            return false; // local-use NAT64 64:ff9b:1::/48: the IPv4 address may sit anywhere in it (RFC 6052)
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            return allZero(a, 4, 8) && isPublicV4(tail(a, 12)); // well-known NAT64 64:ff9b::/96
        }
        if (w0 == 0x2002) {
            return isPublicV4(new byte[] { a[2], a[3], a[4], a[5] }); // 6to4
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            return false; // Teredo: the embedded address is obfuscated and may be anything
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return false; // documentation
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return false; // unique local fc00::/7
        }
        if ((w0 & 0xffc0) == 0xfe80 || (w0 & 0xffc0) == 0xfec0) {
            return false; // link-local fe80::/10, site-local fec0::/10
        }
        if ((w0 & 0xff00) == 0xff00) {
            return false; // multicast
        }
        if (w0 == 0x0100 && allZero(a, 2, 6)) {
            return false; // discard-only 100::/64
        }
        return true;
    }

    private static boolean allZero(byte[] a, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] tail(byte[] a, int from) {
        return new byte[] { a[from], a[from + 1], a[from + 2], a[from + 3] };
    }
}
