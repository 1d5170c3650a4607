package io.departure.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DockerIgnore} decides as Docker does, on the examples of Docker's own documentation of the file. */
class DockerIgnoreTest {

    private static boolean excluded(String file, String path) {
        return DockerIgnore.parse(file).excluding(path).isPresent();
    }

    @Test
    void aStarStopsAtASlashAndTwoCrossAnyNumberOfDirectories() {
        String file = "# comment\n*/temp*\n*/*/temp*\ntemp?\n**/*.go\n";
        assertThat(excluded(file, "somedir/temporary.txt")).isTrue();
        assertThat(excluded(file, "somedir/temp")).isTrue();
        assertThat(excluded(file, "temporary.txt")).isFalse();
        assertThat(excluded(file, "somedir/subdir/temporary.txt")).isTrue();
        assertThat(excluded(file, "tempa")).isTrue();
        assertThat(excluded(file, "tempab")).isFalse();
        assertThat(excluded(file, "main.go")).isTrue();
        assertThat(excluded(file, "cmd/tool/main.go")).isTrue();
        assertThat(excluded(file, "# comment")).isFalse();
    }

    @Test
    void aPatternExcludesADirectoryWithEverythingInIt() {
        assertThat(excluded("target\n", "target/quarkus-app/lib/main/a.jar")).isTrue();
        assertThat(excluded("/target/\n", "target/quarkus-app/quarkus-run.jar")).isTrue();
        assertThat(excluded("./target\n", "target/x")).isTrue();
        assertThat(excluded("target\n", "src/target/x")).isFalse();
    }

    @Test
    void theLastMatchingLineDecidesSoAnExceptionWorksOnlyAfterWhatItExcepts() {
        String file = "*.md\n!README*.md\nREADME-secret.md\n";
        assertThat(excluded(file, "CHANGES.md")).isTrue();
        assertThat(excluded(file, "README.md")).isFalse();
        assertThat(excluded(file, "README-secret.md")).isTrue();
        assertThat(excluded("!README.md\n*.md\n", "README.md")).isTrue();
    }

    @Test
    void anExceptionReincludesAFileInsideAnExcludedDirectory() {
        String file = "*\n!target/quarkus-app/*\n!deploy/aot/train\n";
        assertThat(excluded(file, "deploy/aot/train")).isFalse();
        assertThat(excluded(file, "deploy/kubernetes/base/deployment.yaml")).isTrue();
        assertThat(excluded(file, "target/quarkus-app/lib/main/a.jar")).isFalse();
        assertThat(excluded(file, "target/classes/a.class")).isTrue();
        assertThat(DockerIgnore.parse(file).excluding("deploy/aot/other").orElseThrow().line()).isEqualTo(1);
    }
}
