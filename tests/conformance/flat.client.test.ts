// Drives every FlatClient method against the emulator, successes and errors, and checks every
// request the client sent (and every answer) against Flat's official OpenAPI spec: the 13
// operations of `OrganizationApi`, the 4 LTI configuration operations and `GET /me`.
import { listCache } from "../../provider/core/listCache";
import { ApiError, setHttpOptions } from "../../provider/core/http";
import { FlatClient } from "../../provider/flat/client";
import { Emulator, startEmulator } from "../../emulator";
import { fastHttp } from "../support/emulator";
import { fakeClock } from "../support/fakeClock";
import { describeWithFlatSpec, loadFlatSpec, validateExchanges } from "../support/flatSpec";

let em: Emulator;
let client: FlatClient;
// Flat's rate-limit windows on a clock the client shares: a refusal's wait moves the clock instead of
// taking time, and requests sent together fall in one window however slow the machine is.
const clock = fakeClock();

beforeAll(async () => {
    await loadFlatSpec();
    em = await startEmulator({ edubase: false, flat: { now: clock.now } });
    setHttpOptions({ ...fastHttp, retries: 1, now: clock.now, sleep: clock.sleep });
});
beforeEach(() => {
    clock.reset();
    em.reset();
    listCache.drop();
    client = new FlatClient({ accessToken: em.flatToken, baseUrl: em.flatUrl });
});
afterAll(async () => {
    setHttpOptions({});
    await em?.close();
});

async function statusOf(p: Promise<unknown>): Promise<number> {
    return p.then(
        () => 200,
        (e) => (e instanceof ApiError ? e.status : -1),
    );
}

const operations = () =>
    new Set(em.exchanges.map((e) => `${e.method} ${e.path.replace(/\/[0-9a-f]{24}(?=\/|$)/g, "/{id}")}`));

describeWithFlatSpec("the Flat client against Flat's OpenAPI spec", () => {
    it("sends conforming requests for every operation, successes and errors", async () => {
        const missing = "000000000000000000000000";
        em.flat.seedUsers([
            { username: "teacher1", organizationRole: "teacher", groups: ["g1"] },
            { username: "tester", isEduTestingStudent: true },
        ]);

        // Account
        expect((await client.getAuthenticatedUser()).organizationRole).toBe("admin");

        // Users: list with every filter, count, create, update, remove (both ways), errors
        await client.listOrganizationUsers({
            role: ["teacher", "user"],
            q: "t",
            group: ["g1"],
            noActiveLicense: true,
            testAccounts: "exclude",
            licenseExpirationDate: ["active", "2026-09-01"],
            sort: "lastname",
            direction: "asc",
        });
        await client.listOrganizationUsers({ onlyIds: true });
        expect(
            await client.countOrganizationUsers({
                role: ["teacher"],
                testAccounts: "only",
                noActiveLicense: false,
                q: "x",
                group: ["g1"],
            }),
        ).toBe(0);
        const ada = await client.createOrganizationUser({
            username: "ada",
            password: "initial-pass",
            email: "ada@school.example",
            firstname: "Ada",
            lastname: "L",
            locale: "en",
            role: "admin",
        });
        const bob = await client.createOrganizationUser({ username: "bob", password: "initial-pass" });
        expect(await statusOf(client.createOrganizationUser({ username: "ada", password: "initial-pass" }))).toBe(400);
        expect(
            await client.updateOrganizationUser(ada.id, {
                organizationRole: "admin",
                firstname: "Augusta",
                password: "rotated-pass",
            }),
        ).toMatchObject({ firstname: "Augusta" });
        expect(await client.updateOrganizationUser(missing, { firstname: "x" })).toBeUndefined();
        expect(await statusOf(client.updateOrganizationUser(bob.id, { username: "ada" }))).toBe(400);

        // Sign-in links and delegated tokens
        expect((await client.createOrganizationUserSigninLink(ada.id, { destinationPath: "/class" }))?.url).toEqual(
            expect.any(String),
        );
        expect((await client.createOrganizationUserSigninLink(ada.id))?.url).toEqual(expect.any(String));
        expect(await client.createOrganizationUserSigninLink(missing)).toBeUndefined();
        const delegated = await client.createOrganizationUserAccessToken(ada.id, {
            scopes: ["edu.admin.users.readonly"],
        });
        expect(await client.createOrganizationUserAccessToken(missing, { scopes: ["edu.admin"] })).toBeUndefined();
        const readonly = new FlatClient({ accessToken: delegated!.token!, baseUrl: em.flatUrl });
        expect((await readonly.listOrganizationUsers()).length).toBeGreaterThan(0);
        expect(await statusOf(readonly.createOrganizationInvitation({ email: "nope@school.example" }))).toBe(403);
        expect(await statusOf(readonly.listLtiConfigurations())).toBe(403);

        // Invitations
        const invitation = await client.createOrganizationInvitation({
            email: "new.teacher@school.example",
            organizationRole: "teacher",
        });
        await client.createOrganizationInvitation({ email: "ada@school.example", organizationRole: "accountAdmin" });
        expect(await client.listOrganizationInvitations({ role: "teacher" })).toHaveLength(1);
        expect(await client.listOrganizationInvitations()).toHaveLength(2);
        expect(await client.removeOrganizationInvitation(invitation.id!)).toBe(true);
        expect(await client.removeOrganizationInvitation(invitation.id!)).toBe(false);

        // LTI 1.1 credentials (deprecated endpoints)
        const credentials = await client.createLtiCredentials({ name: "Moodle", lms: "moodle" });
        expect(await client.listLtiCredentials()).toHaveLength(1);
        expect(await client.revokeLtiCredentials(credentials.id!)).toBe(true);
        expect(await client.revokeLtiCredentials(credentials.id!)).toBe(false);

        // LTI configurations: every creation mode, the update of each 1.3 kind, errors
        const lti11 = await client.createLtiConfiguration({ mode: "1p1-manual", name: "Old Moodle", lms: "moodle" });
        const manual = await client.createLtiConfiguration({
            mode: "1p3-manual",
            platformIss: "https://canvas.instructure.com",
            platformName: "Canvas",
            clientId: "10000000000123",
            deploymentId: "42:abc",
            accessTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
            authorizationUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
            jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
            enableEmailMatching: true,
        });
        const dynamic = await client.createLtiConfiguration({
            mode: "1p3-dynamic",
            platformInfo: { name: "Moodle", url: "https://moodle.school.example" },
            locale: "fr",
        });
        const deployment = await client.createLtiConfiguration({
            mode: "1p3-deployment",
            deploymentType: "schoology",
            deploymentId: "d1",
            deploymentBreakdownId: "s1",
        });
        expect(dynamic.registrationUrl).toEqual(expect.any(String));
        expect(await client.listLtiConfigurations()).toHaveLength(4);
        expect(
            await client.updateLtiConfiguration(manual.id, {
                clientId: "2",
                jwksUrl: "https://canvas.school.example/jwks",
                enableEmailMatching: false,
            }),
        ).toMatchObject({ clientId: "2" });
        expect(await client.updateLtiConfiguration(dynamic.id, { enableEmailMatching: false })).toMatchObject({
            enableEmailMatching: false,
        });
        expect(
            await client.updateLtiConfiguration(deployment.id, { deploymentId: "d2", deploymentBreakdownId: "s2" }),
        ).toMatchObject({ deploymentId: "d2" });
        expect(await statusOf(client.updateLtiConfiguration(lti11.id, { enableEmailMatching: false }))).toBe(400);
        expect(
            await statusOf(client.updateLtiConfiguration(deployment.id, { jwksUrl: "https://x.example/jwks" })),
        ).toBe(400);
        expect(await client.updateLtiConfiguration(missing, { clientId: "x" })).toBeUndefined();
        for (const c of [lti11, manual, dynamic, deployment])
            expect(await client.deleteLtiConfiguration(c.id)).toBe(true);
        expect(await client.deleteLtiConfiguration(manual.id)).toBe(false);

        // Users, continued: removal (as an individual, then for good) and the errors of a gone user
        expect(await client.removeOrganizationUser(bob.id, { convertToIndividual: true })).toBe(true);
        expect(await client.removeOrganizationUser(ada.id)).toBe(true);
        expect(await client.removeOrganizationUser(ada.id)).toBe(false);

        // Authentication and rate limit
        const wrong = new FlatClient({ accessToken: "wrong-token", baseUrl: em.flatUrl });
        expect(await statusOf(wrong.getAuthenticatedUser())).toBe(401);
        expect(await statusOf(wrong.listOrganizationUsers())).toBe(401);

        expect(operations()).toEqual(
            new Set([
                "GET /me",
                "GET /organizations/users",
                "GET /organizations/users/count",
                "POST /organizations/users",
                "PUT /organizations/users/{id}",
                "DELETE /organizations/users/{id}",
                "POST /organizations/users/{id}/signinLink",
                "POST /organizations/users/{id}/accessToken",
                "GET /organizations/invitations",
                "POST /organizations/invitations",
                "DELETE /organizations/invitations/{id}",
                "GET /organizations/lti/credentials",
                "POST /organizations/lti/credentials",
                "DELETE /organizations/lti/credentials/{id}",
                "GET /organizations/lti/configurations",
                "POST /organizations/lti/configurations",
                "PUT /organizations/lti/configurations/{id}",
                "DELETE /organizations/lti/configurations/{id}",
            ]),
        );
        expect(validateExchanges(em.exchanges)).toEqual([]);
    });

    it("conforms across pages and through a rate-limit refusal", async () => {
        em.flat.seedUsers(1500);
        em.flat.setRateLimit({ limit: 2, windowMs: 200 });
        // Sent together, before any answer could make the client slow down: the third is refused.
        await Promise.all([
            client.countOrganizationUsers(),
            client.countOrganizationUsers(),
            client.countOrganizationUsers(),
        ]);
        expect(await client.listOrganizationUsers()).toHaveLength(1500);
        expect(em.exchanges.some((e) => e.status === 403)).toBe(true);
        expect(em.exchanges.filter((e) => e.path === "/organizations/users" && e.status === 200)).toHaveLength(2);
        expect(validateExchanges(em.exchanges)).toEqual([]);
    });
});
