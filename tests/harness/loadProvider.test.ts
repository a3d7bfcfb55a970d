// Harness self-test: serialized provider text loads like the host loads it, by value and by reference,
// and a ProviderRealm isolates module-level state the way separate provider processes do.
import * as pulumi from "@pulumi/pulumi";
import { createRealm, loadSerializedProvider } from "../support/loadProvider";
import { FakeThingsServer, useTwoFakeThingsServers } from "../fixtures/fakeThingsServer";
import { FIXTURE_PACKAGE, installFixture } from "../fixtures/installFixture";

const servers = useTwoFakeThingsServers();

const configOf = (s: FakeThingsServer) => ({
    config: {
        get: (k: string) => (({ "fixture:baseUrl": s.url, "fixture:token": s.token }) as Record<string, string>)[k],
    },
});

test("by value: a local provider object survives serialization and reload", async () => {
    const provider = {
        factor: 3,
        async create(inputs: { n: number }) {
            return { id: `n-${inputs.n}`, outs: { n: inputs.n * this.factor } };
        },
    };
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(sf.exportName).toBe("handler");
    expect(sf.containsSecrets).toBe(false);
    const loaded = loadSerializedProvider(sf.text);
    expect(loaded).not.toBe(provider);
    await expect(loaded.create({ n: 2 })).resolves.toEqual({ id: "n-2", outs: { n: 6 } });
});

test("by reference: an installed module is one require line, and realms isolate its module state", async () => {
    const { dir, entry } = installFixture("harness-load");
    const fixture = require(entry);
    const sf = await pulumi.runtime.serializeFunction(() => fixture, { allowSecrets: true });
    expect(sf.text).toContain(`require("${FIXTURE_PACKAGE}`);
    expect(sf.text.length).toBeLessThan(1024);

    // Two realms = two provider processes: each has its own copy of the module and its config.
    const [p1, p2] = [
        createRealm({ cwd: dir, isolatePackages: [FIXTURE_PACKAGE] }),
        createRealm({ cwd: dir, isolatePackages: [FIXTURE_PACKAGE] }),
    ].map((realm) => loadSerializedProvider(sf.text, realm));
    expect(p1).not.toBe(p2);
    await p1.configure(configOf(servers.a));
    await p2.configure(configOf(servers.b));
    const c1 = await p1.create({ name: "one", size: 1, zone: "a", slot: "1" });
    const c2 = await p2.create({ name: "two", size: 1, zone: "a", slot: "1" });
    expect(servers.a.things.get(c1.id)?.name).toBe("one");
    expect(servers.b.things.get(c2.id)?.name).toBe("two");
    expect(p1._settings().configureCalls).toBe(1);

    // Without a realm (plain host semantics in one process) both loads share Node's module cache.
    const s1 = loadSerializedProvider(sf.text, dir);
    const s2 = loadSerializedProvider(sf.text, dir);
    expect(s1).toBe(s2);
});
