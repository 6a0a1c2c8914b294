package org.corridorwatch.diplomacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.corridorwatch.api.diplomacy.v1.DiplomacyServiceProto;
import org.corridorwatch.api.incidents.v1.IncidentsServiceProto;
import org.corridorwatch.api.investments.v1.InvestmentsServiceProto;
import org.corridorwatch.support.auth.RequiredRoles;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.ServiceDescriptor;

/**
 * The README's table of required roles says what the contract says, RPC for RPC. (Here because
 * this module generates the stubs of all three services.)
 */
class ReadmeRoleTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)\\.(\\w+)` \\| (\\w+) \\|$", Pattern.MULTILINE);

    @Test
    void theReadmeTableMatchesTheContract() throws IOException {
        Map<String, String> contract = new LinkedHashMap<>();
        for (ServiceDescriptor service : new ServiceDescriptor[] {
                IncidentsServiceProto.getDescriptor().findServiceByName("IncidentService"),
                InvestmentsServiceProto.getDescriptor().findServiceByName("DealService"),
                DiplomacyServiceProto.getDescriptor().findServiceByName("StatementService") }) {
            RequiredRoles.ofService(service).forEach((method, role) -> contract.put(service.getName() + "." + method,
                    role));
        }

        Map<String, String> readme = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "README.md")));
        while (row.find()) {
            readme.put(row.group(1) + "." + row.group(2), row.group(3));
        }

        assertEquals(contract, readme);
    }
}
