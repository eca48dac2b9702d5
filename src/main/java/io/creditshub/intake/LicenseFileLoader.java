package io.creditshub.intake;

import io.creditshub.intake.Rows;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.licensing.Capability;
import io.creditshub.licensing.Digits;
import io.creditshub.licensing.LicenseBook;
import io.creditshub.licensing.LicenseCatalog;
import io.creditshub.licensing.LicenseChangeReport;
import io.creditshub.licensing.LicenseRecord;
import io.creditshub.licensing.LicenseRepository;
import io.creditshub.system.DataFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads an admin-center "Export users" file (FORMATS.md section 2) for one organization:
 * the full license state from the file's time on (DOMAIN rule 5). DOMAIN rule 11: an
 * organization's first export covers every earlier call; a later export's time is the
 * date-time in its name ({@code users-2025-03-01.csv},
 * {@code Users_2025_03_01 10_15_00.csv}), else the time the hub received it (never the
 * file's modification time, which a copy or a download sets to anything). The time and
 * its source are recorded (license_export) and shown; a file stating a time not after the
 * state already applied is refused. A file that turns funded calls unfunded is flagged.
 */
@Component
class LicenseFileLoader implements FileLoader {

	private static final Logger log = LoggerFactory.getLogger(LicenseFileLoader.class);

	static final String UPN = "User principal name", DISPLAY_NAME = "Display name", OBJECT_ID = "Object Id",
			USAGE_LOCATION = "Usage location", LICENSES = "Licenses", PHONE = "Phone number",
			BLOCKED = "Block credential", ASSIGNMENT_DETAILS = "License assignment details";

	/**
	 * A product's assignment path in "License assignment details", e.g. "(Direct)" or
	 * "(Inherited from group Sales)".
	 */
	/** Values of "License assignment details" that are a state, not a product. */
	private static final Pattern ASSIGNMENT_STATUS = Pattern
		.compile("(?i)active|enabled|disabled|suspended|warning|deleted|error|pending(?: input)?|none|n/a|-");

	private static final Pattern ASSIGNMENT_PATH = Pattern.compile(
			"\\s*[(\\[](?:[^)\\]]*\\b(?:direct|inherit|group|assigned|via)\\b[^)\\]]*)[)\\]]\\s*$",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern NAME_TIME = Pattern
		.compile("(\\d{4})[-_](\\d{2})[-_](\\d{2})(?:[T _-](\\d{2})[-_:.](\\d{2})(?:[-_:.](\\d{2}))?)?");

	private final OrganizationRepository organizations;

	private final LicenseRepository licenses;

	private final LicenseCatalog catalog;

	private final LicenseChangeReport changeReport;

	private final DataFolders folders;

	private final java.time.Clock clock;

	LicenseFileLoader(OrganizationRepository organizations, LicenseRepository licenses, LicenseCatalog catalog,
			LicenseChangeReport changeReport, DataFolders folders, java.time.Clock clock) {
		this.organizations = organizations;
		this.licenses = licenses;
		this.catalog = catalog;
		this.changeReport = changeReport;
		this.folders = folders;
		this.clock = clock;
	}

	@Override
	public FileKind kind() {
		return FileKind.LICENSES;
	}

	@Override
	public List<String> requiredColumns() {
		return List.of(UPN, OBJECT_ID, LICENSES);
	}

	@Override
	public String keyColumn() {
		return UPN;
	}

	@Override
	public LoadResult load(String orgId, long fileId, CsvInput csv, RejectsWriter rejects) {
		organizations.lock(orgId)
			.orElseThrow(() -> new FileRejectedException("unknown organization '" + orgId + "' (folder inbox/licenses/"
					+ orgId + "): load it in an accounts file first, then drop this file again"));
		// DOMAIN rule 11: the export's time and where it came from
		Instant received = clock.instant();
		Instant named = nameTime(csv.file());
		java.util.Optional<Instant> applied = licenses.appliedAt(orgId);
		Instant stated = named != null ? named : received;
		LicenseRepository.TimeSource source = applied.isEmpty() ? LicenseRepository.TimeSource.FIRST_EXPORT
				: named != null ? LicenseRepository.TimeSource.FILE_NAME : LicenseRepository.TimeSource.RECEIVED;
		Instant at = applied.isEmpty() ? LicenseRepository.BEGINNING : stated;
		applied.ifPresent(previous -> {
			if (!stated.isAfter(previous)) {
				throw new FileRejectedException(
						"license file time " + stated + " is not after the license state already " + "applied ("
								+ previous + "); name the file with its export date-time (users-yyyy-MM-dd_HH-mm.csv)");
			}
		});
		List<LicenseRecord> export = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		Set<String> unknown = new TreeSet<>();
		int rows = 0;
		for (CsvInput.Row row : csv) {
			rows++;
			String upn = row.get(UPN);
			try {
				Set<String> unknownHere = new TreeSet<>();
				LicenseRecord r = parse(row, at, unknownHere);
				if (!unknownHere.isEmpty()) {
					unknown.addAll(unknownHere);
					// issue 12: listed in the rejects/warnings file, not only in the log
					rejects
						.warn(new RowReject(row.line(), upn, "unknown product(s) not in the license catalog, ignored: "
								+ String.join(", ", unknownHere)));
				}
				if (!seen.add(r.objectId().toLowerCase(Locale.ROOT))) {
					throw new IllegalArgumentException("Object Id " + r.objectId() + " appears twice in this file");
				}
				export.add(r);
			}
			catch (IllegalArgumentException e) {
				rejects.add(new RowReject(row.line(), upn, e.getMessage()));
			}
		}
		for (String name : unknown) {
			log.warn("licenses {}/{}: unknown product '{}' ignored (not in the license catalog)", orgId,
					csv.file().getFileName(), name);
		}
		int[] counts = licenses.apply(orgId, fileId, at, stated, export);
		licenses.recordExport(new LicenseRepository.Export(fileId, orgId, csv.file().getFileName().toString(), at,
				source, stated, named, received));
		String summary = source == LicenseRepository.TimeSource.FIRST_EXPORT
				? String.format(
						"%d users in force for every earlier call (first export of %s, FIRST_EXPORT; its own time %s "
								+ "from the %s): %d new or changed, %d ended, %d unchanged",
						export.size(), orgId, stated, named != null ? "file name" : "time received", counts[0],
						counts[1], counts[2])
				: String.format("%d users in force from %s: %d new or changed, %d ended, %d unchanged; time %s (%s)",
						export.size(), at, counts[0], counts[1], counts[2],
						source == LicenseRepository.TimeSource.FILE_NAME ? "from the file name"
								: "received: no date in the file name",
						source);
		if (!unknown.isEmpty()) {
			summary += "; unknown products ignored: " + String.join(", ", unknown);
		}
		List<LicenseChangeReport.Change> changes = changeReport.changesSince(orgId, at,
				new LicenseBook(licenses.history(orgId), catalog));
		String flag = null;
		if (!changes.isEmpty()) {
			Path report = writeChanges(orgId, fileId, changes);
			log.warn("licenses {}: {} call(s) already settled since {} would be funded differently; nothing was "
					+ "re-charged; see {}", orgId, changes.size(), at, report);
			summary += "; " + changes.size() + " settled call(s) would be funded differently (nothing re-charged): "
					+ report;
			long unfunds = changes.stream().filter(LicenseChangeReport.Change::unfunds).count();
			if (unfunds > 0) {
				// issue 12: never silently; re-dating the export and deciding again is a
				// correction (DOMAIN rule 11)
				flag = String.format(
						"%d call(s) of %s funded before would be unfunded under these licenses "
								+ "(export time %s, %s); check the export's time; see %s",
						unfunds, orgId, at, source, report);
			}
		}
		return new LoadResult(rows, export.size(), rejects.count(), summary, flag);
	}

	private LicenseRecord parse(CsvInput.Row row, Instant at, Set<String> unknown) {
		if (!row.consistent()) {
			throw new IllegalArgumentException("has " + row.size() + " fields, the header has " + row.expectedSize());
		}
		String upn = Rows.required(row, UPN);
		if (upn.toUpperCase(Locale.ROOT).contains("#EXT#")) {
			throw new IllegalArgumentException(
					"guest account (#EXT# in the UPN): guests hold no calling licenses in this organization; ignored");
		}
		String objectId = Rows.required(row, OBJECT_ID);
		if (objectId.length() > 100) {
			throw new IllegalArgumentException(OBJECT_ID + " is longer than 100 characters");
		}
		String location = row.optional(USAGE_LOCATION);
		if (location != null) {
			location = location.toUpperCase(Locale.ROOT);
			if (!Arrays.asList(Locale.getISOCountries()).contains(location)) {
				throw new IllegalArgumentException(
						USAGE_LOCATION + " '" + Rows.echo(location) + "' is not an ISO 3166 two-letter code");
			}
		}
		String products = row.get(LICENSES);
		Set<Capability> caps = EnumSet.noneOf(Capability.class);
		// issue 12: products in "Licenses" and in "License assignment details" both count
		Set<String> names = new java.util.LinkedHashSet<>();
		for (String product : products.split("\\+")) {
			names.add(product.strip());
		}
		for (String detail : row.get(ASSIGNMENT_DETAILS).split("[;|\\n+]")) {
			String name = detail.strip();
			int colon = name.indexOf(':');
			name = colon >= 0 ? name.substring(0, colon).strip() : name;
			name = ASSIGNMENT_PATH.matcher(name).replaceFirst("").strip();
			if (!ASSIGNMENT_STATUS.matcher(name).matches()) {
				names.add(name); // a status ("Active") is not a product
			}
		}
		List<String> held = new ArrayList<>();
		for (String name : names) {
			if (name.isEmpty() || name.equalsIgnoreCase("Unlicensed")) {
				continue;
			}
			held.add(name);
			catalog.capabilitiesOf(name).ifPresentOrElse(caps::addAll, () -> unknown.add(name));
		}
		if (!held.isEmpty()) {
			products = String.join("+", held);
		}
		String phone = Digits.all(row.optional(PHONE));
		if (phone != null && phone.length() > 20) {
			throw new IllegalArgumentException(PHONE + " has more than 20 digits");
		}
		return new LicenseRecord(objectId, upn, row.optional(DISPLAY_NAME), location, phone,
				Rows.bool(BLOCKED, row.get(BLOCKED)), products, caps, at, null);
	}

	/** The date-time in the file name (UTC), or null when the name has none. */
	static Instant nameTime(Path file) {
		Matcher m = NAME_TIME.matcher(file.getFileName().toString());
		if (m.find()) {
			try {
				return LocalDateTime
					.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
							m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
							m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
							m.group(6) == null ? 0 : Integer.parseInt(m.group(6)))
					.toInstant(ZoneOffset.UTC);
			}
			catch (java.time.DateTimeException e) {
				throw new FileRejectedException("the date in the file name is not a valid date: " + m.group());
			}
		}
		return null;
	}

	private Path writeChanges(String orgId, long fileId, List<LicenseChangeReport.Change> changes) {
		Path dir = folders.outbox().resolve("reports").resolve(orgId);
		Path report = dir.resolve("license-changes-" + fileId + ".csv");
		try {
			Files.createDirectories(dir);
			try (Writer w = Files.newBufferedWriter(report, StandardCharsets.UTF_8);
					CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
				csv.printRecord("UsageId", "Start Time", "Call Type", "User", "Settled as",
						"Would be under the new licenses");
				for (LicenseChangeReport.Change c : changes) {
					csv.printRecord(c.usageId(), c.startedAt(), c.callType(), c.user(), c.was(), c.wouldBe());
				}
			}
			return report;
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write " + report, e);
		}
	}

}
