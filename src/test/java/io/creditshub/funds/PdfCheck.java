package io.creditshub.funds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 12 item 9: converts a workbook to PDF with LibreOffice headless and counts its
 * pages. Only when {@code soffice} is on the PATH; otherwise the check is skipped (the
 * print setup itself is asserted by reading the workbook back).
 */
final class PdfCheck {

	private PdfCheck() {
	}

	static boolean available() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "soffice"))) {
				return true;
			}
		}
		return false;
	}

	static void assertPrintsOnPages(Path workbook, int min, int max) throws Exception {
		if (!available()) {
			return;
		}
		Path out = Files.createTempDirectory("pdf-check");
		Process p = new ProcessBuilder("soffice", "--headless",
				"-env:UserInstallation=file://" + out.resolve("profile"), "--convert-to", "pdf", "--outdir",
				out.toString(), workbook.toString())
			.redirectErrorStream(true)
			.start();
		assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("soffice finished").isTrue();
		Path pdf = out.resolve(workbook.getFileName().toString().replaceFirst("\\.xlsx$", ".pdf"));
		assertThat(pdf).exists();
		String text = new String(Files.readAllBytes(pdf), java.nio.charset.StandardCharsets.ISO_8859_1);
		Matcher m = Pattern.compile("/Type\\s*/Page[^s]").matcher(text);
		int pages = 0;
		while (m.find()) {
			pages++;
		}
		assertThat(pages).as("pages of " + pdf).isBetween(min, max);
	}

}
