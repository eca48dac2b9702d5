package io.creditshub.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stream that hands the workbook's bytes to the compressing thread. */
class BackgroundOutputStreamTest {

	@Test
	void everyByteArrivesInOrderAndFlushWaitsForThem() throws IOException {
		byte[] data = new byte[BackgroundOutputStream.CHUNK * 9 + 12_345];
		new Random(7).nextBytes(data);
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		try (BackgroundOutputStream out = new BackgroundOutputStream(target, "test")) {
			int at = 0;
			Random sizes = new Random(8);
			while (at < data.length) {
				if (sizes.nextInt(10) == 0) {
					out.write(data[at++]);
					continue;
				}
				int n = Math.min(data.length - at, sizes.nextInt(3 * BackgroundOutputStream.CHUNK));
				out.write(data, at, n);
				at += n;
				if (sizes.nextInt(20) == 0) {
					out.flush();
					assertThat(target.size()).isEqualTo(at);
				}
			}
			out.flush();
			assertThat(target.toByteArray()).isEqualTo(data);
		}
	}

	@Test
	void aFailureOfTheTargetReachesTheWriter() throws IOException {
		OutputStream failing = new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				throw new IOException("disk full");
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				throw new IOException("disk full");
			}
		};
		try (BackgroundOutputStream out = new BackgroundOutputStream(failing, "test")) {
			assertThatThrownBy(() -> {
				for (int i = 0; i < 20; i++) {
					out.write(new byte[BackgroundOutputStream.CHUNK]);
				}
				out.flush();
			}).isInstanceOf(IOException.class).hasMessage("disk full");
		}
	}

}
