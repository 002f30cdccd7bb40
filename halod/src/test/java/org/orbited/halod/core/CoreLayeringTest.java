package org.orbited.halod.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway core is plain Java: no Netty, and nothing of the gateway's Netty package, so the table, policies,
 * detector and store are testable with an injected clock and no sockets. A failure names the class and line.
 */
class CoreLayeringTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.orbited.halod.core");

    @Test
    void theCoreImportsNoNetty() {
        noClasses().that().resideInAPackage("org.orbited.halod.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.orbited.halod.gateway..")
                .allowEmptyShould(false)
                .check(CORE);
    }
}
