package org.orbited.plugin;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The plugin API's boundary, checked on its compiled classes: a type a plugin sees refers only to the JDK, Jackson,
 * SLF4J and the API itself, never to the node ({@code org.orbited.node}) or Netty. The build checks the same
 * boundary on the dependencies (the enforcer rule in this module's pom); this test catches what a dependency
 * check cannot, e.g. a class of the node copied or generated into this module. A failure names the class and line.
 */
class ApiBoundaryTest {
    /** Every class this module compiled, whatever its package (target/classes as a whole). */
    private static final JavaClasses API = new ClassFileImporter()
            .importPath(java.nio.file.Path.of(OrbitedPlugin.class.getProtectionDomain().getCodeSource().getLocation()
                    .getPath()));

    @Test
    void theApiDependsOnlyOnTheJdkJacksonAndSlf4j() {
        classes().should().onlyDependOnClassesThat(resideInAnyPackage(
                        "java..", "com.fasterxml.jackson..", "org.slf4j..", "org.orbited.plugin.."))
                .check(API);
    }

    /** Everything the API holds lives in its one package; nothing of the node's packages ships in its jar. */
    @Test
    void theApiIsOnePackage() {
        classes().should().resideInAPackage("org.orbited.plugin").check(API);
    }
}
