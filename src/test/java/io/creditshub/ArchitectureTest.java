package io.creditshub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the packages form a graph without cycles (docs/architecture.md draws it),
 * checked on the compiled classes: a class of a lower package that reaches up into a
 * higher one (e.g. the configuration into the batches, the call types into the intake)
 * fails this test and names the dependency.
 */
class ArchitectureTest {

	static final JavaClasses HUB = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.creditshub");

	@Test
	void noPackageCycles() {
		slices().matching("io.creditshub.(*)..").should().beFreeOfCycles().check(HUB);
	}

}
