package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    private final PathTemplate message = new PathTemplate("/api/v1/mailboxes/{address}/folders/{folder}/messages/{uid}");

    @Test
    void matchesAndDecodesEachSegmentAfterSplitting() {
        Map<String, String> v = message.match(PathTemplate.split(
                "/api/v1/mailboxes/alex%40contoso.com/folders/Projects%2F2025/messages/7"));
        assertThat(v).containsExactly(Map.entry("address", "alex@contoso.com"), Map.entry("folder", "Projects/2025"),
                Map.entry("uid", "7"));
    }

    @Test
    void keepsAPlusAsAPlusAndDecodesUtf8() {
        Map<String, String> v = message.match(PathTemplate.split(
                "/api/v1/mailboxes/a+b@contoso.com/folders/Entw%C3%BCrfe/messages/1"));
        assertThat(v).containsEntry("address", "a+b@contoso.com").containsEntry("folder", "Entwürfe");
    }

    @Test
    void needsEverySegmentAndNoMore() {
        assertThat(message.match(PathTemplate.split("/api/v1/mailboxes/a@b/folders/INBOX/messages"))).isNull();
        assertThat(message.match(PathTemplate.split("/api/v1/mailboxes/a@b/folders/INBOX/messages/1/raw"))).isNull();
        assertThat(message.match(PathTemplate.split("/api/v1/mailboxes//folders/INBOX/messages/1"))).isNull();
        assertThat(message.match(PathTemplate.split("/api/v1/mailboxes/a@b/folders/INBOX/messages/1/"))).isNull();
    }

    @Test
    void rootIsOneEmptySegment() {
        assertThat(new PathTemplate("/").match(PathTemplate.split("/"))).isEmpty();
        assertThat(new PathTemplate("/").match(PathTemplate.split("/index.html"))).isNull();
    }

    @Test
    void refusesMalformedEscapes() {
        assertThatThrownBy(() -> message.match(PathTemplate.split("/api/v1/mailboxes/a%zz/folders/INBOX/messages/1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.decode("abc%4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.decode("%C3%28")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsAtMostABoundedNumberOfSegments() {
        String deep = "/a".repeat(10_000);
        List<String> segments = PathTemplate.split(deep);
        assertThat(segments).hasSizeLessThanOrEqualTo(PathTemplate.MAX_SEGMENTS + 1);
    }

    @Test
    void listsItsVariables() {
        assertThat(message.variables()).containsExactly("address", "folder", "uid");
    }
}
