package com.encrata.webhooks.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The top-level packages form layers, and each may use only those below it: features own their
 * code, there is no cycle, and {@code platform} knows no feature. Read from the sources, so an
 * upward import fails the build with the file that made it.
 */
class LayeringTest {

    /** Bottom to top; see docs/ARCHITECTURE.md. */
    static final List<String> LAYERS = List.of("platform", "event", "auth", "webhook", "delivery", "intake", "apikey",
            "workspace", "portal", "boot");

    private static final String BASE = "com.encrata.webhooks";
    private static final Path SOURCES = Path.of("src/main/java/com/encrata/webhooks");
    private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(BASE) + "\\.([a-z]+)\\.");

    @Test
    void everyTopLevelPackageIsALayer() throws IOException {
        try (Stream<Path> children = Files.list(SOURCES)) {
            assertThat(children.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .allMatch(LAYERS::contains);
        }
    }

    @Test
    void packagesUseOnlyTheLayersBelowThem() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String layer = SOURCES.relativize(file).getName(0).toString();
                Matcher m = REFERENCE.matcher(Files.readString(file));
                TreeSet<String> used = new TreeSet<>();
                while (m.find()) {
                    used.add(m.group(1));
                }
                for (String other : used) {
                    if (LAYERS.contains(other) && LAYERS.indexOf(other) > LAYERS.indexOf(layer)) {
                        upward.add(SOURCES.relativize(file) + " uses " + other);
                    }
                }
            }
        }
        assertThat(upward).as("imports of a higher layer").isEmpty();
    }
}
