package dev.o365emulator.scenarios;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The fixed points of a protocol session at which the fault rules are consulted. */
public enum Stage {
    /** A connection was accepted, before TLS (implicit-TLS endpoints) and before the greeting. */
    @JsonProperty("connect") CONNECT,
    /** The greeting is about to be sent; a reply replaces it and the connection closes. */
    @JsonProperty("greeting") GREETING,
    /** {@code STARTTLS}/{@code STLS} was accepted and the handshake is about to start. */
    @JsonProperty("starttls") STARTTLS,
    /** An {@code AUTH}, {@code AUTHENTICATE}, {@code LOGIN} or {@code USER}/{@code PASS} exchange is complete. */
    @JsonProperty("auth") AUTH,
    /** Any other named command. */
    @JsonProperty("command") COMMAND,
    /** SMTP {@code MAIL FROM}. */
    @JsonProperty("mail-from") MAIL_FROM,
    /** SMTP {@code RCPT TO}. */
    @JsonProperty("rcpt-to") RCPT_TO,
    /** SMTP: the message body was received, before it is accepted. */
    @JsonProperty("message") MESSAGE,
    /** {@code QUIT} or {@code LOGOUT}. */
    @JsonProperty("logout") LOGOUT;

    /** The name used in scenario files, e.g. {@code mail-from}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
