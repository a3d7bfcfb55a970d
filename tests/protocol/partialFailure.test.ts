// A create that fails half-way, then refresh and destroy, through the SDK's real dynamic-provider host,
// with the engine's part played as Pulumi's engine plays it: the resource is stored with exactly the
// error's properties as outputs (the host adds no `__provider`), and refresh (Read, then Diff) and
// destroy (Delete) send those outputs back, from which the host loads the provider.
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
import { annotateSecrets, findLeaks, secret } from "../support/secrets";

const USER = "pulumi-nodejs:dynamic/flat:OrganizationUser";
const PASSWORD = "partial-Pass-42";
let em: Emulator;
let host: HostHandle;
let p: ProviderClient;
let text: string;

beforeAll(async () => {
    em = await startEmulator();
    text = await serializedProvider(require("pulumi-edu-org/dist/provider/flat/organizationUser.provider.js"));
    ({ host, client: p } = await startProvider({ project: "school", engine: true, config: flatStackConfig(em) }));
});
afterAll(async () => {
    await host?.stop();
    await em?.close();
});

test("a partial create records __provider, so refresh and destroy of that resource work", async () => {
    const [existing] = em.flat.seedUsers([{ username: "half", email: "old@school.example" }]);
    // The adoption's profile update (a different email) is refused: the account exists, unchanged.
    em.faults.add({ kind: "status", status: 400, api: "flat", method: "PUT", times: 1 });
    const news = {
        __provider: text,
        username: "half",
        email: "new@school.example",
        password: secret(PASSWORD),
        adoptExisting: true,
    };
    const checked = await p.check(USER, "half", {}, news);
    const failure = initFailure(await p.create(USER, "half", checked.inputs).catch((e) => e));
    expect(failure).toMatchObject({ id: existing.id, properties: expect.objectContaining({ __provider: text }) });
    expect(failure!.reasons.length).toBeGreaterThan(0);
    // What the engine stores: exactly the error's properties, re-marked secret by name against the inputs.
    const stored = annotateSecrets(failure!.properties, checked.inputs);

    // Refresh and destroy are later commands: each gets a fresh provider process, configured as before.
    const command = <T>(work: (client: ProviderClient) => Promise<T>): Promise<T> =>
        withProvider({ project: "school", config: flatStackConfig(em) }, work);

    // refresh: Read with the stored outputs and inputs, then Diff of the refreshed outputs against the inputs.
    const read = await command(async (client) => {
        const r = await client.read(USER, "half", failure!.id, stored, checked.inputs);
        expect(await client.diff(USER, "half", r.id, r.props, checked.inputs)).toMatchObject({ changes: "some" });
        return r;
    });
    expect(read.id).toBe(existing.id);
    expect(read.props).toMatchObject({ __provider: text, email: "old@school.example" });

    // destroy: Delete with the refreshed outputs.
    await command((client) => client.delete(USER, "half", read.id, read.props));
    expect(em.flat.users().some((u) => u.username === "half")).toBe(false);

    expect(findLeaks(JSON.stringify(failure) + host.output(), [PASSWORD, em.flatToken])).toEqual([]);
});

test("without __provider in the stored outputs the host cannot load the provider (what the SDK's own reporting leads to)", async () => {
    const [existing] = em.flat.seedUsers([{ username: "bare" }]);
    const { __provider: _dropped, ...outputs } = (await p.read(USER, "bare", existing.id, { __provider: text })).props;
    const err = await p.read(USER, "bare", existing.id, outputs).catch((e) => e);
    expect(String(err.details ?? err.message)).toMatch(/code must be a string/);
    await expect(p.delete(USER, "bare", existing.id, outputs)).rejects.toThrow(/code must be a string/);
});
