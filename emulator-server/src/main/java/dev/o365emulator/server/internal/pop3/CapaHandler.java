package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import java.util.ArrayList;
import java.util.List;

/** CAPA: Office 365's capabilities, with STLS only in plain text on 110. */
final class CapaHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection connection, Pop3Request request) {
        List<String> lines = new ArrayList<>(Pop3Catalogue.CAPABILITIES);
        if (!connection.tlsActive()) {
            lines.add(Pop3Catalogue.STLS_CAPABILITY);
        }
        connection.reply(Pop3ReplyRenderer.listing(Pop3Catalogue.CAPA, lines));
    }
}
