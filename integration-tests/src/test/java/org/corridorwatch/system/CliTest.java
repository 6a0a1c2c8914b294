package org.corridorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import com.google.type.LatLng;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.common.v1.PlacePrecision;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.cli.Corridorwatch;
import org.corridorwatch.cli.Terminal;
import org.corridorwatch.support.auth.Roles;

/**
 * The analysts' command line against the running system, as a user runs it: every command of
 * incidents (and the others' where they differ), the output parsed (CSV with a CSV parser,
 * GeoJSON and JSON with a JSON parser), and the exit codes scripts rely on. Each test works on
 * incidents in a province of its own, so other tests' records do not change what it counts.
 */
class CliTest {

    private static SystemUnderTest system;

    @TempDir
    Path files;

    @BeforeAll
    static void system() {
        system = SystemUnderTest.get();
    }

    /** What one run printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
        List<JsonObject> ndjson() {
            return out.lines().filter(line -> !line.isBlank()).map(line -> JsonParser.parseString(line).getAsJsonObject())
                    .toList();
        }
    }

    /** Runs the command line in this JVM, against the system, with a token of {@code role}. */
    private static Run run(String role, String... args) {
        return run(new Terminal(false, false), role, args);
    }

    /** The same, as if stdout and stderr were (or were not) terminals. */
    private static Run run(Terminal terminal, String role, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--incidents-address", system.address(SystemUnderTest.INCIDENTS),
                "--investments-address", system.address(SystemUnderTest.INVESTMENTS),
                "--diplomacy-address", system.address(SystemUnderTest.DIPLOMACY), "--token", system.token(role)));
        all.addAll(List.of(args));
        int exitCode = Corridorwatch.commandLine(terminal).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Run read(String... args) {
        return run(Roles.READER, args);
    }

    /** An NDJSON file of incidents in the Create shape, in {@code province}; null coordinates for none. */
    private Path incidentsFile(String name, String province, List<String> ids, List<double[]> coordinates)
            throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Place.Builder place = Place.newBuilder().setCountryCode("PK").setProvince(province)
                    .setPrecision(PlacePrecision.PLACE_PRECISION_NEAR_TOWN);
            if (coordinates.get(i) != null) {
                place.setLocation(LatLng.newBuilder().setLatitude(coordinates.get(i)[0]).setLongitude(coordinates.get(i)[1]));
            }
            Incident incident = Records.incident("").toBuilder().setTitle("CLI test incident " + ids.get(i))
                    .setPlace(place).build();
            lines.add(JsonFormat.printer().omittingInsignificantWhitespace().print(
                    CreateIncidentRequest.newBuilder().setIncidentId(ids.get(i)).setIncident(incident)));
        }
        Path file = files.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void importsWithADryRunFirstThenForRealAndARetryWritesNothingTwice() throws IOException {
        assumeTrue(system.mintsTokens(), "needs tokens of a given role: set CORRIDORWATCH_TOKEN_SIGNING_KEY");
        String province = Records.uniqueId("cli-import");
        List<String> ids = List.of(Records.uniqueId("cli-a"), Records.uniqueId("cli-b"));
        Path good = incidentsFile("good.ndjson", province, ids, java.util.Arrays.asList(new double[] {34.9, 72.9}, null));
        // A third record without a title: refused on its own, the others are not affected.
        Path mixed = files.resolve("mixed.ndjson");
        String bad = "{\"incident_id\": \"" + Records.uniqueId("cli-bad") + "\", \"incident\": {\"occurred_date\": "
                + "{\"year\": 2024}, \"place\": {\"country_code\": \"PK\", \"precision\": \"PLACE_PRECISION_COUNTRY\"}}}";
        Files.writeString(mixed, Files.readString(good) + bad + "\n");

        Run dryRun = run(Roles.EDITOR, "incidents", "import", mixed.toString(), "--dry-run", "--format", "json");
        assertEquals(3, dryRun.exitCode(), dryRun.err());
        JsonObject wouldDo = JsonParser.parseString(dryRun.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals(2, wouldDo.get("created").getAsInt(), dryRun.out());
        assertEquals(1, wouldDo.get("refused").getAsInt(), dryRun.out());
        assertTrue(dryRun.err().contains("line 3: INVALID_ARGUMENT") && dryRun.err().contains("incident.title"),
                dryRun.err());
        assertEquals(3, read("incidents", "get", ids.get(0)).exitCode(), "the dry run wrote nothing");

        Run imported = run(Roles.EDITOR, "incidents", "import", mixed.toString(), "--format", "ndjson");
        assertEquals(3, imported.exitCode(), "a refused record makes the exit code 3: " + imported.err());
        assertEquals(2, imported.ndjson().get(0).get("created").getAsInt(), imported.out());
        assertEquals(2, read("incidents", "list", "--province", province, "--format", "ndjson").ndjson().size());

        Run retried = run(Roles.EDITOR, "incidents", "import", good.toString(), "--format", "ndjson");
        assertEquals(0, retried.exitCode(), retried.err());
        Run history = read("incidents", "history", ids.get(0), "--format", "ndjson");
        assertEquals(1, history.ndjson().size(), "the retry wrote nothing: " + history.out());

        // An upsert overwrites, so it needs an admin; the editor's is refused as a whole.
        Path changed = files.resolve("changed.ndjson");
        Files.writeString(changed, Files.readString(good).replace("CLI test incident", "CLI test incident, revised"));
        Run refused = run(Roles.EDITOR, "incidents", "import", changed.toString(), "--upsert");
        assertEquals(3, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("PERMISSION_DENIED"), refused.err());
        Run upserted = run(Roles.ADMIN, "incidents", "import", changed.toString(), "--upsert", "--reason",
                "titles revised", "--format", "ndjson");
        assertEquals(0, upserted.exitCode(), upserted.err());
        assertEquals(2, upserted.ndjson().get(0).get("updated").getAsInt(), upserted.out());
        List<JsonObject> revisions = read("incidents", "history", ids.get(0), "--format", "ndjson").ndjson();
        assertEquals(2, revisions.size());
        assertEquals("titles revised", revisions.get(0).getAsJsonObject("revision").get("reason").getAsString());
        assertEquals("CHANGE_KIND_UPDATED", revisions.get(0).getAsJsonObject("revision").get("change_kind").getAsString());
    }

    @Test
    void exportsEveryRecordAsCsvAndGeoJsonAndReportsThoseWithoutCoordinates() throws IOException {
        assumeTrue(system.mintsTokens(), "needs tokens of a given role: set CORRIDORWATCH_TOKEN_SIGNING_KEY");
        String province = Records.uniqueId("cli-export");
        List<String> ids = List.of(Records.uniqueId("cli-e1"), Records.uniqueId("cli-e2"), Records.uniqueId("cli-e3"));
        Path file = incidentsFile("export.ndjson", province, ids,
                java.util.Arrays.asList(new double[] {34.93, 72.88}, new double[] {24.9, 67.17}, null));
        assertEquals(0, run(Roles.EDITOR, "incidents", "import", file.toString()).exitCode());

        Path csvFile = files.resolve("incidents.csv");
        Run csv = read("incidents", "export", "--province", province, "--output", csvFile.toString());
        assertEquals(0, csv.exitCode(), csv.err());
        assertTrue(csv.err().contains("Exported 3 incidents"), csv.err());
        try (CSVParser parser = CSVParser.parse(csvFile, StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(3, rows.size());
            assertEquals(ids.stream().map(id -> "incidents/" + id).sorted().toList(),
                    rows.stream().map(row -> row.get("name")).sorted().toList());
            for (CSVRecord row : rows) {
                assertEquals(province, row.get("place.province"));
                assertEquals("0", row.get("killed.best"), "casualties are columns of their own");
                assertEquals("Integration test", row.get("sources.outlet"));
            }
            assertEquals(Map.of("34.93", "72.88"), rows.stream().filter(row -> row.get("name").endsWith(ids.get(0)))
                    .collect(Collectors.toMap(row -> row.get("place.location.latitude"),
                            row -> row.get("place.location.longitude"))));
        }

        Run geoJson = read("incidents", "export", "--province", province, "--format", "geojson");
        assertEquals(0, geoJson.exitCode(), geoJson.err());
        JsonObject collection = JsonParser.parseString(geoJson.out()).getAsJsonObject();
        assertEquals("FeatureCollection", collection.get("type").getAsString());
        JsonArray features = collection.getAsJsonArray("features");
        assertEquals(2, features.size(), "the two incidents with coordinates");
        for (JsonElement element : features) {
            JsonObject feature = element.getAsJsonObject();
            assertEquals("Feature", feature.get("type").getAsString());
            assertEquals("Point", feature.getAsJsonObject("geometry").get("type").getAsString());
            JsonArray point = feature.getAsJsonObject("geometry").getAsJsonArray("coordinates");
            JsonObject properties = feature.getAsJsonObject("properties");
            // GeoJSON is longitude first.
            assertEquals(properties.get("place.location.longitude").getAsDouble(), point.get(0).getAsDouble());
            assertEquals(properties.get("place.location.latitude").getAsDouble(), point.get(1).getAsDouble());
            assertTrue(properties.get("killed.best").getAsJsonPrimitive().isNumber());
        }
        assertTrue(geoJson.err().contains("1 record(s) without coordinates left out of the GeoJSON, e.g. incidents/"
                + ids.get(2)), geoJson.err());

        assertEquals(2, read("deals", "export", "--format", "geojson").exitCode(), "deals have no coordinates");
    }

    @Test
    void watchContinuesFromTheTokenAnExportSaved() throws IOException {
        assumeTrue(system.mintsTokens(), "needs tokens of a given role: set CORRIDORWATCH_TOKEN_SIGNING_KEY");
        String province = Records.uniqueId("cli-watch");
        Path resume = files.resolve("incidents.resume");
        Run export = read("incidents", "export", "--province", province, "--resume-file", resume.toString(),
                "--format", "ndjson");
        assertEquals(0, export.exitCode(), export.err());
        assertEquals(List.of(), export.ndjson());
        String exportToken = Files.readString(resume).trim();
        assertFalse(exportToken.isEmpty());

        String id = Records.uniqueId("cli-w");
        Path file = incidentsFile("watch.ndjson", province, List.of(id), java.util.Collections.<double[]>singletonList(null));
        assertEquals(0, run(Roles.EDITOR, "incidents", "import", file.toString()).exitCode());

        Run watch = read("incidents", "watch", "--province", province, "--resume-file", resume.toString(), "--limit", "1",
                "--format", "ndjson");
        assertEquals(0, watch.exitCode(), watch.err());
        JsonObject change = watch.ndjson().get(0);
        assertEquals("incidents/" + id, change.getAsJsonObject("incident").get("name").getAsString());
        assertEquals("CHANGE_KIND_CREATED", change.getAsJsonObject("revision").get("change_kind").getAsString());
        assertEquals(change.get("resume_token").getAsString(), Files.readString(resume).trim(),
                "the file holds the token after the change printed");

        // A second watch from the file: the changes since, in order, none again and none missed.
        List<String> later = List.of(Records.uniqueId("cli-w2"), Records.uniqueId("cli-w3"));
        Path more = incidentsFile("more.ndjson", province, later, java.util.Arrays.asList(null, null));
        assertEquals(0, run(Roles.EDITOR, "incidents", "import", more.toString()).exitCode());
        Run again = read("incidents", "watch", "--province", province, "--resume-file", resume.toString(), "--limit", "2",
                "--format", "ndjson");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(later.stream().map(name -> "incidents/" + name).toList(), again.ndjson().stream()
                .map(next -> next.getAsJsonObject("incident").get("name").getAsString()).toList());
    }

    @Test
    void recordsWithoutIdsAreNotCreatedTwiceByARetriedImport() throws IOException {
        assumeTrue(system.mintsTokens(), "needs tokens of a given role: set CORRIDORWATCH_TOKEN_SIGNING_KEY");
        String province = Records.uniqueId("cli-noid");
        Path withIds = incidentsFile("ids.ndjson", province, List.of("a", "b"), java.util.Arrays.asList(null, null));
        // The same two records without their ids: the service names them, the content-derived
        // request ids (with each record's place in the file) make a retry find them again.
        Path file = files.resolve("no-ids.ndjson");
        Files.writeString(file, Files.readString(withIds).replaceAll(",\"incidentId\":\"[ab]\"", ""));
        for (int attempt = 0; attempt < 2; attempt++) {
            Run run = run(Roles.EDITOR, "incidents", "import", file.toString(), "--format", "ndjson");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(2, run.ndjson().get(0).get("created").getAsInt(), run.out());
        }
        assertEquals(2, read("incidents", "list", "--province", province, "--format", "ndjson").ndjson().size());
    }

    @Test
    void exportAndImportDrawProgressOnATerminalOnlyAndNotWithQuiet() throws IOException {
        Terminal terminal = new Terminal(true, true);
        Path output = files.resolve("incidents.ndjson");
        Run shown = run(terminal, Roles.READER, "incidents", "export", "-o", output.toString());
        assertEquals(0, shown.exitCode(), shown.err());
        assertTrue(shown.err().contains("\r") && shown.err().contains(" incidents ") && shown.err().contains("elapsed"),
                shown.err());
        Run quiet = run(terminal, Roles.READER, "incidents", "export", "-o", output.toString(), "--quiet");
        assertFalse(quiet.err().contains("\r"), quiet.err());
        Run toTheTerminal = run(terminal, Roles.READER, "incidents", "export");
        assertFalse(toTheTerminal.err().contains("\r"), "the records go to the terminal: " + toTheTerminal.err());
        assertTrue(toTheTerminal.out().startsWith("name "), "a table on a terminal: " + toTheTerminal.out());
    }

    @Test
    void readsListsSearchesSummarizesAndShowsHistoryOfTheSeedData() throws IOException {
        Run list = read("incidents", "list", "--format", "csv", "--limit", "0", "--from", "2021", "--to", "2024");
        assertEquals(0, list.exitCode(), list.err());
        try (CSVParser parser = CSVParser.parse(new StringReader(list.out()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<String> names = parser.getRecords().stream().map(row -> row.get("name")).toList();
            assertTrue(names.containsAll(List.of("incidents/dasu-bus-bombing-2021", "incidents/besham-convoy-attack-2024",
                    "incidents/karachi-airport-bombing-2024")), names.toString());
        }

        Run get = read("incidents", "get", "besham-convoy-attack-2024", "--format", "json");
        assertEquals(0, get.exitCode(), get.err());
        JsonObject besham = JsonParser.parseString(get.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("Khyber Pakhtunkhwa", besham.getAsJsonObject("place").get("province").getAsString());

        Run table = read("incidents", "list", "--province", "Khyber Pakhtunkhwa", "--format", "table");
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).startsWith("name "), table.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("incidents/besham-convoy-attack-2024 ")
                && line.contains("SUICIDE_BOMBING")), table.out());

        Run search = read("statements", "search", "joint", "security", "--format", "ndjson");
        assertEquals(0, search.exitCode(), search.err());
        assertTrue(search.ndjson().stream().anyMatch(result -> result.getAsJsonObject("statement").get("name")
                .getAsString().equals("statements/tarar-2025-09-rules-out-joint-security-force")), search.out());

        Run summary = read("incidents", "summarize", "--by", "victim-nationality", "--format", "csv");
        assertEquals(0, summary.exitCode(), summary.err());
        try (CSVParser parser = CSVParser.parse(new StringReader(summary.out()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            CSVRecord total = rows.get(rows.size() - 1);
            assertEquals("(total)", total.get("key"));
            long chinese = rows.stream().filter(row -> row.get("key").equals("CN")).mapToLong(row -> Long.parseLong(row.get("killed")))
                    .sum();
            assertTrue(chinese >= 9 + 5 + 2, "Dasu, Besham and Karachi's Chinese victims: " + summary.out());
        }
        assertEquals(0, read("deals", "summarize", "--by", "sector", "--format", "json").exitCode());

        Run history = read("deals", "history", "ml-1-railway-karachi-rohri", "--format", "ndjson");
        assertEquals(0, history.exitCode(), history.err());
        assertEquals("CHANGE_KIND_CREATED", history.ndjson().get(history.ndjson().size() - 1)
                .getAsJsonObject("revision").get("change_kind").getAsString(), "oldest last: the create");

        // The other resources' exports, parsed: deals' amounts as columns, every seed statement.
        Run deals = read("deals", "export", "--format", "csv");
        assertEquals(0, deals.exitCode(), deals.err());
        try (CSVParser parser = CSVParser.parse(new StringReader(deals.out()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            CSVRecord ml1 = parser.getRecords().stream().filter(row -> row.get("name").equals("deals/ml-1-railway-karachi-rohri"))
                    .findFirst().orElseThrow();
            assertTrue(ml1.get("amounts.value.currency_code").contains("USD"), ml1.toString());
            assertFalse(ml1.get("amounts.value.amount").isEmpty(), ml1.toString());
        }
        Run statementExport = read("statements", "export", "--country", "PK", "--format", "ndjson");
        assertEquals(0, statementExport.exitCode(), statementExport.err());
        assertTrue(statementExport.ndjson().stream().allMatch(statement -> statement.get("country_code").getAsString()
                .equals("PK")) && !statementExport.ndjson().isEmpty(), statementExport.out());
        assertTrue(statementExport.err().contains("Exported " + statementExport.ndjson().size() + " statements"),
                statementExport.err());

        Run timeline = read("statements", "timeline", "--topic", "joint-security-management", "--format", "ndjson");
        assertEquals(0, timeline.exitCode(), timeline.err());
        assertFalse(timeline.ndjson().isEmpty(), "the seed has statements on joint security management");
        assertTrue(timeline.ndjson().stream().allMatch(entry -> entry.get("stance").getAsString().startsWith("STANCE_")));
    }

    @Test
    void exitCodesSayWhatWentWrongInOneLine() {
        Run usage = read("incidents", "list", "--kind", "earthquake");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().startsWith("corridorwatch: --kind: \"earthquake\" is none of suicide-bombing"), usage.err());

        Run invalid = read("incidents", "list", "--from", "2025", "--to", "2024");
        assertEquals(3, invalid.exitCode());
        assertEquals(1, invalid.err().lines().count(), invalid.err());
        assertTrue(invalid.err().contains("INVALID_ARGUMENT") && invalid.err().contains("filter.occurred_before"),
                invalid.err());

        Run notFound = read("incidents", "get", "no-such-incident");
        assertEquals(3, notFound.exitCode());
        assertTrue(notFound.err().startsWith("corridorwatch: NOT_FOUND"), notFound.err());

        Run unavailable = read("--incidents-address", "127.0.0.1:1", "incidents", "list");
        assertEquals(4, unavailable.exitCode());
        assertTrue(unavailable.err().startsWith("corridorwatch: UNAVAILABLE"), unavailable.err());
        assertFalse(unavailable.err().contains("\tat "), "no stack trace: " + unavailable.err());
    }

    @Test
    void theLauncherRunsTheBuiltJarAndPrintsNoProgressIntoAPipe() throws Exception {
        Path launcher = SystemUnderTest.repository().resolve("cli/corridorwatch");
        Path errFile = files.resolve("stderr.txt");
        Process process = new ProcessBuilder(launcher.toString(), "--incidents-address",
                system.address(SystemUnderTest.INCIDENTS), "--token", system.token(Roles.READER), "incidents", "export",
                "--format", "csv").redirectError(errFile.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(errFile);
        assertEquals(0, process.exitValue(), err);
        assertTrue(out.startsWith("name,title,"), out);
        assertTrue(out.contains("incidents/dasu-bus-bombing-2021,"), out);
        assertFalse(err.contains("\r"), "no progress line into a pipe (Terminal says it is none): " + err);
        assertTrue(err.startsWith("Exported "), err);
    }
}
