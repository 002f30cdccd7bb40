package org.orbited.bridge.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * bridge-common is shared by both bridges and bundled into both shaded jars, so its main classes never reference an
 * IRC or XMPP library (PircBotX is GPL-3 and must not reach the Apache-only XMPP jar) nor either bridge's own
 * package, and never the node's internals (a plugin sees the API alone). The enforcer rule in the pom guards the
 * dependencies; this guards the byte code. A failure names the class and line.
 */
class CommonLayeringTest {
    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.orbited.bridge.common");

    @Test
    void commonReferencesNoChatLibraryAndNeitherBridge() {
        noClasses().that().resideInAPackage("org.orbited.bridge.common..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pircbotx..", "org.jivesoftware..",
                        "org.jxmpp..", "org.orbited.bridge.irc..", "org.orbited.bridge.xmpp..", "org.orbited.node..")
                .allowEmptyShould(false)
                .check(COMMON);
    }
}
