package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Protocol;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredTokenValidatorTest {

    @Test
    void forwardsEveryMethodOfTheInterface() throws NoSuchMethodException {
        // A default method left unforwarded silently answers for the real validator (it happened once).
        for (Method method : TokenValidator.class.getMethods()) {
            Method own = DeferredTokenValidator.class.getMethod(method.getName(), method.getParameterTypes());
            assertThat(own.getDeclaringClass()).as(method.getName()).isEqualTo(DeferredTokenValidator.class);
        }
    }

    @Test
    void buildsTheRealValidatorOnlyWhenFirstAsked() {
        AtomicInteger built = new AtomicInteger();
        TokenExpiryChecks checks = new TokenExpiryChecks();
        TokenValidator real = new TokenValidator() {
            @Override
            public TokenDecision validate(Protocol protocol, String bearerToken) {
                return new TokenDecision.Accepted("adele@contoso.com");
            }

            @Override
            public Optional<Instant> expiresAt(String bearerToken) {
                return Optional.of(Instant.EPOCH);
            }

            @Override
            public TokenExpiryChecks expiryChecks() {
                return checks;
            }
        };
        DeferredTokenValidator deferred = new DeferredTokenValidator(() -> {
            built.incrementAndGet();
            return real;
        });
        assertThat(built).hasValue(0);
        assertThat(deferred.validate(Protocol.IMAP, "t")).isEqualTo(new TokenDecision.Accepted("adele@contoso.com"));
        assertThat(deferred.expiresAt("t")).contains(Instant.EPOCH);
        assertThat(deferred.expiryChecks()).isSameAs(checks);
    }
}
