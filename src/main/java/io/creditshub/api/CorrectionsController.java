package io.creditshub.api;

import io.creditshub.corrections.CorrectedCall;
import io.creditshub.corrections.CorrectionService;
import io.creditshub.corrections.LicenseRedateService;
import io.creditshub.corrections.OrgTotals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Corrections for operators (under /api/**, operator role only): re-rating a period with
 * a corrected rate table and manual adjustments, as ADJUSTMENT entries (DOMAIN rule 9).
 * Each is exactly once by its id.
 */
@RestController
@RequestMapping(path = "/api/corrections", produces = MediaType.APPLICATION_JSON_VALUE)
@Validated
@Tag(name = "corrections", description = "Re-rating and manual adjustments (operator role)")
class CorrectionsController {

	private final CorrectionService corrections;

	private final LicenseRedateService redates;

	private final Access access;

	CorrectionsController(CorrectionService corrections, LicenseRedateService redates, Access access) {
		this.corrections = corrections;
		this.redates = redates;
		this.access = access;
	}

	/**
	 * A re-rating: one organization ({@code org}) or all ({@code all: true}), calls that
	 * started in [from, to).
	 */
	record Rerate(@Size(max = 64) String org, Boolean all, @NotNull Instant from, @NotNull Instant to, Long rates,
			@Size(max = 100) String id, Boolean dryRun) {

		@AssertTrue(message = "give either org or all: true")
		boolean isScoped() {
			return (org != null && !org.isBlank()) != Boolean.TRUE.equals(all);
		}

	}

	record RerateView(String correctionId, String status, Long rateVersion, int calls, Collection<OrgTotals> totals,
			List<CorrectedCall> corrected, List<String> skipped, String csv, String workbook, Instant postedAt) {
	}

	@PostMapping(path = "/rerate", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Rate a period's calls again and post the differences (dryRun: compute only). 201 posted, "
			+ "200 dry run or already posted (status ALREADY_APPLIED: nothing posted now)")
	ResponseEntity<RerateView> rerate(@Valid @RequestBody Rerate request) {
		CorrectionService.Result r;
		try {
			r = corrections
				.rerate(new CorrectionService.RerateRequest(Boolean.TRUE.equals(request.all()) ? null : request.org(),
						request.from(), request.to(), request.rates(), request.id(),
						Boolean.TRUE.equals(request.dryRun()), "api:" + access.caller().name()));
		}
		catch (java.util.NoSuchElementException e) {
			throw new Access.NotFoundException(e.getMessage());
		}
		return ResponseEntity.status("POSTED".equals(r.status()) ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new RerateView(r.correctionId(), r.status(), r.rateVersion(), r.calls().size(), r.totals().values(),
					r.calls(), r.skipped(), String.valueOf(r.csv()), String.valueOf(r.workbook()), r.postedAt()));
	}

	/**
	 * A manual adjustment: signed amount, mandatory reason, optionally the call it is
	 * about.
	 */
	record Adjust(@NotBlank @Size(max = 64) String org, @NotNull BigDecimal amount,
			@NotBlank @Size(max = 1000) String reason, @Size(max = 100) String call, @Size(max = 100) String id) {
	}

	@PostMapping(path = "/adjustments", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A manual adjustment: positive adds a lot (12-month expiry), negative is taken like usage. "
			+ "201 posted, 200 already posted (status ALREADY_APPLIED)")
	ResponseEntity<CorrectionService.AdjustResult> adjust(@Valid @RequestBody Adjust request) {
		CorrectionService.AdjustResult r;
		try {
			r = corrections.adjust(request.org(), request.amount(), request.reason(), request.call(), request.id(),
					"api:" + access.caller().name());
		}
		catch (java.util.NoSuchElementException e) {
			throw new Access.NotFoundException(e.getMessage());
		}
		return ResponseEntity.status("POSTED".equals(r.status()) ? HttpStatus.CREATED : HttpStatus.OK).body(r);
	}

	/** Re-dating a license export (its intake file id) to its right time. */
	record Redate(@NotNull Long fileId, @NotNull Instant at, @Size(max = 100) String id, Boolean dryRun) {
	}

	@PostMapping(path = "/license-redate", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Give a license export another time; the funding of the calls in between is decided again "
			+ "(DOMAIN rule 11). 201 posted, 200 dry run or already posted")
	ResponseEntity<LicenseRedateService.Result> redate(@Valid @RequestBody Redate request) {
		LicenseRedateService.Result r;
		try {
			r = redates.redate(request.fileId(), request.at(), request.id(), Boolean.TRUE.equals(request.dryRun()),
					"api:" + access.caller().name());
		}
		catch (java.util.NoSuchElementException e) {
			throw new Access.NotFoundException(e.getMessage());
		}
		return ResponseEntity.status("POSTED".equals(r.status()) ? HttpStatus.CREATED : HttpStatus.OK).body(r);
	}

	@GetMapping
	@Operation(summary = "Correction runs, newest first")
	List<CorrectionService.RunView> recent(@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
		return corrections.recent(limit);
	}

}
