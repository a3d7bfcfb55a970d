// Harness self-test: the SDK's real dynamic-provider host over gRPC, driven by ProviderClient playing
// the engine (project-qualified config, secret stripping and re-marking), with the fixture provider
// captured by reference.
import { HostHandle, initFailure, ProviderClient, serializedProvider, startProvider } from "../support/providerHost";
import { findLeaks, isSecret, secret } from "../support/secrets";
import { FakeThingsServer, startFakeThingsServer } from "../fixtures/fakeThingsServer";
import { installFixture } from "../fixtures/installFixture";

const T = "pulumi-nodejs:dynamic/fixture:Thing";
let api: FakeThingsServer;
let host: HostHandle;
let p: ProviderClient;
let __provider: string;

beforeAll(async () => {
    api = await startFakeThingsServer();
    const { dir, entry } = installFixture("harness-host");
    __provider = await serializedProvider(require(entry));
    ({ host, client: p } = await startProvider({ cwd: dir, project: "harness", engine: true }));
});
afterAll(async () => {
    await host?.stop();
    await api?.close();
});

test("lifecycle: configure, check, create, diff, update, read, delete", async () => {
    const conf = await p.configure({
        label: "from-stack",
        "fixture:baseUrl": api.url,
        "fixture:token": secret(api.token),
    });
    expect(conf.getAcceptsecrets()).toBe(false); // so the client strips and re-marks secrets

    // check: failure, then defaults; the secret input comes back re-marked.
    expect((await p.check(T, "a", {}, { __provider, name: "" })).failures).toEqual([
        { property: "name", reason: "name must be a non-empty string" },
    ]);
    const news = { __provider, name: "alpha", password: secret("hunter2-pw") };
    const checked = await p.check(T, "a", {}, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ size: 1, zone: "a", slot: "1", name: "alpha" });
    expect(isSecret(checked.inputs.password)).toBe(true);

    // create: configure got the bare key qualified with the project, and the token.
    const created = await p.create(T, "a", checked.inputs);
    expect(api.requests.at(-1)).toMatchObject({ method: "POST", authorized: true });
    expect(created.outs).toMatchObject({ name: "alpha", label: "from-stack", __provider });
    expect(isSecret(created.outs.password)).toBe(true);
    expect(isSecret(created.outs.name)).toBe(false);

    // diff against the old outputs: none / some / replace (delete-before-replace or not).
    const diff = (n: Record<string, unknown>) => p.diff(T, "a", created.id, created.outs, { ...checked.inputs, ...n });
    expect(await diff({})).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    expect(await diff({ size: 3 })).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect(await diff({ zone: "b" })).toEqual({ changes: "some", replaces: ["zone"], deleteBeforeReplace: true });
    expect(await diff({ slot: "2" })).toEqual({ changes: "some", replaces: ["slot"], deleteBeforeReplace: false });

    const upd = await p.update(T, "a", created.id, created.outs, { ...checked.inputs, size: 3 });
    expect(upd.outs).toMatchObject({ size: 3, version: 2 });
    expect(isSecret(upd.outs.password)).toBe(true);

    api.things.get(created.id)!.size = 9; // drift
    const rd = await p.read(T, "a", created.id, upd.outs, checked.inputs);
    expect(rd.id).toBe(created.id);
    expect(rd.props.size).toBe(9);
    expect(rd.inputs).toMatchObject({ size: 9, __provider });
    expect(isSecret(rd.props.password)).toBe(true);

    await p.delete(T, "a", created.id, rd.props);
    expect(api.things.size).toBe(0);
    expect((await p.read(T, "a", created.id, rd.props)).id).toBe(""); // gone

    expect(host.stdout()).toContain("fixture: created"); // console.log
    expect(host.engine!.logs).toContainEqual(
        expect.objectContaining({ severity: "INFO", message: expect.stringContaining("fixture: updated") }),
    ); // pulumi.log
    expect(findLeaks(host.output(), [api.token, "hunter2-pw"])).toEqual([]);
});

test("errors: gRPC UNKNOWN with the message; an error with id carries ErrorResourceInitFailed", async () => {
    const e = await p
        .create(T, "h", { __provider, name: "half-created", size: 1, zone: "a", slot: "1" })
        .catch((x) => x);
    expect(e).toMatchObject({ code: 2, details: expect.stringContaining("follow-up step failed") });
    const init = initFailure(e);
    expect(init?.id).toMatch(/^thing-/);
    expect(init?.properties).toMatchObject({ name: "half-created" });
});
