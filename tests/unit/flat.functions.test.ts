import * as pulumi from "@pulumi/pulumi";
import * as flat from "../../provider/flat";
import { FlatClient } from "../../provider/flat/client";
import { useEmulator } from "../support/emulator";

const h = useEmulator();

/** The value of an Output, and whether it is secret. */
async function resolved<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    const value = await new Promise<T>((resolve) => o.apply(resolve));
    return { value, secret: await pulumi.isSecret(o) };
}

async function failure(p: Promise<unknown>): Promise<Error> {
    return p.then(
        () => {
            throw new Error("expected failure");
        },
        (e: Error) => e,
    );
}

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
            call: () => {
                throw new Error("Mock call not implemented");
            },
        },
        "project",
        "stack",
        false,
    );
});

// The program's stack config: what `pulumi config set flat:accessToken` gives a program.
beforeEach(() => {
    pulumi.runtime.setConfig("flat:accessToken", h.em.flatToken);
    pulumi.runtime.setConfig("flat:baseUrl", h.em.flatUrl);
});

const lastQuery = () => h.em.exchanges[h.em.exchanges.length - 1].query;

describe("getOrganizationUsers", () => {
    it("reads every page: 2,500 users cost 3 requests", async () => {
        h.em.flat.seedUsers(2500);
        h.em.resetRecords();
        const { users, ids } = await flat.getOrganizationUsers();
        expect(users).toHaveLength(2500);
        expect(ids).toEqual(users.map((u) => u.id));
        expect(new Set(ids).size).toBe(2500);
        expect(h.em.exchanges.map((e) => `${e.method} ${e.path} ${String(e.query.limit)}`)).toEqual(
            Array(3).fill("GET /organizations/users 1000"),
        );
    });

    it("sends every filter of the spec, and the sort", async () => {
        await flat.getOrganizationUsers({
            role: ["teacher", "admin"],
            q: "ada",
            group: ["g1", "g2"],
            noActiveLicense: true,
            testAccounts: "exclude",
            licenseExpirationDate: ["active", "2026-09-01"],
            sort: "lastname",
            direction: "desc",
        });
        expect(lastQuery()).toEqual({
            role: ["teacher", "admin"],
            q: "ada",
            group: ["g1", "g2"],
            noActiveLicense: "true",
            testAccounts: "exclude",
            licenseExpirationDate: ["active", "2026-09-01"],
            sort: "lastname",
            direction: "desc",
            limit: "1000",
        });
    });

    it("filters the way the API does", async () => {
        h.em.flat.seedUsers([
            { username: "ada", organizationRole: "teacher", groups: ["g1"] },
            { username: "bob", organizationRole: "teacher", isEduTestingStudent: true },
            { username: "cy", organizationRole: "user", groups: ["g1"] },
        ]);
        expect((await flat.getOrganizationUsers({ role: ["teacher"] })).users.map((u) => u.username).sort()).toEqual([
            "ada",
            "bob",
        ]);
        expect((await flat.getOrganizationUsers({ group: ["g1"] })).users.map((u) => u.username).sort()).toEqual([
            "ada",
            "cy",
        ]);
        expect(
            (await flat.getOrganizationUsers({ role: ["teacher"], testAccounts: "exclude" })).users.map(
                (u) => u.username,
            ),
        ).toEqual(["ada"]);
    });

    it("onlyIds: returns the ids, whether Flat answers bare ids or objects", async () => {
        const seeded = h.em.flat.seedUsers(3).map((u) => u.id);
        const bare = await flat.getOrganizationUsers({ onlyIds: true });
        expect(bare).toEqual({ users: [], ids: seeded });
        expect(lastQuery()).toMatchObject({ onlyIds: "true" });
        h.em.faults.add({
            kind: "status",
            status: 200,
            api: "flat",
            method: "GET",
            path: "/organizations/users",
            times: 1,
            body: seeded.map((id) => ({ id })),
        });
        expect((await flat.getOrganizationUsers({ onlyIds: true })).ids).toEqual(seeded);
    });

    it("Output form: takes Inputs and is not secret", async () => {
        h.em.flat.seedUsers([{ username: "ada", organizationRole: "teacher" }]);
        const r = await resolved(flat.getOrganizationUsersOutput({ role: pulumi.output(["teacher" as const]) }));
        expect(r.value.users.map((u) => u.username)).toEqual(["ada"]);
        expect(r.secret).toBe(false);
    });
});

describe("countOrganizationUsers", () => {
    it("sends the same filters and returns the bare integer in one request", async () => {
        h.em.flat.seedUsers([
            { organizationRole: "teacher" },
            { organizationRole: "teacher" },
            { organizationRole: "user" },
        ]);
        h.em.resetRecords();
        expect(
            await flat.countOrganizationUsers({
                role: ["teacher"],
                noActiveLicense: true,
                testAccounts: "exclude",
                q: "student",
                group: [],
            }),
        ).toBe(2);
        expect(h.em.exchanges).toHaveLength(1);
        expect(lastQuery()).toEqual({
            role: "teacher",
            noActiveLicense: "true",
            testAccounts: "exclude",
            q: "student",
        });
        expect(h.em.exchanges[0].responseBody).toBe(2);
    });

    it("Regression: never sends licenseExpirationDate, a list filter the count's spec lacks", async () => {
        await flat.countOrganizationUsers({
            role: ["user"],
            licenseExpirationDate: ["active"],
        } as flat.CountOrganizationUsersArgs);
        expect(lastQuery()).toEqual({ role: "user" });
    });

    it("accepts a wrapped count too, and has an Output form", async () => {
        h.em.faults.add({
            kind: "status",
            status: 200,
            api: "flat",
            method: "GET",
            path: "/organizations/users/count",
            times: 1,
            body: { count: 7 },
        });
        expect(await flat.countOrganizationUsers()).toBe(7);
        expect((await resolved(flat.countOrganizationUsersOutput({ role: ["admin"] }))).value).toBe(0);
    });
});

describe("getOrganizationInvitations", () => {
    it("sends the role filter; the Output form is secret because of the join codes", async () => {
        const client = new FlatClient({ accessToken: h.em.flatToken, baseUrl: h.em.flatUrl });
        await client.createOrganizationInvitation({ email: "t@school.example", organizationRole: "teacher" });
        const [teacher] = (await flat.getOrganizationInvitations({ role: "teacher" })).invitations;
        expect(teacher).toMatchObject({
            email: "t@school.example",
            organizationRole: "teacher",
            customCode: expect.any(String),
        });
        expect(lastQuery()).toEqual({ role: "teacher", limit: "1000" });
        expect((await flat.getOrganizationInvitations({ role: "admin" })).invitations).toEqual([]);
        const out = await resolved(flat.getOrganizationInvitationsOutput({ role: "teacher" }));
        expect(out.secret).toBe(true);
        expect(out.value.invitations).toHaveLength(1);
    });
});

describe("LTI functions", () => {
    async function createConfigurations() {
        const { handlers } = await import("../../provider/flat/ltiConfiguration");
        const dynamic = await handlers.create({ mode: "1p3-dynamic", platformInfo: { name: "Moodle" } });
        const manual = await handlers.create({ mode: "1p3-manual", platformName: "Canvas" });
        const credentials = await handlers.create({ mode: "1p1-manual", name: "Old Moodle", lms: "moodle" });
        return { dynamic, manual, credentials };
    }

    it("getLtiConfigurations lists 1.1 and 1.3 configurations; its Output form is secret", async () => {
        const made = await createConfigurations();
        const { configurations } = await flat.getLtiConfigurations();
        expect(configurations.map((c) => c.id).sort()).toEqual(
            [made.dynamic.id, made.manual.id, made.credentials.id].sort(),
        );
        const out = await resolved(flat.getLtiConfigurationsOutput());
        expect(out.secret).toBe(true);
    });

    it("getLtiConfigurationsOutput is not secret when nothing listed is", async () => {
        const { handlers } = await import("../../provider/flat/ltiConfiguration");
        await handlers.create({ mode: "1p3-deployment", deploymentType: "canvas", deploymentId: "d1" });
        expect((await resolved(flat.getLtiConfigurationsOutput())).secret).toBe(false);
    });

    it("getLtiCredentials lists the LTI 1.1 credentials (the emulator's list omits the secret, so not secret)", async () => {
        await createConfigurations();
        const { credentials } = await flat.getLtiCredentials();
        expect(credentials).toEqual([
            expect.objectContaining({ name: "Old Moodle", lms: "moodle", consumerKey: expect.any(String) }),
        ]);
        expect((await resolved(flat.getLtiCredentialsOutput())).secret).toBe(false);
        h.em.faults.add({
            kind: "status",
            status: 200,
            api: "flat",
            method: "GET",
            path: "/organizations/lti/credentials",
            times: 1,
            body: [{ id: "c1", consumerSecret: "listed-secret" }],
        });
        expect((await resolved(flat.getLtiCredentialsOutput())).secret).toBe(true);
    });
});

describe("getCurrentUser", () => {
    it("tells which organization and role the token acts for", async () => {
        const me = await flat.getCurrentUser();
        const org = h.em.flat.organizations()[0];
        expect(me).toMatchObject({ id: org.adminUserId, organization: org.id, organizationRole: "admin" });
        expect((await resolved(flat.getCurrentUserOutput())).value.organization).toBe(org.id);
    });
});

describe("credentials", () => {
    it("an explicit flat.Provider wins over stack config, in both forms", async () => {
        const second = h.em.flat.addOrganization({ adminToken: "second-org-token" });
        h.em.flat.seedUsers(2, second.id);
        const provider = new flat.Provider("second", { accessToken: "second-org-token", baseUrl: h.em.flatUrl });
        expect((await flat.getCurrentUser({ provider })).organization).toBe(second.id);
        expect(await flat.countOrganizationUsers({}, { provider })).toBe(2);
        expect(await flat.countOrganizationUsers()).toBe(0);
        const out = await resolved(flat.countOrganizationUsersOutput({}, { provider }));
        // The provider's token is secret; the count must not become one because of it.
        expect(out).toEqual({ value: 2, secret: false });
        expect(h.em.exchanges.filter((e) => e.requestHeaders.authorization === "Bearer second-org-token")).toHaveLength(
            3,
        );
    });

    it("falls back to the environment when stack config has no token", async () => {
        pulumi.runtime.setAllConfig({});
        process.env.FLAT_ACCESS_TOKEN = h.em.flatToken;
        process.env.FLAT_BASE_URL = h.em.flatUrl;
        try {
            expect((await flat.getCurrentUser()).organizationRole).toBe("admin");
        } finally {
            delete process.env.FLAT_ACCESS_TOKEN;
            delete process.env.FLAT_BASE_URL;
        }
    });

    it("without any token, fails naming the config key and the environment variable", async () => {
        pulumi.runtime.setAllConfig({});
        const err = await failure(flat.getOrganizationUsers());
        expect(err.message).toMatch(/flat:accessToken.*FLAT_ACCESS_TOKEN/);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("rejects a provider that is not a flat.Provider", async () => {
        class OtherProvider extends pulumi.ProviderResource {}
        const other = new OtherProvider("aws", "other", {});
        await expect(flat.getCurrentUser({ provider: other })).rejects.toThrow(
            "The provider option of a Flat function must be a flat.Provider",
        );
    });

    it("no error message holds the token", async () => {
        pulumi.runtime.setConfig("flat:accessToken", "wrong-secret-token-123");
        const err = await failure(flat.getOrganizationUsers());
        expect(err.message).toMatch(/^Flat API GET \/organizations\/users failed: 401/);
        expect(err.message).not.toContain("wrong-secret-token-123");
        const provider = new flat.Provider("wrong", { accessToken: "another-secret-456", baseUrl: h.em.flatUrl });
        const err2 = await failure(flat.getLtiConfigurations({ provider }));
        expect(err2.message).not.toContain("another-secret-456");
    });
});
