// The Flat resources through the SDK's real dynamic-provider host over gRPC, configured from
// `flat:*` stack-config keys, with the engine's secret stripping and re-marking emulated.
import { Emulator, startEmulator } from "../../emulator";
import { flatStackConfig } from "../support/examples";
import {
    HostHandle,
    initFailure,
    ProviderClient,
    serializedProvider,
    startProvider,
    withProvider,
} from "../support/providerHost";
import { findLeaks, isSecret, secret } from "../support/secrets";

const USER = "pulumi-nodejs:dynamic/flat:OrganizationUser";
const CREDENTIALS = "pulumi-nodejs:dynamic/flat:LtiCredentials";
const CONFIGURATION = "pulumi-nodejs:dynamic/flat:LtiConfiguration";
const TOKEN = "pulumi-nodejs:dynamic/flat:UserAccessToken";
const LINK = "pulumi-nodejs:dynamic/flat:UserSigninLink";
const PASSWORD = "protocol-Pass-42";
let em: Emulator;
let host: HostHandle;
let p: ProviderClient;
const texts: Record<string, string> = {};

beforeAll(async () => {
    em = await startEmulator();
    for (const name of [
        "organizationUser",
        "ltiCredentials",
        "ltiConfiguration",
        "userAccessToken",
        "userSigninLink",
    ]) {
        // Resolved (by the Jest resolver) to the installed package: the text is one require line.
        texts[name] = await serializedProvider(require(`pulumi-edu-org/dist/provider/flat/${name}.provider.js`));
    }
    ({ host, client: p } = await startProvider({ project: "school", engine: true, config: flatStackConfig(em) }));
});
afterAll(async () => {
    await host?.stop();
    await em?.close();
});

test("OrganizationUser: check failures, create, diff none/some, update, read drift, delete", async () => {
    const __provider = texts.organizationUser;
    const bad = await p.check(
        USER,
        "u",
        {},
        { __provider, username: "x".repeat(31), password: secret("short"), role: "student" },
    );
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["password", "role", "username"]);
    expect(em.exchanges).toHaveLength(0);

    const news = {
        __provider,
        username: "mrivera",
        password: secret(PASSWORD),
        email: "m.rivera@school.example",
        role: "teacher",
    };
    const checked = await p.check(USER, "u", {}, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ role: "teacher", onDelete: "delete", adoptExisting: false });
    const inputs = { ...checked.inputs, password: secret(PASSWORD) };

    const created = await p.create(USER, "u", inputs);
    expect(created.outs).toMatchObject({
        username: "mrivera",
        role: "teacher",
        __provider,
        organization: expect.any(String),
    });
    // The engine re-marks the password output secret because the password input was secret.
    expect(isSecret(created.outs.password)).toBe(true);
    expect(em.flat.users().map((u) => u.id)).toEqual([created.id]);

    const diff = (n: Record<string, unknown>) => p.diff(USER, "u", created.id, created.outs, { ...inputs, ...n });
    expect(await diff({})).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    expect(await diff({ role: "admin" })).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });

    const updated = await p.update(USER, "u", created.id, created.outs, { ...inputs, role: "admin" });
    expect(updated.outs).toMatchObject({ role: "admin" });
    expect(em.flat.users()[0].organizationRole).toBe("admin");

    em.flat.users()[0].lastname = "Changed-In-Flat";
    const read = await p.read(USER, "u", created.id, updated.outs, inputs);
    expect(read.props).toMatchObject({ lastname: "Changed-In-Flat", role: "admin" });
    expect(read.inputs).toMatchObject({ lastname: "Changed-In-Flat", __provider });

    await p.delete(USER, "u", created.id, read.props);
    expect(em.flat.users()).toHaveLength(0);
    expect((await p.read(USER, "u", created.id, read.props)).id).toBe("");
    await p.delete(USER, "u", created.id, read.props);
});

test("LtiCredentials: a change of LMS is a replacement, new credentials first", async () => {
    const __provider = texts.ltiCredentials;
    const checked = await p.check(CREDENTIALS, "c", {}, { __provider, name: "Canvas production", lms: "canvas" });
    const created = await p.create(CREDENTIALS, "c", checked.inputs);
    expect(created.outs.consumerSecret).toEqual(expect.any(String));
    expect(await p.diff(CREDENTIALS, "c", created.id, created.outs, { ...checked.inputs, lms: "moodle" })).toEqual({
        changes: "some",
        replaces: ["lms"],
        deleteBeforeReplace: false,
    });
    await p.delete(CREDENTIALS, "c", created.id, created.outs);
});

test("an adoption that fails half-way is reported with the id, so the engine records the user", async () => {
    const __provider = texts.organizationUser;
    em.flat.seedUsers([{ username: "taken" }]);
    em.faults.add({ kind: "status", status: 400, api: "flat", method: "PUT", times: 1 });
    const checked = await p.check(
        USER,
        "a",
        {},
        // A role that differs: adoption sends only differing fields, so an equal account would send nothing.
        { __provider, username: "taken", password: secret(PASSWORD), role: "teacher", adoptExisting: true },
    );
    const err = await p.create(USER, "a", checked.inputs).catch((e) => e);
    expect(initFailure(err)).toMatchObject({
        id: em.flat.users()[0].id,
        properties: expect.objectContaining({ username: "taken", adopted: true }),
    });
    expect(JSON.stringify(initFailure(err))).not.toContain(PASSWORD);
});

test("a missing token fails the first CRUD call naming the key and variable; nothing printed holds a secret", async () => {
    const bare = { project: "school", env: { FLAT_ACCESS_TOKEN: "" }, config: { "flat:baseUrl": em.flatUrl } };
    await withProvider(bare, async (client) => {
        const checked = await client.check(
            USER,
            "x",
            {},
            { __provider: texts.organizationUser, username: "x", password: PASSWORD },
        );
        expect(checked.failures).toEqual([]);
        const err = await client.create(USER, "x", checked.inputs).catch((e) => e);
        expect(err.details).toContain("Missing required configuration flat:accessToken");
        expect(err.details).toContain("FLAT_ACCESS_TOKEN");
    });
    expect(findLeaks(host.output(), [em.flatToken, PASSWORD])).toEqual([]);
});

test("flat:maxUserRemovals reaches the host's configure as a string and refuses the removal past it, before any request", async () => {
    const limited = { project: "school", config: { ...flatStackConfig(em), "flat:maxUserRemovals": "1" } };
    await withProvider(limited, async (client) => {
        const created = [];
        for (const username of ["leaver1", "leaver2"]) {
            const checked = await client.check(
                USER,
                username,
                {},
                { __provider: texts.organizationUser, username, password: secret(PASSWORD) },
            );
            created.push(await client.create(USER, username, checked.inputs));
        }
        em.resetRecords();
        await client.delete(USER, "leaver1", created[0].id, created[0].outs);
        const err = await client.delete(USER, "leaver2", created[1].id, created[1].outs).catch((e) => e);
        expect(err.details).toMatch(
            /^flat\.OrganizationUser leaver2: delete: refused before any request: this removal would pass the limit of 1 accounts removed per run \(flat:maxUserRemovals;/,
        );
        expect(em.exchanges.map((e) => e.method)).toEqual(["DELETE"]);
        expect(em.flat.users().map((u) => u.username)).toContain("leaver2");
    });
});

test("LtiConfiguration: mode rules at check, in-place update of a 1.3 field, replacement of the mode", async () => {
    const __provider = texts.ltiConfiguration;
    em.resetRecords();
    const bad = await p.check(
        CONFIGURATION,
        "l",
        {},
        { __provider, mode: "1p3-deployment", deploymentId: "d1", jwksUrl: "https://lms.example/jwks" },
    );
    expect(bad.failures.map((f) => f.property)).toEqual(expect.arrayContaining(["deploymentType", "jwksUrl"]));
    expect(em.exchanges).toHaveLength(0);

    const news = {
        __provider,
        mode: "1p3-manual",
        platformName: "Canvas",
        platformIss: "https://canvas.instructure.com",
        clientId: "1000",
    };
    const checked = await p.check(CONFIGURATION, "l", {}, news);
    expect(checked.failures).toEqual([]);
    const created = await p.create(CONFIGURATION, "l", checked.inputs);
    expect(await p.diff(CONFIGURATION, "l", created.id, created.outs, { ...checked.inputs, clientId: "2000" })).toEqual(
        { changes: "some", replaces: [], deleteBeforeReplace: false },
    );
    expect(
        (await p.diff(CONFIGURATION, "l", created.id, created.outs, { ...checked.inputs, mode: "1p3-dynamic" }))
            .replaces,
    ).toContain("mode");
    const updated = await p.update(CONFIGURATION, "l", created.id, created.outs, {
        ...checked.inputs,
        clientId: "2000",
    });
    expect(updated.outs).toMatchObject({ clientId: "2000" });
    expect((await p.read(CONFIGURATION, "l", created.id, updated.outs)).props).toMatchObject({
        clientId: "2000",
        mode: "1p3-manual",
    });
    await p.delete(CONFIGURATION, "l", created.id, updated.outs);
    expect(em.flat.ltiConfigurations()).toHaveLength(0);
});

test("UserAccessToken and UserSigninLink: created for a user, kept on read, gone with the user", async () => {
    em.flat.seedUsers([{ username: "reporter" }]);
    const user = em.flat.users().find((u) => u.username === "reporter")!.id;
    const token = await p.check(
        TOKEN,
        "t",
        {},
        { __provider: texts.userAccessToken, user, scopes: ["edu.admin.users.readonly"] },
    );
    expect(token.failures).toEqual([]);
    const t = await p.create(TOKEN, "t", token.inputs);
    expect(t.outs.token).toEqual(em.flat.accessTokens()[0].token);
    expect(await p.diff(TOKEN, "t", t.id, t.outs, token.inputs)).toEqual({
        changes: "none",
        replaces: [],
        deleteBeforeReplace: false,
    });
    expect((await p.diff(TOKEN, "t", t.id, t.outs, { ...token.inputs, scopes: ["edu.admin"] })).replaces).toContain(
        "scopes",
    );

    const link = await p.check(LINK, "s", {}, { __provider: texts.userSigninLink, user, destinationPath: "/class" });
    const s = await p.create(LINK, "s", link.inputs);
    expect(s.outs.url).toContain("next=%2Fclass");
    expect(s.id).not.toContain(s.outs.token);

    // Each refresh is a new provider process, whose list snapshot is taken then.
    const refresh = (check: (client: ProviderClient) => Promise<void>) =>
        withProvider({ project: "school", config: flatStackConfig(em) }, check);
    await refresh(async (client) => {
        expect((await client.read(TOKEN, "t", t.id, t.outs)).props).toMatchObject({ token: t.outs.token });
    });
    em.flat.removeUser(user);
    await refresh(async (client) => {
        expect((await client.read(TOKEN, "t", t.id, t.outs)).id).toBe("");
        expect((await client.read(LINK, "s", s.id, s.outs)).id).toBe("");
        em.resetRecords();
        await client.delete(TOKEN, "t", t.id, t.outs);
        expect(em.exchanges).toHaveLength(0);
    });
    expect(findLeaks(host.output(), [t.outs.token, s.outs.url, s.outs.token])).toEqual([]);
});
