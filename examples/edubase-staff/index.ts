// A school's EduBase staff as code: teacher memberships in two department organizations, the head of
// science through a department (which carries its own permission levels), grade 9 as one bulk set,
// and the IT admin in both organizations at once.
import * as pulumi from "@pulumi/pulumi";
import { edubase } from "pulumi-edu-org";
import { grade9, headOfScience, itAdmin, teachers } from "./roster";

export = async () => {
    const cfg = new pulumi.Config();
    const organizations = { math: cfg.require("mathOrganization"), physics: cfg.require("physicsOrganization") };

    // One resource per (organization, teacher): each is created, updated and removed on its own.
    const teacherMemberships = teachers.flatMap((t) =>
        t.subjects.map(
            (subject) =>
                new edubase.OrganizationMember(`${t.handle}-${subject}`, {
                    organization: organizations[subject],
                    user: t.user,
                    permissionOrganization: "teacher",
                    permissionContent: "modify",
                    notify: true,
                }),
        ),
    );

    // A department instead of explicit levels: its levels are read back, not declared.
    const heads = [organizations.math, organizations.physics].map(
        (organization, i) =>
            new edubase.OrganizationMember(`head-of-science-${i === 0 ? "math" : "physics"}`, {
                organization,
                user: headOfScience,
                department: "Heads",
            }),
    );

    // Grade 9 in both organizations: one request to create, the exact difference on every change.
    const grade9Set = new edubase.OrganizationMembers("grade9", {
        organizations: [organizations.math, organizations.physics],
        users: grade9,
        department: "Grade 9",
    });

    // One user in several organizations.
    const admin = new edubase.UserOrganizations("it-admin", {
        user: itAdmin,
        organizations: [organizations.math, organizations.physics],
        permissionOrganization: "admin",
        permissionContent: "admin",
    });

    return {
        teacherMemberships: teacherMemberships.map((m) => m.id),
        headLevels: heads.map((h) => pulumi.interpolate`${h.permissionOrganization}/${h.permissionContent}`),
        grade9Count: grade9Set.users.apply((u) => u.length),
        adminOrganizations: admin.organizations,
    };
};
