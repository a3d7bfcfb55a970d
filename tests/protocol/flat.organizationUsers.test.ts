// flat.OrganizationUsers through the SDK's real dynamic-provider host over gRPC: the roster map and
// the secret passwords cross the wire, a partial create comes back as an init failure carrying the
// accounts done so far, and refresh and destroy work from what it recorded.
import { Emulator, startEmulator } from "../../emulator";
import { flatStackConfig } from "../support/examples";
import { HostHandle, ProviderClient, serializedProvider, startProvider } from "../support/providerHost";
import { findLeaks, secret } from "../support/secrets";

const USERS = "pulumi-nodejs:dynamic/flat:OrganizationUsers";
const PASSWORD = "roster-Pass-42";
const OWN_PASSWORD = "own-Pass-4242";
let em: Emulator;
let host: HostHandle;
let p: ProviderClient;
/** Hosts of later commands: each `pulumi` command starts its own provider process. */
const later: HostHandle[] = [];
let __provider: string;

const roster = {
    jdoe: { email: "jdoe@school.example", firstname: "Jane", lastname: "Doe" },
    mrivera: { username: "MRivera", role: "teacher" },
    ann: { firstname: "Ann" },
};

beforeAll(async () => {
    em = await startEmulator({ edubase: false });
    // Resolved (by the Jest resolver) to the installed package: the text is one require line.
    __provider = await serializedProvider(require("pulumi-edu-org/dist/provider/flat/organizationUsers.provider.js"));
    ({ host, client: p } = await districtProvider());
});
afterAll(async () => {
    await host?.stop();
    for (const h of later) await h.stop();
    await em?.close();
});

const districtProvider = () => startProvider({ project: "district", engine: true, config: flatStackConfig(em) });

/** A provider process for the next command. */
async function nextCommand(): Promise<ProviderClient> {
    const { host: h, client } = await districtProvider();
    later.push(h);
    return client;
}

test("check, create, diff, update, refresh and delete of a roster; no password in outputs or logs", async () => {
    const bad = await p.check(USERS, "s", {}, { __provider, users: { jdoe: { role: "student" } } });
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["initialPassword", "users.jdoe.role"]);
    expect(em.exchanges).toHaveLength(0);

    const news = {
        __provider,
        users: roster,
        initialPassword: secret(PASSWORD),
        passwords: secret({ ann: OWN_PASSWORD }),
    };
    const checked = await p.check(USERS, "s", {}, news);
    expect(checked.failures).toEqual([]);
    const inputs = { ...checked.inputs, initialPassword: secret(PASSWORD), passwords: secret({ ann: OWN_PASSWORD }) };
    const created = await p.create(USERS, "s", inputs);
    expect(created.outs.users).toEqual({
        jdoe: {
            id: expect.any(String),
            email: "jdoe@school.example",
            firstname: "Jane",
            lastname: "Doe",
            role: "user",
        },
        mrivera: { id: expect.any(String), username: "MRivera", role: "teacher" },
        ann: { id: expect.any(String), firstname: "Ann", role: "user" },
    });
    expect(em.flat.users().find((u) => u.username === "ann")?.password).toBe(OWN_PASSWORD);

    const diff = (users: Record<string, unknown>) => p.diff(USERS, "s", created.id, created.outs, { ...inputs, users });
    expect(await diff(roster)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    const { ann: _leaving, ...fewer } = roster;
    expect(await diff({ ...fewer, jdoe: { ...roster.jdoe, role: "teacher" } })).toMatchObject({ changes: "some" });

    // The next `pulumi up`, in a new provider process.
    const q = await nextCommand();
    em.resetRecords();
    const updated = await q.update(USERS, "s", created.id, created.outs, {
        ...inputs,
        users: { ...fewer, jdoe: { ...roster.jdoe, role: "teacher" } },
    });
    expect(em.exchanges.map((e) => e.method).sort()).toEqual(["DELETE", "PUT"]);
    expect(Object.keys(updated.outs.users).sort()).toEqual(["jdoe", "mrivera"]);

    // `pulumi refresh`: one users list.
    em.resetRecords();
    const read = await (await nextCommand()).read(USERS, "s", created.id, updated.outs, inputs);
    expect(read.id).toBe(created.id);
    expect(read.props.users).toEqual(updated.outs.users);
    expect(em.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /organizations/users"]);

    await (await nextCommand()).delete(USERS, "s", created.id, updated.outs);
    expect(em.flat.users()).toEqual([]);
    const output = [host, ...later].map((h) => h.output()).join("\n");
    expect(findLeaks(JSON.stringify([created, updated, read]) + output, [PASSWORD, OWN_PASSWORD])).toEqual([]);
});
