package io.creditshub.api;

import io.creditshub.intake.IntakeJournal;
import io.creditshub.intake.IntakeService;
import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.NumberType;
import io.creditshub.rating.Rate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Hub-wide endpoints for operators: rate tables and the intake files. */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
@Validated
@Tag(name = "operator", description = "Rate tables and intake files (operator role)")
class OperatorController {

	private final ApiQueries queries;

	private final RateTableRepository rateTables;

	private final IntakeJournal journal;

	private final IntakeService intake;

	private final Clock clock;

	OperatorController(ApiQueries queries, RateTableRepository rateTables, IntakeJournal journal, IntakeService intake,
			Clock clock) {
		this.queries = queries;
		this.rateTables = rateTables;
		this.journal = journal;
		this.intake = intake;
		this.clock = clock;
	}

	@GetMapping("/rates")
	@Operation(summary = "Rate table versions, newest first (the newest rates calls)")
	List<ApiQueries.RateVersion> rateVersions() {
		return queries.rateVersions();
	}

	record RateView(long versionId, long rateId, String prefix, String destination, String numberType, String currency,
			java.math.BigDecimal connectionFee, List<io.creditshub.rating.RateSegment> segments, Instant effectiveFrom,
			Instant effectiveTo, boolean zoneA) {
	}

	@GetMapping("/rates/lookup")
	@Operation(summary = "The rate that applies to a number (longest prefix) in a currency at a time (default now)")
	RateView lookup(@RequestParam String number, @RequestParam String currency,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
			@RequestParam(required = false) String type) {
		var table = rateTables.current().orElseThrow(() -> new Access.NotFoundException("No rate table loaded yet"));
		NumberType numberType = type == null ? null : NumberType.parse(type);
		Instant when = at == null ? clock.instant() : at;
		Rate r = table.lookup(number, numberType, currency.toUpperCase(Locale.ROOT), when)
			.orElseThrow(() -> new Access.NotFoundException("No rate for " + number + " in " + currency + " at " + when
					+ " (version " + table.versionId() + ")"));
		return new RateView(table.versionId(), r.id(), r.prefix(), r.destination(), r.numberType().label(),
				r.currency(), r.connectionFee(), r.segments(), r.effectiveFrom(), r.effectiveTo(), r.zoneA());
	}

	@GetMapping("/files")
	@Operation(summary = "Recent intake files: status, rows posted and rejected, reason")
	List<IntakeJournal.Entry> files(@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
		return journal.recent(limit);
	}

	@PostMapping("/files/{fileId}/redrive")
	@Operation(summary = "Put a refused file (in error/) back in the inbox to be processed again")
	ResponseEntity<?> redrive(@PathVariable long fileId) {
		try {
			return ResponseEntity.accepted()
				.body(Map.of("fileId", fileId, "waitingAt", intake.redrive(fileId).toString()));
		}
		catch (IllegalStateException e) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
		}
		catch (IllegalArgumentException e) {
			throw new Access.NotFoundException(e.getMessage());
		}
	}

}
