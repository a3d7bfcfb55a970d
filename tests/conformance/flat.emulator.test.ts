// Drives every Flat operation of the emulator, successes and errors, with raw HTTP requests and
// checks every exchange against Flat's official OpenAPI spec.
import { Emulator, RecordedExchange, startEmulator } from "../../emulator";
import { describeWithFlatSpec, loadFlatSpec, validateExchanges } from "../support/flatSpec";
import { FlatAnswer, flatCall, FlatCallOptions } from "../support/flatHttp";

let em: Emulator;

const call = (method: string, path: string, options?: FlatCallOptions) => flatCall(em, method, path, options);

const nextLink = (a: FlatAnswer) => /<([^>]+)>; rel="next"/.exec(a.headers.get("link") ?? "")?.[1];
const prevLink = (a: FlatAnswer) => /<([^>]+)>; rel="prev"/.exec(a.headers.get("link") ?? "")?.[1];

beforeAll(async () => {
    await loadFlatSpec();
    em = await startEmulator({ edubase: false });
});
afterAll(async () => {
    await em?.close();
});

describeWithFlatSpec("the Flat emulator against Flat's OpenAPI spec", () => {
    it("answers every operation, successes and errors, the way the spec describes", async () => {
        em.flat.seedUsers([
            {
                username: "licensed",
                organizationRole: "teacher",
                license: { id: "lic1", expirationDate: "2099-01-01T00:00:00.000Z", source: "order", mode: "credit" },
                groups: ["g1"],
                lastActivityDate: "2026-01-02T03:04:05.000Z",
            },
            { username: "tester", isEduTestingStudent: true },
            { username: "plain" },
        ]);

        // Account
        expect((await call("GET", "/me")).status).toBe(200);
        expect((await call("GET", "/me?onlyId=true")).status).toBe(200);
        expect((await call("GET", "/me", { token: null })).status).toBe(401);
        expect((await call("GET", "/me", { token: "not-a-token" })).status).toBe(401);

        // Users
        const created = await call("POST", "/organizations/users", {
            body: {
                username: "ada",
                password: "secret-pass",
                email: "ada@school.example",
                firstname: "Ada",
                lastname: "Lovelace",
                role: "teacher",
                locale: "fr",
            },
        });
        expect(created.status).toBe(200);
        const ada = (created.body as { id: string }).id;
        expect(
            (await call("POST", "/organizations/users", { body: { username: "ada", password: "secret-pass" } })).status,
        ).toBe(400);
        expect(
            (
                await call("POST", "/organizations/users", {
                    body: { username: "ada2", password: "secret-pass", email: "ada@school.example" },
                })
            ).status,
        ).toBe(400);
        expect((await call("POST", "/organizations/users", { body: { username: "nopass" } })).status).toBe(400);
        expect(
            (
                await call("POST", "/organizations/users", {
                    body: { username: "x".repeat(31), password: "secret-pass" },
                })
            ).status,
        ).toBe(400);
        expect((await call("POST", "/organizations/users", { raw: "{not json" })).status).toBe(400);
        expect((await call("POST", "/organizations/users")).status).toBe(400);

        expect((await call("GET", "/organizations/users")).status).toBe(200);
        expect(
            (await call("GET", "/organizations/users?role=teacher&role=admin&q=LOVE&sort=lastname&direction=desc"))
                .status,
        ).toBe(200);
        expect(
            (
                await call(
                    "GET",
                    "/organizations/users?group=g1&noActiveLicense=false&testAccounts=exclude&licenseExpirationDate=active",
                )
            ).status,
        ).toBe(200);
        expect(
            (
                await call(
                    "GET",
                    "/organizations/users?licenseExpirationDate=2099-01-01&licenseExpirationDate=notActive&sort=licenseExpirationDate",
                )
            ).status,
        ).toBe(200);
        expect((await call("GET", "/organizations/users?testAccounts=only&noActiveLicense=true")).status).toBe(200);
        expect((await call("GET", "/organizations/users?onlyIds=true")).status).toBe(200);
        const first = await call("GET", "/organizations/users?limit=2");
        const second = await call("GET", nextLink(first)!);
        expect(second.status).toBe(200);
        expect((await call("GET", prevLink(second)!)).status).toBe(200);
        expect((await call("GET", "/organizations/users?limit=0")).status).toBe(400);
        expect((await call("GET", "/organizations/users?limit=1001")).status).toBe(400);
        expect((await call("GET", "/organizations/users?role=owner")).status).toBe(400);
        expect((await call("GET", "/organizations/users?next=garbage")).status).toBe(400);

        expect((await call("GET", "/organizations/users/count")).body).toBe(4);
        expect((await call("GET", "/organizations/users/count?role=teacher&q=ada&testAccounts=exclude")).status).toBe(
            200,
        );
        expect((await call("GET", "/organizations/users/count?testAccounts=sometimes")).status).toBe(400);

        expect(
            (
                await call("PUT", `/organizations/users/${ada}`, {
                    body: { organizationRole: "admin", lastname: "King" },
                })
            ).status,
        ).toBe(200);
        expect((await call("PUT", `/organizations/users/${ada}`, { body: { email: "not-an-email" } })).status).toBe(
            400,
        );
        expect((await call("PUT", `/organizations/users/${ada}`, { body: { username: "plain" } })).status).toBe(400);
        expect(
            (await call("PUT", "/organizations/users/650000000000000000000fff", { body: { firstname: "X" } })).status,
        ).toBe(404);

        expect((await call("POST", `/organizations/users/${ada}/signinLink`, { body: {} })).status).toBe(200);
        expect(
            (await call("POST", `/organizations/users/${ada}/signinLink`, { body: { destinationPath: "/class" } }))
                .status,
        ).toBe(200);
        expect((await call("POST", `/organizations/users/${ada}/signinLink`)).status).toBe(400);
        expect(
            (await call("POST", "/organizations/users/650000000000000000000fff/signinLink", { body: {} })).status,
        ).toBe(404);

        const token = await call("POST", `/organizations/users/${ada}/accessToken`, {
            body: { scopes: ["account.public_profile", "edu.classes.readonly"] },
        });
        expect(token.status).toBe(200);
        const delegated = (token.body as { token: string }).token;
        expect((await call("GET", "/me", { token: delegated })).status).toBe(200);
        expect((await call("GET", "/organizations/users", { token: delegated })).status).toBe(403);
        expect((await call("POST", `/organizations/users/${ada}/accessToken`, { body: {} })).status).toBe(400);
        expect(
            (await call("POST", `/organizations/users/${ada}/accessToken`, { body: { scopes: ["everything"] } }))
                .status,
        ).toBe(400);

        // Invitations
        const invitation = await call("POST", "/organizations/invitations", {
            body: { email: "new@school.example", organizationRole: "admin" },
        });
        expect(invitation.status).toBe(200);
        expect(
            (await call("POST", "/organizations/invitations", { body: { email: "ada@school.example" } })).status,
        ).toBe(200);
        expect(
            (await call("POST", "/organizations/invitations", { body: { email: "third@school.example" } })).status,
        ).toBe(200);
        expect((await call("POST", "/organizations/invitations", { body: {} })).status).toBe(400);
        expect(
            (
                await call("POST", "/organizations/invitations", {
                    body: { email: "x@y.example", organizationRole: "user" },
                })
            ).status,
        ).toBe(400);
        expect((await call("GET", "/organizations/invitations")).status).toBe(200);
        expect((await call("GET", "/organizations/invitations?role=teacher")).status).toBe(200);
        const page = await call("GET", "/organizations/invitations?limit=2");
        expect((await call("GET", nextLink(page)!)).status).toBe(200);
        expect((await call("GET", "/organizations/invitations?limit=5000")).status).toBe(400);
        expect(
            (await call("DELETE", `/organizations/invitations/${(invitation.body as { id: string }).id}`)).status,
        ).toBe(204);
        expect((await call("DELETE", "/organizations/invitations/650000000000000000000fff")).status).toBe(404);

        // LTI 1.1 credentials
        const credentials = await call("POST", "/organizations/lti/credentials", {
            body: { name: "Canvas", lms: "canvas" },
        });
        expect(credentials.status).toBe(200);
        expect((await call("POST", "/organizations/lti/credentials", { body: { name: "No LMS" } })).status).toBe(400);
        expect(
            (await call("POST", "/organizations/lti/credentials", { body: { name: "Bad", lms: "myspace" } })).status,
        ).toBe(400);
        expect((await call("GET", "/organizations/lti/credentials")).status).toBe(200);
        expect(
            (await call("DELETE", `/organizations/lti/credentials/${(credentials.body as { id: string }).id}`)).status,
        ).toBe(204);
        expect((await call("DELETE", "/organizations/lti/credentials/650000000000000000000fff")).status).toBe(404);

        // LTI configurations
        const c1p1 = await call("POST", "/organizations/lti/configurations", {
            body: { mode: "1p1-manual", name: "Moodle", lms: "moodle" },
        });
        const dynamic = await call("POST", "/organizations/lti/configurations", {
            body: {
                mode: "1p3-dynamic",
                platformInfo: { name: "Canvas", url: "https://canvas.example" },
                locale: "fr",
            },
        });
        const deployment = await call("POST", "/organizations/lti/configurations", {
            body: {
                mode: "1p3-deployment",
                deploymentType: "schoology",
                deploymentId: "d-1",
                deploymentBreakdownId: "school-9",
            },
        });
        const manual = await call("POST", "/organizations/lti/configurations", {
            body: { mode: "1p3-manual", platformIss: "https://lms.example", clientId: "c-1" },
        });
        for (const r of [c1p1, dynamic, deployment, manual]) expect(r.status).toBe(200);
        expect((await call("POST", "/organizations/lti/configurations", { body: { mode: "2p0" } })).status).toBe(400);
        expect(
            (await call("POST", "/organizations/lti/configurations", { body: { mode: "1p1-manual", name: "X" } }))
                .status,
        ).toBe(400);
        expect(
            (
                await call("POST", "/organizations/lti/configurations", {
                    body: { mode: "1p3-deployment", deploymentType: "canvas" },
                })
            ).status,
        ).toBe(400);
        expect(
            (await call("POST", "/organizations/lti/configurations", { body: { mode: "1p3-manual", lms: "canvas" } }))
                .status,
        ).toBe(400);
        expect((await call("GET", "/organizations/lti/configurations")).status).toBe(200);
        const id = (r: FlatAnswer) => (r.body as { id: string }).id;
        expect(
            (
                await call("PUT", `/organizations/lti/configurations/${id(manual)}`, {
                    body: {
                        accessTokenUrl: "https://lms.example/token",
                        authorizationUrl: "https://lms.example/auth",
                        jwksUrl: "https://lms.example/jwks",
                    },
                })
            ).status,
        ).toBe(200);
        expect(
            (
                await call("PUT", `/organizations/lti/configurations/${id(deployment)}`, {
                    body: { deploymentId: "d-2", enableEmailMatching: false },
                })
            ).status,
        ).toBe(200);
        expect(
            (
                await call("PUT", `/organizations/lti/configurations/${id(deployment)}`, {
                    body: { platformIss: "https://x.example" },
                })
            ).status,
        ).toBe(400);
        expect(
            (await call("PUT", `/organizations/lti/configurations/${id(c1p1)}`, { body: { name: "Renamed" } })).status,
        ).toBe(400);
        expect(
            (
                await call("PUT", "/organizations/lti/configurations/650000000000000000000fff", {
                    body: { clientId: "c" },
                })
            ).status,
        ).toBe(404);
        expect((await call("DELETE", `/organizations/lti/configurations/${id(dynamic)}`)).status).toBe(204);
        expect((await call("DELETE", `/organizations/lti/configurations/${id(c1p1)}`)).status).toBe(204);
        expect((await call("DELETE", "/organizations/lti/configurations/650000000000000000000fff")).status).toBe(404);

        // Removal
        expect((await call("DELETE", `/organizations/users/${ada}?convertToIndividual=true`)).status).toBe(204);
        expect((await call("DELETE", `/organizations/users/${ada}`)).status).toBe(404);
        const plain = em.flat.users().find((u) => u.username === "plain")!;
        expect((await call("DELETE", `/organizations/users/${plain.id}`)).status).toBe(204);

        // Rate limit and an injected server error
        em.flat.setRateLimit({ limit: 1 });
        em.flat.resetRateLimits();
        await call("GET", "/organizations/users/count");
        expect((await call("GET", "/organizations/users/count")).status).toBe(403);
        em.flat.setRateLimit({ limit: 7200 });
        em.faults.add({ kind: "status", status: 503, api: "flat", times: 1 });
        expect((await call("GET", "/organizations/lti/configurations")).status).toBe(503);
        em.faults.add({ kind: "dropAfter", api: "flat", times: 1 });
        await expect(call("GET", "/me")).rejects.toThrow();

        expect(validateExchanges(em.exchanges, { invalidRequestsRefused: true })).toEqual([]);
        // Every request the emulator accepted was valid without any tolerance.
        expect(validateExchanges(em.exchanges.filter((e) => e.status < 300))).toEqual([]);
    });

    it("fails when one of its real answers is corrupted", async () => {
        em.resetRecords();
        expect(
            (await call("POST", "/organizations/invitations", { body: { email: "corrupt@school.example" } })).status,
        ).toBe(200);
        const [exchange] = em.exchanges;
        expect(validateExchanges([exchange])).toEqual([]);
        const wrong = { ...exchange, responseBody: { ...(exchange.responseBody as object), allowMultipleUse: "no" } };
        expect(validateExchanges([wrong])).toEqual([expect.stringContaining("allowMultipleUse")]);
    });
});

describeWithFlatSpec("the spec validator", () => {
    const base: RecordedExchange = {
        api: "flat",
        method: "GET",
        path: "/organizations/users",
        query: {},
        requestHeaders: { authorization: "Bearer t" },
        requestBody: undefined,
        status: 200,
        responseHeaders: {},
        responseBody: [],
    };
    const user = { id: "650000000000000000000002", type: "user", product: "flatEdu", username: "ada", picture: null };

    it("accepts a conforming user list with a null picture", () => {
        expect(validateExchanges([{ ...base, responseBody: [user] }])).toEqual([]);
    });

    it("reports a user without username, a null username and an unknown role", () => {
        const { username: _omit, ...noName } = user;
        expect(validateExchanges([{ ...base, responseBody: [noName] }])).toEqual([expect.stringContaining("username")]);
        expect(validateExchanges([{ ...base, responseBody: [{ ...user, username: null }] }])).toEqual([
            expect.stringContaining("must be string"),
        ]);
        expect(validateExchanges([{ ...base, responseBody: [{ ...user, organizationRole: "owner" }] }])).toHaveLength(
            1,
        );
    });

    it("checks oneOf branches of LTI configurations by their one-value enums", () => {
        const lti: RecordedExchange = { ...base, path: "/organizations/lti/configurations" };
        const config = { id: "c", creationDate: "2026-01-01T00:00:00.000Z" };
        expect(
            validateExchanges([
                {
                    ...lti,
                    responseBody: [
                        { ...config, ltiVersion: "1p1" },
                        { ...config, ltiVersion: "1p3", mode: "1p3-manual" },
                    ],
                },
            ]),
        ).toEqual([]);
        expect(validateExchanges([{ ...lti, responseBody: [{ ...config, ltiVersion: "1p2" }] }])).toHaveLength(1);
        expect(
            validateExchanges([{ ...lti, responseBody: [{ ...config, ltiVersion: "1p3", mode: "1p3-other" }] }]),
        ).toHaveLength(1);
        expect(
            validateExchanges([{ ...lti, responseBody: [{ ...config, ltiVersion: "1p3", mode: "1p3-deployment" }] }]),
        ).toEqual([expect.stringContaining("deploymentId")]);
    });

    it("reports error bodies that are not FlatErrorResponse, undeclared statuses and bodies on 204", () => {
        expect(validateExchanges([{ ...base, status: 400, responseBody: { error: "bad" } }])).toEqual([
            expect.stringContaining("code"),
        ]);
        expect(validateExchanges([{ ...base, status: 201, responseBody: [] }])).toEqual([
            expect.stringContaining("201"),
        ]);
        expect(
            validateExchanges([
                { ...base, method: "DELETE", path: "/organizations/invitations/x", status: 204, responseBody: {} },
            ]),
        ).toEqual([expect.stringContaining("no body")]);
    });

    it("reports invalid requests, even when refused unless told to tolerate them", () => {
        const bad: RecordedExchange = { ...base, query: { limit: "5000" }, status: 200 };
        expect(validateExchanges([bad])).toEqual([expect.stringContaining("emulator accepted an invalid request")]);
        const refused: RecordedExchange = {
            ...bad,
            status: 400,
            responseBody: { code: "CLIENT_ERROR", message: "limit" },
        };
        expect(validateExchanges([refused])).toHaveLength(1);
        expect(validateExchanges([refused], { invalidRequestsRefused: true })).toEqual([]);
        expect(validateExchanges([{ ...base, requestHeaders: {} }])).toEqual([expect.stringContaining("bearer")]);
        expect(validateExchanges([{ ...base, query: { sort: "age" } }])).toEqual([expect.stringContaining("sort")]);
        expect(validateExchanges([{ ...base, path: "/organizations/everything" }])).toEqual([
            expect.stringContaining("no operation"),
        ]);
    });

    it("skips exchanges whose answer a fault cut", () => {
        expect(validateExchanges([{ ...base, status: 0, responseBody: undefined, fault: "dropBefore" }])).toEqual([]);
    });
});
