package io.creditshub.licensing;

import io.creditshub.calls.CallType;
import io.creditshub.money.Money;
import io.creditshub.rating.NumberType;
import io.creditshub.rating.Rate;
import io.creditshub.rating.RatingEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * Decides how a rated, chargeable call is paid (DOMAIN rules 5, 6, 8). Pure Java; calls
 * must be fed in start-time order because pools are consumed as calls come.
 *
 * <ol>
 * <li><b>Who pays</b>: the user (AAD ObjectId) holding licenses at call start; for auto
 * attendant and call queue calls ({@code ucap_*}) the account owning the number (the
 * called number for {@code ucap_in}, the Caller ID for {@code ucap_out}). An organization
 * without any license file is not judged by licenses: its calls are paid from
 * credits.</li>
 * <li><b>Which pool</b> (only outbound calls): conference dial-out ({@code conf_out},
 * {@code user_out_conf}) to a Zone A destination uses the payer's conferencing pool if
 * the payer holds Audio Conferencing. Other outbound calls need Phone System: a domestic
 * call (same country as the payer's usage location, or US-CA) uses the domestic pool
 * (Domestic or International Calling Plan) or else the 120-minute pool (Domestic Calling
 * Plan (120 min)); an international call uses the international pool if the payer holds
 * the International Calling Plan, and also draws the domestic pool (the call is covered
 * while both have minutes: whichever runs out first). Calls to toll-free numbers and
 * inbound calls use no pool.</li>
 * <li><b>Coverage</b>: pools count whole minutes (duration rounded up). A pool with fewer
 * minutes left than the call needs covers what it has; the rest of the call is rated from
 * that offset (first increment and connection fee do not apply again).</li>
 * <li><b>Credits</b>: what is left is paid from credits only if the payer holds
 * Communications Credits plus a base license: Audio Conferencing, or Phone System plus a
 * Calling Plan (a resource account: its Resource Account license). Otherwise it is
 * unfunded, with the reason.</li>
 * </ol>
 */
public final class FundingPolicy {

	/** A call as the policy needs it. */
	public record Call(CallType type, String userObjectId, String callerId, String destinationNumber, Instant startedAt,
			int durationSeconds, Rate rate, BigDecimal fullAmount) {
	}

	/**
	 * The decision: the pool the call was eligible for (null if none), minutes taken from
	 * it, what is left for credits, and, when credits may not pay it, why.
	 */
	public record Decision(PoolKey pool, int poolMinutes, BigDecimal creditsDue, String refusal) {

		public boolean creditsAllowed() {
			return refusal == null;
		}

	}

	private final Destinations destinations;

	public FundingPolicy(Destinations destinations) {
		this.destinations = destinations;
	}

	public Decision decide(Call call, LicenseBook book, Pools pools) {
		if (!book.managed()) {
			return new Decision(null, 0, call.fullAmount(), null);
		}
		Optional<LicenseRecord> payer = payer(call, book);
		PoolKey pool = payer.flatMap(p -> eligiblePool(call, p, book.catalog())).orElse(null);
		int minutes = (call.durationSeconds() + 59) / 60;
		int covered = 0;
		if (pool != null) {
			covered = Math.min(minutes, pools.remaining(pool));
			PoolKey second = secondPool(pool);
			if (second != null) {
				covered = Math.min(covered, pools.remaining(second));
				pools.take(second, covered);
			}
			pools.take(pool, covered);
		}
		BigDecimal due;
		if (covered == 0) {
			due = call.fullAmount();
		}
		else if (covered >= minutes) {
			due = Money.round(BigDecimal.ZERO, call.rate().currency(), call.rate().rounding());
		}
		else {
			due = RatingEngine.rate(call.rate(), call.durationSeconds(), covered * 60).amount();
		}
		String refusal = due.signum() == 0 ? null : refusal(call, payer);
		if (refusal != null && pool != null) {
			refusal = "pool " + pool + " exhausted (" + covered + " of " + minutes + " min covered) and " + refusal;
		}
		return new Decision(pool, covered, due, refusal);
	}

	/**
	 * The pool a call would use, ignoring how many minutes are left (also used to report
	 * license changes).
	 */
	public Optional<PoolKey> eligiblePool(Call call, LicenseRecord payer, LicenseCatalog catalog) {
		if (!call.type().outbound() || call.rate().numberType() == NumberType.TOLL_FREE
				|| payer.usageLocation() == null) {
			return Optional.empty();
		}
		Set<Capability> caps = payer.capabilities();
		YearMonth month = YearMonth.from(call.startedAt().atZone(ZoneOffset.UTC));
		String country = payer.usageLocation();
		if (call.type() == CallType.CONF_OUT || call.type() == CallType.USER_OUT_CONF) {
			return call.rate().zoneA() && caps.contains(Capability.AUDIO_CONFERENCING)
					? Optional.of(new PoolKey(country, PoolType.CONFERENCING, month)) : Optional.empty();
		}
		if (!caps.contains(Capability.PHONE_SYSTEM)) {
			return Optional.empty();
		}
		String to = destinations.countryOf(call.destinationNumber());
		if (catalog.domestic(country, to)) {
			if (caps.contains(Capability.DOMESTIC_PLAN) || caps.contains(Capability.INTERNATIONAL_PLAN)) {
				return Optional.of(new PoolKey(country, PoolType.DOMESTIC, month));
			}
			if (caps.contains(Capability.DOMESTIC_120)) {
				return Optional.of(new PoolKey(country, PoolType.DOMESTIC_120, month));
			}
			return Optional.empty();
		}
		return caps.contains(Capability.INTERNATIONAL_PLAN)
				? Optional.of(new PoolKey(country, PoolType.INTERNATIONAL, month)) : Optional.empty();
	}

	/** International minutes also draw the domestic pool: covered while both last. */
	static PoolKey secondPool(PoolKey pool) {
		return pool.type() == PoolType.INTERNATIONAL ? new PoolKey(pool.country(), PoolType.DOMESTIC, pool.month())
				: null;
	}

	public Optional<LicenseRecord> payer(Call call, LicenseBook book) {
		if (call.type() == CallType.UCAP_IN) {
			return book.numberAt(Digits.leading(call.destinationNumber()), call.startedAt());
		}
		if (call.type() == CallType.UCAP_OUT) {
			return book.numberAt(Digits.all(call.callerId()), call.startedAt());
		}
		Optional<LicenseRecord> user = book.userAt(call.userObjectId(), call.startedAt());
		if (user.isEmpty() && (call.userObjectId() == null || call.userObjectId().isBlank())) {
			// e.g. a toll-free conf_in without an organizer: the number's owner pays
			return book.numberAt(Digits.leading(call.destinationNumber()), call.startedAt());
		}
		return user;
	}

	/** Why credits may not pay for this call (DOMAIN rule 5), or null when they may. */
	public String refusal(Call call, Optional<LicenseRecord> payer) {
		if (payer.isEmpty()) {
			if (call.type() == CallType.UCAP_IN || call.type() == CallType.UCAP_OUT) {
				return "no license: no account in the license export owns number "
						+ (call.type() == CallType.UCAP_IN ? call.destinationNumber() : call.callerId())
						+ " at call start";
			}
			return "no license: user " + (call.userObjectId() == null ? "(none on the CDR)" : call.userObjectId())
					+ " is not in the organization's license export in force at call start";
		}
		Set<Capability> caps = payer.get().capabilities();
		if (!caps.contains(Capability.CREDITS)) {
			return "no Communications Credits license";
		}
		if (caps.contains(Capability.RESOURCE_ACCOUNT)) {
			return null;
		}
		boolean plan = caps.contains(Capability.DOMESTIC_PLAN) || caps.contains(Capability.DOMESTIC_120)
				|| caps.contains(Capability.INTERNATIONAL_PLAN);
		if (caps.contains(Capability.AUDIO_CONFERENCING) || (caps.contains(Capability.PHONE_SYSTEM) && plan)) {
			return null;
		}
		return "no plan: Communications Credits needs Audio Conferencing, or Phone System plus a Calling Plan";
	}

}
