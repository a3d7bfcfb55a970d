// The EduBase resources through the SDK's real dynamic-provider host over gRPC, configured from
// `edubase:*` stack config keys, with the engine's secret stripping and re-marking emulated.
import { Emulator, startEmulator } from "../../emulator";
import { edubaseStackConfig } from "../support/examples";
import { HostHandle, ProviderClient, serializedProvider, startProvider, withProvider } from "../support/providerHost";
import { findLeaks, isSecret, secret } from "../support/secrets";

const MEMBER = "pulumi-nodejs:dynamic/edubase:OrganizationMember";
const MEMBERS = "pulumi-nodejs:dynamic/edubase:OrganizationMembers";
let em: Emulator;
let host: HostHandle;
let p: ProviderClient;
const providers: Record<string, string> = {};

beforeAll(async () => {
    em = await startEmulator({ flat: {} });
    em.edubase!.seedOrganization({ organization: "ORG_MATH", name: "Math" });
    em.edubase!.seedOrganization({ organization: "ORG_PHYS", name: "Physics" });
    em.edubase!.seedDepartment("ORG_MATH", "Grade 9", { permissionOrganization: "member", permissionContent: "view" });
    for (const u of ["U1", "U2", "U3"]) em.edubase!.seedUser({ user: u, name: u });
    for (const name of ["organizationMember", "organizationMembers"]) {
        // Resolved (by the Jest resolver) to the installed package, so the text is one require line.
        providers[name] = await serializedProvider(require(`pulumi-edu-org/dist/provider/edubase/${name}.provider.js`));
    }
    await nextRun();
});

/**
 * A new provider process, as the engine starts for every run: what the last one learnt (the pairs
 * the program declares, which a removal skips) does not carry over.
 */
async function nextRun(): Promise<void> {
    await host?.stop();
    ({ host, client: p } = await startProvider({ project: "staff", engine: true, config: edubaseStackConfig(em) }));
}
afterAll(async () => {
    await host?.stop();
    await em?.close();
});

test("OrganizationMember: check failures, create, diff none/some/replace, update, read drift, delete", async () => {
    const __provider = providers.organizationMember;
    const bad = await p.check(
        MEMBER,
        "m",
        {},
        { __provider, organization: "ORG_MATH", user: "U1", department: "Grade 9", permissionOrganization: "teacher" },
    );
    expect(bad.failures).toEqual([
        {
            property: "department",
            reason: expect.stringContaining("department and permissionOrganization cannot be set together"),
        },
    ]);
    expect(em.count({ api: "edubase" })).toBe(0);

    // A secret input (here the user code) comes back re-marked, as the engine does.
    const checked = await p.check(
        MEMBER,
        "m",
        {},
        { __provider, organization: "ORG_MATH", user: secret("U1"), permissionOrganization: "teacher" },
    );
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
        organization: "ORG_MATH",
        permissionOrganization: "teacher",
        permissionContent: "none",
    });
    const created = await p.create(MEMBER, "m", checked.inputs);
    expect(created.id).toBe("ORG_MATH/U1");
    expect(created.outs).toMatchObject({ organization: "ORG_MATH", permissionOrganization: "teacher", __provider });
    expect(isSecret(created.outs.user)).toBe(true);
    expect(em.edubase!.membership("ORG_MATH", "U1")?.permission).toEqual({ organization: "teacher", content: "none" });

    const diff = (n: Record<string, unknown>) =>
        p.diff(MEMBER, "m", created.id, created.outs, { ...checked.inputs, ...n });
    expect(await diff({})).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    expect(await diff({ permissionContent: "modify" })).toEqual({
        changes: "some",
        replaces: [],
        deleteBeforeReplace: false,
    });
    expect(await diff({ organization: "ORG_PHYS" })).toEqual({
        changes: "some",
        replaces: ["organization"],
        deleteBeforeReplace: true,
    });

    const upd = await p.update(MEMBER, "m", created.id, created.outs, {
        ...checked.inputs,
        permissionContent: "modify",
    });
    expect(upd.outs).toMatchObject({ permissionContent: "modify" });
    expect(em.edubase!.membership("ORG_MATH", "U1")?.permission.content).toBe("modify");

    em.edubase!.setMembership("ORG_MATH", "U1", {
        department: "Grade 9",
        permission: { organization: "member", content: "view" },
    });
    // A refresh is a run of its own.
    await nextRun();
    const rd = await p.read(MEMBER, "m", created.id, upd.outs, checked.inputs);
    expect(rd.props).toMatchObject({
        department: "Grade 9",
        permissionOrganization: "member",
        permissionContent: "view",
    });
    expect(rd.inputs).toMatchObject({ department: "Grade 9", __provider });
    expect(rd.inputs!.permissionOrganization).toBeUndefined();

    await p.delete(MEMBER, "m", created.id, rd.props);
    expect(em.edubase!.membership("ORG_MATH", "U1")).toBeUndefined();
    expect((await p.read(MEMBER, "m", created.id, rd.props)).id).toBe("");
});

test("OrganizationMembers: create with one request, update with the exact difference", async () => {
    const __provider = providers.organizationMembers;
    const checked = await p.check(
        MEMBERS,
        "s",
        {},
        { __provider, organizations: ["ORG_MATH", "ORG_PHYS"], users: ["U1", "U2", "U3"] },
    );
    em.resetRecords();
    const created = await p.create(MEMBERS, "s", checked.inputs);
    // One write, then each organization's member list read back.
    expect([em.count({ api: "edubase", method: "POST" }), em.count({ api: "edubase", method: "GET" })]).toEqual([1, 2]);
    const news = { ...checked.inputs, users: ["U1", "U2"] };
    expect((await p.diff(MEMBERS, "s", created.id, created.outs, news)).changes).toBe("some");
    expect(
        (await p.diff(MEMBERS, "s", created.id, created.outs, { ...checked.inputs, users: ["U3", "U2", "U1"] }))
            .changes,
    ).toBe("none");
    await nextRun();
    em.resetRecords();
    await p.update(MEMBERS, "s", created.id, created.outs, news);
    expect(em.exchanges.map((x) => [x.method, x.requestBody])).toEqual(
        expect.arrayContaining([
            ["DELETE", { organization: "ORG_MATH", users: "U3" }],
            ["DELETE", { organization: "ORG_PHYS", users: "U3" }],
        ]),
    );
    expect(em.exchanges).toHaveLength(2);
});

test("a missing credential fails the first CRUD call with the key and variable, and nothing printed holds the secret", async () => {
    const bare = {
        project: "staff",
        env: { EDUBASE_API_APP: "", EDUBASE_API_SECRET: "", EDUBASE_API_KEY: "" },
        config: { "edubase:apiUrl": em.edubaseUrl },
    };
    await withProvider(bare, async (client) => {
        const checked = await client.check(
            MEMBER,
            "x",
            {},
            { __provider: providers.organizationMember, organization: "ORG_MATH", user: "U2" },
        );
        expect(checked.failures).toEqual([]);
        const err = await client.create(MEMBER, "x", checked.inputs).catch((x) => x);
        expect(err.details).toContain("Missing required configuration edubase:app");
        expect(err.details).toContain("EDUBASE_API_APP");
    });
    expect(findLeaks(host.output(), [em.edubase!.credentials.secret])).toEqual([]);
});
