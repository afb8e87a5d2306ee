package io.mosaic.demo;

import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.server.spi.DemoSeeder;
import io.mosaic.server.spi.DemoUsers;

import java.nio.file.Path;

/** The demo as the server finds it ({@code --demo}, through {@link java.util.ServiceLoader}): data, users, console text. */
public final class DemoData implements DemoSeeder {
    @Override
    public void seed(MosaicPlatform platform, boolean large) {
        Demo.seed(platform);
        if (large) {
            FamilyOfficeGenerator.loadDemo(platform);
        }
    }

    @Override
    public void createUsers(DemoUsers users, Path dataDir, MosaicPlatform platform) {
        Demo.createUsers(users, dataDir, platform);
    }

    @Override
    public String describe(Listening server) {
        String base = server.base();
        Path data = server.dataDir();
        boolean identity = server.identity();
        StringBuilder out = new StringBuilder();
        if (identity) {
            out.append("\nDemo sign-in, in a browser: ").append(base).append("/portal/demo as ").append(Demo.USER)
                    .append(" / ").append(Demo.password(data)).append(" (password + photoTAN).\n")
                    .append("  First time: on that page press 'Show my activation letter', load the image into the device\n")
                    .append("  emulator at ").append(base).append("/device and enter the enrolment code it shows when the\n")
                    .append("  bank asks for it; later sign-ins show a photoTAN image: load it into the emulator, enter its TAN.\n")
                    .append("  (Keycloak's pages use a certificate made for this machine: let the browser proceed.)\n")
                    .append("The bank's console (audit trail and its chain check, apps and dead letters): sign in the same way as ")
                    .append(Demo.ADMIN_USER).append(" / ").append(Demo.password(data)).append(", the demo bank's tenant administrator;\n")
                    .append("  its pages are under 'Bank console' in the portal's navigation.\n")
                    .append("A token for curl (user ").append(Demo.API_USER).append(", whose photoTAN device the server holds):\n")
                    .append("  TOKEN=$(curl -s -X POST ").append(base).append("/admin/dev/tenants/demo/token -d '{\"username\":\"")
                    .append(Demo.API_USER).append("\",\"password\":\"").append(Demo.password(data)).append("\"}' | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\n")
                    .append("  then add -H \"Authorization: Bearer $TOKEN\" to the calls below. ").append(Demo.API_USER)
                    .append(" advises the Muster family: reads name\n  the owner (?owner=family-muster, hans, …), and other owners are refused.\n")
                    .append("Tenant administration over TLS (user ").append(Demo.ADMIN_API_USER)
                    .append(", tenant administrator): its token from the same dev token route, then e.g.\n")
                    .append("  curl --cacert ").append(data.resolve("identity/platform-ca.pem"))
                    .append(" -H \"Authorization: Bearer $ADMIN_TOKEN\" https://127.0.0.1:").append(server.tlsPort())
                    .append("/admin/tenants/demo/plugins\n")
                    .append("Certificate factor (tenant alpine, user ").append(Demo.CERTIFICATE_API_USER)
                    .append("): its certificate and key as PEM at ").append(base).append("/admin/dev/tenants/alpine/users/")
                    .append(Demo.CERTIFICATE_API_USER).append("/certificate,\n  its bound token from the same dev token route;"
                            + " use both over TLS (README, 'The certificate factor').\n");
        }
        if (server.large()) {
            String q = base + "/api/tenants/demo/queries/";
            var office = FamilyOfficeGenerator.generate(FamilyOfficeGenerator.DEMO_SEED, FamilyOfficeGenerator.Scale.DEMO);
            out.append("\nLarge demo: the Alpstein family office (").append(office.counts().parties()).append(" parties, ")
                    .append(office.counts().edges()).append(" ownership edges, ").append(office.counts().cashAccounts())
                    .append(" cash accounts and ").append(office.counts().depots()).append(" depots at six banks, ")
                    .append(office.counts().securitiesPositions()).append(" securities positions, ")
                    .append(office.counts().nonBankableAssets()).append(" non-bankable assets, ").append(office.start())
                    .append(" to ").append(office.end()).append("; docs/wealth.md):\n")
                    .append("    net worth     ").append(q).append("consolidation/net-worth?owner=family-alpstein&currency=CHF\n")
                    .append("    allocation    ").append(q).append("consolidation/allocation?owner=family-alpstein&by=assetClass\n")
                    .append("    graph         ").append(q).append("structures/graph?owner=family-alpstein\n")
                    .append("    look-through  ").append(q).append("structures/look-through?owner=alp-heinrich\n")
                    .append("    performance   ").append(q).append("consolidation/performance?owner=family-alpstein&from=")
                    .append(office.start()).append("&to=").append(office.end()).append('\n')
                    .append(identity ? "    (with the tenant administrator's token: the demo advisors advise the Muster family only)\n"
                            : "    (add -H 'X-Mosaic-Subject: " + Demo.SUBJECT + "', the demo bank's administrator)\n");
        }
        out.append("\nTry (README.md has more):\n")
                .append("  curl -X POST '").append(base).append("/api/tenants/demo/commands/assets.RecordValuation?entity=demo-villa' \\\n")
                .append(identity ? "       -H \"Authorization: Bearer $TOKEN\"" : "       -H 'X-Mosaic-Subject: " + Demo.SUBJECT + "'")
                .append(" -d '{\"assetId\":\"demo-villa\",\"valuationId\":\"v-try-1\",")
                .append("\"amount\":\"3100000.00\",\"currency\":\"CHF\",\"valuationDate\":\"2026-11-25\",\"method\":\"APPRAISAL\",\"appraiser\":\"Try AG\"}'\n");
        return out.toString();
    }
}
