// The Flat emulator, driven over HTTP.
import { Emulator } from "../../emulator";
import { EMULATOR_NOW, FlatAnswer, useFlatEmulator } from "../support/flatHttp";

const { emulator, call, admin } = useFlatEmulator();
let em: Emulator;
beforeAll(() => {
    em = emulator();
});

const links = (a: FlatAnswer) => {
    const out: Record<string, string> = {};
    for (const m of (a.headers.get("link") ?? "").matchAll(/<([^>]+)>; rel="(\w+)"/g)) out[m[2]] = m[1];
    return out;
};

async function createUser(fields: Record<string, unknown> = {}) {
    const r = await call("POST", "/organizations/users", {
        body: { username: "ada", password: "secret-pass", email: "ada@school.example", ...fields },
    });
    expect(r.status).toBe(200);
    return r.body as { id: string; username: string };
}

describe("authentication and /me", () => {
    it("answers /me with the organization admin behind the token", async () => {
        const r = await call("GET", "/me");
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({
            organization: "650000000000000000000001",
            organizationRole: "admin",
            type: "user",
            picture: null,
        });
        expect(r.body.id).toMatch(/^[0-9a-f]{24}$/);
    });

    it("refuses a missing or unknown token with 401 UNAUTHORIZED", async () => {
        for (const token of [null, "nope"]) {
            const r = await call("GET", "/organizations/users", { token });
            expect(r.status).toBe(401);
            expect(r.body.code).toBe("UNAUTHORIZED");
        }
    });

    it("answers an unknown route with a 404 FlatErrorResponse", async () => {
        const r = await call("GET", "/organizations/nothing");
        expect(r.status).toBe(404);
        expect(r.body).toEqual({ code: "NOT_FOUND", message: expect.any(String) });
    });
});

describe("organization users", () => {
    it("creates a user and refuses a second one with the same username or email", async () => {
        const u = await createUser({ firstname: "Ada", lastname: "Lovelace", role: "teacher" });
        expect(u).toMatchObject({
            username: "ada",
            organizationRole: "teacher",
            product: "flatEdu",
            printableName: "Ada Lovelace",
            email: "ada@school.example",
        });
        expect(u).not.toHaveProperty("password");
        expect(
            (await call("POST", "/organizations/users", { body: { username: "ADA", password: "secret-pass" } })).body,
        ).toEqual({ code: "CLIENT_ERROR", message: "username already used", param: "username" });
        expect(
            (
                await call("POST", "/organizations/users", {
                    body: { username: "ada2", password: "secret-pass", email: "ada@school.example" },
                })
            ).body,
        ).toEqual({ code: "CLIENT_ERROR", message: "email already used", param: "email" });
    });

    it.each([
        [{ username: "ada" }, "password"],
        [{ username: "", password: "secret-pass" }, "username"],
        [{ username: "ada", password: "short" }, "password"],
        [{ username: "ada", password: "secret-pass", email: "nope" }, "email"],
        [{ username: "ada", password: "secret-pass", role: "owner" }, "role"],
        [{ username: "ada", password: "secret-pass", nickname: "A" }, "nickname"],
        ["not an object", "body"],
    ])("refuses the creation body %j naming the param %s", async (body, param) => {
        const r = await call("POST", "/organizations/users", { body });
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: "CLIENT_ERROR", param });
    });

    it("refuses invalid JSON and a missing body with 400", async () => {
        expect((await call("POST", "/organizations/users", { raw: "{oops" })).body).toMatchObject({
            code: "CLIENT_ERROR",
            param: "body",
        });
        expect((await call("POST", "/organizations/users")).body).toMatchObject({
            code: "CLIENT_ERROR",
            param: "body",
        });
    });

    it("updates only the fields sent and answers 404 for a user of another organization", async () => {
        const u = await createUser({ firstname: "Ada" });
        const r = await call("PUT", `/organizations/users/${u.id}`, {
            body: { lastname: "King", organizationRole: "admin", password: "new-secret" },
        });
        expect(r.body).toMatchObject({ firstname: "Ada", lastname: "King", organizationRole: "admin" });
        expect(em.flat.users()[0].password).toBe("new-secret");
        const other = em.flat.addOrganization();
        const stranger = em.flat.seedUsers(1, other.id)[0];
        expect((await call("PUT", `/organizations/users/${stranger.id}`, { body: { lastname: "X" } })).status).toBe(
            404,
        );
        expect(
            (await call("PUT", `/organizations/users/${u.id}`, { body: { username: "x".repeat(31) } })).body.param,
        ).toBe("username");
    });

    it("deletes a user, or converts it to an individual account kept outside the organization", async () => {
        const a = await createUser();
        const b = await createUser({ username: "bob", email: "bob@school.example" });
        expect(await call("DELETE", `/organizations/users/${a.id}`)).toMatchObject({ status: 204, body: undefined });
        expect((await call("DELETE", `/organizations/users/${b.id}?convertToIndividual=true`)).status).toBe(204);
        expect(em.flat.users()).toEqual([]);
        expect(em.flat.accounts().find((u) => u.id === b.id)).toMatchObject({
            organization: undefined,
            username: "bob",
        });
        expect(em.flat.accounts().some((u) => u.id === a.id)).toBe(false);
        expect((await call("DELETE", `/organizations/users/${a.id}`)).status).toBe(404);
        expect((await call("DELETE", `/organizations/users/${b.id}?convertToIndividual=maybe`)).status).toBe(404);
    });

    it("filters by role, q, group, license, test accounts and sorts", async () => {
        em.flat.seedUsers([
            {
                username: "t1",
                firstname: "Zoe",
                organizationRole: "teacher",
                groups: ["g1"],
                license: { id: "l1", expirationDate: "2026-06-30T00:00:00.000Z" },
            },
            { username: "t2", firstname: "Amy", organizationRole: "admin", email: "amy@MUSIC.example" },
            {
                username: "s1",
                firstname: "Bob",
                isEduTestingStudent: true,
                license: { id: "l2", expirationDate: "2026-01-01T00:00:00.000Z" },
            },
        ]);
        const names = async (query: string) =>
            ((await call("GET", `/organizations/users?${query}`)).body as { username: string }[]).map(
                (u) => u.username,
            );
        expect(await names("role=teacher&role=admin&sort=firstname")).toEqual(["t2", "t1"]);
        expect(await names("role=teacher&role=admin&sort=firstname&direction=desc")).toEqual(["t1", "t2"]);
        expect(await names("q=music")).toEqual(["t2"]);
        expect(await names("q=ZO")).toEqual(["t1"]);
        expect(await names("group=g1&group=g9")).toEqual(["t1"]);
        expect(await names("noActiveLicense=true")).toEqual(["t2", "s1"]);
        expect(await names("testAccounts=only")).toEqual(["s1"]);
        expect(await names("testAccounts=exclude")).toEqual(["t1", "t2"]);
        expect(await names("licenseExpirationDate=active")).toEqual(["t1"]);
        expect(await names("licenseExpirationDate=notActive")).toEqual(["t2", "s1"]);
        expect(await names("licenseExpirationDate=2026-01-01")).toEqual(["s1"]);
        expect((await call("GET", "/organizations/users?onlyIds=true")).body).toEqual(em.flat.users().map((u) => u.id));
        expect((await call("GET", "/organizations/users/count?role=teacher&role=admin")).body).toBe(2);
        expect((await call("GET", "/organizations/users/count?testAccounts=exclude&q=t")).body).toBe(2);
    });

    it.each([
        ["limit=0"],
        ["limit=1001"],
        ["limit=ten"],
        ["sort=age"],
        ["direction=up"],
        ["role=owner"],
        ["testAccounts=all"],
        ["noActiveLicense=yes"],
        ["licenseExpirationDate=soon"],
        ["next=garbage"],
    ])("refuses the list query %s with 400 CLIENT_ERROR naming the param", async (query) => {
        const r = await call("GET", `/organizations/users?${query}`);
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: "CLIENT_ERROR", param: query.split("=")[0] });
    });

    it.each([
        ["/organizations/users/count?licenseExpirationDate=active", "licenseExpirationDate"],
        ["/organizations/users?unknownFilter=1", "unknownFilter"],
        ["/organizations/invitations?q=x", "q"],
    ])("refuses %s: a parameter the operation does not declare", async (url, param) => {
        const r = await call("GET", url);
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: "CLIENT_ERROR", param });
    });

    it("pages 2,500 users by 1,000 in 3 requests through Link headers that keep the filters", async () => {
        em.flat.seedUsers(2500);
        em.resetRecords();
        const seen: string[] = [];
        let url: string | undefined = `${em.flatUrl}/organizations/users?limit=1000&role=user&sort=lastname`;
        while (url) {
            const r: FlatAnswer = await call("GET", url);
            seen.push(...(r.body as { id: string }[]).map((u) => u.id));
            expect(r.headers.get("link") ?? "").not.toContain("flat-emulator-token");
            url = links(r).next;
            if (url) expect(new globalThis.URL(url).searchParams.getAll("role")).toEqual(["user"]);
        }
        expect(em.count({ api: "flat", method: "GET", path: "/organizations/users" })).toBe(3);
        expect(new Set(seen).size).toBe(2500);
    });

    it("links back with rel=prev and gives no next link on the last page", async () => {
        em.flat.seedUsers(5);
        const first = await call("GET", "/organizations/users?limit=2");
        expect(links(first)).toEqual({ next: expect.stringContaining("next=") });
        const second = await call("GET", links(first).next);
        expect(links(second)).toEqual({ next: expect.any(String), prev: expect.stringContaining("previous=") });
        expect((await call("GET", links(second).prev)).body).toEqual(first.body);
        const last = await call("GET", links(second).next);
        expect(last.body).toHaveLength(1);
        expect(links(last)).toEqual({ prev: expect.any(String) });
        expect((await call("GET", "/organizations/users")).headers.get("link")).toBeNull();
    });

    it("creates a sign-in link on the organization's subdomain that expires", async () => {
        const u = await createUser();
        const r = await call("POST", `/organizations/users/${u.id}/signinLink`, {
            body: { destinationPath: "/class/42" },
        });
        expect(r.body.url).toBe(`https://emulated-school.flat.io/auth/signin-link/${r.body.token}?next=%2Fclass%2F42`);
        expect(r.body.expirationDate).toBe("2026-03-01T13:00:00.000Z");
        expect((await call("POST", `/organizations/users/${u.id}/signinLink`, { body: {} })).body.url).toMatch(
            /\?next=%2F$/,
        );
        expect(em.flat.signinLinkUser(r.body.token)).toBe(u.id);
        em.flat.advanceTime(60 * 60 * 1000);
        expect(em.flat.signinLinkUser(r.body.token)).toBeUndefined();
        expect((await call("POST", `/organizations/users/${u.id}/signinLink`)).body.param).toBe("body");
        expect(
            (await call("POST", `/organizations/users/${u.id}/signinLink`, { body: { destinationPath: "class" } })).body
                .param,
        ).toBe("destinationPath");
        expect(
            (await call("POST", "/organizations/users/650000000000000000000fff/signinLink", { body: {} })).status,
        ).toBe(404);
    });

    it("creates a delegated token that acts as the user on /me until it expires", async () => {
        const u = await createUser();
        const r = await call("POST", `/organizations/users/${u.id}/accessToken`, {
            body: { scopes: ["account.public_profile"] },
        });
        expect(r.body).toMatchObject({
            scopes: ["account.public_profile"],
            issuedDate: "2026-03-01T12:00:00.000Z",
            expirationDate: "2026-03-02T12:00:00.000Z",
        });
        expect(em.flat.accessTokens()[0].token).toBe(r.body.token);
        expect((await call("GET", "/me", { token: r.body.token })).body).toMatchObject({ id: u.id, username: "ada" });
        expect((await call("GET", "/organizations/users", { token: r.body.token })).body).toMatchObject({
            code: "FORBIDDEN",
        });
        em.flat.advanceTime(24 * 60 * 60 * 1000);
        expect((await call("GET", "/me", { token: r.body.token })).status).toBe(401);
        expect((await call("POST", `/organizations/users/${u.id}/accessToken`, { body: {} })).body.param).toBe(
            "scopes",
        );
        expect(
            (await call("POST", `/organizations/users/${u.id}/accessToken`, { body: { scopes: ["root"] } })).body.param,
        ).toBe("scopes");
    });

    it("lets a delegated token of an admin with edu.admin.users manage users", async () => {
        const u = await createUser({ role: "admin" });
        const t = (
            await call("POST", `/organizations/users/${u.id}/accessToken`, {
                body: { scopes: ["edu.admin.users.readonly"] },
            })
        ).body.token;
        expect((await call("GET", "/organizations/users/count", { token: t })).body).toBe(1);
        expect((await call("GET", "/organizations/lti/credentials", { token: t })).status).toBe(403);
        expect(
            (await call("POST", "/organizations/invitations", { token: t, body: { email: "x@y.example" } })).status,
        ).toBe(403);
    });
});

describe("invitations", () => {
    it("creates, lists with a role filter and removes invitations", async () => {
        const a = await call("POST", "/organizations/invitations", { body: { email: "t@school.example" } });
        expect(a.body).toMatchObject({
            organizationRole: "teacher",
            allowMultipleUse: false,
            usedBy: [],
            email: "t@school.example",
            organization: "650000000000000000000001",
        });
        expect(a.body.htmlUrl).toContain(a.body.customCode);
        await call("POST", "/organizations/invitations", {
            body: { email: "a@school.example", organizationRole: "admin" },
        });
        expect((await call("GET", "/organizations/invitations?role=admin")).body).toHaveLength(1);
        expect((await call("GET", "/organizations/invitations")).body).toHaveLength(2);
        expect((await call("DELETE", `/organizations/invitations/${a.body.id}`)).status).toBe(204);
        expect((await call("DELETE", `/organizations/invitations/${a.body.id}`)).status).toBe(404);
        expect(em.flat.invitations()).toHaveLength(1);
    });

    it("changes an existing member's role instead of inviting, and keeps the used invitation listed", async () => {
        const u = await createUser({ email: "Member@School.example" });
        const r = await call("POST", "/organizations/invitations", {
            body: { email: "member@school.example", organizationRole: "admin" },
        });
        expect(r.body.usedBy).toEqual([u.id]);
        expect(em.flat.users()[0].organizationRole).toBe("admin");
        expect((await call("GET", "/organizations/invitations")).body[0].usedBy).toEqual([u.id]);
    });

    it.each([
        [{}, "email"],
        [{ email: "nope" }, "email"],
        [{ email: "a@b.example", organizationRole: "user" }, "organizationRole"],
        [{ email: "a@b.example", extra: 1 }, "extra"],
    ])("refuses the invitation body %j naming %s", async (body, param) => {
        expect((await call("POST", "/organizations/invitations", { body })).body).toMatchObject({
            code: "CLIENT_ERROR",
            param,
        });
    });

    it("pages invitations by 50 by default and refuses limits out of range", async () => {
        for (let i = 0; i < 55; i++)
            await call("POST", "/organizations/invitations", { body: { email: `t${i}@school.example` } });
        const first = await call("GET", "/organizations/invitations");
        expect(first.body).toHaveLength(50);
        expect((await call("GET", links(first).next)).body).toHaveLength(5);
        expect((await call("GET", "/organizations/invitations?limit=1001")).body.param).toBe("limit");
        expect((await call("GET", "/organizations/invitations?role=accountAdmin")).body.param).toBe("role");
    });
});

describe("LTI", () => {
    it("creates credentials whose secret only the create answer shows, and revokes them", async () => {
        const c = await call("POST", "/organizations/lti/credentials", { body: { name: "Canvas", lms: "canvas" } });
        expect(c.body).toMatchObject({
            name: "Canvas",
            lms: "canvas",
            consumerSecret: expect.any(String),
            enableEmailMatching: true,
        });
        expect(c.body.consumerKey).toMatch(/^[0-9A-F-]{36}$/);
        const list = await call("GET", "/organizations/lti/credentials");
        expect(list.body).toHaveLength(1);
        expect(list.body[0]).not.toHaveProperty("consumerSecret");
        expect(em.flat.ltiCredentials()[0].consumerSecret).toBe(c.body.consumerSecret);
        expect((await call("DELETE", `/organizations/lti/credentials/${c.body.id}`)).status).toBe(204);
        expect(await call("DELETE", `/organizations/lti/credentials/${c.body.id}`)).toMatchObject({
            status: 404,
            body: { message: "Credentials not found" },
        });
        expect(
            (await call("POST", "/organizations/lti/credentials", { body: { name: "x".repeat(301), lms: "canvas" } }))
                .body.param,
        ).toBe("name");
        expect(
            (await call("POST", "/organizations/lti/credentials", { body: { name: "X", lms: "myspace" } })).body.param,
        ).toBe("lms");
    });

    it("creates each configuration mode with its own fields", async () => {
        const p1 = await call("POST", "/organizations/lti/configurations", {
            body: { mode: "1p1-manual", name: "Moodle", lms: "moodle" },
        });
        expect(p1.body).toMatchObject({
            ltiVersion: "1p1",
            consumerSecret: expect.any(String),
            name: "Moodle",
            organizationName: "Emulated School",
        });
        const dyn = await call("POST", "/organizations/lti/configurations", {
            body: { mode: "1p3-dynamic", platformInfo: { name: "Canvas" }, locale: "fr" },
        });
        expect(dyn.body).toMatchObject({
            ltiVersion: "1p3",
            mode: "1p3-dynamic",
            status: "incomplete-setup",
            registrationToken: expect.any(String),
        });
        expect(dyn.body.registrationUrl).toContain(dyn.body.registrationToken);
        const dep = await call("POST", "/organizations/lti/configurations", {
            body: { mode: "1p3-deployment", deploymentType: "schoology", deploymentId: "d1" },
        });
        expect(dep.body).toMatchObject({
            mode: "1p3-deployment",
            deploymentKey: "schoology",
            deploymentId: "d1",
            status: "ready-to-use",
        });
        const man = await call("POST", "/organizations/lti/configurations", {
            body: { mode: "1p3-manual", platformIss: "https://lms.example" },
        });
        expect(man.body).toMatchObject({ mode: "1p3-manual", status: "incomplete-setup", enableEmailMatching: true });
        const list = (await call("GET", "/organizations/lti/configurations")).body as {
            id: string;
            consumerSecret?: string;
            registrationToken?: string;
        }[];
        expect(list.map((c) => c.id)).toEqual([p1.body.id, dyn.body.id, dep.body.id, man.body.id]);
        expect(list[0].consumerSecret).toBe(p1.body.consumerSecret);
        expect(list[1].registrationToken).toBe(dyn.body.registrationToken);
        // A 1p1 configuration is an LTI 1.1 credential pair.
        expect((await call("GET", "/organizations/lti/credentials")).body.map((c: { id: string }) => c.id)).toEqual([
            p1.body.id,
        ]);
    });

    it.each([
        [{ mode: "2p0" }, "mode"],
        [{}, "mode"],
        [{ mode: "1p1-manual", name: "X" }, "lms"],
        [{ mode: "1p1-manual", lms: "canvas" }, "name"],
        [{ mode: "1p3-deployment", deploymentId: "d" }, "deploymentType"],
        [{ mode: "1p3-deployment", deploymentType: "canvas" }, "deploymentId"],
        [{ mode: "1p3-dynamic", name: "X" }, "name"],
        [{ mode: "1p3-manual", jwksUrl: "not a url" }, "jwksUrl"],
        [{ mode: "1p3-manual", deploymentType: "canvas" }, "deploymentType"],
    ])("refuses the configuration %j naming %s", async (body, param) => {
        expect((await call("POST", "/organizations/lti/configurations", { body })).body).toMatchObject({
            code: "CLIENT_ERROR",
            param,
        });
    });

    it("edits 1.3 configurations within their mode's fields and never 1.1 ones", async () => {
        const id = async (body: object) =>
            (await call("POST", "/organizations/lti/configurations", { body })).body.id as string;
        const man = await id({ mode: "1p3-manual", platformIss: "https://lms.example", clientId: "c" });
        const r = await call("PUT", `/organizations/lti/configurations/${man}`, {
            body: {
                accessTokenUrl: "https://lms.example/t",
                authorizationUrl: "https://lms.example/a",
                jwksUrl: "https://lms.example/j",
            },
        });
        expect(r.body).toMatchObject({
            status: "ready-to-use",
            platformIss: "https://lms.example",
            jwksUrl: "https://lms.example/j",
        });
        const dep = await id({ mode: "1p3-deployment", deploymentType: "canvas", deploymentId: "d1" });
        expect(
            (
                await call("PUT", `/organizations/lti/configurations/${dep}`, {
                    body: { deploymentId: "d2", enableEmailMatching: false },
                })
            ).body,
        ).toMatchObject({ deploymentId: "d2", enableEmailMatching: false });
        expect(
            (await call("PUT", `/organizations/lti/configurations/${dep}`, { body: { clientId: "c" } })).body,
        ).toMatchObject({ code: "CLIENT_ERROR", param: "clientId" });
        expect(
            (await call("PUT", `/organizations/lti/configurations/${man}`, { body: { deploymentBreakdownId: "x" } }))
                .body,
        ).toMatchObject({ param: "deploymentBreakdownId" });
        const p1 = await id({ mode: "1p1-manual", name: "M", lms: "moodle" });
        expect((await call("PUT", `/organizations/lti/configurations/${p1}`, { body: {} })).body).toEqual({
            code: "CLIENT_ERROR",
            message: "LTI 1.1 configurations are not editable",
        });
        expect(
            (await call("PUT", "/organizations/lti/configurations/650000000000000000000fff", { body: {} })).status,
        ).toBe(404);
        expect((await call("DELETE", `/organizations/lti/configurations/${p1}`)).status).toBe(204);
        expect((await call("DELETE", `/organizations/lti/configurations/${man}`)).status).toBe(204);
        expect((await call("DELETE", `/organizations/lti/configurations/${man}`)).status).toBe(404);
        expect(em.flat.ltiConfigurations().map((c) => c.id)).toEqual([dep]);
    });
});

describe("rate limit", () => {
    it("sends the rate-limit headers on every answer and refuses with 403 once exhausted", async () => {
        em.flat.setRateLimit({ limit: 2, windowMs: 60_000 });
        const first = await call("GET", "/me");
        expect(first.headers.get("x-ratelimit-limit")).toBe("2");
        expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
        expect(first.headers.get("x-ratelimit-reset")).toBe(String(Math.ceil((EMULATOR_NOW + 60_000) / 1000)));
        await call("GET", "/me");
        const over = await call("GET", "/me");
        expect(over.status).toBe(403);
        expect(over.body).toEqual({
            code: "API_RATE_LIMIT_EXCEEDED",
            message: "API rate limit exceeded for 127.0.0.1",
        });
        expect((await call("GET", "/me")).headers.get("x-ratelimit-remaining")).toBe("-2");
        // Each token has its own quota.
        expect((await call("GET", "/me", { token: em.flat.addOrganization().adminToken })).status).toBe(200);
        em.flat.advanceTime(60_000);
        expect((await call("GET", "/me")).status).toBe(200);
    });

    it("changes the quota through the admin route and defaults to 7,200 per hour", async () => {
        expect(em.flat.rateLimit()).toEqual({ limit: 7200, windowMs: 3_600_000, anonymousLimit: 1800 });
        expect((await admin("POST", "/flat/rateLimit", { limit: 5 })).status).toBe(200);
        expect((await call("GET", "/me")).headers.get("x-ratelimit-limit")).toBe("5");
        expect((await admin("POST", "/flat/rateLimit", { limit: -1 })).status).toBe(400);
        expect((await call("GET", "/me", { token: null })).headers.get("x-ratelimit-limit")).toBe("1800");
    });
});

describe("several organizations", () => {
    it("keeps each organization's objects to its own admin token", async () => {
        const north = em.flat.addOrganization({ name: "North", subdomain: "north", adminToken: "north-token" });
        await createUser();
        const theirs = await call("POST", "/organizations/users", {
            token: "north-token",
            body: { username: "ada", password: "secret-pass" },
        });
        expect(theirs.status).toBe(200);
        expect(theirs.body.organization).toBe(north.id);
        expect(
            (await call("GET", "/organizations/users", { token: "north-token" })).body.map((u: { id: string }) => u.id),
        ).toEqual([theirs.body.id]);
        expect((await call("DELETE", `/organizations/users/${theirs.body.id}`)).status).toBe(404);
        await call("POST", "/organizations/invitations", { token: "north-token", body: { email: "n@north.example" } });
        expect((await call("GET", "/organizations/invitations")).body).toEqual([]);
        expect(em.flat.users(north.id)).toHaveLength(1);
        expect(() => em.flat.addOrganization({ adminToken: "north-token" })).toThrow(/clashes/);
    });
});
