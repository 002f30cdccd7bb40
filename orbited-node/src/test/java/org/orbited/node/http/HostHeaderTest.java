package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Host syntax {@code iframe_domain} accepts before writing the host into its {@code document.domain} script. */
class HostHeaderTest {
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8000", "example.com", "a.b.example.com:8000", "Example.COM",
            "www.example.com.", "my_host.local", "xn--bcher-kva.example", "a-b.c", "10.1.2.3", "10.1.2.3:80",
            "127.0.0.1:65535", "[::1]", "[::1]:8000", "x:", "[::1]:", "[2001:db8::1]", "[::ffff:10.1.2.3]:8000", "1a.2",
            "a23456789012345678901234567890123456789012345678901234567890123.com"})
    void accepts(String host) {
        assertThat(HostHeader.isValid(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x');alert(1);//", "x\"</script><script>alert(1)</script>", "x\"", "x'", "x<y", "x>y",
            "x y", "x\\y", "x;y", "x,y", "x, y", "a..b", ".a", "-a.com", "a-.com", "a.-b", "x:80:80", "x:8o",
            "x:123456", "x:65536", "x:-1", "[::1", "[::1]x", "[::1]:x", "[::1%eth0]", "[::1%\"</script>]",
            "[1::2::3]", "[g::1]", "::1", "1.2.3", "1.2.3.256", "999.1.1.1", "1.2.3.4.5", "user@host",
            "host/path", "host?x", "host#x", "\u00e9.com", "%41.com",
            "a234567890123456789012345678901234567890123456789012345678901234.com"})
    void rejects(String host) {
        assertThat(HostHeader.isValid(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {253, 254})
    void aNameOf253CharactersAtMost(int length) {
        String label = "a".repeat(63);
        String name = label + "." + label + "." + label + "." + "a".repeat(length - 3 * 64);
        assertThat(name).hasSize(length);
        assertThat(HostHeader.isValid(name)).isEqualTo(length <= 253);
    }
}
