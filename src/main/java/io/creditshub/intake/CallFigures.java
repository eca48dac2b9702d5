package io.creditshub.intake;

import java.math.BigDecimal;

/**
 * What one CDR file posted: calls recorded, of which chargeable, and what was paid from
 * funds and what stayed unfunded (in the organization's currency). Carried with the
 * file's outcome, so that a run's summary needs no query over the calls.
 */
public record CallFigures(long calls, long chargeable, BigDecimal fromFunds, BigDecimal unfunded) {

	public static final CallFigures NONE = new CallFigures(0, 0, BigDecimal.ZERO, BigDecimal.ZERO);

	public CallFigures plus(CallFigures o) {
		return new CallFigures(calls + o.calls, chargeable + o.chargeable, fromFunds.add(o.fromFunds),
				unfunded.add(o.unfunded));
	}

}
