package com.encrata.webhooks.boot;

import java.nio.file.Path;
import java.security.CodeSource;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point. It refuses a production start without a database URL, naming the variable (Quarkus
 * would name only its property). Quarkus' HTTP layer answers a request URI that {@code java.net.URI} cannot parse
 * (say {@code ?id=%zz}) with an empty 400 before any route runs; this service's HTTP edge makes the
 * same check itself and answers in JSON, so the framework's check is turned off before Quarkus
 * starts. Native builds set the same property at build time (see the native profile of the pom). The
 * start that records the AppCDS archive at package time runs without a database ({@link ArchiveRecording}).
 */
@QuarkusMain
public final class Main {

    Main() {
    }

    public static void main(String... args) {
        if (ApplicationLifecycleManager.isAppCDSGeneration()) {
            ArchiveRecording.prepare();
            System.setProperty("vertx.disableURIValidation", "true");
            Quarkus.run(ArchiveRecording.class, args);
            return;
        }
        // Which profile applies when none is set: prod for the packaged application (a jar or a native
        // executable), dev for classes run from a build directory (dev mode, which brings its own database).
        var missingUrl = ProductionChecks.databaseUrlProblem(System.getenv(), System.getProperties(), Path.of(""),
                packaged() ? LaunchMode.NORMAL.getDefaultProfile() : LaunchMode.DEVELOPMENT.getDefaultProfile());
        if (missingUrl.isPresent()) {
            System.err.println(missingUrl.get());
            System.exit(1);
        }
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }

    private static boolean packaged() {
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null || !source.getLocation().getPath().endsWith("/");
    }
}
