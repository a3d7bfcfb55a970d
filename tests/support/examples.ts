// What the example programs expect to find, set up once for every test that runs them.
import type { Emulator } from "../../emulator";
import { exportRows } from "../../examples/district/sisExport";
import { grade9, headOfScience, itAdmin, teachers } from "../../examples/edubase-staff/roster";
import { secret } from "./secrets";

/** Stack config that points the Flat provider at the emulator's organization. */
export const flatStackConfig = (em: Emulator) => ({
    "flat:accessToken": secret(em.flatToken),
    "flat:baseUrl": em.flatUrl,
});

/** Stack config that points the EduBase provider at the emulator. */
export const edubaseStackConfig = (em: Emulator) => ({
    "edubase:app": em.edubase!.credentials.app,
    "edubase:secret": secret(em.edubase!.credentials.secret),
    "edubase:apiUrl": em.edubaseUrl,
});

export const SCHOOL = {
    initialPassword: "initial-pass-123",
    reportingPassword: "reporting-pass-456",
    /** A Canvas developer key's id: entering it is the second step of the LTI 1.3 setup. */
    canvasClientId: "10000000000123",
};

/**
 * examples/school's stack config against the emulator, before the Canvas key is known. Destroy
 * removes all 33 accounts: more than the default budget of 10, raised as a user would.
 */
export function schoolConfig(em: Emulator): Record<string, unknown> {
    return {
        ...flatStackConfig(em),
        initialPassword: secret(SCHOOL.initialPassword),
        reportingPassword: secret(SCHOOL.reportingPassword),
        "flat:maxUserRemovals": "40",
    };
}

/** The requests of examples/school's resources: all but its report's reads (counts, id lists), made on every run. */
export const schoolResourceRequests = (em: Emulator) =>
    em.exchanges.filter((e) => !(e.path === "/organizations/users/count" || e.query.onlyIds === "true"));

export const STAFF_ORGANIZATIONS = ["ORG_MATH", "ORG_PHYSICS"];

/**
 * Seeds examples/edubase-staff's world into the emulator: both organizations with their `Heads` and
 * `Grade 9` departments, and every user of the roster. Returns the stack config the program reads.
 */
export function seedEdubaseStaff(em: Emulator): Record<string, unknown> {
    const api = em.edubase!;
    for (const org of STAFF_ORGANIZATIONS) {
        api.seedOrganization({ organization: org, name: org });
        api.seedDepartment(org, "Heads", { permissionOrganization: "supervisor", permissionContent: "control" });
        api.seedDepartment(org, "Grade 9", { permissionOrganization: "member", permissionContent: "view" });
    }
    for (const user of [...teachers.map((t) => t.user), headOfScience, itAdmin, ...grade9])
        api.seedUser({ user, name: user });
    return {
        ...edubaseStackConfig(em),
        // Destroy removes all 56 memberships: more than the default budget of 25, raised as a user would.
        "edubase:maxMembershipRemovals": "60",
        mathOrganization: STAFF_ORGANIZATIONS[0],
        physicsOrganization: STAFF_ORGANIZATIONS[1],
    };
}

export const DISTRICT = {
    organization: "ORG_DISTRICT",
    studentPassword: "student-first-Pass",
    staffPassword: "staff-first-Pass",
};

/**
 * Seeds examples/district's world into the emulator: the district's EduBase organization and every
 * EduBase user code of its 2026 and 2027 exports (the rollover's new teacher too). Returns the stack
 * config the program reads, its export left at the program's default `sis-export`.
 */
export function seedDistrict(em: Emulator): Record<string, unknown> {
    const api = em.edubase!;
    api.seedOrganization({ organization: DISTRICT.organization, name: "Riverside Unified" });
    for (const year of [2026, 2027])
        for (const r of exportRows(year)) {
            const code = /\{EduBase:([^}]+)\}/.exec(r.userIds)?.[1];
            if (code && !api.user(code)) api.seedUser({ user: code, name: `${r.givenName} ${r.familyName}` });
        }
    return {
        ...flatStackConfig(em),
        ...edubaseStackConfig(em),
        studentInitialPassword: secret(DISTRICT.studentPassword),
        staffInitialPassword: secret(DISTRICT.staffPassword),
        edubaseOrganization: DISTRICT.organization,
    };
}

/** The writes (every method but GET) to `api` among `exchanges`, counted by method. */
export function writesByMethod(exchanges: readonly { api: string; method: string }[], api: string) {
    const counts: Record<string, number> = {};
    for (const e of exchanges) if (e.api === api && e.method !== "GET") counts[e.method] = (counts[e.method] ?? 0) + 1;
    return counts;
}
