// A school's Flat for Education organization as code: staff and a grade of students, an invitation
// for the IT admin, LTI for Canvas (1.1 credentials and a 1.3 configuration), a delegated token for
// a reporting job, and a read-only report of the organization.
import * as pulumi from "@pulumi/pulumi";
import { flat } from "pulumi-edu-org";
import { Person, students, teachers } from "./roster";

export = async () => {
    const cfg = new pulumi.Config();
    const initialPassword = cfg.requireSecret("initialPassword");

    const user = (p: Person, role: flat.OrganizationRole) =>
        new flat.OrganizationUser(p.username, {
            username: p.username,
            email: p.email,
            firstname: p.firstname,
            lastname: p.lastname,
            role,
            password: initialPassword,
            locale: "en",
            // Someone who leaves the roster keeps their scores and their own work: the account is
            // taken out of the organization as an individual account, never deleted with it.
            onDelete: "convertToIndividual",
        });

    const staff = teachers.map((t) => user(t, "teacher"));
    const grade9 = students.map((s) => user(s, s.role ?? "user"));

    const itAdmin = new flat.OrganizationInvitation("it-admin", { email: "it@school.example", role: "admin" });
    const canvas = new flat.LtiCredentials("canvas", { name: "Canvas production", lms: "canvas" });

    // LTI 1.3 for Canvas, in two steps: the first up gives Flat's tool URLs (outputs below) to enter
    // in a Canvas LTI developer key; then set canvasClientId (the key's id) and canvasDeploymentId
    // (from the app's placement) and up again: both are updated in place.
    const canvas13 = new flat.LtiConfiguration("canvas-lti13", {
        mode: "1p3-manual",
        platformName: "Canvas",
        platformIss: "https://canvas.instructure.com",
        authorizationUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
        accessTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
        jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
        clientId: cfg.get("canvasClientId"),
        deploymentId: cfg.get("canvasDeploymentId"),
    });

    // A service account for the nightly reporting job, and a read-only token acting for it. The token
    // is renewed (replaced) by the first up less than 6 h before it expires.
    const reportingBot = new flat.OrganizationUser("reporting-bot", {
        username: "reporting-bot",
        firstname: "Reporting",
        lastname: "Job",
        role: "admin",
        // An admin account gets its own password: never the one every student starts with.
        password: cfg.requireSecret("reportingPassword"),
        // It owns no one's work, and an admin login left behind would keep its access: delete it.
        onDelete: "delete",
    });
    const reportingToken = new flat.UserAccessToken("reporting-job", {
        user: reportingBot.id,
        scopes: ["edu.admin.users.readonly"],
        renewBefore: "6h",
    });

    // A read-only report, read once the roster above is applied (unknown in a preview that adds accounts).
    const rosterApplied = pulumi.all([...staff, ...grade9].map((u) => u.id));
    const report = {
        teachers: rosterApplied.apply(() => flat.countOrganizationUsers({ role: ["teacher"] })),
        studentsWithoutLicense: rosterApplied.apply(() =>
            flat.countOrganizationUsers({ role: ["user"], noActiveLicense: true, testAccounts: "exclude" }),
        ),
        adminIds: rosterApplied.apply(
            async () => (await flat.getOrganizationUsers({ role: ["admin", "accountAdmin"], onlyIds: true })).ids,
        ),
    };

    return {
        teacherIds: staff.map((u) => u.id),
        studentCount: grade9.length,
        adminInvitationUsed: itAdmin.appliedToExistingMember,
        consumerKey: canvas.consumerKey,
        consumerSecret: canvas.consumerSecret,
        canvasLti13: {
            status: canvas13.status,
            publicKeysetUrl: canvas13.publicKeysetUrl,
            initiateLoginUrl: canvas13.initiateLoginUrl,
            redirectUris: canvas13.redirectUris,
        },
        reportingToken: reportingToken.token,
        reportingTokenExpires: reportingToken.expirationDate,
        report,
    };
};
