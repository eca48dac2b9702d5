package io.creditshub.licensing;

import io.creditshub.config.CreditsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** The license catalog (credits.licenses.catalog) and the funding policy as beans. */
@Configuration(proxyBeanMethods = false)
class LicensingConfiguration {

	@Bean
	LicenseCatalog licenseCatalog(CreditsProperties properties, ResourceLoader resources) {
		Resource r = resources.getResource(properties.getLicenses().getCatalog());
		try (InputStream in = r.getInputStream()) {
			return LicenseCatalog.parse(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read the license catalog " + r, e);
		}
	}

	@Bean
	FundingPolicy fundingPolicy() {
		return new FundingPolicy(new Destinations());
	}

}
