package org.corridorwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonParser;

import org.corridorwatch.support.auth.PemKeys;

/**
 * What the command line answers before it calls a service (the calls themselves are tested against
 * the running system in integration-tests' CliTest): usage errors, refused input files and tokens.
 */
class CommandLineTest {

    @TempDir
    Path files;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Corridorwatch.commandLine(new Terminal(false, false)).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void aWrongCommandLineIsExitCodeTwoWithOneLineAndWhereHelpIs() {
        for (List<String> args : List.of(List.of("incidents", "list", "--no-such-option"),
                List.of("incidents", "list", "--token", "t", "--from", "March"),
                List.of("deals", "list", "--token", "t", "--province", "Sindh"),
                List.of("deals", "export", "--token", "t", "--format", "geojson"),
                List.of("incidents", "list", "--token", "t", "--format", "xml"),
                List.of("incidents", "summarize", "--token", "t", "--by", "colour"),
                List.of("statements", "summarize"),
                List.of("incidents", "watch", "--token", "t", "--format", "json"),
                List.of("--incidents-address", "http://localhost:8081/", "--token", "t", "incidents", "list"),
                List.of("incidents", "list", "--token", "t", "--timeout", "0"))) {
            Run run = run(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), args + ": " + run.err());
            assertTrue(run.err().startsWith("corridorwatch: "), run.err());
            assertTrue(run.err().lines().toList().get(1).startsWith("Try: corridorwatch"), run.err());
            assertEquals("", run.out());
        }
    }

    @Test
    void withoutATokenItSaysHowToGetOne() {
        Run run = run("incidents", "list", "--token", "");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("corridorwatch token --role reader"), run.err());
    }

    @Test
    void anImportFileWithARecordThatDoesNotParseIsRefusedWholeBeforeAnythingIsSent() throws Exception {
        Path file = files.resolve("incidents.ndjson");
        Files.writeString(file, "{\"incident\": {\"title\": \"fine\"}}\n{\"incident\": {\"titel\": \"typo\"}}\nnot json\n");
        // The address is one nobody listens on: had anything been sent, the exit code would be 4.
        Run run = run("--incidents-address", "127.0.0.1:1", "--token", "t", "incidents", "import", file.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("line 2: not a valid incident record"), run.err());
        assertTrue(run.err().contains("line 3:"), run.err());
        assertTrue(run.err().contains("2 record(s) of " + file + " do not parse (above); nothing was sent"), run.err());
        assertEquals(2, run("--token", "t", "incidents", "import", files.resolve("missing.ndjson").toString()).exitCode());
        assertEquals(2, run("--token", "t", "incidents", "import", files.toString()).exitCode(), "not a regular file");
    }

    @Test
    void anImportArrayIsParsedStrictly() throws Exception {
        for (String text : List.of("[{\"incident\": {\"title\": \"a\"}},]", "[{'incident': {title: 'x'}}]",
                "[{\"incident\": {\"title\": \"a\"}}] trailing")) {
            Path file = files.resolve("incidents.json");
            Files.writeString(file, text);
            Run run = run("--incidents-address", "127.0.0.1:1", "--token", "t", "incidents", "import", file.toString());
            assertEquals(3, run.exitCode(), text + ": " + run.err());
            assertTrue(run.err().contains("nothing was sent"), run.err());
        }
    }

    @Test
    void aFailedCommandLeavesAnExistingOutputFileAsItWas() throws Exception {
        Path output = files.resolve("incidents.csv");
        Files.writeString(output, "an earlier export\n");
        Run run = run("--incidents-address", "127.0.0.1:1", "--token", "t", "incidents", "list", "-o", output.toString());
        assertEquals(4, run.exitCode(), run.err());
        assertEquals("an earlier export\n", Files.readString(output));
        assertEquals(List.of(output), Files.list(files).toList(), "no .partial file left behind");
    }

    @Test
    void tokenSignsWithTheGivenKeyForTheRoleAskedFor() throws Exception {
        PemKeys.write(PemKeys.generate(), files);
        Run run = run("token", "--role", "editor", "--subject", "alice", "--key", files.resolve("private.pem").toString());
        assertEquals(0, run.exitCode(), run.err());
        String[] parts = run.out().trim().split("\\.");
        assertEquals(3, parts.length, run.out());
        var claims = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("alice", claims.get("sub").getAsString());
        assertEquals("editor", claims.getAsJsonArray("groups").get(0).getAsString());
        assertEquals(2, run("token", "--role", "owner", "--key", files.resolve("private.pem").toString()).exitCode());
        assertEquals(2, run("token", "--role", "reader", "--key", files.resolve("nothing.pem").toString()).exitCode());
    }
}
