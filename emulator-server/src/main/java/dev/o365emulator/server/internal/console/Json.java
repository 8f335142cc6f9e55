package dev.o365emulator.server.internal.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's one JSON mapper, and reading a request body with a problem document for bad JSON. */
final class Json {

    /** Records become objects with their components in order; a null or absent member is left out. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    private Json() {
    }

    /** Serialises a view (records, maps, lists, strings, numbers) to UTF-8 JSON. */
    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Serialises a view to a JSON string. */
    static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /**
     * Reads a JSON body.
     *
     * @throws ProblemException 400 for malformed JSON, with where it stopped
     */
    static JsonNode read(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            // Jackson's own message may quote the offending token, which may be a password: only where.
            var at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw new ProblemException(Problem.badRequest("malformed JSON" + where));
        }
    }
}
