// The EduBase resources the way users get the package (installed under node_modules, which the Jest
// resolver points "pulumi-edu-org" at): each `__provider` is one require() line, at most 1 KB,
// captures no secret, and still works once reloaded from its text.
import * as pulumi from "@pulumi/pulumi";
import { edubase } from "pulumi-edu-org";
import { Emulator, startEmulator } from "../../emulator";
import { createRealm, loadSerializedProvider } from "../support/loadProvider";

const names = ["organizationMember", "organizationMembers", "userOrganizations"] as const;
let em: Emulator;

beforeAll(async () => {
    em = await startEmulator();
    em.edubase!.seedOrganization({ organization: "ORG_A", name: "A" });
    em.edubase!.seedUser({ user: "U1", name: "U1" });
});
afterAll(() => em?.close());

/** `__provider` exactly as the resource classes produce it: registered under mocks, read from the inputs. */
async function providerTexts(): Promise<Record<string, string>> {
    const texts: Record<string, string> = {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                texts[args.type] = args.inputs.__provider;
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => ({}),
        },
        "serialization",
        "test",
        false,
    );
    const provider = new edubase.Provider("explicit", {
        app: "app-id",
        secret: "super-secret-provider-value",
        apiUrl: em.edubaseUrl,
    });
    new edubase.OrganizationMember("m", { organization: "ORG_A", user: "U1" }, { provider });
    new edubase.OrganizationMembers("s", { organizations: ["ORG_A"], users: ["U1"] }, { provider });
    new edubase.UserOrganizations("u", { user: "U1", organizations: ["ORG_A"] }, { provider });
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return texts;
}

test.each(names)("%s serializes to one require line of at most 1 KB, without secrets", async (name) => {
    const provider = require(`pulumi-edu-org/dist/provider/edubase/${name}.provider.js`);
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(sf.containsSecrets).toBe(false);
    expect(sf.text.length).toBeLessThanOrEqual(1024);
    const requires = sf.text.match(/require\([^)]*\)/g);
    expect(requires).toEqual([`require("pulumi-edu-org/dist/provider/edubase/${name}.provider.js")`]);
});

test("the resource classes put exactly those texts in __provider, with no credential in them", async () => {
    const texts = await providerTexts();
    expect(Object.keys(texts).sort()).toEqual(
        [
            "pulumi-nodejs:dynamic/edubase:OrganizationMember",
            "pulumi-nodejs:dynamic/edubase:OrganizationMembers",
            "pulumi-nodejs:dynamic/edubase:UserOrganizations",
            "pulumi:providers:pulumi-nodejs",
        ].sort(),
    );
    for (const [type, text] of Object.entries(texts)) {
        if (!type.startsWith("pulumi-nodejs:dynamic/")) continue;
        expect(typeof text).toBe("string");
        expect(text.length).toBeLessThanOrEqual(1024);
        expect(text.match(/require\([^)]*\)/g)).toHaveLength(1);
        expect(text).not.toContain("super-secret-provider-value");
        expect(text).not.toContain(em.edubase!.credentials.secret);
    }
});

test("a reloaded text still creates a membership", async () => {
    const provider = require("pulumi-edu-org/dist/provider/edubase/organizationMember.provider.js");
    const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const loaded = loadSerializedProvider(text, createRealm());
    const config: Record<string, string> = {
        "edubase:app": em.edubase!.credentials.app,
        "edubase:secret": em.edubase!.credentials.secret,
        "edubase:apiUrl": em.edubaseUrl,
    };
    await loaded.configure({ config: { get: (k: string) => config[k] } });
    const checked = await loaded.check({}, { organization: "ORG_A", user: "U1", permissionOrganization: "teacher" });
    const created = await loaded.create(checked.inputs);
    expect(created.id).toBe("ORG_A/U1");
    expect(em.edubase!.membership("ORG_A", "U1")?.permission.organization).toBe("teacher");
});
