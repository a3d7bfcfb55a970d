// Secret audit: every example runs under the mock engine with distinctive secret values, plus a
// program with explicit providers and the generated secrets the examples do not produce (sign-in
// links, LTI dynamic registration). Every serialized `__provider`, everything stored or exported
// outside a secret, every error and every log line is scanned for each secret: 0 hits. One create
// and one failure also go through the SDK's real host, whose whole output is scanned.
import * as pulumi from "@pulumi/pulumi";
import { edubase, flat } from "pulumi-edu-org";
import { Emulator, startEmulator } from "../../emulator";
import { MockEngine, settle } from "../support/mockEngine";
import { serializedProvider, startProvider } from "../support/providerHost";
import { findLeaks, secret, stripSecrets } from "../support/secrets";
import school = require("../../examples/school");
import staff = require("../../examples/edubase-staff");
import { seedEdubaseStaff } from "../support/examples";

const FLAT_TOKEN = "flat-AUDIT-token-3c9d51e7";
const EDUBASE_SECRET = "edubase-AUDIT-secret-8b2f64a0";
const PASSWORDS = ["AUDIT-initial-pass-4417", "AUDIT-reporting-pass-9052", "AUDIT-explicit-pass-6230"];

let em: Emulator;
beforeAll(async () => {
    em = await startEmulator({
        flat: { organizations: [{ adminToken: FLAT_TOKEN }] },
        edubase: { secret: EDUBASE_SECRET },
    });
    seedEdubaseStaff(em);
});
afterAll(() => em?.close());

/** The secrets the emulator issued so far, by kind (read before destroy removes them). */
function generatedSecrets(): Record<string, string[]> {
    const strings = (xs: unknown[]) => xs.filter((s): s is string => typeof s === "string" && s.length >= 6);
    const configurations = em.flat.ltiConfigurations() as unknown as Record<string, unknown>[];
    return {
        consumerSecrets: strings(em.flat.ltiCredentials().map((c) => c.consumerSecret)),
        delegatedTokens: strings(em.flat.accessTokens().map((t) => t.token)),
        signinLinks: strings(em.flat.signinLinks().flatMap((l) => [l.url, l.token])),
        invitations: strings(em.flat.invitations().flatMap((i) => [i.customCode, i.htmlUrl])),
        registrations: strings(configurations.flatMap((c) => [c.registrationToken, c.registrationUrl])),
    };
}

/** Program outputs, as exported: secret ones redacted, the rest in plain text. */
async function exportedText(outputs: unknown): Promise<string> {
    const walk = async (v: unknown): Promise<unknown> => {
        if (pulumi.Output.isInstance(v)) {
            const s = await settle(v);
            return s.secret ? "[secret]" : walk(s.value);
        }
        if (Array.isArray(v)) return Promise.all(v.map(walk));
        if (v && typeof v === "object")
            return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await walk(x)])));
        return v;
    };
    return JSON.stringify(await walk(outputs));
}

/** Flat refuses account creations with an answer that echoes secrets, which no error may repeat. */
function refuseAccountCreation(message: string, param?: string): void {
    const body = { code: "CLIENT_ERROR", message, param };
    em.faults.add({ kind: "status", api: "flat", method: "POST", path: "/organizations/users", status: 400, body });
}

/** Everything a run leaves outside a secret: every `__provider`, redacted state, logs and errors. */
function engineText(engine: MockEngine): string {
    const providers = [...engine.state.values()].flatMap((e) => [
        stripSecrets(e.outputs.__provider),
        stripSecrets(e.inputs.__provider),
    ]);
    return [...providers, engine.stateText(), engine.capturedText()].join("\n");
}

test("examples/school and a program with an explicit Flat provider leak no secret anywhere outside a secret", async () => {
    const config = {
        "flat:accessToken": secret(FLAT_TOKEN),
        "flat:baseUrl": em.flatUrl,
        initialPassword: secret(PASSWORDS[0]),
        reportingPassword: secret(PASSWORDS[1]),
        canvasClientId: "10000000000123",
        "flat:maxUserRemovals": "40",
    };
    const engine = new MockEngine({ project: "school", config });
    const texts: string[] = [];
    const schoolOut = await engine.up(school);
    texts.push(await exportedText(schoolOut));
    texts.push(await exportedText(await engine.up(school)));
    await engine.refresh();

    // Explicit providers and the generated secrets the school does not make.
    const explicit = new MockEngine({
        project: "explicit",
        config: { token: secret(FLAT_TOKEN), url: em.flatUrl, password: secret(PASSWORDS[2]) },
    });
    const program =
        (extra = false) =>
        () => {
            const cfg = new pulumi.Config();
            const provider = new flat.Provider("district", {
                accessToken: cfg.requireSecret("token"),
                baseUrl: cfg.require("url"),
            });
            const password = cfg.requireSecret("password");
            const kiosk = new flat.OrganizationUser(
                "kiosk",
                { username: "kiosk", password, role: "teacher" },
                { provider },
            );
            const link = new flat.UserSigninLink(
                "kiosk-link",
                { user: kiosk.id, destinationPath: "/my-library" },
                { provider },
            );
            const moodle = new flat.LtiConfiguration(
                "moodle",
                { mode: "1p3-dynamic", platformInfo: { name: "Moodle", url: "https://moodle.school.example" } },
                { provider },
            );
            const invite = new flat.OrganizationInvitation(
                "counselor",
                { email: "counselor@school.example", role: "teacher" },
                { provider },
            );
            if (extra) new flat.OrganizationUser("extra", { username: "extra", password }, { provider });
            return {
                linkUrl: link.url,
                linkToken: link.token,
                registrationUrl: moodle.registrationUrl,
                joinUrl: invite.htmlUrl,
                kioskId: kiosk.id,
            };
        };
    texts.push(await exportedText(await explicit.up(program())));
    // A failure whose API answer echoes the token and a password: the error must not repeat them.
    refuseAccountCreation(`token ${FLAT_TOKEN} cannot set password ${PASSWORDS[2]}`, FLAT_TOKEN);
    await expect(explicit.up(program(true))).rejects.toThrow(
        /extra: flat\.OrganizationUser extra: create: Flat API POST \/organizations\/users failed: 400/,
    );
    em.faults.clear();

    const generated = generatedSecrets();
    for (const [kind, values] of Object.entries(generated))
        expect(`${kind}: ${values.length > 0}`).toBe(`${kind}: true`);
    await explicit.destroy();
    await engine.destroy();

    const secrets = [FLAT_TOKEN, ...PASSWORDS, ...Object.values(generated).flat()];
    expect(findLeaks([...texts, engineText(engine), engineText(explicit)].join("\n"), secrets)).toEqual([]);
});

test("examples/edubase-staff and an explicit EduBase provider leak no secret anywhere outside a secret", async () => {
    const api = em.edubase!;
    const config = {
        "edubase:app": api.credentials.app,
        "edubase:secret": secret(EDUBASE_SECRET),
        "edubase:apiUrl": em.edubaseUrl,
        // Destroy removes all 56 memberships: more than the default budget of 25.
        "edubase:maxMembershipRemovals": "60",
        mathOrganization: "ORG_MATH",
        physicsOrganization: "ORG_PHYSICS",
    };
    const engine = new MockEngine({ project: "edubase-staff", config });
    const texts = [await exportedText(await engine.up(staff))];
    await engine.refresh();

    const explicit = new MockEngine({
        project: "explicit",
        config: { app: api.credentials.app, secret: secret(EDUBASE_SECRET), url: em.edubaseUrl },
    });
    const program = (organization: string) => () => {
        const cfg = new pulumi.Config();
        const provider = new edubase.Provider("school-b", {
            app: cfg.require("app"),
            secret: cfg.requireSecret("secret"),
            apiUrl: cfg.require("url"),
        });
        const m = new edubase.OrganizationMember(
            "nagy",
            { organization, user: "U_NAGY", permissionOrganization: "teacher" },
            { provider },
        );
        return { member: m.id, settings: provider.settings };
    };
    texts.push(await exportedText(await explicit.up(program("ORG_MATH"))));
    // A failure: an organization EduBase does not know.
    await expect(explicit.up(program("ORG_UNKNOWN"))).rejects.toThrow(/EduBase API/);
    await explicit.destroy();
    await engine.destroy();

    expect(findLeaks([...texts, engineText(engine), engineText(explicit)].join("\n"), [EDUBASE_SECRET])).toEqual([]);
});

test("a create and a failing create through the SDK's real host print no secret", async () => {
    const __provider = await serializedProvider(
        require("pulumi-edu-org/dist/provider/flat/organizationUser.provider.js"),
    );
    const config = { "flat:accessToken": secret(FLAT_TOKEN), "flat:baseUrl": em.flatUrl };
    const { host, client: p } = await startProvider({ project: "school", engine: true, config });
    try {
        const inputs = (username: string) => ({
            __provider,
            username,
            password: secret(PASSWORDS[0]),
            role: "teacher",
            onDelete: "delete",
            adoptExisting: false,
        });
        const created = await p.create("pulumi-nodejs:dynamic/flat:OrganizationUser", "host-user", inputs("host-user"));
        refuseAccountCreation(`password ${PASSWORDS[0]} rejected for ${FLAT_TOKEN}`);
        const failure = await p
            .create("pulumi-nodejs:dynamic/flat:OrganizationUser", "host-user-2", inputs("host-user-2"))
            .then(
                () => undefined,
                (e: Error) => e,
            );
        em.faults.clear();
        expect(failure?.message).toMatch(/Flat API POST \/organizations\/users failed: 400/);
        await p.delete("pulumi-nodejs:dynamic/flat:OrganizationUser", "host-user", created.id, created.outs);
        expect(findLeaks([host.output(), failure!.message].join("\n"), [FLAT_TOKEN, PASSWORDS[0]])).toEqual([]);
    } finally {
        await host.stop();
    }
});
