package io.creditshub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/** --json output: the same shapes as the admin API. */
final class Json {

	private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.enable(SerializationFeature.INDENT_OUTPUT);

	private Json() {
	}

	static void print(PrintStream out, Object value) {
		try {
			out.println(MAPPER.writeValueAsString(value));
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new UncheckedIOException(e);
		}
	}

}
