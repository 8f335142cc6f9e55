package dev.o365emulator.server.internal.oauth;

import java.util.Map;

/** What an identity platform endpoint answers: an HTTP status and a JSON object. */
public record IdentityResponse(int status, Map<String, Object> json) {}
