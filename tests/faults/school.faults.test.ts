// The examples under injected faults: random 5xx on 10% of requests, a rate-limit quota that runs out
// mid-run and resets ~2 s later, connections reset before and after a write commits, and stalls
// longer than the client timeout. The first `up` either completes or fails with a clear message; a
// second `up` without faults converges; afterwards the emulator holds exactly what state says, once.
import { Emulator, FaultRule, startEmulator } from "../../emulator";
import { defaultHttpOptions, lowWater } from "../../provider/core/http";
import { outerGlobal } from "../support/loadProvider";
import { MockEngine, StateEntry } from "../support/mockEngine";
import { stripSecrets } from "../support/secrets";
import school = require("../../examples/school");
import staff = require("../../examples/edubase-staff");
import { SCHOOL, seedEdubaseStaff } from "../support/examples";
import { useSchoolEngine } from "../support/schoolEngine";

/**
 * The provider runs in the mock engine's module realms, which `setHttpOptions` from here cannot
 * reach: the provider process reads EDU_ORG_HTTP_* from its environment (core/http.ts). The
 * program-side functions (the school's report) run in Jest's realm, whose `process.env` is a copy:
 * both get the values. The 1 s timeout is what makes a stall cost 1 s instead of 30.
 */
const httpEnv = {
    EDU_ORG_HTTP_TIMEOUT_MS: "1000",
    EDU_ORG_HTTP_BASE_DELAY_MS: "25",
    EDU_ORG_HTTP_MAX_DELAY_MS: "400",
    EDU_ORG_HTTP_RETRIES: "6",
};
const envs = [process.env, outerGlobal().process.env];
beforeAll(() => envs.forEach((env) => Object.assign(env, httpEnv)));
afterAll(() => envs.forEach((env) => Object.keys(httpEnv).forEach((k) => delete env[k])));

/** Writes whose lost response the provider can resolve by looking the object up (tokens cannot be listed). */
const findableWrites = /^\/organizations\/(users|invitations|lti\/credentials|lti\/configurations)$/;
/** `<resource>: Flat API POST /organizations/users failed: 503 …`: which resource, which call, what came back. */
const CLEAR_ERROR =
    /^pulumi-nodejs:dynamic\/\w+:\w+::[\w-]+: (.*: )?(Flat|EduBase) API (GET|POST|PUT|DELETE) \/\S+ failed: (\d{3}|no response)\b/;

function faultsFor(api: "flat" | "edubase", writes: string | RegExp): FaultRule[] {
    // The first matching rule wins, so the targeted ones come before the random 5xx.
    return [
        { kind: "dropBefore", api, method: "POST", path: writes, times: 2 },
        { kind: "dropAfter", api, method: "POST", path: writes, probability: 0.5, times: 3 },
        // No end of its own: only the client timeout (1 s here) gets the request out of it.
        { kind: "stall", api, probability: 0.3, times: 2 },
        { kind: "status", api, status: 503, probability: 0.1 },
    ];
}

interface FaultReport {
    injected: number;
    byKind: Record<string, number>;
    rateLimited: number;
    /** Answers showing the quota low enough for the client to slow down (it spreads the rest, so few are refused). */
    quotaLow: number;
    failedResources: number;
    survived: number;
}

/** Faults the emulator injected plus rate-limit refusals, and how many did not surface as a failure. */
function report(em: Emulator, engine: MockEngine): FaultReport {
    const byKind: Record<string, number> = {};
    for (const e of em.exchanges) if (e.fault) byKind[e.fault] = (byKind[e.fault] ?? 0) + 1;
    const rateLimited = em.exchanges.filter(
        (e) =>
            e.status === 429 ||
            (e.status === 403 && (e.responseBody as { code?: string })?.code === "API_RATE_LIMIT_EXCEEDED"),
    ).length;
    const { limit } = em.flat.rateLimit();
    const quotaLow = em.exchanges.filter(
        (e) =>
            Number(e.responseHeaders["X-RateLimit-Remaining"] ?? Infinity) <=
            lowWater({ limit }, defaultHttpOptions.concurrency),
    ).length;
    const failedResources = engine.lastRun.errors.length;
    const injected = em.faults.injected();
    return {
        injected,
        byKind,
        rateLimited,
        quotaLow,
        failedResources,
        survived: injected + rateLimited - failedResources,
    };
}

/** Runs `up`, returning its errors instead of throwing (a faulty run may fail, clearly). */
async function tryUp<T>(engine: MockEngine, program: () => Promise<T>): Promise<{ outputs?: T; errors: Error[] }> {
    let outputs: T | undefined;
    try {
        await engine.up(async () => (outputs = await program()));
        return { outputs, errors: [] };
    } catch (err) {
        return { outputs, errors: err instanceof AggregateError ? err.errors : [err as Error] };
    }
}

const entries = (engine: MockEngine, type: string): (StateEntry & { props: Record<string, any> })[] =>
    [...engine.state.values()]
        .filter((e) => e.type.endsWith(`/${type}`))
        .map((e) => ({ ...e, props: stripSecrets(e.outputs) }));

const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
const missing = (ids: string[], from: string[]) => ids.filter((id) => !from.includes(id));

describe("examples/school under faults", () => {
    const setup = useSchoolEngine({ canvasClientId: SCHOOL.canvasClientId });

    test("the first up completes or fails clearly, a second up converges, and the emulator holds exactly what state says", async () => {
        const { em, engine } = setup;
        // ~60 requests make up the run: a quota of 20 per 2 s runs out two or three times.
        em.flat.setRateLimit({ limit: 20, windowMs: 2000 });
        faultsFor("flat", findableWrites).forEach((f) => em.faults.add(f));

        const first = await tryUp(engine, school);
        await settleReport(first.outputs);
        for (const e of first.errors) expect(e.message).toMatch(CLEAR_ERROR);
        const faults = report(em, engine);
        console.log(
            `school under faults: ${JSON.stringify(faults)}; first up ${first.errors.length ? `failed: ${first.errors.map((e) => e.message).join(" / ")}` : "completed"}`,
        );
        expect(faults.injected).toBeGreaterThan(0);
        expect(faults.quotaLow).toBeGreaterThan(0);
        expect(faults.survived).toBeGreaterThan(0);

        em.faults.clear();
        em.flat.setRateLimit({ limit: 7200, windowMs: 3_600_000 });
        const second = await tryUp(engine, school);
        await settleReport(second.outputs);
        expect(second.errors).toEqual([]);
        await settleReport(await engine.preview(school));
        expect(engine.lastOps.filter((o) => o.op !== "same")).toEqual([]);

        const users = entries(engine, "flat:OrganizationUser");
        const remoteUsers = em.flat.users();
        expect(duplicates(remoteUsers.map((u) => u.username.toLowerCase()))).toEqual([]);
        expect(
            missing(
                remoteUsers.map((u) => u.id),
                users.map((e) => e.id),
            ),
        ).toEqual([]);
        expect(
            missing(
                users.map((e) => e.id),
                remoteUsers.map((u) => u.id),
            ),
        ).toEqual([]);
        expect(
            users
                .map((e) => ({
                    id: e.id,
                    username: e.props.username,
                    email: e.props.email,
                    firstname: e.props.firstname,
                    lastname: e.props.lastname,
                    role: e.props.role,
                }))
                .sort(byId),
        ).toEqual(
            remoteUsers
                .map((u) => ({
                    id: u.id,
                    username: u.username,
                    email: u.email,
                    firstname: u.firstname,
                    lastname: u.lastname,
                    role: u.organizationRole,
                }))
                .sort(byId),
        );

        const invitations = entries(engine, "flat:OrganizationInvitation");
        const remoteInvitations = em.flat.invitations();
        expect(duplicates(remoteInvitations.map((i) => `${i.email}`))).toEqual([]);
        expect(
            invitations
                .map((e) => ({
                    id: e.id,
                    email: e.props.email,
                    role: e.props.role,
                    customCode: e.props.customCode,
                    htmlUrl: e.props.htmlUrl,
                }))
                .sort(byId),
        ).toEqual(
            remoteInvitations
                .map((i) => ({
                    id: i.id,
                    email: i.email,
                    role: i.organizationRole,
                    customCode: i.customCode ?? undefined,
                    htmlUrl: i.htmlUrl,
                }))
                .sort(byId),
        );

        const credentials = entries(engine, "flat:LtiCredentials");
        const remoteCredentials = em.flat.ltiCredentials();
        expect(duplicates(remoteCredentials.map((c) => c.name))).toEqual([]);
        expect(
            credentials
                .map((e) => ({
                    id: e.id,
                    name: e.props.name,
                    lms: e.props.lms,
                    consumerKey: e.props.consumerKey,
                    consumerSecret: e.props.consumerSecret,
                }))
                .sort(byId),
        ).toEqual(
            remoteCredentials
                .map((c) => ({
                    id: c.id,
                    name: c.name,
                    lms: c.lms,
                    consumerKey: c.consumerKey,
                    consumerSecret: c.consumerSecret,
                }))
                .sort(byId),
        );

        // LTI 1.1 credentials also show up as `1p1` configurations: those are compared above.
        const configurations = entries(engine, "flat:LtiConfiguration");
        const remoteConfigurations = em.flat.ltiConfigurations().filter((c) => c.ltiVersion === "1p3") as Record<
            string,
            any
        >[];
        const platform = [
            "platformIss",
            "platformName",
            "clientId",
            "accessTokenUrl",
            "authorizationUrl",
            "jwksUrl",
            "enableEmailMatching",
        ];
        expect(configurations.map((e) => ({ id: e.id, ...pick(e.props, platform) })).sort(byId)).toEqual(
            remoteConfigurations.map((c) => ({ id: c.id, ...pick(c, platform) })).sort(byId),
        );

        const tokens = entries(engine, "flat:UserAccessToken");
        expect(tokens.map((e) => ({ user: e.props.user, token: e.props.token, scopes: e.props.scopes }))).toEqual(
            em.flat.accessTokens().map((t) => ({ user: t.userId, token: t.token, scopes: t.scopes })),
        );
    });
});

describe("examples/edubase-staff under faults", () => {
    const ORGS = ["ORG_MATH", "ORG_PHYSICS"];
    let em: Emulator;
    let engine: MockEngine;
    beforeAll(async () => {
        em = await startEmulator();
        engine = new MockEngine({
            project: "edubase-staff",
            config: seedEdubaseStaff(em),
        });
    });
    afterAll(() => em?.close());

    test("the first up completes or fails clearly, a second up converges, and every membership is in state with its levels", async () => {
        // ~20 requests make up the run: a global quota of 6 per 1.5 s runs out more than once.
        em.edubase!.setRateLimit({ quota: 6, windowMs: 1500 });
        faultsFor("edubase", /^\/(organization|user):/).forEach((f) => em.faults.add(f));

        const first = await tryUp(engine, staff);
        for (const e of first.errors) expect(e.message).toMatch(CLEAR_ERROR);
        const faults = report(em, engine);
        console.log(
            `edubase-staff under faults: ${JSON.stringify(faults)}; first up ${first.errors.length ? `failed: ${first.errors.map((e) => e.message).join(" / ")}` : "completed"}`,
        );
        expect(faults.injected).toBeGreaterThan(0);
        expect(faults.survived).toBeGreaterThan(0);

        em.faults.clear();
        em.edubase!.setRateLimit(undefined);
        const second = await tryUp(engine, staff);
        expect(second.errors).toEqual([]);
        await engine.preview(staff);
        expect(engine.lastOps.filter((o) => o.op !== "same")).toEqual([]);

        // Each declared (organization, user) pair once, with the levels state reports.
        const declared: { key: string; department?: string; organization?: string; content?: string }[] = [];
        const levels = (p: Record<string, any>) => ({
            department: p.department,
            organization: p.permissionOrganization,
            content: p.permissionContent,
        });
        for (const e of entries(engine, "edubase:OrganizationMember"))
            declared.push({ key: `${e.props.organization}/${e.props.user}`, ...levels(e.props) });
        for (const e of entries(engine, "edubase:OrganizationMembers")) {
            for (const o of e.props.organizations)
                for (const u of e.props.users) declared.push({ key: `${o}/${u}`, ...levels(e.props) });
        }
        for (const e of entries(engine, "edubase:UserOrganizations"))
            for (const o of e.props.organizations) declared.push({ key: `${o}/${e.props.user}`, ...levels(e.props) });
        expect(duplicates(declared.map((d) => d.key))).toEqual([]);

        const remote = ORGS.flatMap((o) =>
            [...em.edubase!.organization(o)!.members.entries()].map(([user, m]) => ({
                key: `${o}/${user}`,
                department: m.department ?? undefined,
                organization: m.permission.organization,
                content: m.permission.content,
            })),
        );
        // With a department the levels are the department's (a set does not store them): compare the department then.
        const norm = ({ key, department, organization, content }: (typeof declared)[number]) =>
            department ? { key, department } : { key, organization, content };
        const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
        expect(declared.map(norm).sort(byKey)).toEqual(remote.map(norm).sort(byKey));
    });
});

const byId = (a: { id?: string }, b: { id?: string }) => String(a.id).localeCompare(String(b.id));

function pick(o: Record<string, any>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/**
 * The school's report reads the organization after the run: wait for it so it cannot bleed into the
 * next run. A report read that failed under faults must still say clearly which call failed.
 */
async function settleReport(outputs: unknown): Promise<void> {
    const report = (outputs as { report?: Record<string, unknown> } | undefined)?.report ?? {};
    // `promise()` is the Output's settled value; `apply` would never call back on a failure.
    const settled = await Promise.allSettled(
        Object.values(report).map((o) => (o as { promise(): Promise<unknown> }).promise()),
    );
    for (const s of settled)
        if (s.status === "rejected")
            expect(String(s.reason?.message)).toMatch(/^Flat API GET \/\S+ failed: (\d{3}|no response)\b/);
}
