package org.orbited.node;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.plugin.ChannelId;

/**
 * The package layering of docs/architecture.md, checked on the compiled main classes (tests excluded), so that
 * it cannot erode quietly. A rule that fails names every offending dependency with its class and line.
 */
class LayeringTest {
    private static final String ORBITED = "org.orbited";
    private static final String NODE = ORBITED + ".node";
    private static final String PLUGIN_API = ORBITED + ".plugin";
    private static final String CONFIG = NODE + ".config..";
    private static final String NETTY = "io.netty..";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(NODE);
    }

    @Test
    void coreImportsNeitherNettyNorTheConfiguration() {
        noClasses().that().resideInAPackage(NODE + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(NETTY, CONFIG)
                .check(classes);
    }

    /** Every package is its own slice, the daemon's too: {@code bayeux} and {@code bayeux.netty} are two. */
    @Test
    void noPackageCycles() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(classes);
    }

    /**
     * The configuration reads the file; of Orbited's own code it uses only the plugin API's {@code ChannelId} (the
     * one channel grammar, which checks {@code [bayeux] read_only}), never another package of the node.
     */
    @Test
    void theConfigurationImportsNoOtherPackageOfTheNode() {
        classes().that().resideInAPackage(CONFIG)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ORBITED + "..").or(resideInAPackage(CONFIG))
                        .or(JavaClass.Predicates.belongToAnyOf(ChannelId.class)))
                .check(classes);
    }

    /** They take their own settings records; only the daemon maps the configuration onto them. */
    @Test
    void coreOrbitTransportsHttpAndPluginsDoNotImportTheConfiguration() {
        noClasses().that().resideInAnyPackage(NODE + ".core..", NODE + ".orbit..", NODE + ".transport..",
                        NODE + ".http..", NODE + ".plugin..")
                .should().dependOnClassesThat().resideInAPackage(CONFIG)
                .check(classes);
    }

    /** The Bayeux server and its transports take {@code bayeux.BayeuxSettings}, mapped by the daemon. */
    @Test
    void theBayeuxProtocolDoesNotImportTheConfiguration() {
        noClasses().that().resideInAPackage(NODE + ".bayeux..")
                .should().dependOnClassesThat().resideInAPackage(CONFIG)
                .check(classes);
    }

    @Test
    void theBayeuxProtocolIsPlainJava() {
        noClasses().that().resideInAPackage(NODE + ".bayeux")
                .should().dependOnClassesThat().resideInAPackage(NETTY)
                .check(classes);
    }

    /** The Orbit codec and its reply writer; the decoder, handler and server around them are the Netty side. */
    @Test
    void theOrbitCodecIsPlainJava() {
        noClasses().that().haveNameMatching(
                        "org\\.orbited\\.node\\.orbit\\.(OrbitRequestParser|OrbitRequest|OrbitReplies|OrbitHeaders"
                                + "|OrbitMalformed|OrbitErrorCode|Recipient)(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage(NETTY)
                .check(classes);
    }

    @Test
    void theTransportFramingsArePlainJava() {
        noClasses().that().resideInAPackage(NODE + ".transport")
                .should().dependOnClassesThat().resideInAPackage(NETTY)
                .check(classes);
    }

    /** The router routes to the transports, never the other way round. */
    @Test
    void transportsDoNotImportTheRouter() {
        noClasses().that().resideInAnyPackage(NODE + ".transport..", NODE + ".bayeux..")
                .should().dependOnClassesThat().resideInAPackage(NODE + ".http")
                .check(classes);
    }

    @Test
    void theSharedHttpPiecesImportNothingOfTheNode() {
        classes().that().resideInAPackage(NODE + ".http.shared")
                .should().onlyDependOnClassesThat(
                        resideOutsideOfPackage(NODE + "..").or(resideInAPackage(NODE + ".http.shared")))
                .check(classes);
    }

    /**
     * The plugin host runs plugins against the API ({@code org.orbited.plugin}, its own module) and nothing else of
     * the node: the Bayeux engine reaches it through {@code ServerChannelsFactory}. The API's own rule, that it
     * imports nothing of the node, is the build's (orbited-plugin-api's enforcer rule and ApiBoundaryTest).
     */
    @Test
    void thePluginHostImportsOnlyThePluginApi() {
        classes().that().resideInAPackage(NODE + ".plugin..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ORBITED + "..")
                        .or(resideInAPackage(NODE + ".plugin..")).or(resideInAPackage(PLUGIN_API)))
                .check(classes);
    }

    /** The node implements the API but adds nothing to its package (no split package across the two jars). */
    @Test
    void theNodeAddsNothingToThePluginApiPackage() {
        noClasses().should().resideInAPackage(PLUGIN_API + "..")
                .check(new ClassFileImporter()
                        .importUrl(OrbitedNode.class.getProtectionDomain().getCodeSource().getLocation()));
    }

    @Test
    void onlyTheDaemonImportsTheDaemon() {
        noClasses().that(not(resideInAPackage(NODE)))
                .should().dependOnClassesThat().resideInAPackage(NODE)
                .check(classes);
    }

    /** One slice per package of the node; classes outside it belong to none. */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.equals(NODE) || p.startsWith(NODE + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each package of " + NODE;
        }
    };
}
