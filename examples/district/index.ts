// A school district's accounts from its student information system: the OneRoster export in
// sis-export/ (or the directory `sisExport` names) drives Flat accounts for every student, teacher and
// administrator, and the teachers' EduBase memberships. The yearly rollover is a new export in a
// pull request: graduates leave, a new grade 9 arrives, and the preview says exactly that.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { edubase, flat, roster } from "pulumi-edu-org";

export = async () => {
    const cfg = new pulumi.Config();
    const exportDir = path.resolve(__dirname, cfg.get("sisExport") ?? "sis-export");
    // Every bad row of the export is reported at once, before anything is sent.
    const students = roster.readOneRoster(exportDir, { roles: ["student"] });
    const staff = roster.readOneRoster(exportDir, { roles: ["teacher", "administrator"] });

    // One resource per roster, not per person: a district's 50,000 students stay one small state entry each.
    // Graduates become individual Flat accounts and keep their scores.
    const studentAccounts = new flat.OrganizationUsers("students", {
        users: students,
        initialPassword: cfg.requireSecret("studentInitialPassword"),
        onRemove: "convertToIndividual",
    });
    const staffAccounts = new flat.OrganizationUsers("staff", {
        users: staff,
        initialPassword: cfg.requireSecret("staffInitialPassword"),
        onRemove: "convertToIndividual",
    });

    // EduBase knows people by its own user codes: the SIS exports them in userIds ({EduBase:…}).
    const teacherCodes = staff
        .filter((e) => e.role === "teacher" && e.userIds?.EduBase)
        .map((e) => e.userIds!.EduBase)
        .sort();
    const edubaseStaff = new edubase.OrganizationMembers("teachers-edubase", {
        organizations: [cfg.require("edubaseOrganization")],
        users: teacherCodes,
        permissionOrganization: "teacher",
        permissionContent: "modify",
    });

    return {
        students: studentAccounts.users.apply((u) => Object.keys(u).length),
        staff: staffAccounts.users.apply((u) => Object.keys(u).length),
        edubaseTeachers: edubaseStaff.users.apply((u) => u.length),
    };
};
